// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan 1996, definition 7; numpy's default).

/**
 * The p-quantile of already-sorted ascending values: h = (n−1)p, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)
 * (Hyndman & Fan 1996, eq. for Q₇). No copy, no check of the order.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('quantileSorted: no values');
  if (!(p >= 0 && p <= 1)) throw new Error(`quantileSorted: p must be in [0, 1] (got ${p})`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/** The p-quantile (0 ≤ p ≤ 1) of finite values, as numpy.quantile(values, p) (Hyndman & Fan 1996, Q₇). Sorts a copy. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values, 'quantile'), p);
}

/** The median: the middle value, or the mean of the two middle values when n is even (numpy.median). */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(sortedCopy(values, 'median'), 0.5);
}

function sortedCopy(values: ArrayLike<number>, where: string): Float64Array {
  if (values == null || values.length === 0) throw new Error(`${where}: no values`);
  const copy = Float64Array.from(values);
  for (let i = 0; i < copy.length; i++) {
    if (!Number.isFinite(copy[i])) throw new Error(`${where}: values[${i}] is not a finite number (got ${values[i]})`);
  }
  return copy.sort();
}
