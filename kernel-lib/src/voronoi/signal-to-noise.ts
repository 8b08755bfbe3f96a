// The S/N of a bin of spaxels: ΣS/√(ΣN²) (Cappellari & Copin 2003, MNRAS 342, 345, eq. 2), optionally divided by
// 1 + α log₁₀ N for the noise covariance of resampled cubes (García-Benito et al. 2015, A&A 576, A135, eq. 1).

/** α of the covariance correction measured for CALIFA cubes (García-Benito et al. 2015, eq. 1). */
export const GARCIA_BENITO_2015_COVARIANCE_ALPHA = 1.07;

/**
 * S/N of a bin from its summed signal, summed noise variance and number of spaxels:
 * ΣS/√ΣN² (Cappellari & Copin 2003, eq. 2), divided by 1 + α log₁₀ N when α > 0 (García-Benito et al. 2015, eq. 1).
 */
export function binSignalToNoise(signalSum: number, varianceSum: number, count: number, covarianceAlpha = 0): number {
  const sn = signalSum / Math.sqrt(varianceSum);
  return covarianceAlpha > 0 && count > 1 ? sn / (1 + covarianceAlpha * Math.log10(count)) : sn;
}
