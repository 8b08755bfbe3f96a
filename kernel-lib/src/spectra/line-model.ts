// The emission-line model of one fitting window: a straight-line continuum c0 + c1 (λ − λ_ref) plus one Gaussian per
// line, parameterised by its integrated flux, sharing one velocity and one intrinsic dispersion (Ju et al., MSA-3D §2.2).
//
// Conventions (the fitter, the simulator and the plots all use these functions):
// - Observed centre μ = λ_rest (1 + z)(1 + v/c): v is the line-of-sight velocity relative to the systemic redshift z,
//   composed multiplicatively (1 + z_obs) = (1 + z)(1 + z_pec), z_pec ≈ v/c (e.g. Davis & Scrimgeour 2014, MNRAS 442, 1117).
//   For air-wavelength spectra λ_rest(1 + z) is converted to air first; the (1 + v/c) factor is applied after
//   (an error of (v/c)·λ·dn/dλ·λ < 1e-6 Å).
// - Observed dispersion of line k: σ_obs,k² = σ_int² + σ_inst,k² (Gaussians convolve by adding variances), with σ_inst,k
//   the instrument's dispersion at that line; σ_λ = μ σ_obs / c.
// - Profile: F / (√(2π) σ_λ) · exp(−(λ − μ)² / (2 σ_λ²)), evaluated at the pixel centre, not integrated over the pixel
//   (the usual choice of Gaussian line fitters). Integration over a pixel of width Δλ would act,
//   to second order, as σ_λ² + Δλ²/12: a width term the instrumental dispersion, measured the same way, already holds.
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';

/** 1/√(2π). */
export const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Lines are evaluated within ±6 σ_λ of their centre and are 0 beyond: e^{−18} = 1.5e-8 of the peak there, and the
 * flux outside is erfc(6/√2) = 2.0e-9 of the total (Abramowitz & Stegun 1972, 26.2.3), far below any measurement.
 */
export const LINE_REACH_SIGMAS = 6;

/** Observed centre (Å) of a line whose systemic observed wavelength is λ_sys = λ_rest (1 + z): μ = λ_sys (1 + v/c). */
export function observedCentreAngstrom(systemicWavelengthAngstrom: number, velocityKms: number): number {
  return systemicWavelengthAngstrom * (1 + velocityKms / SPEED_OF_LIGHT_KMS);
}

/** Observed dispersion (km/s) from intrinsic and instrumental ones: σ_obs = √(σ_int² + σ_inst²). */
export function observedSigmaKms(intrinsicSigmaKms: number, instrumentalSigmaKms: number): number {
  return Math.sqrt(intrinsicSigmaKms * intrinsicSigmaKms + instrumentalSigmaKms * instrumentalSigmaKms);
}

/** Intrinsic dispersion (km/s), √(σ_obs² − σ_inst²); NaN when σ_obs < σ_inst (unresolved). */
export function intrinsicSigmaKms(observedSigmaKmsValue: number, instrumentalSigmaKms: number): number {
  const s2 = observedSigmaKmsValue * observedSigmaKmsValue - instrumentalSigmaKms * instrumentalSigmaKms;
  return s2 >= 0 ? Math.sqrt(s2) : NaN;
}

/** Gaussian width in Å of a line at centre μ (Å) with dispersion σ (km/s): σ_λ = μ σ / c. */
export function sigmaAngstrom(centreAngstrom: number, sigmaKms: number): number {
  return (centreAngstrom * sigmaKms) / SPEED_OF_LIGHT_KMS;
}

/**
 * The Gaussian's shape at u = (λ − μ)/σ_λ, e^{−u²/2} (peak 1): the one place the profile is written; the fitter's
 * hot loop calls it too (small enough for V8 to inline).
 */
export function gaussianProfile(u: number): number {
  return Math.exp(-0.5 * u * u);
}

/**
 * Flux density at λ of a Gaussian line of integrated flux F, centre μ and width σ_λ (all Å):
 * F/(√(2π)σ_λ) e^{−(λ−μ)²/2σ_λ²} within ±6σ_λ, 0 beyond.
 */
export function gaussianLine(wavelengthAngstrom: number, flux: number, centreAngstrom: number, sigmaAngstromValue: number): number {
  const u = (wavelengthAngstrom - centreAngstrom) / sigmaAngstromValue;
  if (Math.abs(u) > LINE_REACH_SIGMAS) return 0;
  return ((flux * INV_SQRT_2PI) / sigmaAngstromValue) * gaussianProfile(u);
}

/** Straight-line continuum c0 + c1 (λ − λ_ref) at λ (all in Å; c0, c1 in the data's flux-density units). */
export function linearContinuum(wavelengthAngstrom: number, c0: number, c1: number, referenceWavelengthAngstrom: number): number {
  return c0 + c1 * (wavelengthAngstrom - referenceWavelengthAngstrom);
}
