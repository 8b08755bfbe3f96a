// Writes a simulated cube as FITS, in the MSA-3D team's final-cube layout (HDU0 flux with a 3-D WCS in metres, HDU1
// unused, HDU2 error; PAPER-STEPS "Data as the MSA-3D team ships it") or as a JWST pipeline *_s3d.fits (SCI, ERR, DQ),
// and hands the cube to code that expects an io Cube without a file.
import { writeFits, type FitsHduInput, type FitsKeywordInput } from '../io/fits-write';
import type { Cube } from '../io/cube';
import type { SimulatedCube } from './simulate-cube';
import { truthRows } from './truth';

/** FITS layouts: 'msa3d' = cube_square_medians_{ID}_hdr_rect_err.fits layout; 's3d' = JWST Stage 3 IFU cube layout. */
export type SimulatedCubeFormat = 'msa3d' | 's3d';

export interface WriteSimulatedCubeOptions {
  format?: SimulatedCubeFormat;
  overwrite?: boolean;
}

/** JWST DQ flags for blanked voxels: DO_NOT_USE (bit 0) + NON_SCIENCE (bit 9), the JWST pipeline's data-quality mnemonics. */
export const SIMULATED_GAP_DQ = 1 | 512;

/** The keywords that identify a simulated cube (every HDU that holds data carries them too). */
function provenanceHeader(sim: SimulatedCube): Record<string, FitsKeywordInput> {
  const g = sim.truth.global;
  return {
    OBJECT: { value: g.name, comment: 'simulated galaxy (msa3d simulator)' },
    REDSHIFT: { value: g.redshift, comment: 'systemic redshift of the simulated galaxy' },
    Z: { value: g.redshift, comment: 'same as REDSHIFT' },
    SIMULATE: { value: true, comment: 'SIMULATED cube, not JWST data' },
    SIMSEED: { value: sim.seed, comment: 'seed of the noise (seededRandom)' },
    SIMPRESE: { value: g.presetName, comment: 'simulator preset' },
    TELESCOP: { value: 'JWST', comment: 'simulated as JWST' },
    INSTRUME: { value: 'NIRSPEC', comment: 'simulated as NIRSpec MSA slit-stepping' },
    GRATING: { value: 'G140H', comment: 'simulated grating' },
    FILTER: { value: 'F100LP', comment: 'simulated filter' },
  };
}

/** The 3-D WCS: RA---TAN/DEC--TAN in degrees (0.08"/3600 per spaxel, east to −x), WAVE in metres. */
function wcsHeader(sim: SimulatedCube): Record<string, FitsKeywordInput> {
  const g = sim.truth.global;
  const degPerPixel = sim.pixelScaleArcsec / 3600;
  return {
    WCSAXES: 3,
    CTYPE1: 'RA---TAN',
    CTYPE2: 'DEC--TAN',
    CTYPE3: { value: 'WAVE', comment: 'vacuum wavelength' },
    CUNIT1: 'deg',
    CUNIT2: 'deg',
    CUNIT3: 'm',
    CRPIX1: { value: g.centreXPix + 1, comment: 'galaxy centre (1-based)' },
    CRPIX2: { value: g.centreYPix + 1, comment: 'galaxy centre (1-based)' },
    CRPIX3: 1,
    CRVAL1: g.raDeg,
    CRVAL2: g.decDeg,
    CRVAL3: { value: sim.grid.crval3Metre, comment: '[m] wavelength of channel 1' },
    CDELT1: { value: -degPerPixel, comment: '[deg] 0.08 arcsec, east to -x' },
    CDELT2: { value: degPerPixel, comment: '[deg] 0.08 arcsec' },
    CDELT3: { value: sim.grid.cdelt3Metre, comment: '[m] channel width' },
    RADESYS: 'ICRS',
    SPECSYS: 'BARYCENT',
    BUNIT: 'MJy/sr',
  };
}

function history(sim: SimulatedCube): string[] {
  const g = sim.truth.global;
  const gap = g.detectorGapMicron ? `${g.detectorGapMicron[0].toFixed(4)}-${g.detectorGapMicron[1].toFixed(4)} um` : 'none';
  return [
    `SIMULATED cube from msa3d's simulator (kernel-lib/src/simulate), preset ${g.presetName}, seed ${sim.seed}.`,
    'Forward model built from published MSA-3D parameters (Ju et al.) and documented prescriptions; not JWST data.',
    `Detector gap ${gap}; coverage ${g.coverageMicron[0]}-${g.coverageMicron[1]} um; NaN there.`,
  ];
}

