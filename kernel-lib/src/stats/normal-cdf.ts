// The standard normal cumulative distribution Φ(x) (pixel-integrated Gaussian weights, truncated-normal priors).

/**
 * Complementary error function with fractional error < 1.2e-7 everywhere: the Chebyshev-fitted form of
 * Press et al. 2007 (Numerical Recipes, 3rd ed., §6.2.2, "erfcc").
 */
export function erfcApprox(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Φ(x) = ½ erfc(−x/√2). */
export function normalCdf(x: number): number {
  return 0.5 * erfcApprox(-x / Math.SQRT2);
}
