// Measured line fluxes (with 1σ errors) and EW(Hα) of one spaxel or of a whole map, the S/N test every diagnostic
// applies, and the bridge from a cube fit (`fitCube`, Ju et al. §2.2) to these inputs.
import type { CubeFit } from '../linemaps/fit-cube';
import type { SpectrumFit } from '../spectra/fit-results';

/** A measured quantity and its 1σ error (same unit). */
export interface MeasuredValue {
  value: number;
  error: number;
}

/** One map of a measured quantity and its 1σ errors, both of length nSpaxels. */
export interface MeasuredMap {
  value: Float64Array;
  error: Float64Array;
}

/** The strong lines the classification and abundance diagnostics use (names as in spectra/lines). */
export const STRONG_LINES = ['hb', 'oiii5007', 'ha', 'nii6584', 'sii6717', 'sii6731'] as const;
export type StrongLine = (typeof STRONG_LINES)[number];

/**
 * Line fluxes of one spaxel (any flux unit, only ratios are used) and its rest-frame EW(Hα) in Å, positive for
 * emission. A line that was not measured (outside the coverage, in the detector gap) is left out or given NaN.
 */
export type SpaxelLineMeasurements = Partial<Record<StrongLine, MeasuredValue>> & { ewHaAngstrom?: MeasuredValue };

/** The same, one map per line (index y·nx + x, as in a cube fit). */
export type LineMeasurementMaps = Partial<Record<StrongLine, MeasuredMap>> & { ewHaAngstrom?: MeasuredMap };

/**
 * True when the flux is positive and detected: value > 0, error finite and ≥ 0, value/error > minSnr (strictly; an
 * error of exactly 0, as in noiseless simulations, counts as infinite S/N).
 * Fluxes ≤ 0 and missing errors never pass (MaNGA DAP/Marvin and DESI mask them before taking logs; METHODS-REFERENCE §3.9.7).
 */
export function passesSnr(value: number, error: number, minSnr: number): boolean {
  if (!(value > 0) || !Number.isFinite(value) || !(error >= 0) || !Number.isFinite(error)) return false;
  return error === 0 ? true : value / error > minSnr;
}

/** log10(numerator/denominator), NaN unless both are finite and > 0 (never a log of a non-detection). */
export function logFluxRatio(numerator: number, denominator: number): number {
  if (!(numerator > 0) || !(denominator > 0) || !Number.isFinite(numerator) || !Number.isFinite(denominator)) return NaN;
  return Math.log10(numerator / denominator);
}

/** The value at spaxel `i` of a map, or undefined when the line has no map. */
export function measurementAt(map: MeasuredMap | undefined, i: number): MeasuredValue | undefined {
  return map ? { value: map.value[i], error: map.error[i] } : undefined;
}

/**
 * The strong-line fluxes and EW(Hα) of a cube fit, as maps: `${line}_flux` with `${line}_flux_err` (the paper's
 * residual-based errors, Ju et al. §2.2) and `ha_ew` with `ha_ew_err` (rest-frame Å). Lines the fit lacks are left out.
 */
export function lineMeasurementsFromCubeFit(fit: Pick<CubeFit, 'maps'>): LineMeasurementMaps {
  const out: LineMeasurementMaps = {};
  for (const line of STRONG_LINES) {
    const value = fit.maps[`${line}_flux`];
    const error = fit.maps[`${line}_flux_err`];
    if (value && error) out[line] = { value, error };
  }
  if (fit.maps.ha_ew && fit.maps.ha_ew_err) out.ewHaAngstrom = { value: fit.maps.ha_ew, error: fit.maps.ha_ew_err };
  return out;
}

/**
 * The strong-line fluxes and EW(Hα) of ONE spectrum fit (`fitSpectrum`), in the form the classifiers and the
 * metallicity functions take: flux with its residual-based error (the paper's, Ju et al. §2.2, as in the cube maps),
 * and Hα's rest-frame EW in Å. Lines the fit lacks or did not measure are left out.
 */
export function lineMeasurementsFromSpectrumFit(fit: Pick<SpectrumFit, 'lines'>): SpaxelLineMeasurements {
  const out: SpaxelLineMeasurements = {};
  for (const line of STRONG_LINES) {
    const l = fit.lines[line];
    if (l && l.fitted) out[line] = { value: l.flux, error: l.fluxErrResidual };
  }
  const ha = fit.lines.ha;
  if (ha && ha.fitted) out.ewHaAngstrom = { value: ha.ewRestAngstrom, error: ha.ewRestErrResidualAngstrom };
  return out;
}

/**
 * The strong-line measurements of one spectrum fitted in parts (e.g. the blue and red arms of a spectrograph): each
 * line, and EW(Hα), from the first fit that measured it.
 */
export function lineMeasurementsFromSpectrumFits(fits: ReadonlyArray<Pick<SpectrumFit, 'lines'>>): SpaxelLineMeasurements {
  const parts = fits.map(lineMeasurementsFromSpectrumFit);
  const out: SpaxelLineMeasurements = {};
  for (const key of [...STRONG_LINES, 'ewHaAngstrom'] as const) {
    const found = parts.find((p) => p[key] !== undefined);
    if (found) out[key] = found[key];
  }
  return out;
}
