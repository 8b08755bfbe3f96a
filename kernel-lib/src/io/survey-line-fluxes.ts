// Surveys' own published emission-line fluxes, read from their files: SAMI DR3 LZIFU line maps (one per line, per
// spaxel) and the SDSS spectroscopic pipeline's SPZLINE table (one row per line) — the references our fits are compared with.
//
// SAMI DR3 LZIFU maps (Croom et al. 2021, MNRAS 505, 991, §5 and the DR3 data-product description on
// datacentral.org.au): `<CATID>_A_<LINE>_<binning>_1-comp.fits`, PRIMARY = line flux per spaxel in 10⁻¹⁶ erg/s/cm²
// (plane 0 the total; Hα's file has a second plane, the one component), extension 1 = its 1σ error. Their BUNIT is the
// cube's flux-density unit as LZIFU copies it ('10**(-16) erg/s/cm**2/angstrom/pixel'): the line flux is in it × Å.
// SDSS SPZLINE (SDSS DR8+ data model, "spec", HDU 3): LINENAME, LINEWAVE (rest, vacuum Å), LINEAREA and LINEAREA_ERR in
// 10⁻¹⁷ erg/s/cm² (the table has no TUNIT; a TUNIT, where present, is used instead).
import * as path from 'node:path';
import { FitsError } from './errors';
import { readFitsImage } from './fits-file';
import { readFitsTable } from './fits-table';
import { parseErgFluxUnit } from './units';

/** One published line-flux map: total flux and its 1σ error per spaxel (index y·nx + x), NaN where the file has none. */
export interface PublishedLineMap {
  flux: Float64Array;
  fluxErr: Float64Array;
  nx: number;
  ny: number;
  /** Line-flux unit of flux and fluxErr, per spaxel (e.g. '1e-16 erg/s/cm2'). */
  unit: string;
  /** Where `unit` comes from (the header's BUNIT, or the survey's documented unit when there is none). */
  unitSource?: string;
  path: string;
}

export const SAMI_LZIFU_FLUX_UNIT = '1e-16 erg/s/cm2';
export const SDSS_SPZLINE_FLUX_UNIT = '1e-17 erg/s/cm2';

/** The LZIFU line names of SAMI DR3's map files. */
export type SamiLzifuLine = 'Halpha' | 'Hbeta' | 'NII6583' | 'OIII5007' | 'OII3728' | 'SII6716' | 'SII6731' | 'OI6300';

/** Reads a SAMI DR3 LZIFU line map: plane 0 of the primary HDU (the total flux) and extension 1 (its error). */
export function readSamiLzifuMap(file: string): PublishedLineMap {
  const flux = readFitsImage(file, 0);
  const err = readFitsImage(file, 1);
  const [nx, ny] = flux.naxis;
  if (flux.naxis.length < 2 || err.naxis[0] !== nx || err.naxis[1] !== ny) {
    throw new FitsError('shape-mismatch', file, `expected a flux map and an error map of the same nx × ny (got ${flux.naxis.join(' × ')} and ${err.naxis.join(' × ')})`);
  }
  const plane = nx * ny;
  return {
    flux: Float64Array.from(flux.data.subarray(0, plane) as ArrayLike<number>),
    fluxErr: Float64Array.from(err.data.subarray(0, plane) as ArrayLike<number>),
    nx, ny, ...lzifuLineFluxUnit(flux.header.BUNIT, file), path: file,
  };
}

/**
 * The line-flux unit of an LZIFU map from its BUNIT: a flux density per spaxel (what LZIFU copies from the cube) gives
 * the same scale × Å; a line flux per spaxel is taken as it is; no BUNIT gives the documented SAMI_LZIFU_FLUX_UNIT.
 * Anything else (unreadable, per arcsec²) is a FitsError: the comparison needs the unit, and none is guessed.
 */
