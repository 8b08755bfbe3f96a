// Instrumental line-spread dispersion σ_inst (km/s) at an observed wavelength, for a Gaussian line-spread function:
// from a resolving-power curve (R = λ/FWHM, e.g. NIRSpec G140H), a constant FWHM in Å (e.g. SAMI) or a constant σ.
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { FWHM_PER_SIGMA } from './gaussian-fwhm';
import { resolvingPowerAt, type ResolutionCurve } from './resolution-curve';

/** σ_inst in km/s as a function of the observed wavelength in Å (the medium of the spectrum's wavelengths). */
export type InstrumentalDispersion = (observedWavelengthAngstrom: number) => number;

/** σ_inst(λ) from a resolving-power curve: σ_inst = c / (R(λ) · 2√(2 ln 2)) in km/s, since R = λ/FWHM. */
export function dispersionFromResolution(curve: ResolutionCurve): InstrumentalDispersion {
  return (observedWavelengthAngstrom) =>
    SPEED_OF_LIGHT_KMS / (resolvingPowerAt(curve, observedWavelengthAngstrom * 1e-4) * FWHM_PER_SIGMA);
}

/** σ_inst(λ) for a constant LSF FWHM in Å (e.g. SAMI's 1.61 Å): σ_inst = c · FWHM / (λ · 2√(2 ln 2)) km/s. */
export function dispersionFromFwhm(fwhmAngstrom: number): InstrumentalDispersion {
  if (!(fwhmAngstrom >= 0)) throw new Error(`dispersionFromFwhm: FWHM must be ≥ 0 Å (got ${fwhmAngstrom})`);
  return (observedWavelengthAngstrom) => (SPEED_OF_LIGHT_KMS * fwhmAngstrom) / (observedWavelengthAngstrom * FWHM_PER_SIGMA);
}

/** A constant σ_inst in km/s (0 = no instrumental broadening). */
export function constantDispersion(sigmaKms: number): InstrumentalDispersion {
  if (!(sigmaKms >= 0)) throw new Error(`constantDispersion: σ must be ≥ 0 km/s (got ${sigmaKms})`);
  return () => sigmaKms;
}
