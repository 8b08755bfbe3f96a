/**
 * kernel-lib — the msa3d library: gas-phase metallicity gradients from integral-field spectroscopy.
 * Folders follow the paper's pipeline: constants → io → cosmology → stats → tables → plot → report.
 */
export * from './constants/index';
export * from './io/index';
export * from './dust/index';
export * from './lines/index';
export * from './instrument/index';
export * from './errors/index';
export * from './cosmology/index';
export * from './stats/index';
export * from './mcmc/index';
export * from './bayes-metallicity/index';
export * from './spectra/index';
export * from './linemaps/index';
export * from './simulate/index';
export * from './classify/index';
export * from './abundance/index';
export * from './geometry/index';
export * from './gradient/index';
export * from './nested/index';
export * from './kinematics/index';
export * from './analyze/index';
export * from './recovery/index';
export * from './voronoi/index';
export * from './linmix/index';
export * from './tables/index';
export * from './plot/index';
export * from './notebook/index';
export * from './paths';
export type { Progress, ProgressFactory } from './progress';
export * from './report/index';
