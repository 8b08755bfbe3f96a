// Nested sampling of a posterior and its evidence: N live points drawn from the prior, the worst replaced by a draw from
// the prior constrained to higher likelihood, prior mass shrinking as X_i = e^{−i/N} (Skilling 2006, Bayesian Analysis 1,
// 833), the constrained draws made by rejection from bounding ellipsoids of the live points (Mukherjee, Parkinson &
// Liddle 2006, ApJ 638, L51; several ellipsoids after Feroz & Hobson 2008, MNRAS 384, 449).
//
// Why this algorithm: it is the textbook one, with a known error (√(H/N) on ln Z) and no tuning beyond N. Ellipsoidal
// rejection is efficient in the few dimensions of a rotation-curve fit (≲ 10) and exact as long as the enlarged ellipsoids
// contain the likelihood contour (the enlargement and the minimum volume X_i guard that); it is not the algorithm for
// dozens of dimensions (use slice sampling there, e.g. Handley et al. 2015, PolyChord).
import { seededRandom, type SeededRandom } from '../stats/random';
import { addToEvidence, logEvidenceError, newEvidenceAccumulator } from './evidence';
import { boundingEllipsoids, sampleUnion, unionOf, type EllipsoidUnion } from './multi-ellipsoid';
import { scaleEllipsoidVolume } from './ellipsoid';
import { kishEffectiveSampleSize, normalizedWeights, resampleEqualWeights, summarizeParameter } from './posterior';
import type { PosteriorSummary } from '../stats/sample-summary';
import type { UnitCubeTransform } from './prior-transform';
import { checkInteger } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** The prior as a unit-cube transform and its dimension (a ProductPrior fits). */
export interface NestedPrior {
  readonly nDim: number;
  readonly transform: UnitCubeTransform;
  /** Parameter names (for `summaryByName`); default p0, p1, … */
  readonly names?: readonly string[];
}

export interface NestedSamplingOptions {
  /** Seed of every random draw (required: same seed, same likelihood → identical output). */
  seed: number;
  /** Live points N (default 400); ln Z error ∝ 1/√N, run time ∝ N. At least d + 1. */
  nLive?: number;
  /** Stop when the largest evidence the live points can still add, L_max X_i, is below this fraction of Z (default 0.01). */
  tolerance?: number;
  /** 'multi' (default): ellipsoids split while the volume drops; 'single': one ellipsoid. */
  bound?: 'multi' | 'single';
  /** Volume enlargement of every ellipsoid (default 1.25, as dynesty's; ≥ 1). */
  enlarge?: number;
  /** Likelihood calls between rebuilds of the bound (default round(0.6 N), nestle's). */
  updateInterval?: number;
  /** Give up (converged: false) after this many likelihood calls (default 5 000 000). */
  maxCalls?: number;
  /** Give up after this many iterations (default 100 000 + 50 N). */
  maxIterations?: number;
  /** Number of equal-weight samples (default: as many as weighted samples). */
  nEqualSamples?: number;
  /**
   * Called every N iterations with an estimate of the fraction done, in [0, 1], never decreasing: how far the log of
   * the stopping quantity ln(1 + Z_remain/Z) has come from its first value toward ln(1 + tolerance) (it falls about
   * linearly in iterations once the live points are in the posterior's bulk). While the live points still climb toward
   * the bulk the estimate stays near 0: on a 3-parameter forward gradient fit it read 0 for the first 40 % of the run.
   */
  onProgress?: (fractionDone: number) => void;
}

export interface NestedSamplingResult {
  readonly nDim: number;
  readonly nLive: number;
  readonly names: readonly string[];
  /** ln Z, the natural log of the evidence ∫ L π dθ, and its error √(H/N). */
  readonly logZ: number;
  readonly logZErr: number;
  /** Information H (KL divergence of posterior from prior), nats. */
  readonly information: number;
  /** Dead points (iterations) and likelihood calls (including the N initial ones). */
  readonly nIterations: number;
  readonly nCalls: number;
  /** Proposals drawn from the bound or the cube (accepted or not, inside the cube or not). */
  readonly nDraws: number;
  /** Iterations / calls. */
  readonly efficiency: number;
  readonly converged: boolean;
  readonly stopReason: string;
  /** The weighted samples (dead points then the final live points), row-major n × d, in parameter space. */
  readonly samples: Float64Array;
  readonly nSamples: number;
  readonly logLikelihood: Float64Array;
  /** ln of the normalised posterior weights w_i = L_i ΔX_i / Z. */
  readonly logWeights: Float64Array;
  /** Normalised weights, summing to 1. */
  readonly weights: Float64Array;
  /** Kish's effective sample size of the weights. */
  readonly effectiveSampleSize: number;
  /** Equal-weight samples (systematic resampling, seeded, shuffled), row-major nEqual × d. */
  readonly equalWeightSamples: Float64Array;
  readonly nEqual: number;
  /** Per parameter: weighted median, 16th/84th percentiles, mean and sd. */
  readonly summaries: PosteriorSummary[];
  readonly summaryByName: Record<string, PosteriorSummary>;
  /** Ellipsoids in the last bound (0 when the run never left the unit cube). */
  readonly lastBoundEllipsoids: number;
  readonly seconds: number;
}

