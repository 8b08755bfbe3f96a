// Markov chain Monte Carlo: the Goodman & Weare (2010) affine-invariant ensemble sampler (stretch move, red-blue
// halves, as emcee), integrated autocorrelation time (Sokal window), a convergence verdict and posterior summaries.
export type { LogProbability, BatchLogProbability, EnsembleOptions, EnsembleChain } from './ensemble-sampler';
export { sampleEnsemble } from './ensemble-sampler';
export type { AutocorrelationTime } from './autocorrelation';
export { integratedAutocorrelationTime, autocorrelationInto, AUTOCORR_WINDOW_C } from './autocorrelation';
export { fftInPlace, nextPowerOfTwo } from './fft';
export type { ConvergenceCriteria, ConvergenceVerdict } from './convergence';
export { assessConvergence } from './convergence';
export type { ChainShape } from './summaries';
export { parameterSamples, summarizeChain } from './summaries';
export type { InitialBallOptions } from './initial-ball';
export { initialBall } from './initial-ball';
