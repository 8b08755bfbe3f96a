// The point-spread function as the library gives it everywhere (simulator, beam smearing, CLI, resolution element):
// an elliptical Gaussian with its FWHM along the cube's x (NAXIS1) and y (NAXIS2) axes, and the MSA-3D one, 0.20" × 0.08"
// (Ju et al. §2.1: 0.20" along the slit-stepping direction x, 0.08" along the slitlets y).
import { FWHM_PER_SIGMA } from './gaussian-fwhm';

/** A Gaussian PSF: FWHM along the cube's x (NAXIS1) and y (NAXIS2) axes, arcsec (0 = no blurring along that axis). */
export interface GaussianPsf {
  readonly fwhmXArcsec: number;
  readonly fwhmYArcsec: number;
}

/** The MSA-3D resolution element, 0.20" × 0.08" FWHM along x (slit stepping) and y (along the slitlets) (Ju et al. §2.1). */
export const MSA3D_PSF: GaussianPsf = Object.freeze({ fwhmXArcsec: 0.2, fwhmYArcsec: 0.08 });

/** Throws a one-line error naming `where` unless both FWHMs are finite and ≥ 0. */
export function checkPsf(psf: GaussianPsf, where: string): void {
  if (psf == null || typeof psf !== 'object') throw new Error(`${where}: psf must be { fwhmXArcsec, fwhmYArcsec } in arcsec (got ${psf})`);
  for (const [name, v] of [['fwhmXArcsec', psf.fwhmXArcsec], ['fwhmYArcsec', psf.fwhmYArcsec]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`${where}: psf.${name} must be a finite number ≥ 0 (got ${v})`);
  }
}

/** PSF σ in spaxels from a FWHM in arcsec: σ = FWHM / (2√(2 ln 2)) / pixel scale. */
export function psfSigmaPixels(fwhmArcsec: number, pixelScaleArcsec: number): number {
  return fwhmArcsec / FWHM_PER_SIGMA / pixelScaleArcsec;
}
