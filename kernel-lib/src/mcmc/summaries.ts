// Posterior summaries of an ensemble chain: median and 16th/84th percentiles (the ±1σ-equivalent interval
// conventionally quoted from MCMC, e.g. Foreman-Mackey et al. 2013 §5), mean and standard deviation per parameter.
import { quantileSorted } from '../stats/quantile';

/** Summary of one parameter's marginal posterior. */
export interface ParameterSummary {
  readonly median: number;
  /** 16th percentile. */
  readonly lower: number;
  /** 84th percentile. */
  readonly upper: number;
  readonly mean: number;
  readonly sd: number;
  readonly samples: number;
}

/** Chain shape as returned by `sampleEnsemble`. */
export interface ChainShape {
  readonly nSteps: number;
  readonly nWalkers: number;
  readonly nDim: number;
  readonly chain: Float64Array;
}

/**
 * Samples of parameter d, pooled over walkers, from steps discard, discard + thin, …  (as emcee
 * `get_chain(discard, thin, flat=True)[:, d]`). Returns a new array.
 */
export function parameterSamples(run: ChainShape, d: number, options: { discard?: number; thin?: number } = {}): Float64Array {
  const where = 'parameterSamples';
  const { nSteps, nWalkers, nDim, chain } = run;
  const discard = options.discard ?? 0;
  const thin = options.thin ?? 1;
  if (!Number.isInteger(d) || d < 0 || d >= nDim) throw new Error(`${where}: parameter index must be in [0, ${nDim - 1}] (got ${d})`);
  if (!Number.isInteger(discard) || discard < 0 || discard >= nSteps) throw new Error(`${where}: discard must be in [0, ${nSteps - 1}] (got ${discard})`);
  if (!Number.isInteger(thin) || thin < 1) throw new Error(`${where}: thin must be a positive integer (got ${thin})`);
  const kept = Math.ceil((nSteps - discard) / thin);
  const out = new Float64Array(kept * nWalkers);
  let i = 0;
  for (let s = discard; s < nSteps; s += thin) {
    const base = s * nWalkers * nDim + d;
    for (let w = 0; w < nWalkers; w++) out[i++] = chain[base + w * nDim];
  }
  return out;
}

/** Median, 16/84 percentiles (numpy.percentile, linear interpolation), mean and sd of a set of samples. */
export function summarizeSamples(samples: Float64Array): ParameterSummary {
  const n = samples.length;
  if (n === 0) throw new Error('summarizeSamples: no samples');
  const sorted = Float64Array.from(samples).sort();
  if (!Number.isFinite(sorted[0]) || !Number.isFinite(sorted[n - 1])) throw new Error('summarizeSamples: samples contain non-finite values');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  return {
    median: quantileSorted(sorted, 0.5),
    lower: quantileSorted(sorted, 0.16),
    upper: quantileSorted(sorted, 0.84),
    mean,
    sd: Math.sqrt(ss / n),
    samples: n,
  };
}

/** Summary of every parameter after `discard` steps (default: the run's burnIn, else 0), thinned by `thin`. */
export function summarizeChain(run: ChainShape & { burnIn?: number }, options: { discard?: number; thin?: number } = {}): ParameterSummary[] {
  const discard = options.discard ?? run.burnIn ?? 0;
  const out: ParameterSummary[] = [];
  for (let d = 0; d < run.nDim; d++) out.push(summarizeSamples(parameterSamples(run, d, { discard, thin: options.thin })));
  return out;
}
