// Linear least squares, weighted or not, with parameter covariances: the straight line y = a + b x in closed form
// and the general linear model y = A β by Householder QR (Press et al. 2007, §15.2 and §15.4; Golub & Van Loan 2013, §5.3).
//
// Covariance convention (the one choice that changes the quoted errors):
// - absoluteSigma = true: σ are true 1σ errors, cov = (AᵀWA)⁻¹ with W = diag(1/σ²) (Press et al. 2007, §15.4);
//   scipy.optimize.curve_fit(..., sigma=σ, absolute_sigma=True). The default when sigma or weights are given.
// - absoluteSigma = false: σ are relative weights only, cov = (AᵀWA)⁻¹ · s², s² = χ²/(n − p) (the residual
//   variance, RSS/(n − p) when unweighted); curve_fit's default absolute_sigma=False. The default without sigma.
import { checkFinite, checkPositive, checkSameLength } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Options shared by the least-squares fits. */
export interface LeastSquaresOptions {
  /** 1σ uncertainties of y (finite, > 0); the fit weights are w = 1/σ². Give sigma or weights, not both. */
  sigma?: ArrayLike<number>;
  /** Weights w = 1/σ² (finite, > 0). */
  weights?: ArrayLike<number>;
  /** true: cov = (AᵀWA)⁻¹; false: cov scaled by s² = χ²/(n − p). Default: true with sigma/weights, false without. */
  absoluteSigma?: boolean;
}

/** A fitted linear model: parameters β, their standard errors and covariance, and goodness of fit. */
export interface LinearFit {
  /** Best-fit parameters β, in the order of the design columns. */
  readonly parameters: Float64Array;
  /** √diag(covariance). */
  readonly standardErrors: Float64Array;
  /** Parameter covariance matrix, p rows of p values, in the convention given by `absoluteSigma`. */
  readonly covariance: Float64Array[];
  /** Whether `covariance` is (AᵀWA)⁻¹ as is (true) or scaled by `residualVariance` (false). */
  readonly absoluteSigma: boolean;
  /** χ² = Σ w (y − ŷ)²; the residual sum of squares (RSS) when unweighted. */
  readonly chiSquare: number;
  /** Degrees of freedom n − p. */
  readonly dof: number;
  /** s² = χ²/(n − p): the residual variance (unweighted) or reduced χ² (weighted); NaN when n = p. */
  readonly residualVariance: number;
  /** Number of points. */
  readonly n: number;
}

/** A straight-line fit y = intercept + slope · x; parameters = [intercept, slope]. */
export interface LineFit extends LinearFit {
  readonly intercept: number;
  readonly slope: number;
  readonly interceptErr: number;
  readonly slopeErr: number;
  /** Unweighted RMSE of the points about the line, √(Σ(y − ŷ)²/n) (ddof = 0), whatever the weights. */
  readonly rmse: number;
}

/**
 * Fits y = intercept + slope · x by (weighted) least squares, in closed form about the weighted mean of x:
 * b = Σw(x−x̄)(y−ȳ)/Sxx, a = ȳ − b x̄, var b = 1/Sxx, var a = 1/Σw + x̄²/Sxx, cov(a,b) = −x̄/Sxx
 * (Press et al. 2007, eqs. 15.2.4–15.2.10 in centred form), scaled by s² unless absoluteSigma.
 */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>, options: LeastSquaresOptions = {}): LineFit {
  const where = 'fitLine';
  const { weights, absoluteSigma } = prepare(x, y, 2, options, where);
  const work = new Float64Array(LINE_WORK_SIZE);
  if (!fitLineInto(x, y, weights, null, x.length, work)) {
    throw new Error(`${where}: all x values are equal, so the slope is undetermined`);
  }
  const [intercept, slope, sumW, xMean, sxx] = work;
  const n = x.length;
  let chiSquare = 0;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - (intercept + slope * x[i]);
    rss += r * r;
    chiSquare += (weights ? weights[i] : 1) * r * r;
  }
  const dof = n - 2;
  const residualVariance = dof > 0 ? chiSquare / dof : NaN;
  const scale = absoluteSigma ? 1 : residualVariance;
  const varIntercept = (1 / sumW + (xMean * xMean) / sxx) * scale;
  const varSlope = scale / sxx;
  const cov = (-xMean / sxx) * scale;
  const interceptErr = Math.sqrt(varIntercept);
  const slopeErr = Math.sqrt(varSlope);
  return {
    parameters: Float64Array.of(intercept, slope),
    standardErrors: Float64Array.of(interceptErr, slopeErr),
    covariance: [Float64Array.of(varIntercept, cov), Float64Array.of(cov, varSlope)],
    absoluteSigma,
    chiSquare,
    dof,
    residualVariance,
    n,
    intercept,
    slope,
    interceptErr,
    slopeErr,
    rmse: Math.sqrt(rss / n),
  };
}