function lzifuLineFluxUnit(bunit: unknown, file: string): { unit: string; unitSource: string } {
  if (typeof bunit !== 'string' || bunit.trim() === '') return { unit: SAMI_LZIFU_FLUX_UNIT, unitSource: 'no BUNIT: the SAMI DR3 documented unit of LZIFU line maps (Croom et al. 2021)' };
  const parsed = parseErgFluxUnit(bunit);
  if (parsed === null || parsed.per !== 'spaxel') throw new FitsError('bad-unit', file, `BUNIT ${JSON.stringify(bunit)} is not an erg s-1 cm-2 (Angstrom-1) unit per spaxel`);
  const scale = `${parsed.mantissa === 1 ? '' : `${parsed.mantissa}*`}1e${parsed.exponent10}`;
  const why = parsed.kind === 'density' ? 'the cube\'s flux-density unit LZIFU copies; the line flux is in it × Angstrom' : 'a line-flux unit';
  return { unit: `${scale} erg/s/cm2`, unitSource: `header BUNIT ${JSON.stringify(bunit)} (${why})` };
}

/** The files of one SAMI DR3 sector-binned galaxy in a folder, by the survey's file names (blue and red cubes, LZIFU maps). */
export function samiDr3SectorFiles(dir: string, catid: string): { blue: string; red: string; maps: Record<SamiLzifuLine, string> } {
  const lines: SamiLzifuLine[] = ['Halpha', 'Hbeta', 'NII6583', 'OIII5007', 'OII3728', 'SII6716', 'SII6731', 'OI6300'];
  const maps = Object.fromEntries(lines.map((l) => [l, path.join(dir, `${catid}_A_${l}_sectors_1-comp.fits`)])) as Record<SamiLzifuLine, string>;
  return { blue: path.join(dir, `${catid}_A_sectors_blue.fits.gz`), red: path.join(dir, `${catid}_A_sectors_red.fits.gz`), maps };
}

/** One SPZLINE row. */
export interface SpzlineFlux {
  flux: number;
  fluxErr: number;
  restWavelengthAngstrom: number;
  /**
   * LINESIGMA, km/s: the fitted Gaussian's σ as observed (idlspec2d linebackfit fits Gaussians in log λ and does not
   * remove the line-spread function); the Balmer lines share one, the other lines another (etc/emlines.par).
   */
  sigmaKms: number;
  /**
   * LINECONTLEVEL: the pipeline's continuum at the line (the best-fit stellar-template background, averaged 300–600 km/s
   * either side of the line; linebackfit's contrange), in the spectrum's flux-density unit.
   */
  continuumLevel: number;
  /** Unit of flux and fluxErr: LINEAREA's TUNIT, or the data model's SDSS_SPZLINE_FLUX_UNIT when there is none. */
  fluxUnit?: string;
}

/**
 * Reads the SPZLINE table of an SDSS spec file (idlspec2d datamodel/spzline_dm.par): line name (trimmed, e.g.
 * 'H_alpha', '[N_II] 6583') → flux, error, rest λ, σ and continuum level.
 */
export function readSdssSpzline(file: string): Record<string, SpzlineFlux> {
  const v = readFitsTable(file, 'SPZLINE', ['LINENAME', 'LINEWAVE', 'LINEAREA', 'LINEAREA_ERR', 'LINESIGMA', 'LINECONTLEVEL']).values;
  const fluxUnit = v.get('LINEAREA')?.column.unit ?? SDSS_SPZLINE_FLUX_UNIT;
  const numbers = (name: string): Float64Array => {
    const c = v.get(name);
    if (!c || c.kind !== 'number') throw new FitsError('bad-header', file, `SPZLINE: no numeric ${name} column`);
    return c.values;
  };
  const names = v.get('LINENAME');
  if (!names || names.kind !== 'string') throw new FitsError('bad-header', file, 'SPZLINE: no LINENAME text column');
  const [wave, area, areaErr, sigma, cont] = [numbers('LINEWAVE'), numbers('LINEAREA'), numbers('LINEAREA_ERR'), numbers('LINESIGMA'), numbers('LINECONTLEVEL')];
  const out: Record<string, SpzlineFlux> = {};
  names.values.forEach((name, i) => {
    out[name.trim()] = { flux: area[i], fluxErr: areaErr[i], restWavelengthAngstrom: wave[i], sigmaKms: sigma[i], continuumLevel: cont[i], fluxUnit };
  });
  return out;
}
