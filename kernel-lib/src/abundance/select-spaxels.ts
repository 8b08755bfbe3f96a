// The paper's choice of spaxels for a gradient (Ju et al. §3.1 and Fig. A1): star-forming in the BPT or WHAN
// diagram, metallicity statistical uncertainty ≤ 0.25 dex, and at least 20 such spaxels per galaxy.
import { SPAXEL_CLASS_CODES } from '../classify/class-codes';
import type { MetallicityMaps } from './metallicity';

/** Spaxels with a metallicity uncertainty above 0.25 dex are discarded (Ju et al. §3.1). */
export const MAX_METALLICITY_ERROR_DEX = 0.25;
/** A galaxy needs at least 20 star-forming spaxels for a gradient (Ju et al. §3.1). */
export const MIN_STAR_FORMING_SPAXELS = 20;

export interface SelectMetallicitySpaxelsOptions {
  /** Largest accepted uncertainty, dex (default 0.25; kept when error ≤ it). */
  maxErrDex?: number;
  /**
   * Which uncertainty the cut reads (default 'statistical': Fig. A1's caption, "statistical uncertainty of < 0.25 dex";
   * with 'total' the 0.18 dex PP04 scatter alone would leave only 0.17 dex for the measurement).
   */
  errorKind?: 'statistical' | 'total';
  /** Drop spaxels whose index is outside the calibration's validity range (default true). */
  requireInRange?: boolean;
  /** Only spaxels with mask ≠ 0 are eligible (e.g. the cube fit's `selected`). */
  mask?: Uint8Array;
}

/** Which spaxels enter the gradient, and why the others do not (each counted under its first failed rule, in this order). */
export interface MetallicitySpaxelSelection {
  /** 1 where the spaxel is used. */
  selected: Uint8Array;
  count: number;
  rejected: { masked: number; notStarForming: number; noMetallicity: number; outOfRange: number; errorTooLarge: number };
}

/**
 * Selects the spaxels a gradient uses: inside the mask, class 'sf' (from the BPT or the WHAN diagram), a finite
 * 12+log(O/H) with a finite error, index inside the validity range (unless requireInRange is false), and
 * uncertainty ≤ maxErrDex.
 */
export function selectMetallicitySpaxels(
  classCode: Uint8Array,
  metallicity: Pick<MetallicityMaps, 'oh' | 'ohErrStat' | 'ohErrTotal' | 'inRange'>,
  options: SelectMetallicitySpaxelsOptions = {},
): MetallicitySpaxelSelection {
  const n = classCode.length;
  const maxErr = options.maxErrDex ?? MAX_METALLICITY_ERROR_DEX;
  const kind = options.errorKind ?? 'statistical';
  if (kind !== 'statistical' && kind !== 'total') throw new Error(`selectMetallicitySpaxels: errorKind must be 'statistical' or 'total' (got ${kind})`);
  const requireInRange = options.requireInRange ?? true;
  const mask = options.mask;
  for (const [name, a] of [['oh', metallicity.oh], ['ohErrStat', metallicity.ohErrStat], ['ohErrTotal', metallicity.ohErrTotal], ['inRange', metallicity.inRange], ['mask', mask]] as const) {
    if (a && a.length !== n) throw new Error(`selectMetallicitySpaxels: ${name} has ${a.length} spaxels, classCode ${n}`);
  }
  const err = kind === 'statistical' ? metallicity.ohErrStat : metallicity.ohErrTotal;
  const selected = new Uint8Array(n);
  const rejected = { masked: 0, notStarForming: 0, noMetallicity: 0, outOfRange: 0, errorTooLarge: 0 };
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (mask && mask[i] === 0) rejected.masked++;
    else if (classCode[i] !== SPAXEL_CLASS_CODES.sf) rejected.notStarForming++;
    else if (!Number.isFinite(metallicity.oh[i]) || !Number.isFinite(err[i])) rejected.noMetallicity++;
    else if (requireInRange && metallicity.inRange[i] === 0) rejected.outOfRange++;
    else if (!(err[i] <= maxErr)) rejected.errorTooLarge++;
    else {
      selected[i] = 1;
      count++;
    }
  }
  return { selected, count, rejected };
}

/** True when a galaxy has enough selected star-forming spaxels for a gradient (default ≥ 20, Ju et al. §3.1). */
export function enoughSpaxels(n: number, min = MIN_STAR_FORMING_SPAXELS): boolean {
  return n >= min;
}
