// One spaxel of a cube, in the fitting unit, with its full spectrum fit: for plotting a spectrum with its model.
import type { Cube } from '../io/cube';
import type { SpectrumFit } from '../spectra/fit-results';
import { createSpectrumFitter } from '../spectra/fit-spectrum';
import { instrumentFromSpec } from './cube-fit-job';
import { fittingUnit, resolveFitterOptions, type FitCubeOptions } from './fit-cube';

export interface SpaxelSpectrum {
  x: number;
  y: number;
  wavelengthAngstrom: Float64Array;
  /** Flux density in `densityUnit` (1e-20 erg/s/cm²/Å per spaxel for MJy/sr or any erg unit fittingUnit reads); NaN where masked. */
  flux: Float64Array;
  error: Float64Array | null;
  densityUnit: string;
}

/** The spectrum of spaxel (x, y) (0-based) in the unit fitCube fits in; masked channels are NaN. */
export function spaxelSpectrum(cube: Cube, x: number, y: number): SpaxelSpectrum {
  if (!(Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < cube.nx && y < cube.ny)) {
    throw new Error(`spaxel (${x}, ${y}) is outside the ${cube.nx} × ${cube.ny} cube ${cube.source.path}`);
  }
  const { factors, densityUnit } = fittingUnit(cube);
  const plane = cube.nx * cube.ny;
  const s = y * cube.nx + x;
  const flux = new Float64Array(cube.nWave);
  const error = cube.error ? new Float64Array(cube.nWave) : null;
  for (let k = 0; k < cube.nWave; k++) {
    const bad = cube.mask[k * plane + s] !== 0;
    flux[k] = bad ? NaN : cube.flux[k * plane + s] * factors[k];
    if (error) error[k] = bad ? NaN : cube.error![k * plane + s] * factors[k];
  }
  return { x, y, wavelengthAngstrom: Float64Array.from(cube.wavelengthAngstrom), flux, error, densityUnit };
}

/**
 * A fitter for the spaxels of one cube, fitting each exactly as fitCube does (one layout for all): for refitting a few
 * spaxels to draw their models, e.g. the spaxel explorer.
 */
export function spaxelFitter(cube: Cube, options: FitCubeOptions = {}): (x: number, y: number) => { spectrum: SpaxelSpectrum; fit: SpectrumFit } {
  const { provenance: _provenance, ...resolved } = resolveFitterOptions(cube, options);
  const fitter = createSpectrumFitter(Float64Array.from(cube.wavelengthAngstrom), { ...resolved, instrument: instrumentFromSpec(resolved.instrument) });
  return (x, y) => {
    const spectrum = spaxelSpectrum(cube, x, y);
    return { spectrum, fit: fitter.fit(spectrum.flux, spectrum.error) };
  };
}

/** Fits one spaxel exactly as fitCube does and returns its spectrum and the full fit (lines, windows, model). */
export function fitSpaxel(cube: Cube, x: number, y: number, options: FitCubeOptions = {}): { spectrum: SpaxelSpectrum; fit: SpectrumFit } {
  return spaxelFitter(cube, options)(x, y);
}
