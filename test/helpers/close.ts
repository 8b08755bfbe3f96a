// Numerical assertions shared by the tests: absolute (`close`), relative as numpy.isclose (`assertClose`) and element-wise
// (`assertAllClose`), each failing with both numbers, the tolerance and what was compared.
import assert from 'node:assert/strict';

/** Asserts |actual − expected| ≤ tol (absolute tolerance). */
export function close(actual: number, expected: number, tol = 1e-9, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (tol ${tol})`);
}

/** |actual − expected| / |expected|, 0 when the two are equal (expected = 0 counts as the smallest positive double). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| (numpy.isclose's rule). */
export function assertClose(actual: number, expected: number, rtol: number, what: string, atol = 0): void {
  const ok = Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  assert.ok(ok, `${what}: got ${actual}, expected ${expected} (rel. error ${relativeError(actual, expected).toExponential(2)}, rtol ${rtol}, atol ${atol})`);
}

/** assertClose element by element, after checking the lengths agree. */
export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string, atol = 0): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], rtol, `${what}[${i}]`, atol);
}
