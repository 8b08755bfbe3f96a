// Star-formation rate from the Hα luminosity: Kennicutt 1998 (ARA&A 36, 189, eq. 2) scaled to a Chabrier (2003) IMF,
// SFR = 4.6 × 10⁻⁴² L(Hα)/(erg s⁻¹) M☉/yr (Wang et al. 2020, ApJ 900, 183, Eq. 1), after a CCM89 dust correction.
import { WANG2020_COSMOLOGY, luminosityDistanceMpc } from '../cosmology/flat-lcdm';
import type { FlatLambdaCdm } from '../cosmology/flat-lcdm';
import { CM_PER_MPC } from '../constants/astronomical-units';
import { CCM89_RV } from '../dust/ccm89';
import { dereddeningFactor } from './nebular-lines';

/** Kennicutt 1998 coefficient for a Chabrier IMF, M☉ yr⁻¹ per erg s⁻¹ (Wang et al. 2020 Eq. 1). */
export const KENNICUTT_CHABRIER_SFR_PER_LHA = 4.6e-42;

/** Inputs of `sfrFromHalpha`. */
export interface HalphaSfrInput {
  /** Observed Hα flux in erg s⁻¹ cm⁻² (already free of [N II]). */
  haFluxCgs: number;
  redshift: number;
  /** Nebular A_V in mag for the CCM89 correction at Hα (k = 2.535); default 0 (flux already de-reddened). */
  avMag?: number;
  /** Lensing magnification μ: intrinsic flux = observed / μ (default 1). */
  magnification?: number;
  /** Default Wang et al. 2020: flat ΛCDM, H0 = 70, Ω_m = 0.3. */
  cosmology?: FlatLambdaCdm;
  rv?: number;
}

/**
 * SFR in M☉/yr = 4.6 × 10⁻⁴² × 4π d_L² F(Hα) 10^(0.4 A_V k(Hα)/R_V) / μ (Kennicutt 1998 eq. 2, Chabrier scaling as
 * Wang et al. 2020 Eq. 1; CCM89 R_V = 3.1). d_L from the flat-ΛCDM luminosity distance.
 */
export function sfrFromHalpha(input: HalphaSfrInput): number {
  const where = 'sfrFromHalpha';
  if (input == null || typeof input !== 'object') throw new Error(`${where}: an input object is required`);
  const { haFluxCgs, redshift } = input;
  const avMag = input.avMag ?? 0;
  const mu = input.magnification ?? 1;
  if (!Number.isFinite(haFluxCgs)) throw new Error(`${where}: haFluxCgs is not a finite number (got ${haFluxCgs})`);
  if (!(Number.isFinite(redshift) && redshift > 0)) throw new Error(`${where}: redshift must be a finite number > 0 (got ${redshift})`);
  if (!(Number.isFinite(avMag) && avMag >= 0)) throw new Error(`${where}: avMag must be a finite number ≥ 0 (got ${avMag})`);
  if (!(Number.isFinite(mu) && mu > 0)) throw new Error(`${where}: magnification must be a finite number > 0 (got ${mu})`);
  const dlCm = luminosityDistanceMpc(redshift, input.cosmology ?? WANG2020_COSMOLOGY) * CM_PER_MPC;
  const luminosity = 4 * Math.PI * dlCm * dlCm * haFluxCgs * dereddeningFactor('Halpha', avMag, input.rv ?? CCM89_RV) / mu;
  return KENNICUTT_CHABRIER_SFR_PER_LHA * luminosity;
}
