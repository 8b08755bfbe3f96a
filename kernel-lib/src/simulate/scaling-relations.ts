// Published scaling relations (and two stated prescriptions) that fill in what the MSA-3D paper does not give for a
// galaxy: size, rotation speed, dispersion, dust, Hα luminosity, Hα-to-continuum size ratio, central abundance and EW.
import { luminosityDistanceMpc } from '../cosmology/flat-lcdm';
import { CM_PER_MPC } from '../constants/astronomical-units';

/**
 * van der Wel et al. 2014 (ApJ 788, 28), Table 1, late-type galaxies: R_eff/kpc = A (M* / 5×10¹⁰ M☉)^α at rest 5000 Å,
 * R_eff the semi-major-axis effective radius; (log A, α) = (0.86, 0.25), (0.78, 0.22), (0.70, 0.22), (0.65, 0.23)
 * at z = 0.25, 0.75, 1.25, 1.75. The same numbers (and the same interpolation between bin centres) are in an independent
 * implementation, pygad's `Reff_van_der_Wel_2014` (physics/quantities.py), whose docstring gives 3.583 kpc at
 * M* = 10¹⁰ M☉, z = 1.2 — our test vector.
 */
export const VAN_DER_WEL_2014_LATE_TYPE: ReadonlyArray<{ z: number; logA: number; alpha: number }> = Object.freeze([
  { z: 0.25, logA: 0.86, alpha: 0.25 },
  { z: 0.75, logA: 0.78, alpha: 0.22 },
  { z: 1.25, logA: 0.7, alpha: 0.22 },
  { z: 1.75, logA: 0.65, alpha: 0.23 },
]);

/** Late-type R_e (kpc) at (z, log M*) from van der Wel et al. 2014, log A and α interpolated linearly in z (held outside 0.25–1.75). */
export function vanDerWel2014LateTypeReKpc(z: number, logMstar: number): number {
  const t = VAN_DER_WEL_2014_LATE_TYPE;
  let i = 0;
  while (i < t.length - 2 && z > t[i + 1].z) i++;
  const f = Math.min(1, Math.max(0, (z - t[i].z) / (t[i + 1].z - t[i].z)));
  const logA = t[i].logA + f * (t[i + 1].logA - t[i].logA);
  const alpha = t[i].alpha + f * (t[i + 1].alpha - t[i].alpha);
  return 10 ** (logA + alpha * (logMstar - Math.log10(5e10)));
}

/**
 * KROSS stellar-mass Tully–Fisher relation at z ≈ 0.9 (Tiley et al. 2016, MNRAS 460, 103, abstract):
 * log(M* / M☉) = 4.7 [log(V80/km s⁻¹) − 2.25] + 10.0, so V80 = 10^(2.25 + (log M* − 10)/4.7) km/s, V80 the rotation speed at
 * the radius enclosing 80 % of the Hα light.
 */
export function tiley2016V80Kms(logMstar: number): number {
  return 10 ** (2.25 + (logMstar - 10) / 4.7);
}

/**
 * Ionised-gas σ0 (km/s) against redshift, σ0 = 23.3 + 9.8 z (Übler et al. 2019, ApJ 880, 48, fit to KMOS3D and literature
 * Hα kinematics). Coefficients as we recall them, not re-read from the paper here: check before citing.
 */
export function ubler2019Sigma0Kms(z: number): number {
  return 23.3 + 9.8 * z;
}

/** Hα attenuation (mag) against stellar mass, A_Hα = 0.91 + 0.77X + 0.11X² − 0.09X³, X = log(M* / 10¹⁰ M☉) (Garn & Best 2010, MNRAS 409, 421). */
export function garnBest2010AHalphaMag(logMstar: number): number {
  const x = logMstar - 10;
  return 0.91 + 0.77 * x + 0.11 * x * x - 0.09 * x * x * x;
}

/** Ratio of Hα to stellar-continuum R_e, 1.1 (M* / 10¹⁰ M☉)^0.054 (Nelson et al. 2016, ApJ 828, 27, 3D-HST at z ≈ 1). */
export function nelson2016HalphaToContinuumSize(logMstar: number): number {
  return 1.1 * 10 ** (0.054 * (logMstar - 10));
}

/** Hα luminosity (erg/s) of a star-formation rate: SFR = 4.6×10⁻⁴² L(Hα) (Kennicutt 1998 scaled to a Chabrier IMF, as in Wang et al. 2020). */
export function halphaLuminosityFromSfr(sfrMsunPerYr: number): number {
  return sfrMsunPerYr / 4.6e-42;
}

/** Flux (erg/s/cm²) of a luminosity at redshift z, F = L / (4π d_L²), d_L in the MSA-3D cosmology. */
export function fluxFromLuminosity(luminosityErgPerS: number, z: number): number {
  const dl = luminosityDistanceMpc(z) * CM_PER_MPC;
  return luminosityErgPerS / (4 * Math.PI * dl * dl);
}

/**
 * PRESCRIPTION (ours, not a published fit): central 12+log(O/H) on the PP04-N2 scale, 8.60 + 0.15 (log M* − 10),
 * roughly the z ≈ 1–1.5 N2 mass–metallicity relations (≈ 8.5–8.6 at 10¹⁰ M☉, e.g. Yabe et al. 2014, MNRAS 437, 3647;
 * Wuyts et al. 2014, ApJL 789, L40). Presets then clip it so the profile stays star-forming (see presets.ts).
 */
export function prescribedCentralOh(logMstar: number): number {
  return 8.6 + 0.15 * (logMstar - 10);
}

/**
 * PRESCRIPTION (ours): central rest-frame EW(Hα) of the star-forming disk, anchored on the published ID8365 value:
 * EW = 44.40 Å × (sSFR / 10^−8.80 yr⁻¹)^0.5, floored at 6 Å. EW(Hα) rises with sSFR (e.g. Fumagalli et al. 2012,
 * ApJL 757, L22); the sub-linear power allows for the continuum's mass-to-light ratio falling with sSFR.
 */
export function prescribedCentralEwAngstrom(logSsfr: number): number {
  return Math.max(6, 44.4 * 10 ** (0.5 * (logSsfr + 8.8)));
}