/**
 * Writes `sim` to `path`. 'msa3d' (default): HDU0 flux (MJy/sr, 3-D WCS), HDU1 an empty placeholder (unused in the team's
 * files), HDU2 the 1σ error, none named — io/readCube finds the error by that layout. 's3d': empty primary with the
 * keywords, then SCI, ERR (MJy/sr, same WCS) and DQ (uint32, 513 where blanked). Never overwrites unless asked.
 */
export function writeSimulatedCube(path: string, sim: SimulatedCube, options: WriteSimulatedCubeOptions = {}): void {
  const format = options.format ?? 'msa3d';
  const naxis = [sim.nx, sim.ny, sim.nWave];
  const wcs = wcsHeader(sim);
  const ids = provenanceHeader(sim);
  let hdus: FitsHduInput[];
  if (format === 'msa3d') {
    hdus = [
      { data: sim.flux, naxis, header: { ...ids, ...wcs }, history: history(sim), comments: ['HDU 0: flux; HDU 1: unused placeholder; HDU 2: 1-sigma error (MSA-3D team layout).'] },
      { header: { SIMULATE: { value: true, comment: 'SIMULATED cube' } }, comments: ['Unused placeholder HDU: keeps the error cube in HDU 2, as in the MSA-3D team final cubes.'] },
      { data: sim.error, naxis, header: { ...ids, ...wcs }, comments: ['1-sigma error of HDU 0 (the sigma the simulated noise was drawn with).'] },
    ];
  } else if (format === 's3d') {
    const dq = new Uint32Array(sim.flux.length);
    for (let i = 0; i < dq.length; i++) if (Number.isNaN(sim.flux[i])) dq[i] = SIMULATED_GAP_DQ;
    hdus = [
      { header: ids, history: history(sim), comments: ['JWST Stage 3 (s3d) layout: SCI, ERR, DQ. WMAP is not written.'] },
      { name: 'SCI', data: sim.flux, naxis, header: { ...wcs } },
      { name: 'ERR', data: sim.error, naxis, header: { ...wcs } },
      { name: 'DQ', data: dq, naxis, header: { ...wcs, BUNIT: 'UNITLESS' }, comments: [`DQ = ${SIMULATED_GAP_DQ} (DO_NOT_USE + NON_SCIENCE) in the detector gap and outside the coverage.`] },
    ];
  } else {
    throw new Error(`writeSimulatedCube: format must be 'msa3d' or 's3d' (got ${String(format)})`);
  }
  writeFits(path, hdus, { overwrite: options.overwrite ?? false });
}

/**
 * The simulated cube as an io Cube (what readCube returns for the written msa3d file, without writing it): arrays
 * shared, mask 1 where flux or error is not finite.
 */
export function simulatedCubeToCube(sim: SimulatedCube): Cube {
  const mask = new Uint8Array(sim.flux.length);
  for (let i = 0; i < mask.length; i++) {
    const e = sim.error[i];
    mask[i] = Number.isFinite(sim.flux[i]) && Number.isFinite(e) && e > 0 ? 0 : 1;
  }
  const header: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries({ ...provenanceHeader(sim), ...wcsHeader(sim) })) {
    header[key] = value !== null && typeof value === 'object' ? value.value : value;
  }
  return {
    flux: sim.flux,
    error: sim.error,
    mask,
    nx: sim.nx,
    ny: sim.ny,
    nWave: sim.nWave,
    wavelengthAngstrom: sim.wavelengthAngstrom,
    airWavelengths: false,
    pixelScaleArcsec: sim.pixelScaleArcsec,
    fluxUnit: 'MJy/sr',
    redshift: sim.redshift,
    header,
    source: { path: `<simulated ${sim.truth.global.name} seed ${sim.seed}>`, fluxHdu: 0, errorHdu: 2, errorKind: 'error', dqHdu: null },
  };
}

/** The truth as a JSON-ready object: { simulated: true, global, spaxels: [one row per spaxel] }. */
export function simulationTruthJson(sim: SimulatedCube): Record<string, unknown> {
  return {
    simulated: true,
    note: 'Truth of a SIMULATED cube (msa3d simulator). Fluxes in 1e-20 erg/s/cm2 per spaxel; velocity, sigma in km/s; x, y 0-based.',
    global: sim.truth.global,
    spaxels: truthRows(sim.truth.spaxels),
  };
}
