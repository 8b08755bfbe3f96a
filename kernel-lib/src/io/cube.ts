// Reads an IFU data cube (flux, 1-sigma error, bad-pixel mask, wavelengths, spaxel size) from the FITS layouts we meet.
//
// Layouts, each from its pipeline's data model:
// - MSA-3D team final cubes: HDU 0 flux, HDU 1 unused, HDU 2 error, none named.
// - JWST s3d (NIRSpec IFU, MIRI MRS): empty primary, SCI / ERR / DQ (+ WMAP, ASDF), MJy/sr (JWST pipeline "Science
//   products" data-model page, jwst-pipeline.readthedocs.io, s3d / IFUCubeModel).
// - MUSE: DATA / STAT (variance) / DQ (MUSE pipeline user manual; mpdaf objformat: DATA, STAT, DQ).
// - MaNGA LOGCUBE: FLUX / IVAR / MASK (DRP3PIXMASK, bit 10 DONOTUSE) / WAVE (vacuum Å) / SPECRES (λ/FWHM per channel)
//   / LSFPOST, DISP (σ of the LSF in Å per spaxel) (SDSS DR17 datamodel MANGA_SPECTRO_REDUX/…/LOGCUBE; mangadap
//   datacube/manga.py spectral_resolution reads the same extensions).
// - SAMI: primary flux + VARIANCE (+ WEIGHT, COVAR); binned cubes add BIN_MASK, the bin id of each spaxel (SAMI DR3,
//   Croom et al. 2021, MNRAS 505, 991; the Data Central SAMI cube products).
// - KMOS: empty primary, then IFU.n.DATA / IFU.n.NOISE (1σ) per IFU, an empty HDU for IFUs without data (ESO KMOS
//   pipeline user manual, "F3I" reconstructed cubes; kmo_fits_strip removes the empty and noise extensions).
// - GMOS / IRAF cubes: SCI / VAR / DQ with CTYPE3 = 'LAMBDA' and no CUNIT3 (Gemini IRAF gfcube); unit rule in wcs.ts.
// - KCWI (Python DRP, *_icubes.fits): primary flux, UNCERT (kind from UTYPE, astropy CCDData.to_hdu), MASK, FLAGS
//   (KCWI_DRP data_products page, Keck-DataReductionPipelines/KCWI_DRP).
// - single-HDU cubes, with or without an error extension.
import { FitsError } from './errors';
import { FWHM_PER_SIGMA } from '../instrument/gaussian-fwhm';
import {
  closeFits,
  describeHdu,
  findHdu,
  openFits,
  readHduPixels,
  type FitsHduInfo,
  type FitsImageArray,
  type FitsValue,
  type HduSelector,
  type OpenFits,
} from './fits-file';
import { spatialScaleFromHeader, spectralAxisFromHeader } from './wcs';

/** How the error extension stores the uncertainty; readCube always returns 1-sigma. 'none' = no error extension. */
export type ErrorKind = 'error' | 'variance' | 'ivar' | 'none';

/** Which HDUs a cube came from. */
export interface CubeSource {
  path: string;
  fluxHdu: number;
  errorHdu: number | null;
  errorKind: ErrorKind;
  dqHdu: number | null;
}

/**
 * An IFU cube. Arrays are flat with index = k * ny * nx + y * nx + x (k = wavelength channel, y = row, x = column),
 * the order of the FITS data and of numpy's data[k, y, x] in astropy.
 */
