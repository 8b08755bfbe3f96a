// Reads an IFU data cube (flux, 1-sigma error, bad-pixel mask, wavelengths, spaxel size) from the FITS layouts we meet.
import { FitsError } from './errors';
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
};
const DQ_NAMES = new Set(['DQ']);

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

function chooseFlux(file: OpenFits, options: ReadCubeOptions): FitsHduInfo {
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
  const images = file.hdus.filter(isImage).map((h) => `${describeHdu(h)} is ${shapeText(h)}`);
  const found = images.length > 0 ? images.join('; ') : 'the file has no image HDU';
  throw new FitsError('not-a-cube', file.path, `no 3-D image HDU: ${found}`);
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
    return { hdu, kind: options.errorKind ?? ERROR_KIND_BY_NAME[upperName(hdu)] ?? 'error' };
  }
  const named = file.hdus.find((h) => h !== flux && isImage(h) && upperName(h) in ERROR_KIND_BY_NAME);
  if (named) return { hdu: named, kind: options.errorKind ?? ERROR_KIND_BY_NAME[upperName(named)]! };
  // MSA-3D team final cubes: HDU 0 flux, HDU 1 unused, HDU 2 error, none of them named
  const third = file.hdus[2];
  if (flux.index === 0 && flux.extname === null && third && third.extname === null && isImage(third) && sameShape(flux, third)) {
    return { hdu: third, kind: options.errorKind ?? 'error' };
  }
  return null;
}

function chooseDq(file: OpenFits, flux: FitsHduInfo, options: ReadCubeOptions): FitsHduInfo | null {
  if (options.dqHdu === null) return null;
  if (options.dqHdu !== undefined) return findHdu(file, options.dqHdu);
  return file.hdus.find((h) => h !== flux && isImage(h) && DQ_NAMES.has(upperName(h))) ?? null;
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
function toSigma(data: FitsImageArray, kind: Exclude<ErrorKind, 'none'>): Float32Array | Float64Array {
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

function numberKeyword(header: Record<string, FitsValue>, keys: string[]): number | null {
  for (const key of keys) {
    const value = header[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

/**
 * Reads a cube: MSA-3D team final cubes (HDU 0 flux, HDU 2 error), JWST *_s3d.fits (SCI/ERR/DQ), MUSE (DATA/STAT),
 * SAMI-style (primary FLUX + VARIANCE) and single-HDU cubes without error. The file is opened read-only; every
 * HDU's declared size is checked against the file before any pixels are read. Throws FitsError.
 */
export function readCube(path: string, options: ReadCubeOptions = {}): Cube {
  const file = openFits(path);
  try {
    const fluxHdu = chooseFlux(file, options);
    const [nx, ny, nWave] = cubeAxes(fluxHdu)!;
    const primary = file.hdus[0]!;
    const header = fluxHdu.index === 0 ? { ...fluxHdu.header } : { ...primary.header, ...fluxHdu.header };
    const spectral = spectralAxisFromHeader(header, nWave, path, options.wavelengthUnit);
    const spatial = spatialScaleFromHeader(header);

    const errorChoice = chooseError(file, fluxHdu, options);
    if (errorChoice) requireSameShape(file, fluxHdu, errorChoice.hdu, 'error');
    const dqHdu = chooseDq(file, fluxHdu, options);
    if (dqHdu) requireSameShape(file, fluxHdu, dqHdu, 'DQ');

    const flux = asFloat(readHduPixels(file, fluxHdu));
    const error = errorChoice ? toSigma(readHduPixels(file, errorChoice.hdu), errorChoice.kind) : null;
    const dq = dqHdu ? readHduPixels(file, dqHdu) : null;
    const badBits = options.dqBadBits ?? 0xffffffff;

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

    const bunit = header.BUNIT;
    return {
      flux,
      error,
      mask,
      nx,
      ny,
      nWave,
      wavelengthAngstrom: spectral.wavelengthAngstrom,
      airWavelengths: spectral.airWavelengths,
      pixelScaleArcsec: spatial ? spatial.pixelScaleArcsec : null,
      fluxUnit: typeof bunit === 'string' ? bunit : null,
      redshift: numberKeyword(header, ['Z', 'REDSHIFT']),
      header,
      source: {
        path,
        fluxHdu: fluxHdu.index,
        errorHdu: errorChoice ? errorChoice.hdu.index : null,
        errorKind: errorChoice ? errorChoice.kind : 'none',
        dqHdu: dqHdu ? dqHdu.index : null,
      },
    };
  } finally {
    closeFits(file);
  }
}
