// Instrumental line-spread dispersion σ_inst (km/s) at an observed wavelength: from a resolving-power curve
// (the NIRSpec G140H curve of the STScI ETC reference files, R = λ/FWHM with a 2.2-pixel FWHM) or a constant FWHM in Å.
import * as fs from 'node:fs';
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { projectPath } from '../paths';
import { parseCsv } from '../tables/csv';

/** FWHM / σ of a Gaussian: 2√(2 ln 2) ≈ 2.3548 (exp(−x²/2σ²) = 1/2 at x = σ√(2 ln 2)). */
export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

/** σ_inst in km/s as a function of the observed wavelength in Å (the medium of the spectrum's wavelengths). */
export type InstrumentalDispersion = (observedWavelengthAngstrom: number) => number;

/** A resolving-power curve R(λ), wavelengths increasing. */
export interface ResolutionCurve {
  readonly wavelengthMicron: Float64Array;
  /** R = λ / FWHM_LSF. */
  readonly resolvingPower: Float64Array;
}

/** Path of the NIRSpec G140H curve shipped in data/ (copied from the team's shared/data/nirspec/). */
export function g140hResolutionPath(): string {
  return projectPath('data', 'nirspec', 'g140h_resolution.csv');
}

/**
 * Reads a resolving-power curve from CSV with columns `wavelength_um` and `R` (lines starting with '#' are comments),
 * by default the NIRSpec G140H curve (STScI ETC reference, 2016-08-30; R = λ / (2.2 × dispersion per pixel)).
 */
export function readResolutionCurve(path: string = g140hResolutionPath()): ResolutionCurve {
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
  const w = curve.wavelengthMicron;
  const r = curve.resolvingPower;
  const n = w.length;
  if (!(wavelengthMicron > w[0])) return r[0];
  if (!(wavelengthMicron < w[n - 1])) return r[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (w[mid] <= wavelengthMicron) lo = mid;
    else hi = mid;
  }
  const t = (wavelengthMicron - w[lo]) / (w[hi] - w[lo]);
  return r[lo] + t * (r[hi] - r[lo]);
}

/** σ_inst(λ) from a resolving-power curve: σ_inst = c / (R(λ) · 2√(2 ln 2)) in km/s, since R = λ/FWHM. */
export function dispersionFromResolution(curve: ResolutionCurve): InstrumentalDispersion {
  return (observedWavelengthAngstrom) =>
    SPEED_OF_LIGHT_KMS / (resolvingPowerAt(curve, observedWavelengthAngstrom * 1e-4) * FWHM_PER_SIGMA);
}

/** σ_inst(λ) for a constant LSF FWHM in Å (e.g. SAMI's 1.61 Å): σ_inst = c · FWHM / (λ · 2√(2 ln 2)) km/s. */
export function dispersionFromFwhm(fwhmAngstrom: number): InstrumentalDispersion {
  if (!(fwhmAngstrom >= 0)) throw new Error(`dispersionFromFwhm: FWHM must be ≥ 0 Å (got ${fwhmAngstrom})`);
  return (observedWavelengthAngstrom) => (SPEED_OF_LIGHT_KMS * fwhmAngstrom) / (observedWavelengthAngstrom * FWHM_PER_SIGMA);
}

/** A constant σ_inst in km/s (0 = no instrumental broadening). */
export function constantDispersion(sigmaKms: number): InstrumentalDispersion {
  if (!(sigmaKms >= 0)) throw new Error(`constantDispersion: σ must be ≥ 0 km/s (got ${sigmaKms})`);
  return () => sigmaKms;
}

let g140hCache: InstrumentalDispersion | null = null;

/** σ_inst(λ) of NIRSpec G140H from data/nirspec/g140h_resolution.csv (read once): ≈ 37–50 km/s over 1.0–1.8 µm. */
export function nirspecG140hDispersion(): InstrumentalDispersion {
  if (!g140hCache) g140hCache = dispersionFromResolution(readResolutionCurve());
  return g140hCache;
}