export interface Cube {
  /** Flux per spaxel and channel, in fluxUnit; Float32Array for BITPIX -32, else Float64Array. */
  flux: Float32Array | Float64Array;
  /** 1-sigma uncertainty in fluxUnit (from ERR, sqrt(VARIANCE/STAT) or 1/sqrt(IVAR)); null when the file has none. */
  error: Float32Array | Float64Array | null;
  /** 1 = bad: DQ & dqBadBits ≠ 0, flux not finite, or (with an error cube) error not finite or ≤ 0. */
  mask: Uint8Array;
  nx: number;
  ny: number;
  nWave: number;
  /** Wavelength of each channel in Angstrom, from the WCS of axis 3. */
  wavelengthAngstrom: Float64Array;
  /** true for CTYPE3 AWAV, false for WAVE, null when the header does not say (CTYPE3 LINEAR or absent). */
  airWavelengths: boolean | null;
  /** sqrt of the spaxel solid angle in arcsec (CDELT or CD in degrees, or LINEAR axes with an angular CUNIT); null when unknown. */
  pixelScaleArcsec: number | null;
  /** BUNIT as read; null when absent. */
  fluxUnit: string | null;
  /** From a Z or REDSHIFT keyword; null when neither is present. */
  redshift: number | null;
  /** Keywords of the primary header overlaid with those of the flux HDU. */
  header: Record<string, FitsValue>;
  source: CubeSource;
  /** Where `redshift` came from ('header Z', 'SPECOBJ table, column Z', …); absent when redshift is null. */
  redshiftSource?: string;
  /** Bin id of each spaxel (index y * nx + x) from a SAMI binned cube's BIN_MASK; 0 = in no bin. Null/absent: unbinned. */
  binMask?: Int32Array | null;
  /** Instrumental FWHM of each channel in Angstrom, when the file carries it (MaNGA SPECRES / LSFPOST / DISP). */
  instrumentalFwhmAngstrom?: Float64Array | null;
  /** Which extension and rule gave instrumentalFwhmAngstrom. */
  instrumentalFwhmSource?: string;
  /** Stated assumptions and choices the reader made (unit rules, which IFU, which extension). */
  readNotes?: string[];
}

export interface ReadCubeOptions {
  /** HDU holding the flux; default: EXTNAME SCI / DATA / FLUX, else the first 3-D image. */
  fluxHdu?: HduSelector;
  /** HDU holding the uncertainty; null = ignore any. Default: EXTNAME ERR/ERROR/SIGMA/NOISE (1σ), VAR/VARIANCE/STAT, IVAR/INVVAR, else HDU 2 when the flux is HDU 0 and HDU 2 is an unnamed cube of the same shape (MSA-3D team layout). */
  errorHdu?: HduSelector | null;
  /** How the error HDU stores the uncertainty; default from its EXTNAME, else 'error'. */
  errorKind?: Exclude<ErrorKind, 'none'>;
  /** Data-quality HDU; null = ignore. Default: EXTNAME DQ. */
  dqHdu?: HduSelector | null;
  /** DQ bits that make a pixel bad; default every bit (DQ ≠ 0). */
  dqBadBits?: number;
  /** Unit of the axis-3 WCS values, overriding CUNIT3 (e.g. 'Angstrom' for files that omit it). */
  wavelengthUnit?: string;
  /** KMOS: the IFU number whose IFU.n.DATA to read; needed when several IFUs hold data. */
  ifu?: number;
}

const FLUX_NAMES = new Set(['SCI', 'DATA', 'FLUX']);
const ERROR_KIND_BY_NAME: Record<string, Exclude<ErrorKind, 'none'>> = {
  ERR: 'error',
  ERROR: 'error',
  SIGMA: 'error',
  NOISE: 'error',
  VAR: 'variance',
  VARIANCE: 'variance',
  STAT: 'variance',
  IVAR: 'ivar',
  INVVAR: 'ivar',
  UNCERT: 'error', // KCWI; the kind is read from UTYPE (uncertaintyKind)
};
const DQ_NAMES = new Set(['DQ']);
const MASK_NAMES = new Set(['MASK']);
/** MaNGA DRP3PIXMASK bit 10, DONOTUSE (SDSS DR17 MaNGA bitmasks page): the DAP's rule for unusable pixels. */
const MANGA_DONOTUSE = 1 << 10;
const KMOS_DATA = /^IFU\.(\d+)\.DATA$/i;

/** KCWI's UNCERT: astropy CCDData writes UTYPE = 'StdDevUncertainty' | 'VarianceUncertainty' | 'InverseVariance'. */
function uncertaintyKind(hdu: FitsHduInfo): Exclude<ErrorKind, 'none'> | undefined {
  const utype = hdu.header.UTYPE;
  if (typeof utype !== 'string') return undefined;
  if (/variance/i.test(utype) && /inverse/i.test(utype)) return 'ivar';
  if (/variance/i.test(utype)) return 'variance';
  if (/stddev/i.test(utype)) return 'error';
  return undefined;
}

