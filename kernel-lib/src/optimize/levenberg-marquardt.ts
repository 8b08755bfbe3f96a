// Bound-constrained Levenberg–Marquardt for weighted nonlinear least squares with an analytic Jacobian, on a
// preallocated workspace (no allocation per iteration): Marquardt 1963 damping with Moré 1978 scaling, Nielsen 1999
// damping update, box bounds by projection with frozen ("pegged") parameters as in MINPACK-derived mpfit (Markwardt 2009).
//
// The problem supplies χ²(x) = Σ r², r = (d − m(x))/σ, and on request the normal matrix A = JᵀJ and gradient g = Jᵀr
// with J = ∂m/∂x / σ. Each iteration solves (H + λ D) δ = g (Press et al. 2007, §15.5.2, eq. 15.5.14) on the free
// parameters by Cholesky of the Jacobi-scaled matrix, where D = diag of the running maximum of A_jj (Moré 1978, §4) and
// H = A, or — when the problem also returns the second-order term S = −Σ r ∂²m/σ for some parameters — the Newton
// Hessian H = A + S (Dennis & Schnabel 1983, §10.2: the Gauss–Newton model alone converges only linearly when the
// residuals are large, as for a faint line in noise). A non-positive-definite H + λD just raises λ.
// The trial x' = clamp(x + δ) is accepted when χ² drops; the gain ratio ρ = actual/predicted decrease sets
// λ ← λ · max(1/3, 1 − (2ρ − 1)³) on success and λ ← λ ν, ν ← 2ν on failure (Nielsen 1999, IMM-REP-1999-05, eq. 4.1).
// Convergence (any of, after Moré 1978 / MINPACK lmder): relative gradient max_j |g_j| / √(A_jj χ²) ≤ gtol; a step
// with max_j |δ_j| √A_jj ≤ xtol (the step in units of each parameter's conditional 1σ); actual and predicted relative
// χ² decreases both ≤ ftol; or a rejected step whose predicted relative decrease is ≤ ftol (χ² at its minimum to
// rounding: near the optimum, summation error in χ² exceeds the decrease still available).
// The covariance is always the Gauss–Newton A⁻¹, as in scipy and MINPACK.

/** A weighted least-squares problem over a parameter vector of fixed length. */
export interface LeastSquaresProblem {
  /** Number of parameters P. */
  readonly nParameters: number;
  /**
   * Returns χ² at x. When `normal` and `gradient` are given, also fills normal = JᵀJ (P×P row-major, both triangles)
   * and gradient = Jᵀr, overwriting their first P² and P entries; and when `secondOrder` is given (only if
   * `hasSecondOrder`), S = −Σ_i r_i ∂²m_i/∂x_j∂x_k / σ_i (P×P, both triangles; zero where not computed).
   */
  evaluate(x: Float64Array, normal: Float64Array | null, gradient: Float64Array | null, secondOrder?: Float64Array | null): number;
  /** true when evaluate can fill `secondOrder`. */
  readonly hasSecondOrder?: boolean;
}

/** Stopping rules and limits. */
export interface LevenbergMarquardtOptions {
  /** Maximum number of trial steps (each one evaluation of χ², A and g); default 200. */
  maxIterations?: number;
  /** Relative χ² decrease tolerance (actual and predicted); default 1e-12. */
  ftol?: number;
  /** Step tolerance in units of each parameter's conditional 1σ, |δ_j| √A_jj; default 1e-7. */
  xtol?: number;
  /** Relative gradient tolerance max_j |g_j| / √(A_jj χ²); default 1e-10. */
  gtol?: number;
  /** Initial damping λ relative to D; default 1e-3 (Marquardt 1963). */
  initialLambda?: number;
}

/** Why the solver stopped. */
export type LevenbergMarquardtStop = 'gtol' | 'xtol' | 'ftol' | 'no-decrease' | 'max-iterations' | 'non-finite';

