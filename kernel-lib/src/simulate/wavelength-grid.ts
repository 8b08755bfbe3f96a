// The wavelength grid of a simulated cube: linear in vacuum wavelength over the G140H/F100LP range 0.97–1.82 µm
// (Ju et al. §2.1), with one channel per native G140H detector pixel on average (dlds column of the STScI ETC curve).
import { G140H_F100LP_RANGE_MICRON, nirspecG140hDispersionCurve, type GratingDispersionCurve } from '../instrument/nirspec-g140h';

/** A linear wavelength axis as written to the FITS WCS (CRPIX3 = 1, CTYPE3 'WAVE', CUNIT3 'm'). */
export interface WavelengthGrid {
  /** Wavelength of the first channel (FITS pixel 1), metres. */
  readonly crval3Metre: number;
  /** Channel width, metres. */
  readonly cdelt3Metre: number;
  readonly nWave: number;
  /** Vacuum wavelength of channel k, Å, computed exactly as io/readCube computes it from the WCS. */
  readonly wavelengthAngstrom: Float64Array;
  /** Channel width, Å. */
  readonly channelWidthAngstrom: number;
}

/**
 * Number of native detector pixels spanning [λ0, λ1] µm: ∫ dλ / (dλ/ds), trapezoid rule on the tabulated curve
 * (restricted to the tabulated points inside the range, plus the end points by linear interpolation).
 */
export function nativePixelsBetween(curve: GratingDispersionCurve, lowMicron: number, highMicron: number): number {
  const w = curve.wavelengthMicron;
  const d = curve.dldsMicronPerPixel;
  const at = (x: number): number => {
    let i = 0;
    while (i < w.length - 2 && w[i + 1] < x) i++;
    const t = (x - w[i]) / (w[i + 1] - w[i]);
    return d[i] + t * (d[i + 1] - d[i]);
  };
  const xs = [lowMicron, ...Array.from(w).filter((x) => x > lowMicron && x < highMicron), highMicron];
  let pixels = 0;
  for (let i = 1; i < xs.length; i++) pixels += (xs[i] - xs[i - 1]) * 0.5 * (1 / at(xs[i]) + 1 / at(xs[i - 1]));
  return pixels;
}

let cachedGrid: WavelengthGrid | null = null;

/**
 * The simulator's grid: 0.97–1.82 µm, channel width = (1.82 − 0.97) µm / (native G140H pixels in that range)
 * = 2.3501 Å (rounded to 1e-4 Å), i.e. 3617 channels (≈ 3618 is quoted for the team's cubes; not verified here).
 * A constant width is what a linear FITS WCS can express; the native dispersion varies 2.26–2.41 Å per pixel.
 */
export function g140hWavelengthGrid(): WavelengthGrid {
  if (cachedGrid) return cachedGrid;
  const [lowMicron, highMicron] = G140H_F100LP_RANGE_MICRON;
  const pixels = nativePixelsBetween(nirspecG140hDispersionCurve(), lowMicron, highMicron);
  const channelWidthAngstrom = Math.round((((highMicron - lowMicron) * 1e4) / pixels) * 1e4) / 1e4;
  cachedGrid = linearWavelengthGrid(lowMicron * 1e-6, channelWidthAngstrom * 1e-10, Math.floor(((highMicron - lowMicron) * 1e4) / channelWidthAngstrom + 1e-9) + 1);
  return cachedGrid;
}

/** A linear grid from the WCS values: λ_k = (CRVAL3 + CDELT3 · k) m → Å (FITS WCS Paper III, Greisen et al. 2006, §3.1, CRPIX3 = 1). */
export function linearWavelengthGrid(crval3Metre: number, cdelt3Metre: number, nWave: number): WavelengthGrid {
  if (!(cdelt3Metre > 0) || !(crval3Metre > 0) || !Number.isInteger(nWave) || nWave < 2) {
    throw new Error(`linearWavelengthGrid: need CRVAL3 > 0, CDELT3 > 0 and ≥ 2 channels (got ${crval3Metre}, ${cdelt3Metre}, ${nWave})`);
  }
  const wavelengthAngstrom = new Float64Array(nWave);
  // the same arithmetic as io/wcs.ts spectralAxisFromHeader, so a written cube reads back to identical doubles
  for (let k = 0; k < nWave; k++) wavelengthAngstrom[k] = (crval3Metre + cdelt3Metre * (k + 1 - 1)) * 1e10;
  return Object.freeze({ crval3Metre, cdelt3Metre, nWave, wavelengthAngstrom, channelWidthAngstrom: cdelt3Metre * 1e10 });
}
