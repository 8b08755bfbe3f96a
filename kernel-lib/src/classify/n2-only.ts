// Classification by log([N II]6584/Hα) alone, for spectra that have neither the BPT lines (Hβ, [O III]) nor EW(Hα)
// (e.g. a continuum-subtracted Hα + [N II] cube): N2 < −0.4 is star-forming (Stasińska et al. 2006, MNRAS 371, 972,
// abstract: a classification into star-forming and AGN hosts "using only [N II]/Hα is feasible"; the line WHAN uses, Cid
// Fernandes et al. 2011, METHODS-REFERENCE §3.4). It cannot see an AGN, shocks or diffuse gas with a low N2.
import { WHAN_N2_SF_MAX } from './whan';

/** 'sf' (N2 < −0.4) or 'not-sf' (N2 ≥ −0.4, measured: AGN hosts or a mix, Stasińska et al. 2006). */
export type N2OnlyClass = 'sf' | 'not-sf';

/** log([N II]/Hα) below which a spaxel is star-forming by N2 alone: −0.4 (Stasińska et al. 2006; WHAN_N2_SF_MAX). */
export const N2_ONLY_SF_MAX = WHAN_N2_SF_MAX;

/**
 * S/N above which [N II] counts as detected for the N2-only class (3, the detection convention of MaNGA/Marvin and
 * DESI, METHODS-REFERENCE §3.9.7); below it the ratio is replaced by its upper limit, never used as measured.
 */
export const N2_ONLY_NII_DETECTION_SNR = 3;

/**
 * The N2-only class of a spaxel whose Hα is detected (haFlux > 0, checked by the caller with its own S/N cut):
 * - [N II] detected (niiFlux/niiErr > 3, or niiErr = 0 with niiFlux > 0): N2 = log(niiFlux/haFlux); 'sf' if N2 < −0.4,
 *   else 'not-sf'.
 * - [N II] not detected: its 3σ upper limit, N2 < log(3·niiErr/haFlux); 'sf' if that limit is < −0.4, else null (the
 *   ratio could lie on either side). A noisy ratio of an undetected [N II] never decides the class.
 * null when haFlux is not positive and finite, or niiErr is not finite.
 */
export function classifyN2Only(niiFlux: number, niiErr: number, haFlux: number): N2OnlyClass | null {
  if (!(haFlux > 0) || !Number.isFinite(haFlux) || !(niiErr >= 0) || !Number.isFinite(niiErr)) return null;
  const detected = Number.isFinite(niiFlux) && niiFlux > 0 && (niiErr === 0 || niiFlux / niiErr > N2_ONLY_NII_DETECTION_SNR);
  if (detected) return Math.log10(niiFlux / haFlux) < N2_ONLY_SF_MAX ? 'sf' : 'not-sf';
  return Math.log10((N2_ONLY_NII_DETECTION_SNR * niiErr) / haFlux) < N2_ONLY_SF_MAX ? 'sf' : null;
}

/** The assumption the N2-only classification makes, as stated in the outputs (analysis JSON, CLI stderr). */
export const N2_ONLY_ASSUMPTION =
  `star-forming spaxels chosen by log([N II]/Hα) < ${N2_ONLY_SF_MAX} alone (Stasińska et al. 2006, MNRAS 371, 972), ` +
  `with an undetected [N II] (S/N ≤ ${N2_ONLY_NII_DETECTION_SNR}) judged by its ${N2_ONLY_NII_DETECTION_SNR}σ upper limit: ` +
  'assumes the Hα + [N II] emission is from H II regions, since an AGN, shocks or diffuse ionized gas with a low N2 cannot be told apart without Hβ/[O III] (BPT) or EW(Hα) (WHAN)';
