// A posterior summary as text for tables and captions: "median (+upper/−lower)", the errors to the 84th and 16th percentiles.

/** "250.3 (+6.1/−5.2)" from { median, lo, hi } (lo, hi = 16th and 84th percentiles), with `digits` decimals. */
export function formatInterval(x: { median: number; lo: number; hi: number }, digits = 1): string {
  return `${x.median.toFixed(digits)} (+${(x.hi - x.median).toFixed(digits)}/−${(x.median - x.lo).toFixed(digits)})`;
}
