// Pearson's product-moment correlation r and its exact two-sided p-value under independent normal data
// (Pearson 1895; the t-test of r: Fisher 1915), computed as scipy.stats.pearsonr does.
import { checkFinite, checkSameLength } from '../errors/check-options';
import { InputError } from '../errors/input-error';
import { regularizedIncompleteBeta } from './special-functions';

/** Pearson's r, its two-sided p-value for H0: ρ = 0, and the number of points. */
export interface PearsonResult {
  readonly r: number;
  readonly pValue: number;
  readonly n: number;
}

/**
 * r = Σ(x − x̄)(y − ȳ) / (‖x − x̄‖ ‖y − ȳ‖) (Pearson 1895), clipped to [−1, 1]; under ρ = 0 the statistic
 * t = r √((n−2)/(1−r²)) is Student-t with n − 2 dof, so p = I_{1−r²}((n−2)/2, ½) (Press et al. 2007, eq. 14.5.2 and §6.14),
 * equal to scipy's 2·btdtr(n/2−1, n/2−1, (1−|r|)/2). n = 2 gives r = ±1, p = 1 (as scipy); |r| = 1 otherwise gives p = 0.
 * Throws for fewer than 2 points, mismatched lengths, non-finite values or a constant input.
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): PearsonResult {
  const where = 'pearsonCorrelation';
  checkFinite(x, 'x', where);
  checkFinite(y, 'y', where);
  checkSameLength(x, y, 'x', 'y', where);
  const n = x.length;
  if (n < 2) throw new InputError('too-few', where, `needs at least 2 points (got ${n})`);
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
  }
  const xMean = sx / n;
  const yMean = sy / n;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - xMean) ** 2;
    syy += (y[i] - yMean) ** 2;
  }
  const xNorm = Math.sqrt(sxx);
  const yNorm = Math.sqrt(syy);
  // Constant (or constant up to rounding: ‖x − x̄‖ ≤ 1e-13 |x̄| √n, scipy's near-constant test) input has no r.
  if (!(xNorm > 1e-13 * Math.abs(xMean) * Math.sqrt(n))) throw new Error(`${where}: x is constant, so r is undefined`);
  if (!(yNorm > 1e-13 * Math.abs(yMean) * Math.sqrt(n))) throw new Error(`${where}: y is constant, so r is undefined`);
  // Normalise each centred vector before the dot product, as scipy does, to avoid overflow and keep |r| ≤ 1.
  let dot = 0;
  for (let i = 0; i < n; i++) dot += ((x[i] - xMean) / xNorm) * ((y[i] - yMean) / yNorm);
  const r = Math.max(-1, Math.min(1, dot));
  if (n === 2) return { r: Math.sign(r), pValue: 1, n };
  const oneMinusR2 = (1 - r) * (1 + r); // 1 − r², without cancellation near |r| = 1
  const pValue = oneMinusR2 <= 0 ? 0 : regularizedIncompleteBeta(oneMinusR2, (n - 2) / 2, 0.5);
  return { r, pValue, n };
}
