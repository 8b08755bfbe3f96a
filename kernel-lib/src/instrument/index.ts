// Instrument: line-spread functions and resolving-power curves, the NIRSpec gratings, the catalogue of instruments
// whose LSF is chosen from a cube's header, redshift and PSF read from the header, the PSF (one type, GaussianPsf, and
// the MSA-3D 0.20" × 0.08" one) with its operator on sampled light, and the resolution element.
export { FWHM_PER_SIGMA } from './gaussian-fwhm';
export type { ResolutionCurve } from './resolution-curve';
export { readResolutionCurve, resolutionCurve, resolvingPowerAt } from './resolution-curve';
export type { InstrumentalDispersion } from './line-spread-function';
export { dispersionFromResolution, dispersionFromFwhm, constantDispersion } from './line-spread-function';
export type { GratingDispersionCurve } from './nirspec-g140h';
export {
  G140H_F100LP_RANGE_MICRON,
  nirspecG140hResolutionCurve,
  nirspecG140hDispersionCurve,
  nirspecG140hDispersion,
} from './nirspec-g140h';
export type { GaussianPsf } from './psf';
export { MSA3D_PSF, checkPsf, psfSigmaPixels, mixtureEquivalentFwhm } from './psf';
export type { AxisOperator, SeparablePsfMatrices } from './psf-operator';
export { axisOperator, applyAxisOperators, convolveWithResolutionElement, separablePsfMatrices, applySeparablePsf } from './psf-operator';
export { richardsonLucy } from './richardson-lucy';
export { spaxelsPerResolutionElement } from './resolution-element';
export { nirspecG235hResolutionCurve, nirspecG395hResolutionCurve, nirspecG235hDispersion, nirspecG395hDispersion } from './nirspec-gratings';
export type { CatalogueLsfId, CatalogueLsf } from './lsf-catalogue';
export { LSF_CATALOGUE, isCatalogueLsfId, museLsfFwhmAngstrom, SAMI_BLUE_FWHM_ANGSTROM, SAMI_RED_FWHM_ANGSTROM, KMOS_RESOLVING_POWER } from './lsf-catalogue';
export type { InstrumentSpec, FwhmTable } from './instrument-spec';
export { describeInstrument, instrumentFromSpec } from './instrument-spec';
export type { LsfFromHeader, PerChannelLsf } from './lsf-from-header';
export { lsfFromHeader, identifyingKeywords } from './lsf-from-header';
export { REDSHIFT_KEYWORDS, HEADER_REDSHIFT_RANGE, redshiftFromHeader, psfFromHeader } from './observation-header';
