// Seeded nonparametric bootstrap: resample the data points with replacement, recompute a statistic, and summarise
// its spread (Efron 1979, Ann. Stat. 7, 1; Efron & Tibshirani 1993, Alg. 6.1), as used for the MSA-3D mass–gradient fit.
import { fitLineInto, LINE_WORK_SIZE, prepare } from './least-squares';
import { quantileSorted } from './quantile';
import { seededRandom } from './random';
import { meanOf, sumOfSquaredDeviations } from './rms';
import { posteriorSummary, type PosteriorSummary } from './sample-summary';
import { checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Options of a bootstrap run. */
export interface BootstrapOptions {
  /** Seed of the xoshiro128** stream that draws the resamples (required: same seed → identical output). */
  seed: number;
  /** Number of bootstrap resamples B (default 1000). */
  resamples?: number;
  /** Delta degrees of freedom of the reported standard deviation, √(Σ(θ − θ̄)²/(B − ddof)); default 0 (numpy.std). */
  ddof?: number;
}

/** Summary of B bootstrap replicates of a p-valued statistic. */
export interface BootstrapResult {
  /**
   * Per component: median (numpy.median) and 16/84 percentiles (Q₇) of the replicates, their mean, and their standard
   * deviation with `ddof` (`sd`, numpy.std): the bootstrap standard error.
   */
  readonly summaries: PosteriorSummary[];
  /** The replicates: samples[j][k] is component j of resample k (for bands and histograms). */
  readonly samples: Float64Array[];
  readonly resamples: number;
  readonly seed: number;
  readonly ddof: number;
  /** Resamples discarded and drawn again because the statistic was not finite on them (e.g. all x equal). */
  readonly redrawn: number;
}

/**
 * Bootstraps any statistic of `count` data points. `statistic(indices)` receives the indices of one resample
 * (count values drawn uniformly with replacement from 0..count−1; the array is reused, do not keep it) and returns
 * a number or a fixed-length list of numbers. A resample whose statistic is not finite is drawn again (counted in
 * `redrawn`), so the summary is conditional on a defined statistic.
 */
export function bootstrap(
  count: number,
  statistic: (indices: Uint32Array) => number | ArrayLike<number>,
  options: BootstrapOptions,
): BootstrapResult {
  const where = 'bootstrap';
  if (!Number.isInteger(count) || count < 1) throw new InputError('out-of-range', where, `count must be a positive integer (got ${count})`);
  if (typeof statistic !== 'function') throw new InputError('bad-type', where, `statistic must be a function of the resample indices`);
  const { seed, resamples, ddof } = checkOptions(options, where);
  const random = seededRandom(seed);
  const indices = new Uint32Array(count);
  const maxRedraws = 10 * resamples + 100;
  const scalar = new Float64Array(1);
  let samples: Float64Array[] = [];
  let redrawn = 0;
  for (let k = 0; k < resamples; ) {
    for (let i = 0; i < count; i++) indices[i] = random.integer(count);
    const value = statistic(indices);
    let values: ArrayLike<number>;
    if (typeof value === 'number') {
      scalar[0] = value;
      values = scalar;
    } else values = value;
    if (values == null || typeof values.length !== 'number') {
      throw new InputError('bad-type', where, `statistic must return a number or an array of numbers`);
    }
    if (samples.length === 0) {
      if (values.length < 1) throw new InputError('too-few', where, `statistic returned no values`);
      samples = Array.from({ length: values.length }, () => new Float64Array(resamples));
    }
    if (values.length !== samples.length) {
      throw new InputError('length-mismatch', where, `statistic returned ${values.length} values, expected ${samples.length} as on the first resample`);
    }
    let finite = true;
    for (let j = 0; j < values.length; j++) if (!Number.isFinite(values[j])) finite = false;
    if (!finite) {
      if (++redrawn > maxRedraws) throw new Error(`${where}: the statistic was not finite on ${redrawn} resamples; giving up`);
      continue;
    }
    for (let j = 0; j < values.length; j++) samples[j][k] = values[j];
    k++;
  }
  return summarise(samples, resamples, seed, ddof, redrawn);
}

/** Returned by the line statistic for a degenerate resample (all x equal), so that it is drawn again. */
const NAN_PAIR = Float64Array.of(NaN, NaN);

/** Bootstrap of a straight-line fit: the generic summary plus named intercept and slope estimates. */
export interface LineBootstrapResult extends BootstrapResult {
  /** Median of the intercept replicates. */
  readonly intercept: number;
  /** Median of the slope replicates. */
  readonly slope: number;
  /** Standard deviation of the intercept replicates (bootstrap standard error). */
  readonly interceptErr: number;
  /** Standard deviation of the slope replicates (bootstrap standard error). */
  readonly slopeErr: number;
  readonly interceptSamples: Float64Array;
  readonly slopeSamples: Float64Array;
}

/**
 * Bootstraps y = intercept + slope · x: resamples the (x, y[, σ]) points with replacement B times, refits each by
 * (weighted, w = 1/σ²) least squares, and reports the median and standard deviation of each parameter
 * (parameters and samples ordered [intercept, slope]). Resamples with all x equal are drawn again.
 */
export function bootstrapLine(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: BootstrapOptions & { sigma?: ArrayLike<number> },
): LineBootstrapResult {
  const where = 'bootstrapLine';
  const { weights } = prepare(x, y, 2, { sigma: options?.sigma }, where);
  const n = x.length;
  if (n < 3) throw new InputError('too-few', where, `needs at least 3 points (got ${n})`);
  const work = new Float64Array(LINE_WORK_SIZE);
  const parameters = new Float64Array(2);
  if (!fitLineInto(x, y, weights, null, n, work)) throw new Error(`${where}: all x values are equal`);
  const result = bootstrap(
    n,
    (indices) => {
      if (!fitLineInto(x, y, weights, indices, n, work)) return NAN_PAIR;
      parameters[0] = work[0];
      parameters[1] = work[1];
      return parameters;
    },
    options,
  );
  return {
    ...result,
    intercept: result.summaries[0].median,
    slope: result.summaries[1].median,
    interceptErr: result.summaries[0].sd,
    slopeErr: result.summaries[1].sd,
    interceptSamples: result.samples[0],
    slopeSamples: result.samples[1],
  };
}

/** A confidence band of a bootstrapped line: at each x, quantiles of intercept + slope · x over the replicates. */
export interface LineBand {
  readonly x: Float64Array;
  readonly lower: Float64Array;
  readonly median: Float64Array;
  readonly upper: Float64Array;
  /** Central probability between lower and upper. */
  readonly coverage: number;
}

/**
 * The pointwise band of a bootstrapped line at the given x: the (1 − coverage)/2 and (1 + coverage)/2 quantiles and the
 * median of a_k + b_k x over the replicates k (Efron & Tibshirani 1993, §13.3 percentile interval). Default coverage
 * 0.6827 (±1σ for a Gaussian).
 */
export function bootstrapLineBand(
  fit: { interceptSamples: ArrayLike<number>; slopeSamples: ArrayLike<number> },
  x: ArrayLike<number>,
  options: { coverage?: number } = {},
): LineBand {
  const where = 'bootstrapLineBand';
  const coverage = options.coverage ?? 0.6827;
  if (!(coverage > 0 && coverage < 1)) throw new InputError('out-of-range', where, `coverage must be in (0, 1) (got ${coverage})`);
  const a = fit.interceptSamples;
  const b = fit.slopeSamples;
  if (a.length !== b.length || a.length === 0) throw new InputError('length-mismatch', where, `needs equally many intercept and slope samples`);
  const xs = Float64Array.from(x);
  const lower = new Float64Array(xs.length);
  const median = new Float64Array(xs.length);
  const upper = new Float64Array(xs.length);
  const line = new Float64Array(a.length);
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new InputError('not-finite', where, `x[${i}] is not a finite number (got ${xs[i]})`);
    for (let k = 0; k < a.length; k++) line[k] = a[k] + b[k] * xs[i];
    line.sort();
    lower[i] = quantileSorted(line, (1 - coverage) / 2);
    median[i] = quantileSorted(line, 0.5);
    upper[i] = quantileSorted(line, (1 + coverage) / 2);
  }
  return { x: xs, lower, median, upper, coverage };
}

function summarise(samples: Float64Array[], resamples: number, seed: number, ddof: number, redrawn: number): BootstrapResult {
  const summaries = samples.map((replicates) => {
    const sorted = Float64Array.from(replicates).sort();
    const sd = Math.sqrt(Math.max(0, sumOfSquaredDeviations(replicates)) / (resamples - ddof));
    return posteriorSummary(quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.16), quantileSorted(sorted, 0.84), meanOf(replicates), sd);
  });
  return { summaries, samples, resamples, seed, ddof, redrawn };
}

function checkOptions(options: BootstrapOptions, where: string): { seed: number; resamples: number; ddof: number } {
  const seed = checkSeed(where, options);
  const resamples = options.resamples ?? 1000;
  const ddof = options.ddof ?? 0;
  if (!Number.isInteger(resamples) || resamples < 2) {
    throw new InputError('out-of-range', where, `resamples must be an integer ≥ 2 (got ${resamples})`);
  }
  if (!Number.isInteger(ddof) || ddof < 0 || ddof >= resamples) {
    throw new InputError('out-of-range', where, `ddof must be an integer in [0, resamples) (got ${ddof})`);
  }
  return { seed, resamples, ddof };
}