/** The line's values intercept + slope · x at each x. */
export function evaluateLine(line: { intercept: number; slope: number }, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = line.intercept + line.slope * x[i];
  return out;
}

/**
 * Fits the general linear model y ≈ Σ_j β_j A_j by (weighted) least squares. `designColumns` are the p columns of the
 * n × p design matrix A, each of length n: e.g. [ones, x, x²] for a parabola. Solved by Householder QR of
 * W^½A (Golub & Van Loan 2013, Algorithm 5.2.1; no normal equations), cov = R⁻¹R⁻ᵀ = (AᵀWA)⁻¹ (Press et al. 2007,
 * §15.4), scaled by s² unless absoluteSigma. Throws when A is rank-deficient.
 */
export function fitLinearModel(
  designColumns: ArrayLike<ArrayLike<number>>,
  y: ArrayLike<number>,
  options: LeastSquaresOptions = {},
): LinearFit {
  const where = 'fitLinearModel';
  const p = designColumns?.length ?? 0;
  if (p < 1) throw new Error(`${where}: the design matrix needs at least one column`);
  for (let j = 0; j < p; j++) {
    checkFinite(designColumns[j], `designColumns[${j}]`, where);
    checkSameLength(y, designColumns[j], 'y', `designColumns[${j}]`, where);
  }
  const { weights, absoluteSigma } = prepare(designColumns[0], y, p, options, where);
  const n = y.length;

  // Column-major copy of W^½ A and W^½ y.
  const a = new Float64Array(n * p);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sw = weights ? Math.sqrt(weights[i]) : 1;
    b[i] = sw * y[i];
    for (let j = 0; j < p; j++) a[j * n + i] = sw * designColumns[j][i];
  }

  // Householder QR: for each column k, reflect rows k..n−1 onto e_k, and apply the same reflection to the rest and to b.
  const columnNorms = new Float64Array(p);
  for (let j = 0; j < p; j++) columnNorms[j] = euclideanNorm(a, j * n, j * n + n);
  for (let k = 0; k < p; k++) {
    const col = k * n;
    const norm = euclideanNorm(a, col + k, col + n);
    // What is left of column k after projecting out columns 0..k−1; (near) zero means linear dependence.
    if (!(norm > 1e-12 * columnNorms[k])) {
      throw new Error(`${where}: the design matrix is rank-deficient (column ${k} is a combination of the others)`);
    }
    const alpha = a[col + k] > 0 ? -norm : norm; // sign chosen against cancellation
    a[col + k] -= alpha; // v = x − αe₁, stored in place
    const vtv = -2 * alpha * a[col + k]; // ‖v‖² = 2‖x‖(‖x‖ + |x₁|)
    for (let j = k + 1; j < p; j++) reflect(a, col, j * n, k, n, vtv);
    reflect(a, col, -1, k, n, vtv, b);
    a[col + k] = alpha; // R_kk; the rest of v below the diagonal is not needed again
  }

  // Back substitution R β = Qᵀ W^½ y.
  const beta = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= a[j * n + k] * beta[j];
    beta[k] = s / a[k * n + k];
  }
  // R⁻¹ (upper triangular), then (AᵀWA)⁻¹ = R⁻¹ R⁻ᵀ.
  const rInv = new Float64Array(p * p); // row-major
  for (let k = p - 1; k >= 0; k--) {
    rInv[k * p + k] = 1 / a[k * n + k];
    for (let j = k + 1; j < p; j++) {
      let s = 0;
      for (let m = k + 1; m <= j; m++) s += a[m * n + k] * rInv[m * p + j];
      rInv[k * p + j] = -s / a[k * n + k];
    }
  }

  let chiSquare = 0;
  for (let i = 0; i < n; i++) {
    let model = 0;
    for (let j = 0; j < p; j++) model += designColumns[j][i] * beta[j];
    const r = y[i] - model;
    chiSquare += (weights ? weights[i] : 1) * r * r;
  }
  const dof = n - p;
  const residualVariance = dof > 0 ? chiSquare / dof : NaN;
  const scale = absoluteSigma ? 1 : residualVariance;
  const covariance: Float64Array[] = [];
  const standardErrors = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    const row = new Float64Array(p);
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let m = Math.max(r, c); m < p; m++) s += rInv[r * p + m] * rInv[c * p + m];
      row[c] = s * scale;
    }
    covariance.push(row);
    standardErrors[r] = Math.sqrt(row[r]);
  }
  return { parameters: beta, standardErrors, covariance, absoluteSigma, chiSquare, dof, residualVariance, n };
}

