// Samples of one parameter from an ensemble chain, and their summaries (stats/sample-summary.ts) per parameter.
import { summarizeSamples, type PosteriorSummary } from '../stats/sample-summary';

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

/** Summary of every parameter after `discard` steps (default: the run's burnIn, else 0), thinned by `thin`. */
export function summarizeChain(run: ChainShape & { burnIn?: number }, options: { discard?: number; thin?: number } = {}): PosteriorSummary[] {
  const discard = options.discard ?? run.burnIn ?? 0;
  const out: PosteriorSummary[] = [];
  for (let d = 0; d < run.nDim; d++) out.push(summarizeSamples(parameterSamples(run, d, { discard, thin: options.thin })));
  return out;
}
