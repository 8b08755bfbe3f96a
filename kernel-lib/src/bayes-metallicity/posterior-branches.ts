// Upper and lower branches of a 12+log(O/H) posterior: the [O III]/Hβ calibration of Maiolino et al. 2008 is
// double-valued, so one set of fluxes can be matched at a low and at a high metallicity; this says whether a sampled
// posterior has both, how much of it lies on each, and which one its median (the value we report) falls on.
import { InputError } from '../errors/input-error';
import { MAIOLINO2008_O3HB, SOLAR_OH } from './calibrations';

/** How a 12+log(O/H) posterior splits between the two branches of the calibration. */
export interface PosteriorBranches {
  /** 12+log(O/H) separating the branches: the turnover of the Maiolino 2008 [O III]/Hβ curve unless given. */
  splitOh: number;
  /** Fraction of samples above / below the split. */
  upperFraction: number;
  lowerFraction: number;
  /** Median of the samples on each branch (NaN for an empty branch). */
  upperMedian: number;
  lowerMedian: number;
  /**
   * True when the histogram of the samples has a peak on each side of the split, each branch holds at least
   * `minBranchFraction` of the samples, and the lowest bin between the peaks is below `maxValleyRatio` × the lower peak.
   */
  bimodal: boolean;
  /** The branch the posterior median lies on: the one the reported 12+log(O/H) belongs to. */
  reportedBranch: 'upper' | 'lower';
}

export interface PosteriorBranchOptions {
  /** Branch boundary in 12+log(O/H) (default `maiolino2008O3HbTurnoverOh()`). */
  splitOh?: number;
  /** Histogram bin width in dex (default 0.05). */
  binWidthDex?: number;
  /** Least fraction of samples a branch must hold to count as a mode (default 0.05). */
  minBranchFraction?: number;
  /** Largest valley-to-lower-peak height ratio that still counts as two modes (default 0.5). */
  maxValleyRatio?: number;
}

/**
 * 12+log(O/H) at the maximum of the Maiolino et al. 2008 [O III]/Hβ polynomial (their Table 4): the root of
 * d(log R)/dx = c1 + 2 c2 x + 3 c3 x² = 0 in −2 < x < 1, x = 12+log(O/H) − 8.69 (≈ 7.89).
 */
export function maiolino2008O3HbTurnoverOh(): number {
  const [, c1, c2, c3] = MAIOLINO2008_O3HB;
  const a = 3 * c3;
  const b = 2 * c2;
  const disc = Math.sqrt(b * b - 4 * a * c1);
  const roots = [(-b + disc) / (2 * a), (-b - disc) / (2 * a)].filter((x) => x > -2 && x < 1);
  return SOLAR_OH + roots[0];
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/** Splits sampled 12+log(O/H) values into the calibration's two branches and tests for two modes (rule above). */
export function posteriorBranches(ohSamples: ArrayLike<number>, options: PosteriorBranchOptions = {}): PosteriorBranches {
  const where = 'posteriorBranches';
  const splitOh = options.splitOh ?? maiolino2008O3HbTurnoverOh();
  const binWidth = options.binWidthDex ?? 0.05;
  const minFraction = options.minBranchFraction ?? 0.05;
  const maxValley = options.maxValleyRatio ?? 0.5;
  if (!(binWidth > 0)) throw new InputError('out-of-range', where, `binWidthDex must be > 0 (got ${binWidth})`);
  const finite = Float64Array.from(Array.from(ohSamples).filter(Number.isFinite)).sort();
  if (finite.length === 0) throw new InputError('too-few', where, 'no finite samples');
  const upper = finite.filter((v) => v >= splitOh);
  const lower = finite.filter((v) => v < splitOh);
  const n = finite.length;
  const overallMedian = median(finite);
  // Histogram with one bin edge on the split, so no bin straddles the boundary.
  const first = splitOh - Math.ceil((splitOh - finite[0]) / binWidth + 1e-9) * binWidth;
  const nBins = Math.max(1, Math.ceil((finite[n - 1] - first) / binWidth + 1e-9));
  const counts = new Float64Array(nBins);
  for (const v of finite) counts[Math.min(nBins - 1, Math.floor((v - first) / binWidth))]++;
  const splitBin = Math.round((splitOh - first) / binWidth);
  let lowerPeak = -1;
  let upperPeak = -1;
  for (let i = 0; i < nBins; i++) {
    if (i < splitBin && (lowerPeak < 0 || counts[i] > counts[lowerPeak])) lowerPeak = i;
    if (i >= splitBin && (upperPeak < 0 || counts[i] > counts[upperPeak])) upperPeak = i;
  }
  let bimodal = false;
  if (lowerPeak >= 0 && upperPeak >= 0 && lower.length / n >= minFraction && upper.length / n >= minFraction) {
    let valley = Infinity;
    for (let i = lowerPeak; i <= upperPeak; i++) valley = Math.min(valley, counts[i]);
    bimodal = valley < maxValley * Math.min(counts[lowerPeak], counts[upperPeak]);
  }
  return {
    splitOh,
    upperFraction: upper.length / n,
    lowerFraction: lower.length / n,
    upperMedian: median(upper),
    lowerMedian: median(lower),
    bimodal,
    reportedBranch: overallMedian >= splitOh ? 'upper' : 'lower',
  };
}
