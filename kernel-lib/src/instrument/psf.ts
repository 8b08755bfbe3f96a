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

/**
 * The FWHM (arcsec) of the single Gaussian with the same second moment as a circular mixture of Gaussians of FWHMs
 * `fwhmsArcsec` and weights `weights` (normalised here): σ² = Σ wᵢσᵢ² / Σ wᵢ (the variance of a mixture of centred
 * components). E.g. the two-Gaussian SAMI PSF model of a Blobby3D MODEL_OPTIONS file (PSFFWHM, PSFWEIGHT).
 */
export function mixtureEquivalentFwhm(fwhmsArcsec: readonly number[], weights: readonly number[]): number {
  const where = 'mixtureEquivalentFwhm';
  if (fwhmsArcsec.length === 0 || fwhmsArcsec.length !== weights.length) throw new Error(`${where}: give one weight per FWHM (got ${fwhmsArcsec.length} FWHMs, ${weights.length} weights)`);
  let sw = 0;
  let swf2 = 0;
  fwhmsArcsec.forEach((f, i) => {
    const w = weights[i];
    if (!(f >= 0) || !Number.isFinite(f) || !(w >= 0) || !Number.isFinite(w)) throw new Error(`${where}: FWHMs and weights must be finite and ≥ 0 (got ${f}, ${w})`);
    sw += w;
    swf2 += w * f * f;
  });
  if (!(sw > 0)) throw new Error(`${where}: the weights sum to 0`);
  return Math.sqrt(swf2 / sw);
}
