// Summaries of posterior draws: median, the 16th and 84th percentiles (the central 68 % interval), mean and standard
// deviation — what Wang et al. 2020 (Table 2) quote as value^{+upper}_{−lower}.
import { quantileSorted } from '../stats/quantile';

export interface PosteriorSummary {
  readonly median: number;
  /** 16th and 84th percentiles (Hyndman & Fan 1996, Q₇, as numpy.percentile). */
  readonly p16: number;
  readonly p84: number;
  readonly mean: number;
  /** Standard deviation of the draws (ddof 1). */
  readonly sd: number;
  /** p84 − median and median − p16: the published "+upper / −lower". */
  readonly plus: number;
  readonly minus: number;
}

/** Median, 16/84 percentiles, mean and standard deviation (ddof 1) of finite draws. */
export function posteriorSummary(draws: ArrayLike<number>): PosteriorSummary {
  const n = draws.length;
  if (n < 2) throw new Error(`posteriorSummary: needs at least 2 draws (got ${n})`);
  const sorted = Float64Array.from(draws).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sorted[i])) throw new Error(`posteriorSummary: draw ${i} is not finite`);
    mean += sorted[i];
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const median = quantileSorted(sorted, 0.5);
  const p16 = quantileSorted(sorted, 0.16);
  const p84 = quantileSorted(sorted, 0.84);
  return { median, p16, p84, mean, sd: Math.sqrt(ss / (n - 1)), plus: p84 - median, minus: median - p16 };
}
