// Expected uncertainties of a line flux and of a rest-frame EW fitted to a spectrum with white Gaussian noise: used to
// calibrate the simulator's noise (ID8365's Hα flux error, (133.83 ± 2.28) × 10⁻²⁰ erg/s/cm², Ju et al. §2.2) and to
// predict how many spaxels pass the paper's cuts, S/N(Hα flux) > 10 and S/N(EW) > 5.
//
// Fisher-matrix results for a Gaussian of flux F and width σ_λ sampled on channels of width Δλ with noise σ per channel
// (cf. Lenz & Ayres 1992, PASP 104, 1104, for the same calculation on amplitudes and widths):
//   width known:  Var(F) = 2√π σ_λ Δλ σ²       (the brief's S/N ≈ F/(σ √N_eff), N_eff = 2√π σ_λ/Δλ, in flux units)
//   width fitted: Var(F) = 3√π σ_λ Δλ σ²       (amplitude and width correlate; the paper fits the width)
// A straight-line continuum fitted over N channels at λ_i, evaluated at λ_line:
//   Var(C) = σ² [1/N + (λ_line − λ̄)² / Σ(λ_i − λ̄)²]  (the variance of an ordinary least-squares line at λ_line)
// and EW = F / C, so (σ_EW/EW)² = (σ_F/F)² + (σ_C/C)² (covariance between F and C neglected).
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { EMISSION_LINES, type LineName } from '../lines/emission-lines';
import { nirspecG140hDispersion } from '../instrument/nirspec-g140h';
import type { EmissionModel } from './emission-model';
import type { WavelengthGrid } from './wavelength-grid';

/** The paper's Hα window in the rest frame, Å (Ju et al. §2.2): the continuum of the EW is fitted over it. */
export const HALPHA_WINDOW_REST_ANGSTROM: readonly [number, number] = Object.freeze([6520, 6800]) as readonly [number, number];

/** 1σ flux error (erg/s/cm²) of a Gaussian line of width σ_λ (Å) on channels Δλ (Å) with noise σ (erg/s/cm²/Å); see the file comment. */
export function lineFluxErrorErg(noiseSigmaErg: number, lineSigmaAngstrom: number, channelWidthAngstrom: number, widthFitted = true): number {
  return noiseSigmaErg * Math.sqrt((widthFitted ? 3 : 2) * Math.sqrt(Math.PI) * lineSigmaAngstrom * channelWidthAngstrom);
}

/** The noise σ per channel (erg/s/cm²/Å) that gives a line flux error `fluxErrErg` (inverse of {@link lineFluxErrorErg}). */
export function noiseForLineFluxError(fluxErrErg: number, lineSigmaAngstrom: number, channelWidthAngstrom: number, widthFitted = true): number {
  return fluxErrErg / Math.sqrt((widthFitted ? 3 : 2) * Math.sqrt(Math.PI) * lineSigmaAngstrom * channelWidthAngstrom);
}

/** Observed Gaussian width (Å) of a line in each spaxel: μ √(σ² + σ_inst²)/c with σ the model's beam-smeared dispersion. */
export function observedLineSigmaAngstrom(model: EmissionModel, line: LineName): Float64Array {
  const mu = EMISSION_LINES[line].restWavelengthAngstrom * (1 + model.params.redshift);
  const instKms = nirspecG140hDispersion()(mu);
  return model.sigmaKms.map((s) => (mu * Math.sqrt(s * s + instKms * instKms)) / SPEED_OF_LIGHT_KMS);
}

/** Observed Gaussian width (Å) of Hα in each spaxel. */
export function halphaObservedSigmaAngstrom(model: EmissionModel): Float64Array {
  return observedLineSigmaAngstrom(model, 'ha');
}

/** Expected flux S/N of a line in each spaxel: its flux over the error of a fitted Gaussian of its observed width. */
export function expectedLineSnr(model: EmissionModel, line: LineName, grid: WavelengthGrid, noiseSigmaErg: number): Float64Array {
  const width = observedLineSigmaAngstrom(model, line);
  return model.lineFlux[line].map((f, s) => f / lineFluxErrorErg(noiseSigmaErg, width[s], grid.channelWidthAngstrom));
}

