// An ellipsoid in the unit cube bounding a set of live points — centre, Cholesky factor of its shape matrix, log volume —
// with uniform sampling inside it (Mukherjee, Parkinson & Liddle 2006, ApJ 638, L51, §2; Feroz & Hobson 2008, MNRAS
// 384, 449, §5.1).
//
// The ellipsoid is {x : (x − c)ᵀ C⁻¹ (x − c) ≤ 1} with C = L Lᵀ; its volume is V_d |det L|, V_d = π^{d/2}/Γ(d/2 + 1).
import { logGamma } from '../stats/special-functions';
import type { SeededRandom } from '../stats/random';

export interface Ellipsoid {
  readonly nDim: number;
  /** Centre, length d. */
  readonly centre: Float64Array;
  /** Lower-triangular Cholesky factor of the shape matrix C, row-major d × d (upper part zero). */
  readonly cholesky: Float64Array;
  /** ln volume. */
  logVolume: number;
}

/** ln of the volume of the unit d-ball, (d/2) ln π − ln Γ(d/2 + 1) (e.g. Abramowitz & Stegun 1972, 6.1 and Sommerville 1958). */
export function logUnitBallVolume(nDim: number): number {
  return 0.5 * nDim * Math.log(Math.PI) - logGamma(0.5 * nDim + 1);
}

/**
 * In-place Cholesky factorisation A = L Lᵀ of a symmetric positive-definite d × d row-major matrix, L written to the
 * lower triangle and zeros above (Cholesky–Banachiewicz; Golub & Van Loan 2013, Alg. 4.2.1). Returns false when A is
 * not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, d: number): boolean {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= a[i * d + k] * a[j * d + k];
      if (i === j) {
        if (!(s > 0)) return false;
        a[i * d + i] = Math.sqrt(s);
      } else {
        a[i * d + j] = s / a[j * d + j];
      }
    }
    for (let j = i + 1; j < d; j++) a[i * d + j] = 0;
  }
  return true;
}

/** (x − c)ᵀ C⁻¹ (x − c) = |L⁻¹ (x − c)|² by forward substitution; `work` has length d. */
export function mahalanobisSquared(e: Ellipsoid, x: Float64Array, xOffset: number, work: Float64Array): number {
  const d = e.nDim;
  const L = e.cholesky;
  let sum = 0;
  for (let i = 0; i < d; i++) {
    let s = x[xOffset + i] - e.centre[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * work[k];
    const y = s / L[i * d + i];
    work[i] = y;
    sum += y * y;
  }
  return sum;
}

/** Multiplies the ellipsoid's volume by `factor` (> 0): L ← L · factor^{1/d}. */
export function scaleEllipsoidVolume(e: Ellipsoid, factor: number): void {
  const linear = Math.pow(factor, 1 / e.nDim);
  for (let k = 0; k < e.cholesky.length; k++) e.cholesky[k] *= linear;
  e.logVolume += Math.log(factor);
}

/**
 * Writes a point drawn uniformly inside the ellipsoid to out: x = c + L z, z uniform in the unit ball
 * (z = g |g|⁻¹ U^{1/d}, g standard normal; Muller 1959, Comm. ACM 2(4), 19); `work` has length d.
 */
export function sampleEllipsoid(e: Ellipsoid, random: SeededRandom, out: Float64Array, work: Float64Array): void {
  const d = e.nDim;
  let norm2 = 0;
  for (let i = 0; i < d; i++) {
    const g = random.normal();
    work[i] = g;
    norm2 += g * g;
  }
  const scale = Math.pow(random.uniform(), 1 / d) / Math.sqrt(norm2);
  const L = e.cholesky;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += L[i * d + k] * work[k];
    out[i] = e.centre[i] + s * scale;
  }
}

/**
 * The ellipsoid of a set of points (rows `indices` of the row-major n × d array `points`): centre = mean, shape =
 * sample covariance scaled so the outermost point lies on the surface (Mukherjee et al. 2006, §2), then enlarged, if
 * needed, to at least `minLogVolume` (Feroz & Hobson 2008, §5.1.2: the bound may not be smaller than the expected
 * prior volume X of the live points). A degenerate covariance gets a diagonal jitter of 1e-10 of its trace.
 */
