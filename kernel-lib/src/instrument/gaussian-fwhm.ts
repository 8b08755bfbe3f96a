// The FWHM of a Gaussian in units of its σ, 2√(2 ln 2), shared by the line-spread functions and the PSF.

/** FWHM / σ of a Gaussian: 2√(2 ln 2) ≈ 2.3548 (exp(−x²/2σ²) = 1/2 at x = σ√(2 ln 2)). */
export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
