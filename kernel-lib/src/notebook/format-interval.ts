// A posterior summary as text for tables and captions: "median (+upper/−lower)", the errors to the 84th and 16th percentiles.
import type { PosteriorSummary } from '../stats/sample-summary';

/** "250.3 (+6.1/−5.2)" from a PosteriorSummary (its median, p16 and p84), with `digits` decimals. */
export function formatInterval(x: Pick<PosteriorSummary, 'median' | 'p16' | 'p84'>, digits = 1): string {
  return `${x.median.toFixed(digits)} (+${(x.p84 - x.median).toFixed(digits)}/−${(x.median - x.p16).toFixed(digits)})`;
}