function isImage(hdu: FitsHduInfo): boolean {
  return (hdu.xtension === null || hdu.xtension === 'IMAGE') && hdu.naxis.length > 0 && hdu.dataBytes > 0;
}

/** The three cube axes [nx, ny, nWave], dropping trailing degenerate axes; null when the HDU is not 3-D. */
function cubeAxes(hdu: FitsHduInfo): [number, number, number] | null {
  const axes = [...hdu.naxis];
  while (axes.length > 3 && axes[axes.length - 1] === 1) axes.pop();
  return axes.length === 3 ? [axes[0]!, axes[1]!, axes[2]!] : null;
}

function upperName(hdu: FitsHduInfo): string {
  return (hdu.extname ?? '').toUpperCase();
}

function shapeText(hdu: FitsHduInfo): string {
  return hdu.naxis.length === 0 ? 'no data' : `${hdu.naxis.length}-D (${hdu.naxis.join(' × ')})`;
}

/** Lists every HDU for messages: "0 PRIMARY (no data), 1 COADD BINTABLE 8 × 3837, …". */
export function describeHdus(file: OpenFits): string {
  return file.hdus
    .map((h) => {
      const name = h.extname ?? (h.index === 0 ? 'PRIMARY' : '(unnamed)');
      const kind = h.xtension && h.xtension !== 'IMAGE' ? `${h.xtension} ` : '';
      const dims = h.naxis.length === 0 || h.dataBytes === 0 ? 'no data' : h.naxis.join(' × ');
      return `${h.index} ${name} ${kind}${dims}`;
    })
    .join(', ');
}

/** KMOS: IFU.n.DATA of options.ifu, else the only IFU holding a cube; several → 'ambiguous' listing them. */
function chooseKmosIfu(file: OpenFits, options: ReadCubeOptions, notes: string[]): FitsHduInfo {
  const ifus = file.hdus.filter((h) => KMOS_DATA.test(h.extname ?? ''));
  const withData = ifus.filter((h) => isImage(h) && cubeAxes(h) !== null);
  const number = (h: FitsHduInfo) => Number(KMOS_DATA.exec(h.extname ?? '')![1]);
  const list = withData.map(number).join(', ') || 'none';
  if (options.ifu !== undefined) {
    const chosen = withData.find((h) => number(h) === options.ifu);
    if (!chosen) throw new FitsError('missing-extension', file.path, `KMOS IFU ${options.ifu} holds no cube (IFUs with data: ${list})`);
    notes.push(`KMOS: IFU ${options.ifu} read (option), of IFUs with data ${list}`);
    return chosen;
  }
  if (withData.length === 1) {
    notes.push(`KMOS: IFU ${number(withData[0]!)} read, the only one of ${ifus.length} IFUs holding data`);
    return withData[0]!;
  }
  if (withData.length === 0) throw new FitsError('not-a-cube', file.path, `KMOS file, but no IFU.n.DATA holds a cube (HDUs: ${describeHdus(file)})`);
  throw new FitsError('ambiguous', file.path, `KMOS file with cubes in IFUs ${list}; choose one (options.ifu; msa3d fit --ifu N)`);
}

function chooseFlux(file: OpenFits, options: ReadCubeOptions, notes: string[]): FitsHduInfo {
  if (options.fluxHdu === undefined && file.hdus.some((h) => KMOS_DATA.test(h.extname ?? ''))) return chooseKmosIfu(file, options, notes);
  if (options.fluxHdu !== undefined) {
    const hdu = findHdu(file, options.fluxHdu);
    if (!isImage(hdu) || !cubeAxes(hdu)) {
      throw new FitsError('not-a-cube', file.path, `${describeHdu(hdu)} is ${shapeText(hdu)}; a cube needs 3 axes`);
    }
    return hdu;
  }
  const cubes = file.hdus.filter((h) => isImage(h) && cubeAxes(h) !== null);
  const named = cubes.find((h) => FLUX_NAMES.has(upperName(h)));
  if (named) return named;
  const unnamed = cubes.find((h) => !(upperName(h) in ERROR_KIND_BY_NAME) && !DQ_NAMES.has(upperName(h)));
  if (unnamed) return unnamed;
  throw new FitsError('not-a-cube', file.path, `no 3-D image HDU (HDUs: ${describeHdus(file)})`);
}