export function boundingEllipsoid(points: Float64Array, nDim: number, indices: ArrayLike<number>, minLogVolume = -Infinity): Ellipsoid {
  const d = nDim;
  const n = indices.length;
  if (n < 2) throw new Error(`boundingEllipsoid: needs at least 2 points (got ${n})`);
  const centre = new Float64Array(d);
  for (let m = 0; m < n; m++) {
    const row = indices[m] * d;
    for (let i = 0; i < d; i++) centre[i] += points[row + i];
  }
  for (let i = 0; i < d; i++) centre[i] /= n;
  const cov = new Float64Array(d * d);
  for (let m = 0; m < n; m++) {
    const row = indices[m] * d;
    for (let i = 0; i < d; i++) {
      const di = points[row + i] - centre[i];
      for (let j = 0; j <= i; j++) cov[i * d + j] += di * (points[row + j] - centre[j]);
    }
  }
  let trace = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      cov[i * d + j] /= n - 1;
      cov[j * d + i] = cov[i * d + j];
    }
    trace += cov[i * d + i];
  }
  const jitterBase = trace > 0 ? (1e-10 * trace) / d : 1e-20;
  let jitter = 0;
  const work = new Float64Array(d * d);
  for (let attempt = 0; ; attempt++) {
    work.set(cov);
    for (let i = 0; i < d; i++) work[i * d + i] += jitter;
    if (choleskyInPlace(work, d)) break;
    if (attempt > 40) throw new Error('boundingEllipsoid: covariance of the live points is not positive definite even with jitter');
    jitter = jitter === 0 ? jitterBase : jitter * 10;
  }
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += Math.log(work[i * d + i]);
  const e: Ellipsoid = { nDim: d, centre, cholesky: work, logVolume: logUnitBallVolume(d) + logDet };
  // scale so that every point is inside: C ← C · max r², i.e. L ← L · max r
  const tmp = new Float64Array(d);
  let maxR2 = 0;
  for (let m = 0; m < n; m++) maxR2 = Math.max(maxR2, mahalanobisSquared(e, points, indices[m] * d, tmp));
  if (maxR2 > 0) scaleEllipsoidVolume(e, Math.pow(maxR2 * (1 + 1e-9), d / 2));
  if (e.logVolume < minLogVolume) scaleEllipsoidVolume(e, Math.exp(minLogVolume - e.logVolume));
  return e;
}

/**
 * The end points c ± √λ₁ v₁ of the longest axis (λ₁, v₁ the largest eigenpair of C = L Lᵀ, by power iteration from a
 * fixed generic start; Golub & Van Loan 2013, §8.2.1): the seeds of the 2-means split (Feroz & Hobson 2008, §5.2).
 */
export function majorAxisEndpoints(e: Ellipsoid): [Float64Array, Float64Array] {
  const d = e.nDim;
  const L = e.cholesky;
  // a generic start (no symmetry that could make it orthogonal to v₁ for axis-aligned or diagonal shapes)
  let v = Float64Array.from({ length: d }, (_, i) => 1 + 0.5 * Math.sin(1 + 2.4 * i));
  let w = new Float64Array(d);
  const t = new Float64Array(d);
  let lambda = 0;
  for (let iter = 0; iter < 100; iter++) {
    // w = L Lᵀ v
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = i; k < d; k++) s += L[k * d + i] * v[k];
      t[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += L[i * d + k] * t[k];
      w[i] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0)) break;
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i] /= norm;
      change += Math.abs(w[i] - v[i]);
    }
    lambda = norm;
    [v, w] = [w, v];
    if (change < 1e-10) break;
  }
  const half = Math.sqrt(lambda);
  const a = new Float64Array(d);
  const b = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    a[i] = e.centre[i] + half * v[i];
    b[i] = e.centre[i] - half * v[i];
  }
  return [a, b];
}
