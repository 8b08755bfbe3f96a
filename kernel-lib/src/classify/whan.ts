// WHAN classification, EW(Hα) against log([N II]/Hα) (Cid Fernandes et al. 2011, MNRAS 413, 1687, §6 and Fig. 6):
// star-forming, strong AGN, weak AGN, retired and passive galaxies (thresholds: METHODS-REFERENCE §3.4).

export type WhanClass = 'sf' | 'sagn' | 'wagn' | 'retired' | 'passive';

/** log([N II]/Hα) = −0.4 separates star-forming from AGN (Cid Fernandes et al. 2011, the transposed Stasińska 2006 line). */
export const WHAN_N2_SF_MAX = -0.4;
/** EW(Hα) ≥ 3 Å: ionised by young stars or an AGN; below, retired or passive (Cid Fernandes et al. 2011). */
export const WHAN_EW_ACTIVE_MIN_ANGSTROM = 3;
/** EW(Hα) ≥ 6 Å separates strong from weak AGN (Cid Fernandes et al. 2011). */
export const WHAN_EW_STRONG_AGN_MIN_ANGSTROM = 6;
/** EW(Hα) < 0.5 Å: passive, line-less (Cid Fernandes et al. 2011). */
export const WHAN_EW_PASSIVE_MAX_ANGSTROM = 0.5;

/**
 * The WHAN class of a point: N2 = log([N II]6584/Hα), EW(Hα) in rest-frame Å, positive for emission.
 * - passive: EW < 0.5;  retired: 0.5 ≤ EW < 3 (any N2, which may be NaN);
 * - EW ≥ 3: star-forming if N2 < −0.4, else strong AGN (EW ≥ 6) or weak AGN (3 ≤ EW < 6).
 * null when EW is not finite, or EW ≥ 3 and N2 is not finite. "Passive" uses EW(Hα) alone: the original also asks
 * EW([N II]) < 0.5 Å, which the fit does not provide.
 */
export function classifyWhan(n2: number, ewHaAngstrom: number): WhanClass | null {
  if (!Number.isFinite(ewHaAngstrom)) return null;
  if (ewHaAngstrom < WHAN_EW_PASSIVE_MAX_ANGSTROM) return 'passive';
  if (ewHaAngstrom < WHAN_EW_ACTIVE_MIN_ANGSTROM) return 'retired';
  if (!Number.isFinite(n2)) return null;
  if (n2 < WHAN_N2_SF_MAX) return 'sf';
  return ewHaAngstrom >= WHAN_EW_STRONG_AGN_MIN_ANGSTROM ? 'sagn' : 'wagn';
}

/** One straight boundary of the WHAN diagram for plotting, from (n2, EW) to (n2, EW). */
export interface WhanSegment {
  from: readonly [number, number];
  to: readonly [number, number];
  /** What it separates. */
  label: string;
}

/** The WHAN boundaries over n2Min…n2Max (default −2.5…0.5) and EW up to ewMaxAngstrom (default 1000 Å). */
export function whanDemarcationSegments(options: { n2Min?: number; n2Max?: number; ewMaxAngstrom?: number } = {}): WhanSegment[] {
  const n2Min = options.n2Min ?? -2.5;
  const n2Max = options.n2Max ?? 0.5;
  const ewMax = options.ewMaxAngstrom ?? 1000;
  return [
    { from: [WHAN_N2_SF_MAX, WHAN_EW_ACTIVE_MIN_ANGSTROM], to: [WHAN_N2_SF_MAX, ewMax], label: 'SF | AGN' },
    { from: [WHAN_N2_SF_MAX, WHAN_EW_STRONG_AGN_MIN_ANGSTROM], to: [n2Max, WHAN_EW_STRONG_AGN_MIN_ANGSTROM], label: 'sAGN | wAGN' },
    { from: [n2Min, WHAN_EW_ACTIVE_MIN_ANGSTROM], to: [n2Max, WHAN_EW_ACTIVE_MIN_ANGSTROM], label: 'active | retired' },
    { from: [n2Min, WHAN_EW_PASSIVE_MAX_ANGSTROM], to: [n2Max, WHAN_EW_PASSIVE_MAX_ANGSTROM], label: 'retired | passive' },
  ];
}
