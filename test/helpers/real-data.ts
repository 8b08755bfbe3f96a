// Loading of the real data in data/ for tests: the SAMI DR3 sector cubes (.fits.gz, read as distributed by readCube),
// their published LZIFU maps, and the SDSS spec file (readSpectrum) with its SPZLINE table (io/survey-line-fluxes.ts).
import path from 'node:path';
import { readCube, type Cube } from '../../kernel-lib/src/io/cube';
import { readSpectrum } from '../../kernel-lib/src/io/spectrum';
import { readSamiLzifuMap, readSdssSpzline, samiDr3SectorFiles, type SamiLzifuLine, type SpzlineFlux } from '../../kernel-lib/src/io/index';

export const DATA_DIR = path.join(__dirname, '..', '..', 'data');
export const SAMI_SECTOR_GALAXIES = ['209807', '572402'] as const;

/** A SAMI sector cube with its BIN_MASK (sector id per spaxel, 0 = none) and Z_SPEC. */
export interface SamiSectorCube {
  cube: Cube;
  binMask: Float64Array;
  redshift: number;
}

export function loadSamiSectorCube(id: string, arm: 'blue' | 'red'): SamiSectorCube {
  const gz = path.join(DATA_DIR, 'sami-dr3-sectors', id, `${id}_A_sectors_${arm}.fits.gz`);
  const cube = readCube(gz);
  if (!cube.binMask) throw new Error(`${gz}: no BIN_MASK read`);
  return { cube, binMask: Float64Array.from(cube.binMask), redshift: Number(cube.header.Z_SPEC) };
}

/** A published LZIFU map (plane 0: the total flux) and its 1σ error (extension 1), 10⁻¹⁶ erg/s/cm², per spaxel. */
export function loadSamiPublishedMap(id: string, line: SamiLzifuLine): { flux: Float64Array; fluxErr: Float64Array } {
  return readSamiLzifuMap(samiDr3SectorFiles(path.join(DATA_DIR, 'sami-dr3-sectors', id), id).maps[line]);
}

export const SDSS_SPEC_FILE = path.join(DATA_DIR, 'sdss', 'spec-0352-51694-0030.fits');

/** The SDSS spectrum: vacuum wavelength (Å), flux and 1σ error (10⁻¹⁷ erg/s/cm²/Å; ivar 0 → NaN), σ_inst per pixel (km/s from WDISP), z. */
export function loadSdssSpectrum(): { wavelengthAngstrom: Float64Array; flux: Float64Array; error: Float64Array; sigmaInstKms: Float64Array; redshift: number } {
  const s = readSpectrum(SDSS_SPEC_FILE);
  const fwhm = s.instrumentalFwhmAngstrom;
  if (!fwhm || s.redshift == null || !s.error) throw new Error(`${SDSS_SPEC_FILE}: expected the per-pixel LSF (wdisp), Z and ivar`);
  // σ_v = c · (FWHM / 2.3548) / λ
  const c = 299792.458;
  const error = Float64Array.from(s.error, (e, i) => (s.mask[i] ? NaN : e));
  return {
    wavelengthAngstrom: Float64Array.from(s.wavelengthAngstrom),
    flux: Float64Array.from(s.flux),
    error,
    sigmaInstKms: Float64Array.from(fwhm, (f, i) => (c * f) / 2.3548200450309493 / s.wavelengthAngstrom[i]),
    redshift: s.redshift,
  };
}

/** SPZLINE rows: name → { flux, fluxErr, restWavelengthAngstrom } (10⁻¹⁷ erg/s/cm²). */
export function loadSdssSpzline(): Record<string, SpzlineFlux> {
  return readSdssSpzline(SDSS_SPEC_FILE);
}
