// Random deviates the LINMIX Gibbs sampler needs, drawn from a seeded stream: gamma (Marsaglia & Tsang 2000, ACM TOMS
// 26, 363), chi-square, scaled inverse chi-square, Dirichlet and one categorical draw (Gelman et al. 2004, BDA, App. A).
import type { SeededRandom } from '../stats/random';

/**
 * Gamma(shape, scale = 1) deviate: Marsaglia & Tsang 2000 squeeze–rejection for shape ≥ 1 (d = a − 1/3, c = 1/√(9d),
 * v = (1 + c z)³, accept when ln u < z²/2 + d − d v + d ln v), and G(a) = G(a + 1) u^{1/a} for a < 1 (their §6).
 */
export function gammaDeviate(random: SeededRandom, shape: number): number {
  if (shape < 1) {
    const u = random.uniform();
    return gammaDeviate(random, shape + 1) * Math.pow(u > 0 ? u : Number.MIN_VALUE, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = random.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = random.uniform();
    if (u < 1 - 0.0331 * z * z * z * z) return d * v;
    if (Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** χ²_ν deviate = 2 × Gamma(ν/2) (Gelman et al. 2004, App. A). */
export function chiSquareDeviate(random: SeededRandom, dof: number): number {
  return 2 * gammaDeviate(random, dof / 2);
}

/** Scaled-inverse-χ²(ν, s²) deviate: ν s² / χ²_ν (Gelman et al. 2004, App. A). */
export function scaledInverseChiSquareDeviate(random: SeededRandom, dof: number, scale2: number): number {
  return (dof * scale2) / chiSquareDeviate(random, dof);
}

/** Dirichlet(α) deviate into `out`: independent Gamma(α_k) normalised to sum 1 (Gelman et al. 2004, App. A). */
export function dirichletDeviateInto(random: SeededRandom, alpha: ArrayLike<number>, out: Float64Array): void {
  let sum = 0;
  for (let k = 0; k < alpha.length; k++) {
    out[k] = gammaDeviate(random, alpha[k]);
    sum += out[k];
  }
  for (let k = 0; k < alpha.length; k++) out[k] /= sum;
}

/** One draw from the categorical distribution with probabilities p[0..K) (summing to 1): the index k. */
export function categoricalDeviate(random: SeededRandom, p: ArrayLike<number>, K: number): number {
  const u = random.uniform();
  let cumulative = 0;
  for (let k = 0; k < K - 1; k++) {
    cumulative += p[k];
    if (u < cumulative) return k;
  }
  return K - 1;
}
