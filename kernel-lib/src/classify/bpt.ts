// BPT classification of a point in the [N II]/Hα–[O III]/Hβ plane: star-forming below Kauffmann et al. 2003, AGN above
// Kewley et al. 2001, composite between (Kewley et al. 2006, MNRAS 372, 961, §4), with explicit asymptote limits
// (METHODS-REFERENCE §3.9.6).
import { KAUFFMANN2003_N2_ASYMPTOTE, KEWLEY2001_N2_ASYMPTOTE, kauffmann2003BptO3, kewley2001BptO3 } from './bpt-demarcation';

export type BptClass = 'sf' | 'composite' | 'agn';

/**
 * The BPT class of (N2, O3) = (log [N II]6584/Hα, log [O III]5007/Hβ); null when either is not finite.
 * - AGN: N2 ≥ 0.47 (beyond Kewley 2001's pole), or O3 ≥ Kewley 2001 (on the line counts as AGN).
 * - star-forming: N2 < 0.05 (left of Kauffmann 2003's pole) and O3 < Kauffmann 2003 (strictly below).
 * - composite: everything else, i.e. between the curves, and any N2 in [0.05, 0.47) below Kewley 2001.
 * Kewley 2001 is tested first: the curves cross at N2 ≈ −1.28, and left of that a point above Kewley 2001 but below
 * Kauffmann 2003 is AGN (above the theoretical maximum starburst), never star-forming.
 */
export function classifyBpt(n2: number, o3: number): BptClass | null {
  if (!Number.isFinite(n2) || !Number.isFinite(o3)) return null;
  if (n2 >= KEWLEY2001_N2_ASYMPTOTE || o3 >= kewley2001BptO3(n2)) return 'agn';
  if (n2 < KAUFFMANN2003_N2_ASYMPTOTE && o3 < kauffmann2003BptO3(n2)) return 'sf';
  return 'composite';
}