/** Growable Float64Array. */
class Column {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }
  pushRow(src: Float64Array, offset: number, d: number): void {
    while (this.length + d > this.data.length) this.grow();
    for (let j = 0; j < d; j++) this.data[this.length + j] = src[offset + j];
    this.length += d;
  }
  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
  view(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** The reused buffers and callbacks of one run; evaluatePoint is top-level so V8 keeps one optimised copy. */
interface PointEvaluation {
  u: Float64Array;
  theta: Float64Array;
  names: readonly string[];
  logLikelihood: (theta: Float64Array) => number;
  transform: UnitCubeTransform;
  calls: number;
}

/** θ = F⁻¹(u), then ln L(θ); throws on a non-finite θ or a NaN/+∞ likelihood. */
function evaluatePoint(p: PointEvaluation): number {
  p.transform(p.u, p.theta);
  const d = p.theta.length;
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(p.theta[j])) throw new InputError('not-finite', 'nestedSample', `prior transform gave ${p.names[j]} = ${p.theta[j]} at u = [${Array.from(p.u).join(', ')}]`);
  }
  const logL = p.logLikelihood(p.theta);
  p.calls++;
  if (typeof logL !== 'number' || Number.isNaN(logL) || logL === Infinity) {
    throw new InputError('not-finite', 'nestedSample', `logLikelihood returned ${logL} at θ = [${Array.from(p.theta).join(', ')}] (must be finite or −Infinity)`);
  }
  return logL;
}

/** Uniform in the open interval (0, 1). */
function uniformOpen(random: SeededRandom): number {
  let x = random.uniform();
  while (x === 0) x = random.uniform();
  return x;
}

/** The live points and the sampling machinery of one run (top-level functions below work on it). */
interface LiveSet {
  N: number;
  d: number;
  liveU: Float64Array;
  liveTheta: Float64Array;
  liveLogL: Float64Array;
  point: PointEvaluation;
  random: SeededRandom;
  work: Float64Array;
  union: EllipsoidUnion | null;
  useBound: boolean;
  callsSinceUpdate: number;
  updateInterval: number;
  enlarge: number;
  split: boolean;
  allIndices: Uint32Array;
  nDraws: number;
  maxCalls: number;
  stopReason: string;
}

function argMin(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] < values[best]) best = k;
  return best;
}

