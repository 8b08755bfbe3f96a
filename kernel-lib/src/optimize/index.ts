// Optimisation: bound-constrained Levenberg–Marquardt for weighted nonlinear least squares on a preallocated workspace
// (Moré 1978; Nielsen 1999; Press et al. 2007, §15.5), used by the spectrum fitter and open to any model with a Jacobian.
export type {
  LeastSquaresProblem,
  LevenbergMarquardtOptions,
  LevenbergMarquardtOutcome,
  LevenbergMarquardtStop,
  LevenbergMarquardtWorkspace,
} from './levenberg-marquardt';
export { levenbergMarquardt, createLevenbergMarquardtWorkspace, covarianceInto } from './levenberg-marquardt';