function sameShape(a: FitsHduInfo, b: FitsHduInfo): boolean {
  const sa = cubeAxes(a);
  const sb = cubeAxes(b);
  return sa !== null && sb !== null && sa.every((n, i) => n === sb[i]);
}

function chooseError(
  file: OpenFits,
  flux: FitsHduInfo,
  options: ReadCubeOptions,
): { hdu: FitsHduInfo; kind: Exclude<ErrorKind, 'none'> } | null {
  if (options.errorHdu === null) return null;
  if (options.errorHdu !== undefined) {
    const hdu = findHdu(file, options.errorHdu);
    return { hdu, kind: options.errorKind ?? uncertaintyKind(hdu) ?? ERROR_KIND_BY_NAME[upperName(hdu)] ?? 'error' };
  }
  const kmos = KMOS_DATA.exec(flux.extname ?? '');
  if (kmos) {
    const noise = file.hdus.find((h) => upperName(h) === `IFU.${kmos[1]}.NOISE`);
    return noise && isImage(noise) ? { hdu: noise, kind: options.errorKind ?? 'error' } : null;
  }
  const named = file.hdus.find((h) => h !== flux && isImage(h) && upperName(h) in ERROR_KIND_BY_NAME);
  if (named) return { hdu: named, kind: options.errorKind ?? uncertaintyKind(named) ?? ERROR_KIND_BY_NAME[upperName(named)]! };
  // MSA-3D team final cubes: HDU 0 flux, HDU 1 unused, HDU 2 error, none of them named
  const third = file.hdus[2];
  if (flux.index === 0 && flux.extname === null && third && third.extname === null && isImage(third) && sameShape(flux, third)) {
    return { hdu: third, kind: options.errorKind ?? 'error' };
  }
  return null;
}

function isManga(file: OpenFits): boolean {
  const primary = file.hdus[0]!.header;
  const names = new Set(file.hdus.map(upperName));
  return 'MANGAID' in primary || 'DRP3QUAL' in primary || (names.has('FLUX') && names.has('IVAR') && names.has('WAVE'));
}

/** The quality HDU and the bits that make a pixel bad: DQ (any bit), MaNGA MASK (DONOTUSE), other MASK (any bit). */
function chooseDq(file: OpenFits, flux: FitsHduInfo, options: ReadCubeOptions, notes: string[]): { hdu: FitsHduInfo; badBits: number } | null {
  if (options.dqHdu === null) return null;
  const anyBit = 0xffffffff;
  if (options.dqHdu !== undefined) return { hdu: findHdu(file, options.dqHdu), badBits: options.dqBadBits ?? anyBit };
  const dq = file.hdus.find((h) => h !== flux && isImage(h) && DQ_NAMES.has(upperName(h)));
  if (dq) return { hdu: dq, badBits: options.dqBadBits ?? anyBit };
  const mask = file.hdus.find((h) => h !== flux && isImage(h) && MASK_NAMES.has(upperName(h)) && sameShape(flux, h));
  if (!mask) return null;
  if (isManga(file) && options.dqBadBits === undefined) {
    notes.push('MaNGA MASK: pixels with DRP3PIXMASK bit 10 (DONOTUSE) are masked');
    return { hdu: mask, badBits: MANGA_DONOTUSE };
  }
  return { hdu: mask, badBits: options.dqBadBits ?? anyBit };
}

/** A 1-D image HDU of `length` values named `name`, or undefined. */
function vectorHdu(file: OpenFits, name: string, length: number): FitsHduInfo | undefined {
  return file.hdus.find((h) => upperName(h) === name && isImage(h) && h.naxis.filter((n) => n > 1).length === 1 && h.naxis.includes(length));
}

/** MaNGA's instrumental resolution: SPECRES (R = λ/FWHM per channel), else LSFPOST or DISP (σ in Å per spaxel). */
function chooseResolution(file: OpenFits, flux: FitsHduInfo, nWave: number): { hdu: FitsHduInfo; kind: 'specres' | 'sigma-cube' } | null {
  const specres = vectorHdu(file, 'SPECRES', nWave);
  if (specres) return { hdu: specres, kind: 'specres' };
  for (const name of ['LSFPOST', 'DISP']) {
    const cube = file.hdus.find((h) => upperName(h) === name && isImage(h) && sameShape(flux, h));
    if (cube) return { hdu: cube, kind: 'sigma-cube' };
  }
  return null;
}

