// The one posterior/interval summary of the library — nested sampling, kinematics, MCMC, LINMIX and the bootstrap all
// return it: the median and the 16th/84th percentiles, the central 68 % interval quoted as value^{+errPlus}_{−errMinus}
// (Foreman-Mackey et al. 2013, PASP 125, 306, §5; Wang et al. 2020, Table 2), with the mean and standard deviation.
//
// Conventions: percentiles are Hyndman & Fan (1996) Q₇ (numpy.percentile) for equal-weight draws and dynesty's
// weighted quantile for nested-sampling weights (nested/posterior.ts); errMinus = median − p16 and errPlus = p84 −
// median (both ≥ 0); `sd` is the standard deviation the producer states (ddof 1 here, weighted for nested sampling,
// `ddof` of the bootstrap). A fixed (not fitted) parameter has median = p16 = p84 and zero errors and sd.
import { InputError } from '../errors/input-error';
import { quantileSorted } from './quantile';

export interface PosteriorSummary {
  readonly median: number;
  /** 16th and 84th percentiles: the central 68 % interval. */
  readonly p16: number;
  readonly p84: number;
  /** median − p16 and p84 − median: the published "−errMinus / +errPlus". */
  readonly errMinus: number;
  readonly errPlus: number;
  readonly mean: number;
  /** Standard deviation of the draws. */
  readonly sd: number;
}

/** The summary from its median, percentiles, mean and standard deviation (errMinus and errPlus derived). */
export function posteriorSummary(median: number, p16: number, p84: number, mean: number, sd: number): PosteriorSummary {
  return { median, p16, p84, errMinus: median - p16, errPlus: p84 - median, mean, sd };
}

/** A fixed value: median = p16 = p84 = mean = value, zero errors and sd. */
export function fixedSummary(value: number): PosteriorSummary {
  return posteriorSummary(value, value, value, value, 0);
}

/** Median, 16/84 percentiles, mean and standard deviation (ddof 1) of ≥ 2 finite draws (the input is not modified). */
export function summarizeSamples(draws: ArrayLike<number>): PosteriorSummary {
  const n = draws.length;
  if (n < 2) throw new InputError('too-few', 'summarizeSamples', `needs at least 2 draws (got ${n})`);
  const sorted = Float64Array.from(draws).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sorted[i])) throw new InputError('not-finite', 'summarizeSamples', 'the draws contain non-finite values');
    mean += sorted[i];
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const median = quantileSorted(sorted, 0.5);
  const p16 = quantileSorted(sorted, 0.16);
  const p84 = quantileSorted(sorted, 0.84);
  return posteriorSummary(median, p16, p84, mean, Math.sqrt(ss / (n - 1)));
}
