// Spectra: fitting windows, the Gaussian line model and the per-spectrum line fitter of the MSA-3D paper (Ju et al.,
// §2.2). The line catalogue is in lines/, the instrumental dispersion in instrument/.
export type { FitWindow } from './windows';
export { defineWindow, HB_OIII_WINDOW, HA_NII_SII_WINDOW, MSA3D_WINDOWS } from './windows';
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
export type { KinematicsMode, LineWidthsMode, SpectrumFitterOptions } from './fit-options';
export { describeLineWidths, LINE_WIDTH_SPLIT_MIN_DELTA_CHI2 } from './fit-stage';
export type { StellarAbsorptionMode, StellarAbsorptionFit } from './stellar-absorption';
export { BALMER_LINES } from './stellar-absorption';
export type { EmissionLineFit, KinematicsFit, WindowFit, SpectrumFit, ContinuumSegmentFit } from './fit-results';
export type { SpectrumFitter } from './fit-spectrum';
export { createSpectrumFitter, fitSpectrum } from './fit-spectrum';
export type { ModelLine, ContinuumSegment, SpectrumModelSpec } from './spectrum-model';
export { spectrumModel, fitModelSpec } from './spectrum-model';
