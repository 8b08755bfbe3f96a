// Weighted posterior samples: normalised weights, Kish's effective sample size, weighted quantiles, summaries, and
// seeded resampling to equal weights (Skilling 2006 §4; Kish 1965; Speagle 2020, MNRAS 493, 3132, dynesty utils).
import { checkInteger, checkSeed } from '../errors/check-options';
import { seededRandom } from '../stats/random';
import { posteriorSummary, type PosteriorSummary } from '../stats/sample-summary';

/** Normalised weights w_i = exp(ln w_i − ln Σ w) from log weights (log-sum-exp shift). */
export function normalizedWeights(logWeights: ArrayLike<number>): Float64Array {
  let top = -Infinity;
  for (let i = 0; i < logWeights.length; i++) if (logWeights[i] > top) top = logWeights[i];
  const w = new Float64Array(logWeights.length);
  if (top === -Infinity) throw new Error('normalizedWeights: every weight is zero');
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    w[i] = Math.exp(logWeights[i] - top);
    s += w[i];
  }
  for (let i = 0; i < w.length; i++) w[i] /= s;
  return w;
}

/** Kish's effective sample size (Σw)² / Σw² (Kish 1965, Survey Sampling, §11.7). */
export function kishEffectiveSampleSize(weights: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    s2 += weights[i] * weights[i];
  }
  if (!(s2 > 0)) throw new Error('kishEffectiveSampleSize: weights must not all be zero');
  return (s * s) / s2;
}

/**
 * The p-quantiles of weighted values: sort, put the k-th sorted value at the cumulative weight of the values before it
 * over the total without the last, S_k = Σ_{j<k} w_j / Σ_{j<n−1} w_j, and interpolate linearly (dynesty's
 * utils.quantile, Speagle 2020; with equal weights it is Hyndman & Fan 1996 definition 7, numpy's default).
 */
export function weightedQuantiles(values: ArrayLike<number>, weights: ArrayLike<number>, ps: readonly number[]): number[] {
  const where = 'weightedQuantiles';
  const n = values.length;
  if (n === 0) throw new Error(`${where}: no values`);
  if (weights.length !== n) throw new Error(`${where}: ${n} values but ${weights.length} weights`);
  for (const p of ps) if (!(p >= 0 && p <= 1)) throw new Error(`${where}: p must be in [0, 1] (got ${p})`);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  if (n === 1) return ps.map(() => values[0]);
  const cdf = new Float64Array(n);
  let s = 0;
  for (let k = 1; k < n; k++) {
    s += weights[order[k - 1]];
    cdf[k] = s;
  }
  if (!(s > 0)) return ps.map(() => values[order[n - 1]]);
  for (let k = 1; k < n; k++) cdf[k] /= s;
  return ps.map((p) => {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] <= p) lo = mid;
      else hi = mid;
    }
    const span = cdf[hi] - cdf[lo];
    const t = span > 0 ? Math.min(1, Math.max(0, (p - cdf[lo]) / span)) : 0;
    return values[order[lo]] + t * (values[order[hi]] - values[order[lo]]);
  });
}

/** Summary of column j of row-major n × d samples with normalised weights (weighted quantiles, mean and sd). */
export function summarizeParameter(samples: Float64Array, nDim: number, j: number, weights: ArrayLike<number>): PosteriorSummary {
  const n = weights.length;
  const column = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    column[i] = samples[i * nDim + j];
    mean += weights[i] * column[i];
  }
  let variance = 0;
  for (let i = 0; i < n; i++) variance += weights[i] * (column[i] - mean) ** 2;
  const [p16, median, p84] = weightedQuantiles(column, weights, [0.16, 0.5, 0.84]);
  return posteriorSummary(median, p16, p84, mean, Math.sqrt(variance));
}

/**
 * Equal-weight samples from weighted ones by systematic resampling (Kitagawa 1996, J. Comput. Graph. Stat. 5, 1, §2.2:
 * one uniform offset, M evenly spaced pointers through the cumulative weights), then a seeded Fisher–Yates shuffle
 * (Knuth 1997, TAOCP 2, Alg. 3.4.2P) so any prefix is a fair subsample. Returns M = options.count rows, row-major M × d.
 */
export function resampleEqualWeights(samples: Float64Array, nDim: number, weights: ArrayLike<number>, options: { count: number; seed: number }): Float64Array {
  const where = 'resampleEqualWeights';
  const seed = checkSeed(where, options);
  const count = checkInteger(where, 'count', options.count, { min: 1 });
  const n = weights.length;
  if (samples.length !== n * nDim) throw new Error(`${where}: ${samples.length} sample values for ${n} weights × ${nDim} dimensions`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(weights[i] >= 0)) throw new Error(`${where}: weights[${i}] must be ≥ 0 (got ${weights[i]})`);
    total += weights[i];
  }
  if (!(total > 0)) throw new Error(`${where}: weights must not all be zero`);
  const random = seededRandom(seed);
  const picks = new Uint32Array(count);
  const offset = random.uniform();
  let cumulative = weights[0] / total;
  let i = 0;
  for (let m = 0; m < count; m++) {
    const pointer = (m + offset) / count;
    while (pointer >= cumulative && i < n - 1) cumulative += weights[++i] / total;
    picks[m] = i;
  }
  for (let m = count - 1; m > 0; m--) {
    const k = random.integer(m + 1);
    const t = picks[m];
    picks[m] = picks[k];
    picks[k] = t;
  }
  const out = new Float64Array(count * nDim);
  for (let m = 0; m < count; m++) out.set(samples.subarray(picks[m] * nDim, picks[m] * nDim + nDim), m * nDim);
  return out;
}