/** Median of the finite, positive values of channel k of a cube (the spaxels of one wavelength). */
function channelMedian(data: ArrayLike<number>, k: number, plane: number): number {
  const values: number[] = [];
  for (let i = k * plane; i < (k + 1) * plane; i++) {
    const v = data[i]!;
    if (Number.isFinite(v) && v > 0) values.push(v);
  }
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

function requireSameShape(file: OpenFits, flux: FitsHduInfo, other: FitsHduInfo, role: string): void {
  if (!isImage(other) || !sameShape(flux, other)) {
    throw new FitsError('shape-mismatch', file.path, `${role} ${describeHdu(other)} is ${shapeText(other)} but the flux ${describeHdu(flux)} is ${shapeText(flux)}`);
  }
}

function asFloat(data: FitsImageArray): Float32Array | Float64Array {
  return data instanceof Float32Array || data instanceof Float64Array ? data : Float64Array.from(data);
}

/** Converts a stored uncertainty to 1-sigma, keeping float32 storage when the file had it. */
export function toSigma(data: FitsImageArray, kind: Exclude<ErrorKind, 'none'>): Float32Array | Float64Array {
  const stored = asFloat(data);
  if (kind === 'error') return stored;
  const out = stored instanceof Float32Array ? new Float32Array(stored.length) : new Float64Array(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i]!;
    // σ = sqrt(variance); σ = 1 / sqrt(inverse variance). Negative values give NaN (masked).
    out[i] = kind === 'variance' ? Math.sqrt(v) : 1 / Math.sqrt(v);
  }
  return out;
}

/**
 * Reads a cube in any layout listed at the top of this file; a gzip-compressed file (.fits.gz, recognised by its magic
 * bytes) is streamed through zlib, never decompressed to disk, and only the HDUs the cube needs are kept. The file is
 * opened read-only; every HDU's declared size is checked before any pixels are read. Throws FitsError.
 */
export function readCube(path: string, options: ReadCubeOptions = {}): Cube {
  const file = openFits(path);
  try {
    return readCubeFrom(file, options);
  } finally {
    closeFits(file);
  }
}

/** Reads the HDUs in file order (one pass through a .fits.gz stream) and returns their pixels by HDU index. */
function readInFileOrder(file: OpenFits, hdus: (FitsHduInfo | null | undefined)[]): Map<number, FitsImageArray> {
  const wanted = [...new Set(hdus.filter((h): h is FitsHduInfo => !!h))].sort((a, b) => a.index - b.index);
  const out = new Map<number, FitsImageArray>();
  for (const hdu of wanted) out.set(hdu.index, readHduPixels(file, hdu));
  return out;
}

