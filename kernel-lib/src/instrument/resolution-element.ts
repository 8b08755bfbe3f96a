// Number of spaxels in one Gaussian resolution element, π/(4 ln 2) · FWHM_x · FWHM_y / pixel² (Condon 1997, PASP 109,
// 166, §3: the beam solid angle), the factor by which PSF-correlated spaxels overcount independent measurements.
import type { GaussianPsf } from './psf';

/**
 * Spaxels per resolution element of an elliptical Gaussian PSF: Ω_beam / Ω_spaxel = π FWHM_x FWHM_y / (4 ln 2 p²)
 * (Condon 1997, §3). For MSA-3D, MSA3D_PSF (0.2" × 0.08") in 0.08" spaxels gives ≈ 2.8. Never less than 1.
 */
export function spaxelsPerResolutionElement(psf: GaussianPsf, pixelScaleArcsec: number): number {
  const { fwhmXArcsec, fwhmYArcsec } = psf;
  for (const [name, v] of [['psf.fwhmXArcsec', fwhmXArcsec], ['psf.fwhmYArcsec', fwhmYArcsec], ['pixelScaleArcsec', pixelScaleArcsec]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`spaxelsPerResolutionElement: ${name} must be a finite number > 0 (got ${v})`);
  }
  return Math.max(1, (Math.PI * fwhmXArcsec * fwhmYArcsec) / (4 * Math.LN2 * pixelScaleArcsec * pixelScaleArcsec));
}