/** The outcome, written into the workspace (read it before the next call). */
export interface LevenbergMarquardtOutcome {
  converged: boolean;
  stop: LevenbergMarquardtStop;
  /** Trial steps taken. */
  iterations: number;
  /** χ² at the returned parameters. */
  chiSquare: number;
}

/** Preallocated buffers for problems of up to `maxParameters` parameters; reuse it across fits. */
export interface LevenbergMarquardtWorkspace {
  readonly maxParameters: number;
  /** A = JᵀJ at the solution (P×P, row-major) after a solve; used by {@link covarianceInto}. */
  normal: Float64Array;
  gradient: Float64Array;
  secondOrder: Float64Array;
  trialNormal: Float64Array;
  trialGradient: Float64Array;
  trialSecondOrder: Float64Array;
  readonly trialX: Float64Array;
  readonly step: Float64Array;
  readonly scaleD: Float64Array;
  readonly matrix: Float64Array;
  readonly jacobiScale: Float64Array;
  readonly rhs: Float64Array;
  readonly frozen: Uint8Array;
  readonly outcome: LevenbergMarquardtOutcome;
}

/** A workspace for problems with at most `maxParameters` parameters. */
export function createLevenbergMarquardtWorkspace(maxParameters: number): LevenbergMarquardtWorkspace {
  if (!(Number.isInteger(maxParameters) && maxParameters >= 1)) {
    throw new Error(`createLevenbergMarquardtWorkspace: maxParameters must be a positive integer (got ${maxParameters})`);
  }
  const p = maxParameters;
  return {
    maxParameters: p,
    normal: new Float64Array(p * p),
    gradient: new Float64Array(p),
    secondOrder: new Float64Array(p * p),
    trialNormal: new Float64Array(p * p),
    trialGradient: new Float64Array(p),
    trialSecondOrder: new Float64Array(p * p),
    trialX: new Float64Array(p),
    step: new Float64Array(p),
    scaleD: new Float64Array(p),
    matrix: new Float64Array(p * p),
    jacobiScale: new Float64Array(p),
    rhs: new Float64Array(p),
    frozen: new Uint8Array(p),
    outcome: { converged: false, stop: 'max-iterations', iterations: 0, chiSquare: NaN },
  };
}

const LAMBDA_MAX = 1e20;

/**
 * Minimises χ² of `problem` from the start `x` (updated in place to the solution) within lower ≤ x ≤ upper
 * (±Infinity for none; x is first clamped into the box). Returns the workspace's outcome object; afterwards
 * `ws.normal` and `ws.gradient` hold A and g at the solution.
 */
