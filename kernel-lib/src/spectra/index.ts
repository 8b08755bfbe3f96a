// Spectra: the emission-line catalogue, air/vacuum conversion, instrumental dispersion and the per-spectrum line fitter
// of the MSA-3D paper (Ju et al., §2.2).
export type { LineName, EmissionLine, DoubletRatio } from './lines';
export { EMISSION_LINES, emissionLine, defineLine, OIII_DOUBLET_RATIO, NII_DOUBLET_RATIO } from './lines';
export type { FitWindow } from './windows';
export { defineWindow, HB_OIII_WINDOW, HA_NII_SII_WINDOW, MSA3D_WINDOWS } from './windows';
export {
  AIR_VACUUM_MIN_ANGSTROM,
  refractiveIndexOfAir,
  vacuumToAir,
  airToVacuum,
  vacuumToAirArray,
  airToVacuumArray,
} from './air-vacuum';
export type { InstrumentalDispersion, ResolutionCurve } from './instrument';
export {
  FWHM_PER_SIGMA,
  g140hResolutionPath,
  readResolutionCurve,
  resolutionCurve,
  resolvingPowerAt,
  dispersionFromResolution,
  dispersionFromFwhm,
  constantDispersion,
  nirspecG140hDispersion,
} from './instrument';
export {
  observedCentreAngstrom,
  observedSigmaKms,
  intrinsicSigmaKms,
  sigmaAngstrom,
  gaussianLine,
  linearContinuum,
  LINE_REACH_SIGMAS,
} from './line-model';
export { FIT_FLAG, FIT_FLAG_NOT_MEASURED, describeFitFlag } from './fit-flags';
export type { KinematicsMode, SpectrumFitterOptions } from './fit-options';
export type { EmissionLineFit, KinematicsFit, WindowFit, SpectrumFit } from './fit-results';
export type { SpectrumFitter } from './fit-spectrum';
export { createSpectrumFitter, fitSpectrum } from './fit-spectrum';
export type { ModelLine, ContinuumSegment, SpectrumModelSpec } from './spectrum-model';
export { spectrumModel, fitModelSpec } from './spectrum-model';
