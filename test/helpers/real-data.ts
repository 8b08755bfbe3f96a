// Where the real data used by the tests lives: data/sami-dr3-sectors/ (two SAMI DR3 sector-binned galaxies with the
// survey's LZIFU fluxes) and data/sdss/ (one SDSS spectrum with its SPZLINE fluxes). Reading and comparing them is
// library code (io/survey-line-fluxes.ts, linemaps/survey-comparison.ts).
import path from 'node:path';

export const DATA_DIR = path.join(__dirname, '..', '..', 'data');
export const SAMI_SECTOR_GALAXIES = ['209807', '572402'] as const;
export const SDSS_SPEC_FILE = path.join(DATA_DIR, 'sdss', 'spec-0352-51694-0030.fits');