function argMax(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/**
 * Replaces live point `worst` by a prior draw with ln L > logLStar: from the enlarged bounding ellipsoid(s) of the live
 * points (rebuilt every updateInterval calls, never smaller in volume than X = e^{logX}; Feroz & Hobson 2008, §5.1.2), or
 * from the whole cube while that is smaller. Returns false when maxCalls (or the draw limit) is reached first.
 */
function replaceWorst(s: LiveSet, worst: number, logLStar: number, logX: number): boolean {
  const d = s.d;
  const u = s.point.u;
  const theta = s.point.theta;
  for (;;) {
    if (s.point.calls >= s.maxCalls) {
      s.stopReason = `reached maxCalls = ${s.maxCalls}`;
      return false;
    }
    if (s.callsSinceUpdate >= s.updateInterval) {
      const built = boundingEllipsoids(s.liveU, d, s.allIndices, { split: s.split, minLogVolumePerPoint: logX - Math.log(s.N) });
      for (const e of built.ellipsoids) scaleEllipsoidVolume(e, s.enlarge);
      s.union = unionOf(built.ellipsoids);
      s.useBound = s.union.logVolume < 0; // the cube has volume 1: sample whichever is smaller
      s.callsSinceUpdate = 0;
    }
    if (s.useBound && s.union) {
      s.nDraws += sampleUnion(s.union, s.random, u, s.work);
      let inside = true;
      for (let j = 0; j < d; j++) if (!(u[j] > 0 && u[j] < 1)) inside = false;
      if (!inside) {
        if (s.nDraws > 200 * s.maxCalls) {
          s.stopReason = `the bound lies almost entirely outside the unit cube (${s.nDraws} draws)`;
          return false;
        }
        continue;
      }
    } else {
      for (let j = 0; j < d; j++) u[j] = uniformOpen(s.random);
      s.nDraws++;
    }
    const logL = evaluatePoint(s.point);
    s.callsSinceUpdate++;
    if (logL > logLStar) {
      s.liveU.set(u, worst * d);
      s.liveTheta.set(theta, worst * d);
      s.liveLogL[worst] = logL;
      return true;
    }
  }
}

function checkPositiveInteger(v: number, name: string, where: string, min = 1): void {
  checkInteger(where, name, v, { min });
}

/**
 * Samples the posterior ∝ L(θ) π(θ) and integrates the evidence Z = ∫ L π dθ. `logLikelihood(θ)` gets a reused
 * buffer (copy it to keep it) and returns ln L, possibly −∞, never NaN or +∞. The prior is the transform θ = F⁻¹(u) of
 * the unit cube. Iteration i removes the lowest-likelihood live point with weight L_i (X_{i−1} − X_i), X_i = e^{−i/N};
 * the final N live points share X_end equally (Skilling 2006, §3; nestle's bookkeeping). Stops when
 * L_max X_i < tolerance · Z.
 */
export function nestedSample(logLikelihood: (theta: Float64Array) => number, prior: NestedPrior, options: NestedSamplingOptions): NestedSamplingResult {
  const where = 'nestedSample';
  const started = process.hrtime.bigint();
  if (typeof logLikelihood !== 'function') throw new InputError('bad-type', where, `logLikelihood must be a function of θ`);
  if (prior == null || typeof prior.transform !== 'function') throw new InputError('bad-type', where, `prior must have a transform(u, θ) function`);
  const d = prior.nDim;
  checkPositiveInteger(d, 'prior.nDim', where);
  if (options == null || typeof options !== 'object') throw new InputError('missing', where, `options with a seed are required`);
  if (!Number.isInteger(options.seed) || options.seed < 0) {
    throw new InputError(Number.isInteger(options.seed) ? 'out-of-range' : 'not-integer', where, `seed must be a non-negative integer (got ${options.seed})`);
  }
  const N = options.nLive ?? 400;
  checkPositiveInteger(N, 'nLive', where, d + 1);
  const tolerance = options.tolerance ?? 0.01;
  if (!(tolerance > 0 && tolerance < 1)) throw new InputError('out-of-range', where, `tolerance must be in (0, 1) (got ${tolerance})`);
  const boundKind = options.bound ?? 'multi';
  if (boundKind !== 'multi' && boundKind !== 'single') throw new InputError('not-one-of', where, `bound must be 'multi' or 'single' (got ${String(boundKind)})`);
  const enlarge = options.enlarge ?? 1.25;
  if (!(enlarge >= 1 && Number.isFinite(enlarge))) throw new InputError('out-of-range', where, `enlarge must be a finite number ≥ 1 (got ${enlarge})`);
  const updateInterval = options.updateInterval ?? Math.max(1, Math.round(0.6 * N));
  checkPositiveInteger(updateInterval, 'updateInterval', where);
  const maxCalls = options.maxCalls ?? 5_000_000;
  checkPositiveInteger(maxCalls, 'maxCalls', where, N);
  const maxIterations = options.maxIterations ?? 100_000 + 50 * N;
  checkPositiveInteger(maxIterations, 'maxIterations', where);
  const names = prior.names ? [...prior.names] : Array.from({ length: d }, (_, j) => `p${j}`);
  if (names.length !== d) throw new InputError('length-mismatch', where, `prior.names has ${names.length} names for ${d} dimensions`);

  const random = seededRandom(options.seed);
  const liveU = new Float64Array(N * d);
  const liveTheta = new Float64Array(N * d);
  const liveLogL = new Float64Array(N);
  const u = new Float64Array(d);
  const theta = new Float64Array(d);
  const work = new Float64Array(d);
  let nDraws = 0;

  const point: PointEvaluation = { u, theta, names, logLikelihood, transform: prior.transform, calls: 0 };
  // initial live points from the prior
  let anyFinite = false;
  for (let k = 0; k < N; k++) {
    for (let j = 0; j < d; j++) u[j] = uniformOpen(random);
    nDraws++;
    liveLogL[k] = evaluatePoint(point);
    if (liveLogL[k] > -Infinity) anyFinite = true;
    liveU.set(u, k * d);
    liveTheta.set(theta, k * d);
  }
  if (!anyFinite) throw new Error(`${where}: logLikelihood is −∞ at all ${N} initial prior draws; check the likelihood or widen the prior`);

  const deadTheta = new Column(N * d * 8);
  const deadLogL = new Column(N * 8);
  const deadLogWidth = new Column(N * 8);
  const acc = newEvidenceAccumulator();
  const run: LiveSet = {
    N, d, liveU, liveTheta, liveLogL, point, random, work,
    union: null, useBound: false, callsSinceUpdate: updateInterval, updateInterval, enlarge,
    split: boundKind === 'multi', allIndices: Uint32Array.from({ length: N }, (_, k) => k), nDraws, maxCalls, stopReason: '',
  };
  let logWidth = Math.log(-Math.expm1(-1 / N)); // X₀ − X₁ = 1 − e^{−1/N}
  let iteration = 0;
  let converged = false;
  let aborted = false;
  const logTolerance = Math.log1p(tolerance);
  const onProgress = options.onProgress;
  let firstLogStop = NaN;
  let fractionDone = 0;

  for (;;) {
    const worst = argMin(liveLogL);
    const logLStar = liveLogL[worst];
    deadTheta.pushRow(liveTheta, worst * d, d);
    deadLogL.push(logLStar);
    deadLogWidth.push(logWidth);
    addToEvidence(acc, logLStar, logWidth);
    iteration++;
    const logX = -iteration / N;
    if (!replaceWorst(run, worst, logLStar, logX)) {
      // the worst point is already dead: drop it from the live set before the final sum
      liveLogL[worst] = -Infinity;
      aborted = true;
      break;
    }
    logWidth -= 1 / N;
    const maxLogL = liveLogL[argMax(liveLogL)];
    const logZRemain = maxLogL + logX;
    if (onProgress && iteration % N === 0 && acc.logZ > -Infinity) {
      // the stopping quantity on a log scale, from its first reported value to the tolerance
      const logStop = Math.log(Math.log1p(Math.exp(logZRemain - acc.logZ)));
      if (!Number.isFinite(firstLogStop) && Number.isFinite(logStop)) firstLogStop = logStop;
      const f = (firstLogStop - logStop) / (firstLogStop - Math.log(logTolerance));
      if (Number.isFinite(f) && f > fractionDone) fractionDone = Math.min(1, f);
      onProgress(fractionDone);
    }
    if (acc.logZ > -Infinity && (maxLogL === -Infinity || Math.log1p(Math.exp(logZRemain - acc.logZ)) < logTolerance)) {
      converged = true;
      run.stopReason = `remaining evidence L_max·X < ${tolerance} Z`;
      break;
    }
    if (iteration >= maxIterations) {
      run.stopReason = `reached maxIterations = ${maxIterations}`;
      break;
    }
  }
  onProgress?.(1);
  const { union, useBound } = run;
  nDraws = run.nDraws;
  const stopReason = run.stopReason;

  // the final live points share the remaining prior mass X = e^{−iterations/N} equally
  const logWidthLive = -iteration / N - Math.log(N);
  const order = Uint32Array.from({ length: N }, (_, k) => k).sort((p, q) => liveLogL[p] - liveLogL[q]);
  for (const k of order) {
    if (liveLogL[k] === -Infinity && aborted) continue;
    deadTheta.pushRow(liveTheta, k * d, d);
    deadLogL.push(liveLogL[k]);
    deadLogWidth.push(logWidthLive);
    addToEvidence(acc, liveLogL[k], logWidthLive);
  }

  const samples = deadTheta.view();
  const logLikelihoodAll = deadLogL.view();
  const widths = deadLogWidth.view();
  const n = logLikelihoodAll.length;
  const logWeights = new Float64Array(n);
  for (let i = 0; i < n; i++) logWeights[i] = logLikelihoodAll[i] + widths[i] - acc.logZ;
  const weights = normalizedWeights(logWeights);
  const nEqual = options.nEqualSamples ?? n;
  checkPositiveInteger(nEqual, 'nEqualSamples', where);
  const equalWeightSamples = resampleEqualWeights(samples, d, weights, { count: nEqual, seed: (options.seed + 0x9e3779b9) % 2 ** 52 });
  const summaries = names.map((_, j) => summarizeParameter(samples, d, j, weights));
  const summaryByName: Record<string, PosteriorSummary> = {};
  names.forEach((name, j) => (summaryByName[name] = summaries[j]));
  return {
    nDim: d,
    nLive: N,
    names,
    logZ: acc.logZ,
    logZErr: logEvidenceError(acc.information, N),
    information: acc.information,
    nIterations: iteration,
    nCalls: point.calls,
    nDraws,
    efficiency: iteration / Math.max(1, point.calls - N),
    converged,
    stopReason,
    samples,
    nSamples: n,
    logLikelihood: logLikelihoodAll,
    logWeights,
    weights,
    effectiveSampleSize: kishEffectiveSampleSize(weights),
    equalWeightSamples,
    nEqual,
    summaries,
    summaryByName,
    lastBoundEllipsoids: useBound && union ? union.ellipsoids.length : 0,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
