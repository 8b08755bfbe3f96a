// A spectrograph's resolving power against wavelength, R(λ) = λ / FWHM_LSF, as a table interpolated linearly, built
// from arrays or read from a user's CSV (the NIRSpec G140H curve ships with the library: nirspec-g140h.ts).
import * as fs from 'node:fs';
import { parseCsv } from '../tables/csv';

/** A resolving-power curve R(λ), wavelengths increasing. */
export interface ResolutionCurve {
  readonly wavelengthMicron: Float64Array;
  /** R = λ / FWHM_LSF. */
  readonly resolvingPower: Float64Array;
}

/**
 * Reads a resolving-power curve from a CSV file with columns `wavelength_um` and `R` (lines starting with '#' are
 * comments), e.g. another grating's curve from the STScI exposure-time-calculator reference files.
 */
export function readResolutionCurve(path: string): ResolutionCurve {
  const text = fs
    .readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('#'))
    .join('\n');
  const { header, rows } = parseCsv(text, path);
  const iw = header.indexOf('wavelength_um');
  const ir = header.indexOf('R');
  if (iw < 0 || ir < 0) throw new Error(`${path}: needs columns wavelength_um and R (got ${header.join(', ')})`);
  return resolutionCurve(
    rows.map((r) => Number(r[iw])),
    rows.map((r) => Number(r[ir])),
  );
}

/** A curve from arrays of wavelength (µm, strictly increasing) and R (> 0). */
export function resolutionCurve(wavelengthMicron: ArrayLike<number>, resolvingPower: ArrayLike<number>): ResolutionCurve {
  const n = wavelengthMicron.length;
  if (n < 2 || resolvingPower.length !== n) throw new Error('resolutionCurve: need ≥ 2 points and equal lengths');
  const w = Float64Array.from(wavelengthMicron);
  const r = Float64Array.from(resolvingPower);
  for (let i = 0; i < n; i++) {
    if (!(r[i] > 0) || !Number.isFinite(w[i]) || (i > 0 && !(w[i] > w[i - 1]))) {
      throw new Error(`resolutionCurve: point ${i} is invalid (wavelengths must increase, R > 0)`);
    }
  }
  return { wavelengthMicron: w, resolvingPower: r };
}

/** R at a wavelength (µm) by linear interpolation; the end values beyond the curve's range. */
export function resolvingPowerAt(curve: ResolutionCurve, wavelengthMicron: number): number {
  return interpolateClamped(curve.wavelengthMicron, curve.resolvingPower, wavelengthMicron);
}

/** y at x by linear interpolation in (xs, ys), xs strictly increasing; the end values beyond its range. */
export function interpolateClamped(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (!(x > xs[0])) return ys[0];
  if (!(x < xs[n - 1])) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}