export function levenbergMarquardt(
  problem: LeastSquaresProblem,
  x: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  ws: LevenbergMarquardtWorkspace,
  options: LevenbergMarquardtOptions = {},
): LevenbergMarquardtOutcome {
  const p = problem.nParameters;
  if (p > ws.maxParameters) throw new Error(`levenbergMarquardt: ${p} parameters exceed the workspace's ${ws.maxParameters}`);
  const maxIterations = options.maxIterations ?? 200;
  const ftol = options.ftol ?? 1e-12;
  const xtol = options.xtol ?? 1e-7;
  const gtol = options.gtol ?? 1e-10;
  const newton = problem.hasSecondOrder === true;
  const out = ws.outcome;
  const { trialX, step, scaleD, frozen } = ws;

  for (let j = 0; j < p; j++) x[j] = clamp(x[j], lower[j], upper[j]);
  let chi2 = problem.evaluate(x, ws.normal, ws.gradient, newton ? ws.secondOrder : null);
  out.iterations = 0;
  out.chiSquare = chi2;
  if (!Number.isFinite(chi2)) {
    out.converged = false;
    out.stop = 'non-finite';
    return out;
  }
  for (let j = 0; j < p; j++) scaleD[j] = ws.normal[j * p + j] > 0 ? ws.normal[j * p + j] : 1;
  let lambda = options.initialLambda ?? 1e-3;
  let nu = 2;

  for (;;) {
    const A = ws.normal;
    const S = ws.secondOrder;
    const g = ws.gradient;
    // Freeze parameters on a bound whose gradient points out of the box (mpfit's "pegged" parameters).
    let gradientMax = 0;
    for (let j = 0; j < p; j++) {
      const ajj = A[j * p + j];
      if (ajj > scaleD[j]) scaleD[j] = ajj;
      const outward = (x[j] <= lower[j] && g[j] < 0) || (x[j] >= upper[j] && g[j] > 0);
      frozen[j] = outward ? 1 : 0;
      if (!outward && ajj > 0) {
        const rel = Math.abs(g[j]) / Math.sqrt(ajj * Math.max(chi2, Number.MIN_VALUE));
        if (rel > gradientMax) gradientMax = rel;
      }
    }
    if (gradientMax <= gtol) return finish(out, true, 'gtol', chi2);
    if (out.iterations >= maxIterations) return finish(out, false, 'max-iterations', chi2);

    if (!solveDamped(ws, p, lambda, newton)) {
      lambda = Math.max(lambda, 1e-3) * nu;
      nu *= 2;
      if (lambda > LAMBDA_MAX) return finish(out, true, 'no-decrease', chi2);
      continue;
    }
    let stepScaled = 0;
    for (let j = 0; j < p; j++) {
      const t = clamp(x[j] + step[j], lower[j], upper[j]);
      trialX[j] = t;
      step[j] = t - x[j];
      const s = Math.abs(step[j]) * Math.sqrt(Math.max(A[j * p + j], 0));
      if (s > stepScaled) stepScaled = s;
    }
    // Predicted decrease of the quadratic model: 2 δᵀg − δᵀHδ.
    let predicted = 0;
    for (let j = 0; j < p; j++) {
      const dj = step[j];
      if (dj === 0) continue;
      let hdj = 0;
      if (newton) for (let k = 0; k < p; k++) hdj += (A[j * p + k] + S[j * p + k]) * step[k];
      else for (let k = 0; k < p; k++) hdj += A[j * p + k] * step[k];
      predicted += dj * (2 * g[j] - hdj);
    }
    out.iterations++;
    const trialChi2 = problem.evaluate(trialX, ws.trialNormal, ws.trialGradient, newton ? ws.trialSecondOrder : null);
    const actual = chi2 - trialChi2;
    if (Number.isFinite(trialChi2) && actual > 0) {
      for (let j = 0; j < p; j++) x[j] = trialX[j];
      swapBuffers(ws);
      const previous = chi2;
      chi2 = trialChi2;
      const rho = predicted > 0 ? actual / predicted : 0;
      lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
      nu = 2;
      if (stepScaled <= xtol) return finish(out, true, 'xtol', chi2);
      if (actual <= ftol * previous && predicted <= ftol * previous) return finish(out, true, 'ftol', chi2);
    } else {
      // A rejected step that the model says gains (almost) nothing: χ² is at its minimum to rounding.
      if (stepScaled <= xtol) return finish(out, true, 'xtol', chi2);
      if (predicted >= 0 && predicted <= ftol * chi2) return finish(out, true, 'ftol', chi2);
      lambda = Math.max(lambda, 1e-3) * nu;
      nu *= 2;
      if (lambda > LAMBDA_MAX) return finish(out, true, 'no-decrease', chi2);
    }
  }
}

/**
 * The parameter covariance C = A⁻¹ restricted to the parameters strictly inside their bounds (those on a bound
 * get NaN rows and columns; Press et al. 2007, eq. 15.5.15), from `ws.normal` of the last solve, into `cov` (P×P).
 * Returns false (and fills NaN) when that block is not positive definite.
 */
