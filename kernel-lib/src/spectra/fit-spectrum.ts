// Per-spectrum emission-line fitting as in the MSA-3D paper (Ju et al., §2.2): in each rest-frame window a straight-line
// continuum plus one Gaussian per line, all lines sharing Hα's velocity and width, solved by bounded Levenberg–Marquardt
// (Moré 1978; Press et al. 2007, §15.5) with an analytic Jacobian on a workspace allocated once per fitter.
//
// This file composes the stages, each in its own file and each a set of top-level functions over the fitter's layout
// (static) and workspace (every buffer, allocated once): fit-options.ts (options and defaults) → fit-layout.ts (windows
// and lines on the grid) → fit-workspace.ts (buffers; loading a spectrum's good pixels) → per solver stage,
// fit-stage.ts (parameters, bounds, solve) with start-guesses.ts (continuum, matched filter) and window-model.ts (the
// model, χ² and Jacobian) → fit-results.ts (lines, windows, kinematics, equivalent-width errors).
//
// Parameters of one solve: [v (km/s), p (km/s)] when the kinematics are free, then per window [c0, c1] (per continuum
// segment where the stellar absorption is on: local-continua.ts), the absorbed
// flux of each Balmer trough where the stellar absorption is on (stellar-absorption.ts: 'auto' by default, on only where
// the continuum can show a trough), and the integrated flux of each line (doublet partners tied by a fixed ratio share
// one parameter).
// - Width: all lines share one INTRINSIC dispersion, s² = σ_int², and line k has σ_obs,k² = s² + σ_inst,k² with its own
//   instrumental σ (so Hβ at 1.3 µm and Hα at 1.8 µm share one physical width though R differs). The parameter is
//   p = σ_obs of the reference line (s² = p² − σ_inst,ref²), the width the data constrain most directly. s² may go
//   negative, down to where every line keeps σ_obs,k ≥ max(minObservedSigmaFraction · σ_inst,k, minObservedSigmaKms):
//   σ_obs < σ_inst is then measured, not forced, and reported as SIGMA_UNRESOLVED with intrinsic σ = NaN.
//   σ_int = √(p² − σ_inst,ref²), its error p δp / σ_int (first-order propagation).
//   With lineWidths (fit-options.ts) the Balmer lines and the forbidden lines may take two widths instead, p and q
//   (fit-stage.ts: 'balmer-forbidden' always, 'auto' where the stellar absorption is on and a likelihood-ratio test
//   keeps the split); v stays shared.
// - Solver: Newton–LM, i.e. the Gauss–Newton matrix plus the exact second-order terms of (v, p) (see
//   optimize/levenberg-marquardt.ts); the covariance is the Gauss–Newton one. Start: a matched-filter scan in v and σ.
// - Bounds: |v| ≤ velocityLimitKms (1000), σ_int ≤ sigmaMaxKms (1000); continuum free; fluxes of free sign by default
//   (a noise-only line then scatters about 0, so fluxes and their errors stay unbiased at low S/N; the S/N cut
//   decides detections), or ≥ 0 with fluxSign 'positive'.
// - Errors: "covariance" errors are √diag(A⁻¹) with A = JᵀWJ built from the pipeline errors (Press et al. 2007,
//   eq. 15.5.15). "Residual" errors — the paper's "uncertainties … calculated based on the residuals between the best-fit
//   … models and the observed spectra" — are the same covariance scaled by χ²/(N − P), i.e. the pipeline errors
//   rescaled so the weighted residual variance is 1; with equal pipeline errors this is exactly propagating the rms of
//   the residuals, √(Σ(d − m)²/(N − P)), as every pixel's error (scipy curve_fit's default, absolute_sigma=False).
//   S/N values use the residual errors.
// - Equivalent width, rest frame: EW = F / C(μ) / (1 + z), C(μ) the fitted continuum at the line's observed centre;
//   its error propagates the covariance of (F, c0, c1, v) to first order.
// - Kinematic modes: 'tied' (default, the paper's reading) fits the window holding the reference line (Hα) first,
//   then the other windows with v and σ_int fixed to it — their flux errors then leave out the kinematic uncertainty
//   (≈ 10–20 % low for bright [O III] at Hα S/N 50); 'joint' fits all windows at once with one v and σ_int (errors
//   include it); 'independent' gives each window its own.
import { createFitLayout } from './fit-layout';
import { resolveFitSettings, type SpectrumFitterOptions } from './fit-options';
import { assembleSpectrumFit, type SpectrumFit } from './fit-results';
import { FIT_FLAG } from './fit-flags';
import { fitStage } from './fit-stage';
import { createFitWorkspace, loadSpectrum } from './fit-workspace';
import { windowModelProblem } from './window-model';
import type { FitWindow } from './windows';

