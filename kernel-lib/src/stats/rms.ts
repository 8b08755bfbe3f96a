// Dispersion summaries: mean, root mean square, root-mean-square error about a model, and standard deviation (numpy conventions).
import { checkFinite, checkSameLength } from '../errors/check-options';

/** Arithmetic mean Σx/n, two-pass corrected for rounding (Chan, Golub & LeVeque 1983, eq. 1.7 with the correction term). */
export function mean(values: ArrayLike<number>): number {
  checkNonEmpty(values, 'values', 'mean');
  return meanOf(values);
}

/** Root mean square of the values themselves, √(Σx²/n) — e.g. the RMS of a set of gradients about zero. */
export function rms(values: ArrayLike<number>): number {
  checkNonEmpty(values, 'values', 'rms');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum / values.length);
}

/**
 * Root-mean-square error of observations about a model, √(Σ(y − ŷ)² / (n − ddof)). With the default ddof = 0 this is
 * the plain RMSE (the scatter of spaxels about a fitted gradient); ddof = p (the number of fitted parameters)
 * gives the residual standard error √(RSS/(n−p)) instead.
 */
export function rmse(observed: ArrayLike<number>, predicted: ArrayLike<number>, options: { ddof?: number } = {}): number {
  checkNonEmpty(observed, 'observed', 'rmse');
  checkFinite(predicted, 'predicted', 'rmse');
  checkSameLength(observed, predicted, 'observed', 'predicted', 'rmse');
  const ddof = checkDdof(options.ddof ?? 0, observed.length, 'rmse');
  let sum = 0;
  for (let i = 0; i < observed.length; i++) {
    const r = observed[i] - predicted[i];
    sum += r * r;
  }
  return Math.sqrt(sum / (observed.length - ddof));
}

/**
 * Standard deviation √(Σ(x − x̄)² / (n − ddof)) (two-pass, Chan, Golub & LeVeque 1983, eq. 1.7).
 * ddof = 0 (default) is numpy.std's population form; ddof = 1 is the unbiased-variance sample form.
 */
export function standardDeviation(values: ArrayLike<number>, options: { ddof?: number } = {}): number {
  checkNonEmpty(values, 'values', 'standardDeviation');
  const ddof = checkDdof(options.ddof ?? 0, values.length, 'standardDeviation');
  return Math.sqrt(sumOfSquaredDeviations(values) / (values.length - ddof));
}

/** Mean without checks; the second pass adds the mean residual to cancel rounding (Chan et al. 1983). */
export function meanOf(values: ArrayLike<number>): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const first = sum / n;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += values[i] - first;
  return first + correction / n;
}

/** Σ(x − x̄)² without checks, corrected two-pass algorithm (Chan, Golub & LeVeque 1983, eq. 1.7). */
export function sumOfSquaredDeviations(values: ArrayLike<number>): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const m = sum / n;
  let ss = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
    s += d;
  }
  return ss - (s * s) / n;
}

function checkNonEmpty(values: ArrayLike<number>, name: string, where: string): void {
  checkFinite(values, name, where);
  if (values.length === 0) throw new Error(`${where}: ${name} is empty`);
}

function checkDdof(ddof: number, n: number, where: string): number {
  if (!Number.isInteger(ddof) || ddof < 0) throw new Error(`${where}: ddof must be a non-negative integer (got ${ddof})`);
  if (n - ddof <= 0) throw new Error(`${where}: needs more than ddof = ${ddof} values (got ${n})`);
  return ddof;
}
