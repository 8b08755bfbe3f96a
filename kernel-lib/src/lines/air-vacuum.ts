// Conversion between air and vacuum wavelengths with the refractive index of standard air of Ciddor 1996
// (Appl. Opt. 35, 1566), the relation used by SDSS and the IDL Astronomy Library (vactoair, airtovac).
//
// Below 2000 Å (vacuum) wavelengths are left unchanged (the convention of those codes: UV lines are quoted in vacuum).
// air → vacuum has no closed form in this relation; it is solved by fixed-point iteration to machine precision,
// so vacuumToAir(airToVacuum(λ)) = λ to ~1e-11 Å.

/** Below this wavelength (Å) no conversion is made. */
export const AIR_VACUUM_MIN_ANGSTROM = 2000;

/**
 * Refractive index of standard dry air (15 °C, 101 325 Pa, 450 ppm CO₂) at vacuum wavelength λ (Å):
 * n = 1 + 0.05792105/(238.0185 − σ²) + 0.00167917/(57.362 − σ²), σ = 10⁴/λ in µm⁻¹ (Ciddor 1996, eq. 1).
 */
export function refractiveIndexOfAir(vacuumWavelengthAngstrom: number): number {
  const sigma2 = (1e4 / vacuumWavelengthAngstrom) ** 2;
  return 1 + 0.05792105 / (238.0185 - sigma2) + 0.00167917 / (57.362 - sigma2);
}

/** The air wavelength of 2000 Å in vacuum (≈ 1999.35 Å): airToVacuum converts from here up. */
const AIR_AT_MIN_ANGSTROM = AIR_VACUUM_MIN_ANGSTROM / refractiveIndexOfAir(AIR_VACUUM_MIN_ANGSTROM);

/** Air wavelength (Å) of a vacuum wavelength (Å): λ_air = λ_vac / n(λ_vac) (Ciddor 1996; IDL vactoair). */
export function vacuumToAir(vacuumWavelengthAngstrom: number): number {
  if (!(vacuumWavelengthAngstrom >= AIR_VACUUM_MIN_ANGSTROM)) return vacuumWavelengthAngstrom;
  return vacuumWavelengthAngstrom / refractiveIndexOfAir(vacuumWavelengthAngstrom);
}

/** Vacuum wavelength (Å) of an air wavelength (Å): solves λ_vac = λ_air · n(λ_vac) by iteration (IDL airtovac, to convergence). */
export function airToVacuum(airWavelengthAngstrom: number): number {
  // the threshold applies to the vacuum wavelength, so that the two directions invert each other across it
  if (!(airWavelengthAngstrom >= AIR_AT_MIN_ANGSTROM)) return airWavelengthAngstrom;
  let vacuum = airWavelengthAngstrom * refractiveIndexOfAir(airWavelengthAngstrom);
  // dn/dλ ~ 1e-8 per Å, so each pass gains ~8 digits: three passes reach rounding.
  for (let i = 0; i < 6; i++) {
    const next = airWavelengthAngstrom * refractiveIndexOfAir(vacuum);
    if (Math.abs(next - vacuum) < 1e-12 * vacuum) return next;
    vacuum = next;
  }
  return vacuum;
}

/** Element-wise {@link vacuumToAir} into a new Float64Array. */
export function vacuumToAirArray(vacuumWavelengthAngstrom: ArrayLike<number>): Float64Array {
  const out = new Float64Array(vacuumWavelengthAngstrom.length);
  for (let i = 0; i < out.length; i++) out[i] = vacuumToAir(vacuumWavelengthAngstrom[i]);
  return out;
}

/** Element-wise {@link airToVacuum} into a new Float64Array. */
export function airToVacuumArray(airWavelengthAngstrom: ArrayLike<number>): Float64Array {
  const out = new Float64Array(airWavelengthAngstrom.length);
  for (let i = 0; i < out.length; i++) out[i] = airToVacuum(airWavelengthAngstrom[i]);
  return out;
}
