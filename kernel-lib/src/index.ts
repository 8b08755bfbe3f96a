/**
 * kernel-lib — the msa3d library: gas-phase metallicity gradients from integral-field spectroscopy.
 * Folders follow the paper's pipeline: io → cosmology → stats → tables → plot → report.
 */
export * from './io/index';
export * from './cosmology/index';
export * from './stats/index';
export * from './optimize/index';
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
export * from './voronoi/index';
export * from './linmix/index';
export * from './tables/index';
export * from './plot/index';
export * from './notebook/index';
export * from './paths';
export * from './report/index';
