// The affine-invariant ensemble sampler with the stretch move (Goodman & Weare 2010, CAMCoS 5, 65, eqs. 7–9),
// updating the two halves of the ensemble in turn ("red-blue", Foreman-Mackey et al. 2013, PASP 125, 306, Alg. 3), as emcee.
import { seededRandom } from '../stats/random';
import { integratedAutocorrelationTime } from './autocorrelation';
import type { AutocorrelationTime } from './autocorrelation';
import { assessConvergence } from './convergence';
import type { ConvergenceCriteria, ConvergenceVerdict } from './convergence';
import { checkInteger, checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Log-probability of one parameter vector (length nDim). The array is reused between calls: do not keep it. */
export type LogProbability = (theta: Float64Array) => number;

/**
 * Vectorised log-probability: fill out[k] with ln p of the k-th of `count` parameter vectors stored walker-major in
 * `thetas` (thetas[k·nDim + d]). Both arrays are reused between calls.
 */
export type BatchLogProbability = (thetas: Float64Array, count: number, out: Float64Array) => void;

/** Options of `sampleEnsemble`. */
export interface EnsembleOptions {
  /** Starting positions, walker-major: initial[w·nDim + d]; nWalkers = initial.length / nDim. Not modified. */
  initial: Float64Array;
  /** Number of parameters. */
  nDim: number;
  /** Number of ensemble steps to run (each moves every walker once). */
  nSteps: number;
  /** Seed of the xoshiro128** stream (required: same inputs + seed → identical chain). */
  seed: number;
  /** Stretch scale a of g(z) ∝ 1/√z on [1/a, a] (Goodman & Weare 2010 eq. 9); default 2. */
  stretchScale?: number;
  /** Shuffle which walkers form the two halves at every step, as emcee's default `randomize_split`; default true. */
  randomizeSplit?: boolean;
  /** Steps dropped before τ and the verdict are computed (default ⌊nSteps/4⌋). The chain returned is complete. */
  burnIn?: number;
  /** Thresholds of the convergence verdict (see `assessConvergence`). */
  convergence?: ConvergenceCriteria;
  /** Treat `logProbability` as a `BatchLogProbability` called once per half-ensemble (default false). */
  vectorized?: boolean;
}

/** The full run: chain, log-probabilities, acceptance, autocorrelation time and verdict. */
export interface EnsembleChain {
  readonly nSteps: number;
  readonly nWalkers: number;
  readonly nDim: number;
  /** Positions after every step, step-major: chain[(step·nWalkers + walker)·nDim + d]. */
  readonly chain: Float64Array;
  /** ln p of every stored position: logProb[step·nWalkers + walker]. */
  readonly logProb: Float64Array;
  /** Fraction of accepted proposals per walker. */
  readonly acceptanceFraction: Float64Array;
  /** Mean of acceptanceFraction. */
  readonly meanAcceptanceFraction: number;
  /** Steps treated as burn-in for τ, the verdict and the default summaries. */
  readonly burnIn: number;
  /** Integrated autocorrelation time per parameter after burn-in (emcee `integrated_time`, c = 5). */
  readonly autocorrelation: AutocorrelationTime;
  readonly convergence: ConvergenceVerdict;
  readonly seed: number;
  readonly stretchScale: number;
}

/**
 * Runs the Goodman & Weare (2010) stretch-move ensemble sampler. For each half S of the walkers (the other half C
 * fixed), every walker X_k ∈ S draws a partner X_j ∈ C and z from g(z) ∝ 1/√z on [1/a, a] by z = ((a−1)u + 1)²/a,
 * proposes Y = X_j + z (X_k − X_j) (eq. 7), and accepts with probability min(1, z^(n−1) p(Y)/p(X_k)) (eq. 9).
 * Starting positions must have finite ln p; proposals with ln p = −∞ (outside the prior) are rejected.
 */
export function sampleEnsemble(logProbability: LogProbability | BatchLogProbability, options: EnsembleOptions): EnsembleChain {
  const where = 'sampleEnsemble';
  if (typeof logProbability !== 'function') throw new InputError('bad-type', where, `logProbability must be a function`);
  if (options == null || typeof options !== 'object') throw new InputError('missing', where, `options are required`);
  const { initial, nDim, nSteps } = options;
  const seed = checkSeed(where, options);
  const a = options.stretchScale ?? 2;
  const randomizeSplit = options.randomizeSplit ?? true;
  const vectorized = options.vectorized ?? false;
  checkInteger(where, 'nDim', nDim, { min: 1 });
  if (!(initial instanceof Float64Array)) throw new InputError('bad-type', where, `initial must be a Float64Array of nWalkers × nDim positions`);
  if (initial.length % nDim !== 0) throw new InputError('length-mismatch', where, `initial has ${initial.length} values, not a multiple of nDim = ${nDim}`);
  const nWalkers = initial.length / nDim;
  if (nWalkers < 2 * nDim) throw new InputError('too-few', where, `need at least 2 × nDim = ${2 * nDim} walkers (got ${nWalkers})`);
  if (nWalkers % 2 !== 0) throw new InputError('inconsistent', where, `the number of walkers must be even (got ${nWalkers})`);
  checkInteger(where, 'nSteps', nSteps, { min: 2 });
  if (!(a > 1) || !Number.isFinite(a)) throw new InputError('out-of-range', where, `stretchScale must be a finite number > 1 (got ${a})`);
  const burnIn = options.burnIn ?? Math.floor(nSteps / 4);
  if (!Number.isInteger(burnIn) || burnIn < 0 || burnIn > nSteps - 2) {
    throw new InputError('out-of-range', where, `burnIn must be an integer in [0, nSteps − 2] (got ${burnIn})`);
  }
  for (let i = 0; i < initial.length; i++) {
    if (!Number.isFinite(initial[i])) throw new InputError('not-finite', where, `initial[${i}] is not a finite number (got ${initial[i]})`);
  }

  const random = seededRandom(seed);
  const half = nWalkers / 2;
  const position = Float64Array.from(initial);
  const lp = new Float64Array(nWalkers);
  const proposals = new Float64Array(half * nDim);
  const proposalLp = new Float64Array(half);
  const logZ = new Float64Array(half);
  const theta = new Float64Array(nDim);
  const single = vectorized ? null : (logProbability as LogProbability);
  const batch = vectorized ? (logProbability as BatchLogProbability) : null;

  // ln p of a block of `count` vectors stored in `block` (walker-major) into `out`.
  const evaluate = (block: Float64Array, count: number, out: Float64Array): void => {
    if (batch) {
      batch(block, count, out);
      return;
    }
    for (let k = 0; k < count; k++) {
      for (let d = 0; d < nDim; d++) theta[d] = block[k * nDim + d];
      out[k] = single!(theta);
    }
  };

  evaluate(position, nWalkers, lp);
  for (let w = 0; w < nWalkers; w++) {
    if (!Number.isFinite(lp[w])) throw new Error(`${where}: walker ${w} starts where ln p is not finite (got ${lp[w]}); start inside the prior`);
  }

  // Walker membership: order[0..half) is the first half, order[half..) the second (shuffled each step when asked).
  const order = new Int32Array(nWalkers);
  for (let w = 0; w < nWalkers; w++) order[w] = w;
  const accepted = new Float64Array(nWalkers);
  const chain = new Float64Array(nSteps * nWalkers * nDim);
  const logProb = new Float64Array(nSteps * nWalkers);
  const rootA = Math.sqrt(a);

  for (let step = 0; step < nSteps; step++) {
    if (randomizeSplit) {
      for (let i = nWalkers - 1; i > 0; i--) {
        const j = random.integer(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    for (let split = 0; split < 2; split++) {
      const activeStart = split * half;
      const otherStart = (1 - split) * half;
      for (let k = 0; k < half; k++) {
        const walker = order[activeStart + k];
        const partner = order[otherStart + random.integer(half)];
        // z = ((a − 1)u + 1)² / a has density ∝ 1/√z on [1/a, a] (Goodman & Weare 2010 eq. 9).
        const s = ((a - 1) * random.uniform() + 1) / rootA;
        const z = s * s;
        logZ[k] = (nDim - 1) * Math.log(z);
        for (let d = 0; d < nDim; d++) {
          const c = position[partner * nDim + d];
          proposals[k * nDim + d] = c + z * (position[walker * nDim + d] - c);
        }
      }
      evaluate(proposals, half, proposalLp);
      for (let k = 0; k < half; k++) {
        const walker = order[activeStart + k];
        const newLp = proposalLp[k];
        const logAccept = logZ[k] + newLp - lp[walker];
        if (newLp === newLp && newLp !== -Infinity && logAccept > Math.log(random.uniform())) {
          for (let d = 0; d < nDim; d++) position[walker * nDim + d] = proposals[k * nDim + d];
          lp[walker] = newLp;
          accepted[walker] += 1;
        }
      }
    }
    chain.set(position, step * nWalkers * nDim);
    logProb.set(lp, step * nWalkers);
  }

  const acceptanceFraction = new Float64Array(nWalkers);
  let meanAcceptanceFraction = 0;
  for (let w = 0; w < nWalkers; w++) {
    acceptanceFraction[w] = accepted[w] / nSteps;
    meanAcceptanceFraction += acceptanceFraction[w] / nWalkers;
  }
  const shape = { nSteps, nWalkers, nDim };
  const autocorrelation = integratedAutocorrelationTime(chain, shape, { discard: burnIn, tol: options.convergence?.minStepsPerTau ?? 50 });
  const convergence = assessConvergence({ autocorrelation, meanAcceptanceFraction, nWalkers }, options.convergence);
  return {
    nSteps, nWalkers, nDim, chain, logProb, acceptanceFraction, meanAcceptanceFraction, burnIn,
    autocorrelation, convergence, seed, stretchScale: a,
  };
}
