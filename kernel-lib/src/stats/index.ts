// Statistics: seeded random numbers, least squares, bootstrap, Pearson correlation, dispersion and special functions.
export type { SeededRandom } from './random';
export { seededRandom, xoshiro128StarStar } from './random';
export { logGamma, logBeta, regularizedIncompleteBeta, studentTTwoSidedPValue } from './special-functions';
export type { LeastSquaresOptions, LinearFit, LineFit } from './least-squares';
export { fitLine, fitLinearModel, evaluateLine } from './least-squares';
export type { BootstrapOptions, BootstrapResult, LineBootstrapResult, LineBand } from './bootstrap';
export { bootstrap, bootstrapLine, bootstrapLineBand } from './bootstrap';
export type { PearsonResult } from './pearson';
export { pearsonCorrelation } from './pearson';
export { mean, rms, rmse, standardDeviation } from './rms';
export { quantile, quantileSorted, median } from './quantile';
export type { PosteriorSummary } from './sample-summary';
export { summarizeSamples, posteriorSummary, fixedSummary } from './sample-summary';
export { normalCdf, erfcApprox } from './normal-cdf';
export { correlatedNormalField, correlationAreaFromNeighbourCorrelation, kernelCorrelationArea, lagOneCorrelation, mapNeighbourCorrelation, kernelLagCorrelation, kernelSigmaForLagOneCorrelation, mapLagCorrelation } from './correlated-field';