/** ‖a[start..end)‖₂, scaled by the largest entry against overflow and underflow (as LAPACK's dnrm2 guards). */
function euclideanNorm(a: Float64Array, start: number, end: number): number {
  let largest = 0;
  for (let i = start; i < end; i++) largest = Math.max(largest, Math.abs(a[i]));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const v = a[i] / largest;
    sum += v * v;
  }
  return largest * Math.sqrt(sum);
}

/** Applies the reflection I − 2vvᵀ/vᵀv (v in column `vCol`, rows k..n−1) to column `tCol` of `a`, or to `vector`. */
function reflect(a: Float64Array, vCol: number, tCol: number, k: number, n: number, vtv: number, vector?: Float64Array): void {
  const target = vector ?? a;
  const offset = vector ? 0 : tCol;
  let dot = 0;
  for (let i = k; i < n; i++) dot += a[vCol + i] * target[offset + i];
  const f = (2 * dot) / vtv;
  for (let i = k; i < n; i++) target[offset + i] -= f * a[vCol + i];
}

/** Size of the work array of fitLineInto: [intercept, slope, Σw, x̄, Sxx]. */
export const LINE_WORK_SIZE = 5;

/**
 * Weighted straight-line fit over the points indices[0..m) (all points 0..m−1 when indices is null), without
 * allocation: writes [intercept, slope, Σw, x̄_w, Sxx] into `work`. Returns false (work untouched beyond sums)
 * when all selected x are equal. No input checks: for the bootstrap's inner loop.
 */
export function fitLineInto(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  indices: ArrayLike<number> | null,
  m: number,
  work: Float64Array,
): boolean {
  let sumW = 0;
  let sumWx = 0;
  let sumWy = 0;
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let k = 0; k < m; k++) {
    const i = indices ? indices[k] : k;
    const w = weights ? weights[i] : 1;
    const xi = x[i];
    sumW += w;
    sumWx += w * xi;
    sumWy += w * y[i];
    if (xi < xMin) xMin = xi;
    if (xi > xMax) xMax = xi;
  }
  work[2] = sumW;
  if (!(xMax > xMin)) return false;
  const xMean = sumWx / sumW;
  const yMean = sumWy / sumW;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < m; k++) {
    const i = indices ? indices[k] : k;
    const w = weights ? weights[i] : 1;
    const dx = x[i] - xMean;
    sxx += w * dx * dx;
    sxy += w * dx * (y[i] - yMean);
  }
  const slope = sxy / sxx;
  work[0] = yMean - slope * xMean;
  work[1] = slope;
  work[3] = xMean;
  work[4] = sxx;
  return true;
}

/** Checks x, y and the weighting options; returns the weights (null when unweighted) and the covariance convention. */
export function prepare(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  parameterCount: number,
  options: LeastSquaresOptions,
  where: string,
): { weights: Float64Array | null; absoluteSigma: boolean } {
  checkFinite(x, 'x', where);
  checkFinite(y, 'y', where);
  checkSameLength(x, y, 'x', 'y', where);
  const { sigma, weights: givenWeights } = options ?? {};
  if (sigma != null && givenWeights != null) throw new InputError('inconsistent', where, `give sigma or weights, not both`);
  let weights: Float64Array | null = null;
  if (sigma != null) {
    checkPositive(sigma, 'sigma', where);
    checkSameLength(y, sigma, 'y', 'sigma', where);
    weights = new Float64Array(sigma.length);
    for (let i = 0; i < sigma.length; i++) weights[i] = 1 / (sigma[i] * sigma[i]);
  } else if (givenWeights != null) {
    checkPositive(givenWeights, 'weights', where);
    checkSameLength(y, givenWeights, 'y', 'weights', where);
    weights = Float64Array.from(givenWeights);
  }
  const absoluteSigma = options?.absoluteSigma ?? weights !== null;
  if (typeof absoluteSigma !== 'boolean') throw new InputError('bad-type', where, `absoluteSigma must be true or false`);
  const needed = absoluteSigma ? parameterCount : parameterCount + 1;
  if (y.length < needed) {
    throw new InputError(
      'too-few',
      where,
      `needs at least ${needed} points for ${parameterCount} parameters` +
        (absoluteSigma ? '' : ' and a residual variance (absoluteSigma = false)') +
        ` (got ${y.length})`,
    );
  }
  return { weights, absoluteSigma };
}
