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
import { InputError } from '../errors/input-error';
import { FWHM_PER_SIGMA } from '../instrument/gaussian-fwhm';
import {
  closeFits,
  describeHdu,
  findHdu,
  openFits,
  readHduPixels,
  readHduRowBytes,
  decodeHduPixels,
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
  /** Present when the cube holds only some spatial rows of the file (readCube with `rows`, fitCubeFile's chunks). */
  rows?: CubeRows;
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
  throw new FitsError('ambiguous', file.path, `KMOS file with cubes in IFUs ${list}; choose one (options.ifu; msa3d fit|analyze --ifu N)`);
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

/**
 * mask[i] = 1 where the flux is not finite, the error (when given) not finite or ≤ 0, or DQ & badBits ≠ 0. Written as
 * one loop per case, with x − x === 0 for "finite" (NaN and ±∞ give NaN), as the chunked reader runs it on every voxel.
 */
function fillMask(mask: Uint8Array, flux: Float32Array | Float64Array, error: Float32Array | Float64Array | null, dq: FitsImageArray | null, badBits: number): void {
  const n = flux.length;
  if (error && !dq) {
    for (let i = 0; i < n; i++) {
      const f = flux[i]!;
      const e = error[i]!;
      mask[i] = f - f === 0 && e > 0 && e - e === 0 ? 0 : 1;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const f = flux[i]!;
    let bad = !(f - f === 0);
    if (error) {
      const e = error[i]!;
      bad ||= !(e > 0 && e - e === 0);
    }
    if (dq) bad ||= (dq[i]! & badBits) !== 0;
    mask[i] = bad ? 1 : 0;
  }
}

/** toSigma overwriting `data` (a buffer the caller owns): the chunked reader's way to avoid a copy per chunk. */
function toSigmaInPlace(data: FitsImageArray, kind: Exclude<ErrorKind, 'none'>): Float32Array | Float64Array {
  const stored = asFloat(data);
  const n = stored.length;
  // σ = sqrt(variance); σ = 1 / sqrt(inverse variance), as toSigma
  if (kind === 'variance') for (let i = 0; i < n; i++) stored[i] = Math.sqrt(stored[i]!);
  else if (kind === 'ivar') for (let i = 0; i < n; i++) stored[i] = 1 / Math.sqrt(stored[i]!);
  return stored;
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
 * Everything readCube returns except the pixel arrays (flux, error, mask): dimensions, wavelengths, units, header,
 * layout, and the small per-channel / per-spaxel extensions (WAVE, the instrumental resolution, BIN_MASK).
 */
export type CubeInfo = Omit<Cube, 'flux' | 'error' | 'mask'>;

/** Which spatial rows of the file a cube holds (readCube with `rows`). */
export interface CubeRows {
  /** First row (0-based, inclusive) and end row (exclusive) in the file's cube; the cube's row y is the file's y0 + y. */
  y0: number;
  y1: number;
  /** Rows of the whole cube in the file. */
  nyTotal: number;
}

/** readCube's options plus `rows`: read only spatial rows y0 ≤ y < y1 (a Cube with ny = y1 − y0). */
export interface ReadCubeRowsOptions extends ReadCubeOptions {
  rows?: [number, number];
}

/**
 * Reads a cube in any layout listed at the top of this file; a gzip-compressed file (.fits.gz, recognised by its magic
 * bytes) is streamed through zlib, never decompressed to disk, and only the HDUs the cube needs are kept. The file is
 * opened read-only; every HDU's declared size is checked before any pixels are read. Throws FitsError.
 *
 * With `rows: [y0, y1]`, only spatial rows y0 ≤ y < y1 are read (one contiguous run per plane, so memory scales with
 * y1 − y0): the Cube has ny = y1 − y0, `rows` says where it sits, and its header's CRPIX2 is shifted by −y0 so its
 * celestial WCS stays true; wavelengths, units and the per-channel resolution are the whole cube's.
 */
export function readCube(path: string, options: ReadCubeRowsOptions = {}): Cube {
  if (options.rows !== undefined) {
    const reader = openCubeReader(path, options);
    try {
      return reader.readRows(options.rows[0], options.rows[1]);
    } finally {
      reader.close();
    }
  }
  const file = openFits(path);
  try {
    return readCubeFrom(file, options);
  } finally {
    closeFits(file);
  }
}

/**
 * The cube's dimensions, wavelengths, layout and header without reading its flux, error or quality pixels (only the
 * small WAVE / SPECRES / BIN_MASK extensions; MaNGA's LSFPOST/DISP σ cube when there is no SPECRES). For a .fits.gz
 * the headers still need one pass of decompression.
 */
export function readCubeInfo(path: string, options: ReadCubeOptions = {}): CubeInfo {
  const reader = openCubeReader(path, options);
  reader.close();
  return reader.info;
}

/** An open cube read in pieces: `info` once, then any spatial rows. Close when done. */
export interface CubeReader {
  info: CubeInfo;
  /** Bytes of file data read per row of the cube (flux + error + quality HDUs), for sizing chunks. */
  bytesPerRow: number;
  /**
   * Rows y0 ≤ y < y1 as a Cube (see readCube's `rows`); a .fits.gz is streamed once per call. With `into`, the flux,
   * error and mask are views into those buffers (grown when too small, overwritten by the next read into them): a
   * chunked reader allocates nothing per chunk, and with shared buffers the pixels go to worker threads without a copy.
   */
  readRows(y0: number, y1: number, into?: CubeRowBuffers): Cube;
  close(): void;
}

/** Reusable buffers for CubeReader.readRows: raw pixels per HDU and the mask, in shared memory when `shared`. */
export interface CubeRowBuffers {
  shared: boolean;
  raw: Map<number, Uint8Array>;
  mask: Uint8Array | null;
}

/** Empty row buffers (they grow to the largest chunk read into them). */
export function createCubeRowBuffers(shared = false): CubeRowBuffers {
  return { shared, raw: new Map(), mask: null };
}

function reusable(buffer: Uint8Array | null | undefined, bytes: number, shared: boolean): Uint8Array {
  if (buffer && buffer.length >= bytes) return buffer;
  return new Uint8Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}

/** What planCube chose: the HDUs and the metadata of the cube. */
interface CubePlan {
  fluxHdu: FitsHduInfo;
  errorChoice: { hdu: FitsHduInfo; kind: Exclude<ErrorKind, 'none'> } | null;
  dqChoice: { hdu: FitsHduInfo; badBits: number } | null;
  /** Extensions read whole for the metadata (WAVE, resolution, BIN_MASK), absent when not in the file. */
  extraHdus: { waveHdu?: FitsHduInfo; resolution: ReturnType<typeof chooseResolution>; binHdu?: FitsHduInfo };
  nx: number;
  ny: number;
  nWave: number;
  header: Record<string, FitsValue>;
  spectral: ReturnType<typeof spectralAxisFromHeader>;
  spatial: ReturnType<typeof spatialScaleFromHeader>;
  notes: string[];
}

/** Opens a cube for reading by rows (fitCubeFile's reader); throws FitsError as readCube does, before any pixels. */
export function openCubeReader(path: string, options: ReadCubeOptions = {}): CubeReader {
  const file = openFits(path);
  try {
    const { plan, info } = planAndInfo(file, options);
    const roles = [plan.fluxHdu, plan.errorChoice?.hdu, plan.dqChoice?.hdu].filter((h): h is FitsHduInfo => !!h);
    const rowBytes = (h: FitsHduInfo) => h.naxis[0]! * h.naxis.slice(2).reduce((a, b) => a * b, 1) * (Math.abs(h.bitpix) / 8);
    const bytesPerRow = roles.reduce((sum, h) => sum + rowBytes(h), 0);
    let closed = false;
    return {
      info,
      bytesPerRow,
      readRows(y0, y1, into) {
        if (closed) throw new Error(`readRows: the reader of ${path} is closed`);
        if (!(Number.isInteger(y0) && Number.isInteger(y1) && y0 >= 0 && y1 > y0 && y1 <= plan.ny)) {
          throw new InputError('out-of-range', path, `rows [${y0}, ${y1}) must satisfy 0 ≤ y0 < y1 ≤ ${plan.ny} (whole integers)`);
        }
        const raw = new Map<number, FitsImageArray>();
        for (const hdu of [...new Set(roles)].sort((a, b) => a.index - b.index)) {
          const bytes = (y1 - y0) * rowBytes(hdu);
          let target: Uint8Array | undefined;
          if (into) {
            const buffer = reusable(into.raw.get(hdu.index), bytes, into.shared);
            into.raw.set(hdu.index, buffer);
            target = buffer.subarray(0, bytes);
          }
          raw.set(hdu.index, decodeHduPixels(hdu, readHduRowBytes(file, hdu, y0, y1, target)));
        }
        const n = (y1 - y0) * plan.nx * plan.nWave;
        let mask: Uint8Array | undefined;
        if (into) {
          into.mask = reusable(into.mask, n, into.shared);
          mask = into.mask.subarray(0, n);
        }
        return rowsCube(info, plan, raw, { y0, y1, nyTotal: plan.ny }, into !== undefined, mask);
      },
      close() {
        if (closed) return;
        closed = true;
        closeFits(file);
      },
    };
  } catch (error) {
    closeFits(file);
    throw error;
  }
}

/** The plan and metadata of the cube in an open file (reads only the small extensions). */
function planAndInfo(file: OpenFits, options: ReadCubeOptions): { plan: CubePlan; info: CubeInfo } {
  const plan = planCube(file, options);
  const { waveHdu, resolution, binHdu } = plan.extraHdus;
  return { plan, info: cubeInfo(file, plan, readInFileOrder(file, [waveHdu, resolution?.hdu, binHdu])) };
}

/** readCubeInfo on an open file. */
export function readCubeInfoFrom(file: OpenFits, options: ReadCubeOptions = {}): CubeInfo {
  return planAndInfo(file, options).info;
}

/** Reads the HDUs in file order (one pass through a .fits.gz stream) and returns their pixels by HDU index. */
function readInFileOrder(file: OpenFits, hdus: (FitsHduInfo | null | undefined)[]): Map<number, FitsImageArray> {
  const wanted = [...new Set(hdus.filter((h): h is FitsHduInfo => !!h))].sort((a, b) => a.index - b.index);
  const out = new Map<number, FitsImageArray>();
  for (const hdu of wanted) out.set(hdu.index, readHduPixels(file, hdu));
  return out;
}

/** Chooses the cube's HDUs and reads its header metadata (no pixels). */
function planCube(file: OpenFits, options: ReadCubeOptions): CubePlan {
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
  return { fluxHdu, errorChoice, dqChoice, extraHdus: { waveHdu, resolution, binHdu }, nx, ny, nWave, header, spectral, spatial, notes };
}

/** readCube on an open file (readCubeOrSpectrum reuses the HDU list of its one opening). */
export function readCubeFrom(file: OpenFits, options: ReadCubeOptions = {}): Cube {
  const plan = planCube(file, options);
  const { waveHdu, resolution, binHdu } = plan.extraHdus;
  const pixels = readInFileOrder(file, [plan.fluxHdu, plan.errorChoice?.hdu, plan.dqChoice?.hdu, waveHdu, resolution?.hdu, binHdu]);
  return rowsCube(cubeInfo(file, plan, pixels), plan, pixels, null, false);
}

/** The metadata of a planned cube, from its header and the small extensions in `pixels`. */
function cubeInfo(file: OpenFits, plan: CubePlan, pixels: Map<number, FitsImageArray>): CubeInfo {
  const { nx, ny, nWave, header, spectral, spatial, fluxHdu, errorChoice, dqChoice } = plan;
  const { waveHdu, resolution, binHdu } = plan.extraHdus;
  const notes = [...plan.notes];
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
  const info: CubeInfo = {
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
      path: file.path,
      fluxHdu: fluxHdu.index,
      errorHdu: errorChoice ? errorChoice.hdu.index : null,
      errorKind: errorChoice ? errorChoice.kind : 'none',
      dqHdu: dqChoice ? dqChoice.hdu.index : null,
    },
    readNotes: notes,
  };
  if (redshiftKey) info.redshiftSource = `header ${redshiftKey}`;
  if (binMask) info.binMask = binMask;
  if (instrumentalFwhmAngstrom) {
    info.instrumentalFwhmAngstrom = instrumentalFwhmAngstrom;
    info.instrumentalFwhmSource = instrumentalFwhmSource!;
  }
  return info;
}

/**
 * The cube from its metadata and the decoded flux / error / DQ pixels of all rows (rows = null) or of `rows`. With
 * `inPlace`, a variance or inverse variance is turned into σ in its own (reused) buffer and `mask` is filled.
 */
function rowsCube(info: CubeInfo, plan: CubePlan, pixels: Map<number, FitsImageArray>, rows: CubeRows | null, inPlace: boolean, maskInto?: Uint8Array): Cube {
  const { fluxHdu, errorChoice, dqChoice } = plan;
  const flux = asFloat(pixels.get(fluxHdu.index)!);
  const error = errorChoice ? (inPlace ? toSigmaInPlace : toSigma)(pixels.get(errorChoice.hdu.index)!, errorChoice.kind) : null;
  const dq = dqChoice ? pixels.get(dqChoice.hdu.index)! : null;
  const badBits = dqChoice ? dqChoice.badBits : 0;

  const mask = maskInto ?? new Uint8Array(flux.length);
  fillMask(mask, flux, error, dq, badBits);
  if (!rows) return { ...info, flux, error, mask };
  const { y0, y1 } = rows;
  const header = { ...info.header };
  // FITS WCS paper I (Greisen & Calabretta 2002) §2.1.2: pixel p of the cut-out is p + y0 of the file → CRPIX2 − y0
  if (typeof header.CRPIX2 === 'number') header.CRPIX2 = header.CRPIX2 - y0;
  const cube: Cube = {
    ...info,
    flux,
    error,
    mask,
    ny: y1 - y0,
    header,
    rows,
    readNotes: [...(info.readNotes ?? []), `rows ${y0}..${y1 - 1} of ${rows.nyTotal} (CRPIX2 shifted by −${y0})`],
  };
  if (info.binMask) cube.binMask = info.binMask.slice(y0 * info.nx, y1 * info.nx);
  return cube;
}
