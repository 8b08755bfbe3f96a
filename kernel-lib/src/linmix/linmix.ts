// LINMIX: Bayesian linear regression with measurement errors in x and y (and their covariance), intrinsic scatter and a
// K-Gaussian mixture for the distribution of the true x — the Gibbs sampler of Kelly 2007 (ApJ 665, 1489, §6), run as
// linmix_err.pro and the Python linmix (jmeyers314) run it: several chains until Gelman–Rubin R̂ < 1.1.
import { seededRandom } from '../stats/random';
import { gelmanRubinRHat } from './gelman-rubin';
import { gibbsSweep } from './gibbs-sweep';
import { prepareLinmixData } from './linmix-data';
import { initialLinmixState, type LinmixState } from './linmix-state';
import { summarizeSamples, type PosteriorSummary } from '../stats/sample-summary';
import { checkInteger, checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';

export interface LinmixOptions {
  /** Seed of the run (required: same data + seed → identical draws). Each chain gets its own stream from it. */
  seed: number;
  /** 1σ measurement errors of x and y (≥ 0; 0 or absent = known exactly). */
  xSigma?: ArrayLike<number>;
  ySigma?: ArrayLike<number>;
  /** Covariance of the x and y measurement errors of each point (default 0). */
  xyCovariance?: ArrayLike<number>;
  /** Gaussians K in the mixture for the true x (default 3, linmix's; 2 or 3 is usual). */
  components?: number;
  /** Markov chains (default 4, as linmix). */
  chains?: number;
  /** Iterations per chain: at least minIterations (default 5000), at most maxIterations (default 100000). */
  minIterations?: number;
  maxIterations?: number;
  /** R̂ is checked every `checkEvery` iterations (default 100) and must fall below rHatThreshold (default 1.1). */
  checkEvery?: number;
  rHatThreshold?: number;
}

/** R̂ of the six quantities linmix monitors. */
export interface LinmixRHat {
  readonly alpha: number;
  readonly beta: number;
  readonly logSigmaSquared: number;
  readonly xiMean: number;
  readonly logXiVariance: number;
  readonly atanhCorrelation: number;
}

/** Posterior draws (the second half of every chain, chain after chain) and their summaries. */
export interface LinmixResult {
  /** Intercept, slope and intrinsic scatter (standard deviation σ, not σ²) of η = α + β ξ + N(0, σ²). */
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  readonly sigma: Float64Array;
  readonly sigmaSquared: Float64Array;
  /** Correlation of ξ and η, mean and standard deviation of the true x (ξ). */
  readonly correlation: Float64Array;
  readonly xiMean: Float64Array;
  readonly xiSigma: Float64Array;
  readonly summary: { readonly alpha: PosteriorSummary; readonly beta: PosteriorSummary; readonly sigma: PosteriorSummary; readonly correlation: PosteriorSummary };
  /** R̂ at the end (on the second halves of the chains), and whether all six were below the threshold. */
  readonly rHat: LinmixRHat;
  readonly converged: boolean;
  /** Iterations per chain, chains, draws kept (chains × iterations/2), K, seed. */
  readonly iterations: number;
  readonly chains: number;
  readonly draws: number;
  readonly components: number;
  readonly seed: number;
}

/** Per-chain trace of the monitored quantities, grown as needed. */
class Trace {
  length = 0;
  capacity: number;
  readonly columns: Float64Array[];
  constructor(capacity: number) {
    this.capacity = capacity;
    this.columns = Array.from({ length: 6 }, () => new Float64Array(capacity));
  }
  push(s: LinmixState): void {
    if (this.length === this.capacity) {
      this.capacity *= 2;
      for (let c = 0; c < 6; c++) {
        const grown = new Float64Array(this.capacity);
        grown.set(this.columns[c]);
        this.columns[c] = grown;
      }
    }
    let ximean = 0;
    let second = 0;
    for (let k = 0; k < s.pi.length; k++) {
      ximean += s.pi[k] * s.mu[k];
      second += s.pi[k] * (s.tausqr[k] + s.mu[k] * s.mu[k]);
    }
    const xivar = second - ximean * ximean;
    const corr = (s.beta * Math.sqrt(xivar)) / Math.sqrt(s.beta * s.beta * xivar + s.sigsqr);
    const t = this.length++;
    // ψ = (α, β, ln σ², E ξ, ln var ξ, atanh ρ): the normalised quantities linmix_err.pro monitors
    this.columns[0][t] = s.alpha;
    this.columns[1][t] = s.beta;
    this.columns[2][t] = Math.log(s.sigsqr);
    this.columns[3][t] = ximean;
    this.columns[4][t] = Math.log(xivar);
    this.columns[5][t] = Math.atanh(corr);
  }
}

function positiveInteger(value: number | undefined, fallback: number, name: string, min: number, where: string): number {
  return checkInteger(where, name, value ?? fallback, { min });
}

/**
 * Fits η = α + β ξ + N(0, σ²) to (x, y) with measurement errors, by the Gibbs sampler of Kelly 2007 (§6.1):
 * `chains` chains from dispersed BCES starting values (linmix_err.pro), sweeps in blocks of `checkEvery`, stopping once
 * at least minIterations are done and R̂ < rHatThreshold for α, β, ln σ², E ξ, ln var ξ and atanh ρ on the second
 * halves of the chains (Gelman et al. 2004, §11.6), or at maxIterations (converged = false). Keeps the second half of
 * every chain. Fixes two slips of the Python linmix: R̂ there is computed on the first halves, and with silent=True its
 * iteration counter stops advancing after minIterations.
 */
export function fitLinmix(x: ArrayLike<number>, y: ArrayLike<number>, options: LinmixOptions): LinmixResult {
  const where = 'fitLinmix';
  checkSeed(where, options);
  const data = prepareLinmixData(x, y, options.xSigma, options.ySigma, options.xyCovariance, where);
  const K = positiveInteger(options.components, 3, 'components', 1, where);
  if (K > 20) throw new InputError('out-of-range', where, `components must be ≤ 20 (got ${K})`);
  const nChains = positiveInteger(options.chains, 4, 'chains', 2, where);
  const checkEvery = positiveInteger(options.checkEvery, 100, 'checkEvery', 4, where);
  const minIterations = positiveInteger(options.minIterations, 5000, 'minIterations', 1, where);
  const maxIterations = positiveInteger(options.maxIterations, 100000, 'maxIterations', 1, where);
  if (maxIterations < minIterations) throw new InputError('inconsistent', where, `maxIterations (${maxIterations}) < minIterations (${minIterations})`);
  const threshold = options.rHatThreshold ?? 1.1;
  if (!(threshold > 1) || !Number.isFinite(threshold)) throw new InputError('out-of-range', where, `rHatThreshold must be finite and > 1 (got ${threshold})`);

  const master = seededRandom(options.seed);
  const randoms = Array.from({ length: nChains }, () => seededRandom(master.uint32() * 2097152 + (master.uint32() >>> 11)));
  const states = randoms.map((r) => initialLinmixState(data, K, r));
  const traces = states.map(() => new Trace(Math.ceil(minIterations / checkEvery) * checkEvery));
  const rHat = new Float64Array(6);
  const columnOf = (c: number) => traces.map((t) => t.columns[c]);
  let iterations = 0;
  let converged = false;
  for (;;) {
    for (let j = 0; j < nChains; j++) {
      for (let it = 0; it < checkEvery; it++) {
        gibbsSweep(data, states[j], randoms[j]);
        traces[j].push(states[j]);
      }
    }
    iterations += checkEvery;
    const half = Math.floor(iterations / 2);
    for (let c = 0; c < 6; c++) rHat[c] = gelmanRubinRHat(columnOf(c), iterations - half, iterations);
    converged = rHat.every((r) => r < threshold);
    if ((converged && iterations >= minIterations) || iterations >= maxIterations) break;
  }

  const keep = Math.floor(iterations / 2);
  const draws = keep * nChains;
  const alpha = new Float64Array(draws);
  const beta = new Float64Array(draws);
  const sigmaSquared = new Float64Array(draws);
  const sigma = new Float64Array(draws);
  const correlation = new Float64Array(draws);
  const xiMean = new Float64Array(draws);
  const xiSigma = new Float64Array(draws);
  for (let j = 0; j < nChains; j++) {
    const [a, b, logS2, m, logV, z] = traces[j].columns;
    for (let t = 0; t < keep; t++) {
      const src = iterations - keep + t;
      const dst = j * keep + t;
      alpha[dst] = a[src];
      beta[dst] = b[src];
      sigmaSquared[dst] = Math.exp(logS2[src]);
      sigma[dst] = Math.sqrt(sigmaSquared[dst]);
      xiMean[dst] = m[src];
      xiSigma[dst] = Math.exp(0.5 * logV[src]);
      correlation[dst] = Math.tanh(z[src]);
    }
  }
  return {
    alpha, beta, sigma, sigmaSquared, correlation, xiMean, xiSigma,
    summary: {
      alpha: summarizeSamples(alpha),
      beta: summarizeSamples(beta),
      sigma: summarizeSamples(sigma),
      correlation: summarizeSamples(correlation),
    },
    rHat: {
      alpha: rHat[0], beta: rHat[1], logSigmaSquared: rHat[2], xiMean: rHat[3], logXiVariance: rHat[4], atanhCorrelation: rHat[5],
    },
    converged,
    iterations,
    chains: nChains,
    draws,
    components: K,
    seed: options.seed,
  };
}
