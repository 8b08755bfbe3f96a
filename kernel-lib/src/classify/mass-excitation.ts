// The mass–excitation (MEx) diagram, log M* against log([O III]5007/Hβ) (Juneau et al. 2014, ApJ 788, 88, eqs. 1–2;
// coefficients: METHODS-REFERENCE §3.7): star-forming, intermediate ("composite") and AGN.
import type { SampledCurve } from './bpt-demarcation';

export type MassExcitationClass = 'sf' | 'composite' | 'agn';

/** Juneau et al. 2014 eq. 1, upper curve (AGN above): 0.375/(x − 10.5) + 1.14 for x ≤ 10, else 410.24 − 109.333x + 9.71731x² − 0.288244x³. */
export function juneau2014UpperO3(logMassMsun: number): number {
  const x = logMassMsun;
  if (!Number.isFinite(x)) return NaN;
  return x <= 10 ? 0.375 / (x - 10.5) + 1.14 : 410.24 + x * (-109.333 + x * (9.71731 - 0.288244 * x));
}

/** Juneau et al. 2014 eq. 2, lower curve (star-forming below): 0.375/(x − 10.5) + 1.14 for x ≤ 9.6, else 352.066 − 93.8249x + 8.32651x² − 0.246416x³. */
export function juneau2014LowerO3(logMassMsun: number): number {
  const x = logMassMsun;
  if (!Number.isFinite(x)) return NaN;
  return x <= 9.6 ? 0.375 / (x - 10.5) + 1.14 : 352.066 + x * (-93.8249 + x * (8.32651 - 0.246416 * x));
}

/**
 * The MEx class of a galaxy (or region) with stellar mass log(M★ / M☉) (Chabrier/Kroupa IMF) and O3 = log([O III]/Hβ):
 * AGN above the upper curve, star-forming below the lower one, composite ("MEx-intermediate") between them, which
 * exists only for log M* > 9.6 (the curves coincide below). Points on a curve go to the upper class. null for NaN input.
 */
export function classifyMassExcitation(logMassMsun: number, o3: number): MassExcitationClass | null {
  if (!Number.isFinite(logMassMsun) || !Number.isFinite(o3)) return null;
  if (o3 >= juneau2014UpperO3(logMassMsun)) return 'agn';
  if (o3 < juneau2014LowerO3(logMassMsun)) return 'sf';
  return 'composite';
}

/** Both Juneau 2014 curves sampled over logMassMin…logMassMax (default 8…12, 200 points), x = log M*, y = O3. */
export function massExcitationCurves(options: { logMassMin?: number; logMassMax?: number; points?: number } = {}): { upper: SampledCurve; lower: SampledCurve } {
  const lo = options.logMassMin ?? 8;
  const hi = options.logMassMax ?? 12;
  const n = Math.max(2, Math.floor(options.points ?? 200));
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = lo + ((hi - lo) * i) / (n - 1);
  return { upper: { x, y: x.map(juneau2014UpperO3) }, lower: { x: x.slice(), y: x.map(juneau2014LowerO3) } };
}