/** A fitter bound to one wavelength grid, redshift and line set; `fit` reuses one workspace (not reentrant). */
export interface SpectrumFitter {
  /**
   * Fits one spectrum. Pixel i is read at index offset + i·stride of flux, error and mask (stride = nx·ny reads a
   * spaxel of a cube in place). error null = unit weights (then covariance errors equal residual errors' scale 1).
   * mask: nonzero = bad. Pixels with non-finite flux or error, or error ≤ 0, are excluded too.
   */
  fit(
    flux: ArrayLike<number>,
    error?: ArrayLike<number> | null,
    mask?: ArrayLike<number> | null,
    offset?: number,
    stride?: number,
  ): SpectrumFit;
  readonly wavelengthAngstrom: Float64Array;
  readonly redshift: number;
  readonly windows: readonly FitWindow[];
  /** Names of all fitted lines, window by window. */
  readonly lineNames: readonly string[];
  /** Systemic observed centre of each line (Å, the spectrum's medium), by name. */
  readonly systemicWavelengthAngstrom: Readonly<Record<string, number>>;
  /** σ_inst (km/s) at each line, by name. */
  readonly instrumentalSigmaKms: Readonly<Record<string, number>>;
}

/** Fits one spectrum with a fitter built for it (create the fitter once with {@link createSpectrumFitter} for many). */
export function fitSpectrum(
  wavelengthAngstrom: ArrayLike<number>,
  flux: ArrayLike<number>,
  error: ArrayLike<number> | null,
  options: SpectrumFitterOptions,
  mask: ArrayLike<number> | null = null,
): SpectrumFit {
  return createSpectrumFitter(wavelengthAngstrom, options).fit(flux, error, mask);
}

/** Builds a fitter for spectra on `wavelengthAngstrom` (increasing, Å); all buffers are allocated here, once. */
export function createSpectrumFitter(wavelengthAngstrom: ArrayLike<number>, options: SpectrumFitterOptions): SpectrumFitter {
  const settings = resolveFitSettings(options);
  const layout = createFitLayout(wavelengthAngstrom, settings);
  const ws = createFitWorkspace(layout);
  const problem = windowModelProblem(layout, ws);
  const mode = settings.kinematics;
  const allWindows = Array.from({ length: layout.nWindows }, (_, win) => win);
  const eachWindow = allWindows.map((win) => [win]);
  const refWindow = layout.referenceWindow;

  function fit(
    flux: ArrayLike<number>,
    error: ArrayLike<number> | null = null,
    mask: ArrayLike<number> | null = null,
    offset = 0,
    stride = 1,
  ): SpectrumFit {
    loadSpectrum(layout, ws, flux, error, mask, offset, stride);
    if (mode === 'joint') {
      fitStage(layout, ws, problem, allWindows, null, 0);
    } else if (mode === 'independent') {
      for (let win = 0; win < layout.nWindows; win++) fitStage(layout, ws, problem, eachWindow[win], null, 0);
    } else {
      // 'tied': the reference window first, then every other window at its velocity and σ_int (its own if it failed)
      const refKin = fitStage(layout, ws, problem, eachWindow[refWindow], null, 0);
      const usable = refKin !== null && Number.isFinite(refKin.velocityKms) && Number.isFinite(ws.fittedS2);
      for (let win = 0; win < layout.nWindows; win++) {
        if (win === refWindow) continue;
        if (usable) fitStage(layout, ws, problem, eachWindow[win], refKin, 0);
        else fitStage(layout, ws, problem, eachWindow[win], null, FIT_FLAG.KINEMATICS_UNTIED);
      }
    }
    return assembleSpectrumFit(layout, ws);
  }

  return {
    fit,
    wavelengthAngstrom: layout.wavelengthAngstrom,
    redshift: settings.redshift,
    windows: settings.windows,
    lineNames: Object.freeze(layout.lineNames.slice()),
    systemicWavelengthAngstrom: Object.freeze(layout.systemicByName),
    instrumentalSigmaKms: Object.freeze(layout.instrumentalByName),
  };
}
