// A one-line description of a gradient fit or of why there is none (for notebooks, logs and the CLI).
import type { GradientResult } from './fit-gradient';

/** "−0.0150 ± 0.0044 dex/kpc over 0.50–6.87 kpc (n = 122, RMSE 0.067 dex)" or "no gradient: <reason>". */
export function describeGradient(result: GradientResult | null, reasonIfNull = 'not fitted'): string {
  if (!result) return `no gradient: ${reasonIfNull}`;
  if (!result.ok) return `no gradient: ${result.reason}`;
  const unit = result.radiusUnit;
  return `${result.slope >= 0 ? '+' : ''}${result.slope.toFixed(4)} ± ${result.slopeErr.toFixed(4)} dex/${unit} over ` +
    `${result.rMin.toFixed(2)}–${result.rMax.toFixed(2)} ${unit} (n = ${result.nSpaxels}, RMSE ${result.rmse.toFixed(3)} dex)`;
}
