// Number of spaxels in one Gaussian resolution element, π/(4 ln 2) · FWHM_x · FWHM_y / pixel² (Condon 1997, PASP 109,
// 166, §3: the beam solid angle), the factor by which PSF-correlated spaxels overcount independent measurements.

/**
 * Spaxels per resolution element of an elliptical Gaussian PSF: Ω_beam / Ω_spaxel = π FWHM_x FWHM_y / (4 ln 2 p²)
 * (Condon 1997, §3). For MSA-3D, 0.2" × 0.08" in 0.08" spaxels (the simulator's resolution element) gives ≈ 2.8. Never less than 1.
 */
export function spaxelsPerResolutionElement(fwhmXArcsec: number, fwhmYArcsec: number, pixelScaleArcsec: number): number {
  for (const [name, v] of [['fwhmXArcsec', fwhmXArcsec], ['fwhmYArcsec', fwhmYArcsec], ['pixelScaleArcsec', pixelScaleArcsec]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`spaxelsPerResolutionElement: ${name} must be a finite number > 0 (got ${v})`);
  }
  return Math.max(1, (Math.PI * fwhmXArcsec * fwhmYArcsec) / (4 * Math.LN2 * pixelScaleArcsec * pixelScaleArcsec));
}
