// The data of a LINMIX regression — x, y, their measurement variances and covariance — checked and prepared once for
// the Gibbs sampler of Kelly 2007 (ApJ 665, 1489, §6: x = ξ + ε_x, y = η + ε_y, errors Gaussian with covariance σ_xy).
import { checkFinite, checkSameLength } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Prepared data shared by all chains (read only). */
export interface LinmixData {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** σ_x², σ_y², σ_xy and ρ = σ_xy/(σ_x σ_y) (0 where either error is 0). */
  readonly xVar: Float64Array;
  readonly yVar: Float64Array;
  readonly xyCov: Float64Array;
  readonly xyCorr: Float64Array;
  /** 1 where the point has a measurement error in x (resp. y): only those latent values are sampled. */
  readonly hasXError: Uint8Array;
  readonly hasYError: Uint8Array;
}

/**
 * Checks and prepares the data: finite x, y; errors finite and ≥ 0 (0 = known exactly, as in linmix); covariance finite,
 * zero where either error is zero, and |ρ| < 1; at least 3 points (ν = n − 2 ≥ 1 for σ², Kelly 2007 eq. 79) and not all
 * x equal. Copies every array: the caller's arrays are never modified.
 */
export function prepareLinmixData(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  xSigma: ArrayLike<number> | undefined,
  ySigma: ArrayLike<number> | undefined,
  xyCovariance: ArrayLike<number> | undefined,
  where: string,
): LinmixData {
  checkFinite(x, 'x', where);
  checkFinite(y, 'y', where);
  checkSameLength(x, y, 'x', 'y', where);
  const n = x.length;
  if (n < 3) throw new InputError('too-few', where, `needs at least 3 points (got ${n})`);
  const sigma = (values: ArrayLike<number> | undefined, name: string): Float64Array => {
    if (values == null) return new Float64Array(n);
    checkFinite(values, name, where);
    checkSameLength(x, values, 'x', name, where);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (values[i] < 0) throw new InputError('out-of-range', where, `${name}[${i}] must be ≥ 0 (got ${values[i]})`);
      out[i] = values[i];
    }
    return out;
  };
  const xs = sigma(xSigma, 'xSigma');
  const ys = sigma(ySigma, 'ySigma');
  const xyCov = new Float64Array(n);
  const xyCorr = new Float64Array(n);
  if (xyCovariance != null) {
    checkFinite(xyCovariance, 'xyCovariance', where);
    checkSameLength(x, xyCovariance, 'x', 'xyCovariance', where);
    for (let i = 0; i < n; i++) {
      const c = xyCovariance[i];
      if (c === 0) continue;
      if (xs[i] === 0 || ys[i] === 0) throw new InputError('inconsistent', where, `xyCovariance[${i}] = ${c} needs non-zero xSigma and ySigma`);
      const rho = c / (xs[i] * ys[i]);
      if (!(Math.abs(rho) < 1)) throw new InputError('out-of-range', where, `xyCovariance[${i}] gives a correlation ${rho}; |ρ| must be < 1`);
      xyCov[i] = c;
      xyCorr[i] = rho;
    }
  }
  let xMin = Infinity;
  let xMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < xMin) xMin = x[i];
    if (x[i] > xMax) xMax = x[i];
  }
  if (!(xMax > xMin)) throw new Error(`${where}: all x values are equal, so the slope is undetermined`);
  return {
    n,
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    xVar: Float64Array.from(xs, (s) => s * s),
    yVar: Float64Array.from(ys, (s) => s * s),
    xyCov,
    xyCorr,
    hasXError: Uint8Array.from(xs, (s) => (s > 0 ? 1 : 0)),
    hasYError: Uint8Array.from(ys, (s) => (s > 0 ? 1 : 0)),
  };
}