/** Relative error of the straight-line continuum at Hα over the Hα window's usable channels (NaN when < 3 channels). */
export function continuumRelativeVariance(grid: WavelengthGrid, unusable: Uint8Array, redshift: number): { varianceFactor: number; channels: number } {
  const lo = HALPHA_WINDOW_REST_ANGSTROM[0] * (1 + redshift);
  const hi = HALPHA_WINDOW_REST_ANGSTROM[1] * (1 + redshift);
  const at = EMISSION_LINES.ha.restWavelengthAngstrom * (1 + redshift);
  let n = 0;
  let sum = 0;
  for (let k = 0; k < grid.nWave; k++) {
    const w = grid.wavelengthAngstrom[k];
    if (w >= lo && w <= hi && !unusable[k]) { n++; sum += w; }
  }
  if (n < 3) return { varianceFactor: NaN, channels: n };
  const mean = sum / n;
  let sxx = 0;
  for (let k = 0; k < grid.nWave; k++) {
    const w = grid.wavelengthAngstrom[k];
    if (w >= lo && w <= hi && !unusable[k]) sxx += (w - mean) ** 2;
  }
  return { varianceFactor: 1 / n + (at - mean) ** 2 / sxx, channels: n };
}

/** Expected S/N of the Hα flux and of the Hα EW in each spaxel, and the number passing the paper's cuts. */
export interface ExpectedSignalToNoise {
  haFluxErrErg: Float64Array;
  ewErrAngstrom: Float64Array;
  snHaFlux: Float64Array;
  snHaEw: Float64Array;
  /** Spaxels with S/N(Hα flux) > 10 and S/N(EW) > 5 (Ju et al. §2.2). */
  selectedCount: number;
}

/** Predicts the per-spaxel S/N from the noise-free model, the noise σ and the channel mask (no random numbers). */
export function expectedSignalToNoise(model: EmissionModel, grid: WavelengthGrid, unusable: Uint8Array, noiseSigmaErg: number): ExpectedSignalToNoise {
  const n = model.lineFlux.ha.length;
  const sigmaLambda = halphaObservedSigmaAngstrom(model);
  const { varianceFactor } = continuumRelativeVariance(grid, unusable, model.params.redshift);
  const haAt = EMISSION_LINES.ha.restWavelengthAngstrom * (1 + model.params.redshift);
  const haCoverage = haAt * 1e-4;
  const haLost =
    haCoverage < model.params.coverageMicron[0] || haCoverage > model.params.coverageMicron[1] ||
    (model.params.detectorGapMicron !== null && haCoverage >= model.params.detectorGapMicron[0] && haCoverage <= model.params.detectorGapMicron[1]);
  const haFluxErrErg = new Float64Array(n);
  const ewErrAngstrom = new Float64Array(n);
  const snHaFlux = new Float64Array(n);
  const snHaEw = new Float64Array(n);
  let selectedCount = 0;
  for (let i = 0; i < n; i++) {
    const f = model.lineFlux.ha[i];
    const c = model.continuumErg[i];
    const sf = lineFluxErrorErg(noiseSigmaErg, sigmaLambda[i], grid.channelWidthAngstrom);
    const sc = noiseSigmaErg * Math.sqrt(varianceFactor);
    const ew = c > 0 ? f / c / (1 + model.params.redshift) : NaN;
    const relEw = Math.sqrt((sf / f) ** 2 + (sc / c) ** 2);
    haFluxErrErg[i] = sf;
    ewErrAngstrom[i] = ew * relEw;
    snHaFlux[i] = haLost ? 0 : f / sf;
    snHaEw[i] = haLost || !(c > 0) ? 0 : 1 / relEw;
    if (snHaFlux[i] > 10 && snHaEw[i] > 5) selectedCount++;
  }
  return { haFluxErrErg, ewErrAngstrom, snHaFlux, snHaEw, selectedCount };
}
