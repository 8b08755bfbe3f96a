// Bayesian gas-phase metallicity from all emission lines at once (Wang et al. 2020 §3.6, Eq. 2): 12+log(O/H), nebular
// A_V and de-reddened Hβ flux by ensemble MCMC; Hα star-formation rates (Kennicutt 1998, Chabrier); the comparison with
// Wang 2020 Table 3 (read by tables/wang2020-table3).
export type { NebularLine } from './nebular-lines';
export { NEBULAR_LINES, nebularLine, lineExtinctionK, dereddeningFactor } from './nebular-lines';
export {
  SOLAR_OH,
  MAIOLINO2008_O3HB,
  MAIOLINO2008_O2HB,
  CURTI2020_S2,
  CURTI2020_S2_RANGE,
  MAIOLINO2008_OH_RANGE,
  DEFAULT_LOG_SCATTER_DEX,
  polynomial,
  expectedRatioToHbeta,
} from './calibrations';
export type { MeasuredFlux, FluxUpperLimit, LineObservation, LineObservations, HalphaBlend, PreparedLine } from './line-fluxes';
export { prepareLineFluxes } from './line-fluxes';
export type { MetallicityPrior, MetallicityLikelihoodOptions } from './posterior';
export { metallicityLogPosterior, resolvePrior, THETA_OH, THETA_AV, THETA_LN_HBETA } from './posterior';
export type { InferMetallicityOptions, MetallicityPosterior } from './infer-metallicity';
export { inferMetallicity, metallicityStartPositions } from './infer-metallicity';
export type { HalphaSfrInput } from './sfr';
export { sfrFromHalpha, KENNICUTT_CHABRIER_SFR_PER_LHA } from './sfr';
export type { SyntheticFluxOptions } from './synthetic-fluxes';
export { syntheticLineFluxes } from './synthetic-fluxes';
export { wang2020Observations } from './wang2020-observations';
export type { PosteriorBranches, PosteriorBranchOptions } from './posterior-branches';
export { posteriorBranches, maiolino2008O3HbTurnoverOh } from './posterior-branches';
export type { ValueComparison, Wang2020ComparisonRow } from './wang2020-comparison';
export { compareWithWang2020, fractionWithinOneSigma } from './wang2020-comparison';
