// Distances and times in a flat ΛCDM universe without radiation (Hogg 1999, arXiv:astro-ph/9905116), the distance
// integral evaluated in closed form as an elliptic integral of the first kind (Mészáros & Řípa 2013, A&A 556, A13).
//
// The model is astropy's FlatLambdaCDM(H0, Om0) with its default Tcmb0 = 0 K: no photons, no neutrinos,
// Ω_Λ = 1 − Ω_m, E(z) = √(Ω_m (1+z)³ + Ω_Λ). Below z = 0.1 the integral is done by 10-point Gauss–Legendre,
// exact to rounding there. Agreement with astropy 5.2 is ≤ 1.5e-13 relative for 0.01 ≤ z ≤ 5 (≤ 3e-14 for z ≥ 0.1;
// the larger low-z differences are astropy's own cancellation), test/fixtures/astropy-cosmology.json.
// Adding radiation (astropy Tcmb0 = 2.7255 K, massless neutrinos) would shorten distances by ≤ 0.03 % and ages
// by ≤ 0.3 % at z ≤ 5.
import { carlsonRF } from './carlson-rf';
import { ARCSEC_PER_RADIAN, KM_PER_MPC, SECONDS_PER_GYR } from '../constants/astronomical-units';
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';

/** A flat ΛCDM cosmology: H0 in km s⁻¹ Mpc⁻¹, Om0 = Ω_m today (Ω_Λ = 1 − Om0, radiation neglected). */
export interface FlatLambdaCdm {
  /** Hubble constant today, km s⁻¹ Mpc⁻¹. */
  readonly H0: number;
  /** Matter density today in units of the critical density, in (0, 1]. */
  readonly Om0: number;
}


const SQRT3 = Math.sqrt(3);
/** Modulus of the Legendre reduction of ∫ dt/√(t³+1): k² = (2+√3)/4 (Abramowitz & Stegun 1972, §17.4). */
const K2 = (2 + SQRT3) / 4;
/** 3^(−1/4), the prefactor of that reduction. */
const INV_FOURTH_ROOT_3 = Math.pow(3, -0.25);
/** Complete integral K(k) = R_F(0, 1−k², 1) (Press et al. 2007, §6.12), for the branch below √3 − 1. */
const COMPLETE_K = carlsonRF(0, 1 - K2, 1);

/** Below this redshift the comoving distance is integrated by Gauss–Legendre instead of the elliptic closed form. */
const SMALL_Z = 0.1;
/** Positive nodes and weights of the 10-point Gauss–Legendre rule on [−1, 1] (Abramowitz & Stegun 1972, Table 25.4). */
const GAUSS_NODES = [
  0.14887433898163121, 0.43339539412924719, 0.67940956829902441, 0.86506336668898451, 0.97390652851717172,
];
const GAUSS_WEIGHTS = [
  0.29552422471475287, 0.26926671930999636, 0.21908636251598204, 0.14945134915058059, 0.066671344308688138,
];

/** 1/E(z) = 1/√(Ω_m (1+z)³ + Ω_Λ) (Hogg 1999, eq. 14 with Ω_k = 0). */
function inverseE(z: number, Om0: number): number {
  const a = 1 + z;
  return 1 / Math.sqrt(Om0 * a * a * a + (1 - Om0));
}

/** Validates H0 and Om0 and returns a frozen cosmology. Throws on H0 ≤ 0, Om0 ∉ (0, 1], or non-finite values. */
export function flatLambdaCdm(H0: number, Om0: number): FlatLambdaCdm {
  checkCosmology({ H0, Om0 }, 'flatLambdaCdm');
  return Object.freeze({ H0, Om0 });
}

/** The MSA-3D paper's cosmology (Ju et al.): H0 = 69.32 km s⁻¹ Mpc⁻¹, Ω_m = 0.2865. The default everywhere. */
export const MSA3D_COSMOLOGY: FlatLambdaCdm = flatLambdaCdm(69.32, 0.2865);
/** Wang et al. 2020's cosmology: H0 = 70 km s⁻¹ Mpc⁻¹, Ω_m = 0.3. */
export const WANG2020_COSMOLOGY: FlatLambdaCdm = flatLambdaCdm(70, 0.3);

