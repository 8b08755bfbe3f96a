// Flux-unit conversion of cubes: JWST surface brightness (MJy/sr) to flux density per spaxel (erg/s/cm²/Å).
import type { Cube } from './cube';
import { FitsError } from './errors';
import { RADIAN_PER_ARCSEC } from '../constants/astronomical-units';
import { SPEED_OF_LIGHT_ANGSTROM_PER_S } from '../constants/physical';

/** 1 MJy in erg s⁻¹ cm⁻² Hz⁻¹ (1 Jy = 1e-23 erg s⁻¹ cm⁻² Hz⁻¹, IAU). */
export const ERG_PER_S_CM2_HZ_PER_MJY = 1e-17;
/** The unit string the conversion writes (FITS/OGIP syntax, parsed by astropy); the value is per spaxel. */
export const ERG_PER_S_CM2_ANGSTROM = 'erg s-1 cm-2 Angstrom-1';

/** True for the spellings of MJy/sr found in JWST and MSA-3D headers (case matters: mJy is not MJy). */
export function isMegajanskyPerSteradian(unit: string | null): boolean {
  if (unit === null) return false;
  const compact = unit.replace(/\s+/g, ' ').trim();
  return /^MJy( ?\/ ?sr| sr-1| sr\^-1|\.sr-1| sr\*\*-1| \/ sr)$/.test(compact);
}

/**
 * Factor turning MJy/sr at wavelength λ into erg/s/cm²/Å for one spaxel of solid angle Ω = (pixelScaleArcsec in rad)²:
 * F_λ = F_ν · c / λ² (F_ν dν = F_λ dλ with ν = c/λ), and 1 MJy = 1e-17 erg/s/cm²/Hz.
 */
export function megajanskyPerSteradianToErgFactor(wavelengthAngstrom: number, pixelScaleArcsec: number): number {
  const solidAngleSr = (pixelScaleArcsec * RADIAN_PER_ARCSEC) ** 2;
  return (ERG_PER_S_CM2_HZ_PER_MJY * solidAngleSr * SPEED_OF_LIGHT_ANGSTROM_PER_S) / (wavelengthAngstrom * wavelengthAngstrom);
}

/**
 * Returns a new cube in erg s⁻¹ cm⁻² Å⁻¹ per spaxel from one in MJy/sr (flux and error scaled per channel, mask
 * copied, header BUNIT updated). The input is not modified. λ is taken as given (vacuum for JWST; for an AWAV cube
 * the result is off by the refractive index of air, ~3e-4). Throws FitsError 'bad-unit' for other units or when
 * the spaxel size is unknown.
 */
export function toErgPerSecCm2Angstrom(cube: Cube): Cube {
  const path = cube.source.path;
  if (!isMegajanskyPerSteradian(cube.fluxUnit)) {
    throw new FitsError('bad-unit', path, `flux unit is ${JSON.stringify(cube.fluxUnit)}, expected MJy/sr`);
  }
  if (cube.pixelScaleArcsec === null || !(cube.pixelScaleArcsec > 0)) {
    throw new FitsError('bad-unit', path, 'spaxel size unknown (no CDELT1/2 or CD matrix in angular units); cannot convert MJy/sr');
  }
  const plane = cube.nx * cube.ny;
  const flux = new Float64Array(cube.flux.length);
  const error = cube.error ? new Float64Array(cube.error.length) : null;
  for (let k = 0; k < cube.nWave; k++) {
    const factor = megajanskyPerSteradianToErgFactor(cube.wavelengthAngstrom[k]!, cube.pixelScaleArcsec);
    const start = k * plane;
    for (let i = start; i < start + plane; i++) {
      flux[i] = cube.flux[i]! * factor;
      if (error) error[i] = cube.error![i]! * factor;
    }
  }
  return {
    ...cube,
    flux,
    error,
    mask: cube.mask.slice(),
    wavelengthAngstrom: cube.wavelengthAngstrom.slice(),
    fluxUnit: ERG_PER_S_CM2_ANGSTROM,
    header: { ...cube.header, BUNIT: ERG_PER_S_CM2_ANGSTROM },
    source: { ...cube.source },
  };
}
