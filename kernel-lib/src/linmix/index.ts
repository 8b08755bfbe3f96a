// LINMIX (Kelly 2007, ApJ 665, 1489): Bayesian linear regression with errors in x and y, intrinsic scatter and a
// Gaussian-mixture prior on the true x, by Gibbs sampling with the Gelman–Rubin convergence check.
export type { LinmixOptions, LinmixResult, LinmixRHat } from './linmix';
export { fitLinmix } from './linmix';
export type { LinmixData } from './linmix-data';
export { prepareLinmixData } from './linmix-data';
export type { LinmixState } from './linmix-state';
export { initialLinmixState } from './linmix-state';
export { gibbsSweep } from './gibbs-sweep';
export { gelmanRubinRHat } from './gelman-rubin';
export { gammaDeviate, chiSquareDeviate, scaledInverseChiSquareDeviate, dirichletDeviateInto, categoricalDeviate } from './random-deviates';