/** Hubble distance D_H = c / H0 in Mpc (Hogg 1999, eq. 4). */
export function hubbleDistanceMpc(cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  checkCosmology(cosmology, 'hubbleDistanceMpc');
  return SPEED_OF_LIGHT_KMS / cosmology.H0;
}

/** Hubble time t_H = 1 / H0 in Gyr (Hogg 1999, eq. 3). */
export function hubbleTimeGyr(cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  checkCosmology(cosmology, 'hubbleTimeGyr');
  return KM_PER_MPC / cosmology.H0 / SECONDS_PER_GYR;
}

/** Hubble parameter H(z) = H0 E(z) in km s⁻¹ Mpc⁻¹, E(z) = √(Ω_m (1+z)³ + Ω_Λ) (Hogg 1999, eq. 14 with Ω_k = 0). */
export function hubbleParameterKmsPerMpc(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  checkRedshift(z, 'hubbleParameterKmsPerMpc');
  checkCosmology(cosmology, 'hubbleParameterKmsPerMpc');
  const { H0, Om0 } = cosmology;
  return H0 * Math.sqrt(Om0 * (1 + z) ** 3 + (1 - Om0));
}

/** Line-of-sight comoving distance D_C = D_H ∫₀^z dz′/E(z′) in Mpc (Hogg 1999, eq. 15); equals D_M when flat. */
export function comovingDistanceMpc(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  checkRedshift(z, 'comovingDistanceMpc');
  checkCosmology(cosmology, 'comovingDistanceMpc');
  const { H0, Om0 } = cosmology;
  const hubbleMpc = SPEED_OF_LIGHT_KMS / H0;
  if (z === 0) return 0;
  if (z < SMALL_Z) {
    // The closed form below is a difference of two O(1) tail integrals and loses ~log10(1/z) digits as z → 0; on
    // [0, 0.1] the integrand is analytic with its nearest singularity ≳ 0.8 away, so one 10-point Gauss–Legendre
    // panel is exact to rounding (Abramowitz & Stegun 1972, eq. 25.4.30 with Table 25.4).
    const half = z / 2;
    let sum = 0;
    for (let k = 0; k < GAUSS_NODES.length; k++) {
      const dz = half * GAUSS_NODES[k];
      sum += GAUSS_WEIGHTS[k] * (inverseE(half - dz, Om0) + inverseE(half + dz, Om0));
    }
    return hubbleMpc * half * sum;
  }
  if (Om0 === 1) {
    // Einstein–de Sitter: D_C = 2 D_H (1 − 1/√(1+z)) (Hogg 1999, eq. 15 integrated with Ω_M = 1).
    return 2 * hubbleMpc * (1 - 1 / Math.sqrt(1 + z));
  }
  // With u = (1+z)/s, s³ = Ω_Λ/Ω_m: D_C = D_H / √(Ω_m s) · [J(1/s) − J((1+z)/s)], J(u) = ∫_u^∞ dt/√(t³+1)
  // (Mészáros & Řípa 2013, rewritten in the tail integral J to avoid cancelling the constant 2K).
  const s = Math.cbrt((1 - Om0) / Om0);
  return (hubbleMpc / Math.sqrt(Om0 * s)) * (cubicTailIntegral(1 / s) - cubicTailIntegral((1 + z) / s));
}

/** Transverse comoving distance D_M in Mpc; D_M = D_C in a flat universe (Hogg 1999, eq. 16). */
export function transverseComovingDistanceMpc(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  return comovingDistanceMpc(z, cosmology);
}

/** Angular-diameter distance D_A = D_M / (1+z) in Mpc (Hogg 1999, eq. 18). */
export function angularDiameterDistanceMpc(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  return comovingDistanceMpc(z, cosmology) / (1 + z);
}

/** Luminosity distance D_L = (1+z) D_M in Mpc (Hogg 1999, eq. 21). */
export function luminosityDistanceMpc(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  return comovingDistanceMpc(z, cosmology) * (1 + z);
}

/** Distance modulus DM = 5 log10(D_L / 10 pc) in mag (Hogg 1999, §7); −∞ at z = 0. */
export function distanceModulusMag(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  return 5 * Math.log10(luminosityDistanceMpc(z, cosmology) * 1e5);
}

