// Gradients (Ju et al., MSA-3D §3.2): straight-line fits of 12+log(O/H) against deprojected radius over any radial
// range (dex/kpc, dex/R_e) with RMSE, radially binned profiles, and the PSF correlation factor for honest errors.
export type { GradientErrorMethod, GradientFitOptions, GradientFit, GradientFailure, GradientResult } from './fit-gradient';
export {
  fitMetallicityGradient,
  fitMetallicityGradientRe,
  PAPER_KPC_RANGE,
  PAPER_RE_RANGE,
  MSA3D_ERROR_CONVENTION,
} from './fit-gradient';
export type { RadialProfileOptions, RadialProfile } from './radial-profile';
export { binnedRadialProfile } from './radial-profile';
export * from './describe-gradient';
export type { ForwardProfileShape, ForwardModelData, ForwardModelSetup, ForwardPrediction, ForwardModel } from './forward-model';
export { createForwardModel, forwardParameterNames, forwardProfileOh } from './forward-model';
export type { ForwardGradientOptions, ForwardGradientFit, ForwardGradientFailure, ForwardGradientResult } from './fit-gradient-forward';
export { fitGradientForward, residualCorrelationArea, FORWARD_HALPHA_NUISANCE } from './fit-gradient-forward';
export type { AzimuthalResidualStatistic, AzimuthalNull, AzimuthalNullNoise } from './azimuthal-residuals';
export { azimuthalResidualStatistic, azimuthalNullDistribution, forwardNoiseParts } from './azimuthal-residuals';
export { FORWARD_MAPS_EXTENSIONS, forwardGradientMapsHdus, writeForwardGradientMaps } from './forward-maps';
