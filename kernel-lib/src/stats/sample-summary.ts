// Summary of posterior draws (an ensemble MCMC chain, LINMIX's Gibbs draws): the median and the 16th/84th percentiles
// — the central 68 % interval quoted as value^{+plus}_{−minus} (Foreman-Mackey et al. 2013, PASP 125, 306, §5; Wang et
// al. 2020, Table 2) — with the mean and standard deviation.
import { quantileSorted } from './quantile';

export interface SampleSummary {
  readonly median: number;
  /** 16th and 84th percentiles (Hyndman & Fan 1996, Q₇, as numpy.percentile). */
  readonly p16: number;
  readonly p84: number;
  readonly mean: number;
  /** Standard deviation of the draws (ddof 1). */
  readonly sd: number;
  /** p84 − median and median − p16: the published "+plus / −minus". */
  readonly plus: number;
  readonly minus: number;
  /** Number of draws. */
  readonly n: number;
}

/** Median, 16/84 percentiles, mean and standard deviation of ≥ 2 finite draws (the input is not modified). */
export function summarizeSamples(draws: ArrayLike<number>): SampleSummary {
  const n = draws.length;
  if (n < 2) throw new Error(`summarizeSamples: needs at least 2 draws (got ${n})`);
  const sorted = Float64Array.from(draws).sort();
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(sorted[i])) throw new Error('summarizeSamples: the draws contain non-finite values');
    mean += sorted[i];
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const median = quantileSorted(sorted, 0.5);
  const p16 = quantileSorted(sorted, 0.16);
  const p84 = quantileSorted(sorted, 0.84);
  return { median, p16, p84, mean, sd: Math.sqrt(ss / (n - 1)), plus: p84 - median, minus: median - p16, n };
}