/** Proper transverse size subtended by one arcsecond, kpc/″: D_A × 1000 / 206264.8… (Hogg 1999, §6). */
export function kpcPerArcsec(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  return (angularDiameterDistanceMpc(z, cosmology) * 1000) / ARCSEC_PER_RADIAN;
}

/**
 * Age of the universe at redshift z in Gyr: t(z) = (2/3) t_H / √Ω_Λ · asinh(√(Ω_Λ/Ω_m) (1+z)^(−3/2))
 * (Thomas & Kantowski 2000, PRD 62, 103507, flat case; astropy's closed form); (2/3) t_H (1+z)^(−3/2) when Ω_m = 1.
 */
export function ageGyr(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  checkRedshift(z, 'ageGyr');
  checkCosmology(cosmology, 'ageGyr');
  return ageAt(z, cosmology);
}

/** Lookback time t(0) − t(z) in Gyr (Hogg 1999, eq. 30), from the closed-form age. */
export function lookbackTimeGyr(z: number, cosmology: FlatLambdaCdm = MSA3D_COSMOLOGY): number {
  checkRedshift(z, 'lookbackTimeGyr');
  checkCosmology(cosmology, 'lookbackTimeGyr');
  return ageAt(0, cosmology) - ageAt(z, cosmology);
}

function ageAt(z: number, { H0, Om0 }: FlatLambdaCdm): number {
  const hubbleGyr = KM_PER_MPC / H0 / SECONDS_PER_GYR;
  const a32 = Math.pow(1 + z, -1.5);
  // Einstein–de Sitter limit (Thomas & Kantowski 2000, Ω_Λ → 0).
  if (Om0 === 1) return (2 / 3) * hubbleGyr * a32;
  const OL = 1 - Om0;
  return ((2 / 3) * hubbleGyr * Math.asinh(Math.sqrt(OL / Om0) * a32)) / Math.sqrt(OL);
}

/**
 * J(u) = ∫_u^∞ dt / √(t³ + 1) for u ≥ 0, via the Legendre reduction with cos φ = (√3 − 1 − u)/(√3 + 1 + u),
 * k² = (2+√3)/4: ∫_{−1}^u = 3^(−1/4) F(φ, k) (Abramowitz & Stegun 1972, §17.4), so J(u) = 3^(−1/4) F(π − φ, k),
 * with F(ψ, k) = sin ψ R_F(cos²ψ, 1 − k² sin²ψ, 1) (Press et al. 2007, §6.12) on 0 ≤ ψ ≤ π/2 and 2K − F(π − ψ) beyond.
 */
function cubicTailIntegral(u: number): number {
  const denominator = SQRT3 + 1 + u;
  const cosPhi = (SQRT3 - 1 - u) / denominator;
  // sin²φ = (1 − cos φ)(1 + cos φ) = 4√3 (1+u) / (√3 + 1 + u)², exact without cancellation.
  const sin2 = (4 * SQRT3 * (1 + u)) / (denominator * denominator);
  const partial = Math.sqrt(sin2) * carlsonRF(cosPhi * cosPhi, 1 - K2 * sin2, 1);
  // cos φ ≤ 0 (u ≥ √3 − 1): π − φ ≤ π/2, direct. cos φ > 0: F(π − φ) = 2K − F(φ).
  return INV_FOURTH_ROOT_3 * (cosPhi <= 0 ? partial : 2 * COMPLETE_K - partial);
}

function checkRedshift(z: number, where: string): void {
  if (typeof z !== 'number' || !Number.isFinite(z) || z < 0) {
    throw new Error(`${where}: redshift z must be a finite number ≥ 0 (got ${z})`);
  }
}

function checkCosmology(cosmology: FlatLambdaCdm, where: string): void {
  const { H0, Om0 } = cosmology ?? ({} as FlatLambdaCdm);
  if (typeof H0 !== 'number' || !Number.isFinite(H0) || H0 <= 0) {
    throw new Error(`${where}: H0 must be a finite number > 0 in km/s/Mpc (got ${H0})`);
  }
  if (typeof Om0 !== 'number' || !Number.isFinite(Om0) || Om0 <= 0 || Om0 > 1) {
    throw new Error(`${where}: Om0 must be in (0, 1] for a flat ΛCDM with Ω_Λ = 1 − Om0 ≥ 0 (got ${Om0})`);
  }
}