/** readCube on an open file (readCubeOrSpectrum reuses the HDU list of its one opening). */
export function readCubeFrom(file: OpenFits, options: ReadCubeOptions = {}): Cube {
  const path = file.path;
  const notes: string[] = [];
  const fluxHdu = chooseFlux(file, options, notes);
  const [nx, ny, nWave] = cubeAxes(fluxHdu)!;
  const primary = file.hdus[0]!;
  const header = fluxHdu.index === 0 ? { ...fluxHdu.header } : { ...primary.header, ...fluxHdu.header };
  let spectral;
  try {
    spectral = spectralAxisFromHeader(header, nWave, path, options.wavelengthUnit);
  } catch (error) {
    if (!(error instanceof FitsError)) throw error;
    const problem = error.message.slice(path.length + 2);
    throw new FitsError(error.code, path, `${describeHdu(fluxHdu)}: ${problem} (HDUs: ${describeHdus(file)})`);
  }
  notes.push(...spectral.notes);
  const spatial = spatialScaleFromHeader(header);

  const errorChoice = chooseError(file, fluxHdu, options);
  if (errorChoice) requireSameShape(file, fluxHdu, errorChoice.hdu, 'error');
  const dqChoice = chooseDq(file, fluxHdu, options, notes);
  if (dqChoice) requireSameShape(file, fluxHdu, dqChoice.hdu, 'DQ');
  const waveHdu = vectorHdu(file, 'WAVE', nWave);
  const resolution = chooseResolution(file, fluxHdu, nWave);
  const binHdu = file.hdus.find((h) => upperName(h) === 'BIN_MASK' && isImage(h) && h.naxis.length === 2 && h.naxis[0] === nx && h.naxis[1] === ny);

  const pixels = readInFileOrder(file, [fluxHdu, errorChoice?.hdu, dqChoice?.hdu, waveHdu, resolution?.hdu, binHdu]);
  const flux = asFloat(pixels.get(fluxHdu.index)!);
  const error = errorChoice ? toSigma(pixels.get(errorChoice.hdu.index)!, errorChoice.kind) : null;
  const dq = dqChoice ? pixels.get(dqChoice.hdu.index)! : null;
  const badBits = dqChoice ? dqChoice.badBits : 0;

  const mask = new Uint8Array(flux.length);
  for (let i = 0; i < flux.length; i++) {
    let bad = !Number.isFinite(flux[i]!);
    if (error) {
      const e = error[i]!;
      bad ||= !(Number.isFinite(e) && e > 0);
    }
    if (dq) bad ||= (dq[i]! & badBits) !== 0;
    mask[i] = bad ? 1 : 0;
  }

  let wavelengthAngstrom = spectral.wavelengthAngstrom;
  if (waveHdu) {
    wavelengthAngstrom = Float64Array.from(pixels.get(waveHdu.index)!);
    notes.push(`wavelengths from the ${describeHdu(waveHdu)} extension (the WCS of axis 3 is not used)`);
  }

  let instrumentalFwhmAngstrom: Float64Array | null = null;
  let instrumentalFwhmSource: string | undefined;
  if (resolution) {
    const data = pixels.get(resolution.hdu.index)!;
    instrumentalFwhmAngstrom = new Float64Array(nWave);
    if (resolution.kind === 'specres') {
      // R = λ / FWHM (MaNGA SPECRES: median spectral resolution of the IFU's fibres) → FWHM = λ / R
      for (let k = 0; k < nWave; k++) instrumentalFwhmAngstrom[k] = data[k]! > 0 ? wavelengthAngstrom[k]! / data[k]! : NaN;
      instrumentalFwhmSource = `${describeHdu(resolution.hdu)}: FWHM = λ / R per channel`;
    } else {
      for (let k = 0; k < nWave; k++) instrumentalFwhmAngstrom[k] = FWHM_PER_SIGMA * channelMedian(data, k, nx * ny);
      instrumentalFwhmSource = `${describeHdu(resolution.hdu)}: FWHM = 2.3548 × median σ over spaxels, per channel`;
    }
  }

  let binMask: Int32Array | null = null;
  if (binHdu) {
    const bins = pixels.get(binHdu.index)!;
    binMask = bins instanceof Int32Array ? bins : Int32Array.from(bins, (v) => (Number.isFinite(v) ? v : 0));
    notes.push(`bin of each spaxel from ${describeHdu(binHdu)} (0 = no bin)`);
  }

  const bunit = header.BUNIT;
  const redshiftKey = ['Z', 'REDSHIFT'].find((key) => typeof header[key] === 'number' && Number.isFinite(header[key] as number));
  const cube: Cube = {
    flux,
    error,
    mask,
    nx,
    ny,
    nWave,
    wavelengthAngstrom,
    airWavelengths: spectral.airWavelengths,
    pixelScaleArcsec: spatial ? spatial.pixelScaleArcsec : null,
    fluxUnit: typeof bunit === 'string' ? bunit : null,
    redshift: redshiftKey ? (header[redshiftKey] as number) : null,
    header,
    source: {
      path,
      fluxHdu: fluxHdu.index,
      errorHdu: errorChoice ? errorChoice.hdu.index : null,
      errorKind: errorChoice ? errorChoice.kind : 'none',
      dqHdu: dqChoice ? dqChoice.hdu.index : null,
    },
    readNotes: notes,
  };
  if (redshiftKey) cube.redshiftSource = `header ${redshiftKey}`;
  if (binMask) cube.binMask = binMask;
  if (instrumentalFwhmAngstrom) {
    cube.instrumentalFwhmAngstrom = instrumentalFwhmAngstrom;
    cube.instrumentalFwhmSource = instrumentalFwhmSource!;
  }
  return cube;
}