export function covarianceInto(
  ws: LevenbergMarquardtWorkspace,
  p: number,
  x: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  cov: Float64Array,
): boolean {
  const A = ws.normal;
  const M = ws.matrix;
  const s = ws.jacobiScale;
  const free = ws.frozen; // reused: 1 = free here
  cov.fill(NaN, 0, p * p);
  for (let j = 0; j < p; j++) {
    free[j] = x[j] > lower[j] && x[j] < upper[j] && A[j * p + j] > 0 ? 1 : 0;
    s[j] = free[j] ? 1 / Math.sqrt(A[j * p + j]) : 0;
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      M[j * p + k] = free[j] && free[k] ? A[j * p + k] * s[j] * s[k] : j === k ? 1 : 0;
    }
  }
  if (!choleskyInPlace(M, p)) return false;
  // Invert column by column: solve (L Lᵀ) y = e_k, cov = S y S.
  const y = ws.rhs;
  for (let k = 0; k < p; k++) {
    if (!free[k]) continue;
    y.fill(0, 0, p);
    y[k] = 1;
    choleskySolveInPlace(M, p, y);
    for (let j = 0; j < p; j++) if (free[j]) cov[j * p + k] = y[j] * s[j] * s[k];
  }
  return true;
}

function finish(out: LevenbergMarquardtOutcome, converged: boolean, stop: LevenbergMarquardtStop, chi2: number) {
  out.converged = converged;
  out.stop = stop;
  out.chiSquare = chi2;
  return out;
}

function swapBuffers(ws: LevenbergMarquardtWorkspace): void {
  const a = ws.normal;
  ws.normal = ws.trialNormal;
  ws.trialNormal = a;
  const g = ws.gradient;
  ws.gradient = ws.trialGradient;
  ws.trialGradient = g;
  const s = ws.secondOrder;
  ws.secondOrder = ws.trialSecondOrder;
  ws.trialSecondOrder = s;
}

/**
 * Solves (H + λ D) δ = g on the unfrozen parameters (δ = 0 on frozen ones) into ws.step, H = A (+ S when newton);
 * false if H + λD is not positive definite.
 */
function solveDamped(ws: LevenbergMarquardtWorkspace, p: number, lambda: number, newton: boolean): boolean {
  const A = ws.normal;
  const S = ws.secondOrder;
  const M = ws.matrix;
  const s = ws.jacobiScale;
  const D = ws.scaleD;
  const frozen = ws.frozen;
  for (let j = 0; j < p; j++) {
    const diag = A[j * p + j] + (newton ? S[j * p + j] : 0) + lambda * D[j];
    s[j] = frozen[j] ? 0 : diag > 0 ? 1 / Math.sqrt(diag) : NaN;
    if (s[j] !== s[j]) return false;
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      let v: number;
      if (s[j] === 0 || s[k] === 0) v = j === k ? 1 : 0;
      else if (j === k) v = 1; // (H_jj + λ D_j) s_j² = 1 by construction
      else v = (A[j * p + k] + (newton ? S[j * p + k] : 0)) * s[j] * s[k];
      M[j * p + k] = v;
    }
  }
  if (!choleskyInPlace(M, p)) return false;
  const y = ws.step;
  for (let j = 0; j < p; j++) y[j] = ws.gradient[j] * s[j];
  choleskySolveInPlace(M, p, y);
  for (let j = 0; j < p; j++) y[j] *= s[j];
  return true;
}

/** Cholesky factorisation M = L Lᵀ in place (lower triangle holds L); false if M is not positive definite (Press et al. 2007, §2.9). */
function choleskyInPlace(M: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = M[i * n + j];
      for (let k = 0; k < j; k++) sum -= M[i * n + k] * M[j * n + k];
      if (i === j) {
        if (!(sum > 1e-14)) return false;
        M[i * n + i] = Math.sqrt(sum);
      } else {
        M[i * n + j] = sum / M[j * n + j];
      }
    }
  }
  return true;
}

/** Solves L Lᵀ y = b in place (b in y), with L from {@link choleskyInPlace}. */
function choleskySolveInPlace(L: Float64Array, n: number, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = y[i];
    for (let k = 0; k < i; k++) sum -= L[i * n + k] * y[k];
    y[i] = sum / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= L[k * n + i] * y[k];
    y[i] = sum / L[i * n + i];
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
