// Reads one 1-D spectrum (a 1-D image with a spectral WCS, or a binary table with wavelength or log-wavelength, flux
// and error/ivar columns, e.g. an SDSS spec file), turns it into a 1 × 1 cube, and reads "a cube or a spectrum".
//
// SDSS spec files (SDSS DR8+ data model, "spec" — data.sdss.org/datamodel/files/BOSS_SPECTRO_REDUX/RUN2D/spectra/PLATE4/
// spec.html): HDU 1 COADD table with flux [1e-17 erg/s/cm²/Å], loglam [log10 Å], ivar, and_mask, or_mask, wdisp
// [LSF σ in units of the log10-λ pixel], sky, model; HDU 2 SPECOBJ (one row; Z = the pipeline's redshift); vacuum
// wavelengths (primary VACUUM = T). Pixels with ivar = 0 are bad in that data model; and_mask is kept out of the mask.
import { FitsError } from './errors';
import { FWHM_PER_SIGMA } from '../instrument/gaussian-fwhm';
import {
  closeFits,
  describeHdu,
  openFits,
  readHduPixels,
  type FitsHduInfo,
  type FitsValue,
  type HduSelector,
  findHdu,
  type OpenFits,
} from './fits-file';
import { describeHdus, readCubeFrom, toSigma, type Cube, type ErrorKind, type ReadCubeOptions } from './cube';
import { findColumn, readTableFrom, type FitsColumn, type FitsColumnValues } from './fits-table';
import { ANGSTROM_RULE_RANGE, angstromPerUnit, spectralAxisFromHeader } from './wcs';

/** Where a spectrum came from in its file. */
export interface SpectrumSource {
  path: string;
  hdu: number;
  layout: 'image' | 'table';
  /** Table columns used (flux, wavelength, error), or the error HDU of an image spectrum. */
  fluxColumn?: string;
  wavelengthColumn?: string;
  errorColumn?: string;
  errorHdu?: number | null;
  errorKind: ErrorKind;
}

/** One spectrum: arrays indexed by channel k, wavelengths increasing as stored. */
export interface Spectrum1D {
  wavelengthAngstrom: Float64Array;
  flux: Float64Array;
  /** 1σ, in fluxUnit; null when the file has none. */
  error: Float64Array | null;
  /** 1 = bad: flux not finite, or (with an error) error not finite or ≤ 0 (e.g. ivar = 0), or a mask column ≠ 0. */
  mask: Uint8Array;
  /** true = air, false = vacuum, null = the file does not say. */
  airWavelengths: boolean | null;
  fluxUnit: string | null;
  redshift: number | null;
  /** Where `redshift` came from ('header Z', 'SPECOBJ table, column Z'); absent when redshift is null. */
  redshiftSource?: string;
  /** FWHM of the line-spread function per channel in Å, when the file gives it (SDSS wdisp); else absent. */
  instrumentalFwhmAngstrom?: Float64Array;
  instrumentalFwhmSource?: string;
  /** Primary header overlaid with the spectrum HDU's. */
  header: Record<string, FitsValue>;
  source: SpectrumSource;
  /** Stated assumptions and choices (units, columns, which mask was applied). */
  readNotes: string[];
}

export interface ReadSpectrumOptions {
  /** HDU holding the spectrum (a 1-D image or a table); default: the first table with wavelength and flux columns, else the first 1-D image. */
  hdu?: HduSelector;
  /** Unit of the wavelength column or axis-1 WCS when the file does not give one (or gives a wrong one). */
  wavelengthUnit?: string;
}

const FLUX_COLUMNS = ['FLUX', 'FLAM', 'F_LAMBDA', 'FLUX_DENSITY'];
const WAVE_COLUMNS = ['WAVE', 'WAVELENGTH', 'LAMBDA', 'LAM', 'WAVELEN'];
const LOGLAM_COLUMNS = ['LOGLAM', 'LOGLAMBDA', 'LOGWAVE'];
const ERROR_COLUMNS: Record<string, Exclude<ErrorKind, 'none'>> = {
  IVAR: 'ivar', INVVAR: 'ivar', INVERSE_VARIANCE: 'ivar',
  ERR: 'error', ERROR: 'error', SIGMA: 'error', FLUX_ERR: 'error', FLUXERR: 'error', ERR_FLUX: 'error', NOISE: 'error', UNCERTAINTY: 'error',
  VAR: 'variance', VARIANCE: 'variance',
};
const MASK_COLUMNS = ['MASK', 'BADPIX', 'QUALITY'];
const IMAGE_FLUX_NAMES = new Set(['FLUX', 'SCI', 'DATA', 'SPEC', 'SPECTRUM']);
const IMAGE_ERROR_NAMES: Record<string, Exclude<ErrorKind, 'none'>> = {
  ERR: 'error', ERROR: 'error', SIGMA: 'error', NOISE: 'error', UNCERT: 'error',
  VAR: 'variance', VARIANCE: 'variance', STAT: 'variance', IVAR: 'ivar', INVVAR: 'ivar',
};

function upper(hdu: FitsHduInfo): string {
  return (hdu.extname ?? '').toUpperCase();
}

function firstColumn(columns: FitsColumn[], names: string[]): FitsColumn | undefined {
  for (const name of names) {
    const found = findColumn(columns, name);
    if (found) return found;
  }
  return undefined;
}

/** A 1-D image: an image HDU with exactly one axis longer than 1. */
function oneDimensionalLength(hdu: FitsHduInfo): number | null {
  if (!((hdu.xtension === null || hdu.xtension === 'IMAGE') && hdu.dataBytes > 0)) return null;
  const long = hdu.naxis.filter((n) => n > 1);
  return long.length === 1 && hdu.naxis[0]! > 1 ? hdu.naxis[0]! : null;
}

/** A table whose columns include a flux and a (log-)wavelength column. */
function isSpectrumTable(file: OpenFits, hdu: FitsHduInfo): boolean {
  if (hdu.xtension !== 'BINTABLE') return false;
  try {
    const columns = readTableFrom(file, hdu, []).columns;
    return !!firstColumn(columns, FLUX_COLUMNS) && !!firstColumn(columns, [...WAVE_COLUMNS, ...LOGLAM_COLUMNS]);
  } catch {
    return false;
  }
}

/** The values of a column as one spectrum: a column of n rows with one value each, or one row holding n values. */
function asVector(values: FitsColumnValues, path: string, hdu: FitsHduInfo): Float64Array {
  if (values.kind !== 'number') throw new FitsError('not-a-spectrum', path, `${describeHdu(hdu)}: column ${values.column.name} holds text`);
  if (values.repeat === 1 || values.rows === 1) return values.values;
  throw new FitsError('not-a-spectrum', path, `${describeHdu(hdu)}: column ${values.column.name} holds ${values.rows} rows of ${values.repeat} values (several spectra); pass options.hdu for one spectrum per HDU`);
}

function mediumFromHeader(header: Record<string, FitsValue>, notes: string[]): boolean | null {
  if (typeof header.VACUUM === 'boolean') return !header.VACUUM;
  const airorvac = header.AIRORVAC;
  if (typeof airorvac === 'string' && /^(air|vac)/i.test(airorvac.trim())) return /^air/i.test(airorvac.trim());
  notes.push('the file does not say air or vacuum (no VACUUM, AIRORVAC or CTYPE): airWavelengths = null');
  return null;
}

/** The redshift: header Z or REDSHIFT, else column Z of a one-row SPECOBJ table (SDSS). */
function findRedshift(file: OpenFits, header: Record<string, FitsValue>): { value: number; source: string } | null {
  for (const key of ['Z', 'REDSHIFT']) {
    const value = header[key];
    if (typeof value === 'number' && Number.isFinite(value)) return { value, source: `header ${key}` };
  }
  const specobj = file.hdus.find((h) => upper(h) === 'SPECOBJ' && h.xtension === 'BINTABLE' && h.naxis[1] === 1);
  if (!specobj) return null;
  const table = readTableFrom(file, specobj, []);
  if (!findColumn(table.columns, 'Z')) return null;
  const z = readTableFrom(file, specobj, ['Z']).values.get('Z')!;
  const value = z.kind === 'number' ? z.values[0]! : NaN;
  return Number.isFinite(value) ? { value, source: `${describeHdu(specobj)} table, column Z (the SDSS pipeline's redshift)` } : null;
}

function buildMask(flux: Float64Array, error: Float64Array | null, flags: Float64Array | null): Uint8Array {
  const mask = new Uint8Array(flux.length);
  for (let k = 0; k < flux.length; k++) {
    let bad = !Number.isFinite(flux[k]!);
    if (error) bad ||= !(Number.isFinite(error[k]!) && error[k]! > 0);
    if (flags) bad ||= flags[k] !== 0;
    mask[k] = bad ? 1 : 0;
  }
  return mask;
}

function readTableSpectrum(file: OpenFits, hdu: FitsHduInfo, options: ReadSpectrumOptions): Spectrum1D {
  const path = file.path;
  const notes: string[] = [];
  const columns = readTableFrom(file, hdu, []).columns;
  const fluxColumn = firstColumn(columns, FLUX_COLUMNS);
  const linear = firstColumn(columns, WAVE_COLUMNS);
  const logColumn = linear ? undefined : firstColumn(columns, LOGLAM_COLUMNS);
  if (!fluxColumn || !(linear || logColumn)) {
    throw new FitsError('not-a-spectrum', path, `${describeHdu(hdu)}: no flux and wavelength columns (columns: ${columns.map((c) => c.name).join(', ')})`);
  }
  const errorColumn = columns.find((c) => c.name.toUpperCase() in ERROR_COLUMNS);
  const maskColumn = firstColumn(columns, MASK_COLUMNS);
  const wdisp = logColumn ? findColumn(columns, 'WDISP') : undefined;
  const names = [fluxColumn, linear ?? logColumn!, errorColumn, maskColumn, wdisp].filter((c): c is FitsColumn => !!c).map((c) => c.name);
  const table = readTableFrom(file, hdu, names);
  const get = (c: FitsColumn) => asVector(table.values.get(c.name.toUpperCase())!, path, hdu);

  const flux = Float64Array.from(get(fluxColumn));
  const waveStored = get(linear ?? logColumn!);
  const wavelengthAngstrom = new Float64Array(waveStored.length);
  if (logColumn) {
    // log10 of the wavelength in Å (SDSS loglam); a TUNIT naming another unit is honoured
    const unit = options.wavelengthUnit ?? logColumn.unit?.replace(/^log\(|\)$/gi, '') ?? 'Angstrom';
    const scale = angstromPerUnit(unit) ?? 1;
    for (let k = 0; k < waveStored.length; k++) wavelengthAngstrom[k] = 10 ** waveStored[k]! * scale;
    notes.push(`wavelength = 10^${logColumn.name} (log10 of λ in ${angstromPerUnit(unit) !== undefined ? unit : 'Angstrom'})`);
  } else {
    const unit = options.wavelengthUnit ?? linear!.unit;
    let scale = unit ? angstromPerUnit(unit) : undefined;
    if (unit && scale === undefined) throw new FitsError('not-a-spectrum', path, `${describeHdu(hdu)}: column ${linear!.name} has unit '${unit}', not a wavelength unit; pass options.wavelengthUnit`);
    if (!unit) {
      const [min, max] = ANGSTROM_RULE_RANGE;
      const lo = Math.min(...waveStored.filter(Number.isFinite));
      const hi = Math.max(...waveStored.filter(Number.isFinite));
      if (!(lo >= min && hi <= max)) throw new FitsError('not-a-spectrum', path, `${describeHdu(hdu)}: column ${linear!.name} has no unit and spans ${lo}–${hi}, outside the ${min}–${max} read as Angstrom; pass options.wavelengthUnit`);
      notes.push(`column ${linear!.name} has no TUNIT: read as Angstrom (values ${lo.toFixed(1)}–${hi.toFixed(1)}, inside the ${min}–${max} Å rule)`);
      scale = 1;
    }
    for (let k = 0; k < waveStored.length; k++) wavelengthAngstrom[k] = waveStored[k]! * scale!;
  }
  if (wavelengthAngstrom.length !== flux.length) throw new FitsError('not-a-spectrum', path, `${describeHdu(hdu)}: ${flux.length} fluxes but ${wavelengthAngstrom.length} wavelengths`);

  const errorKind = errorColumn ? ERROR_COLUMNS[errorColumn.name.toUpperCase()]! : 'none';
  const error = errorColumn ? Float64Array.from(toSigma(get(errorColumn), errorKind as Exclude<ErrorKind, 'none'>)) : null;
  if (errorKind === 'ivar') notes.push(`1σ = 1/sqrt(${errorColumn!.name}); ${errorColumn!.name} = 0 marks a bad pixel`);
  const flags = maskColumn ? get(maskColumn) : null;
  if (maskColumn) notes.push(`column ${maskColumn.name} ≠ 0 masks a pixel`);
  if (findColumn(columns, 'AND_MASK')) notes.push('and_mask/or_mask not applied (bad pixels are those with ivar = 0)');

  const primary = file.hdus[0]!.header;
  const header = { ...primary, ...hdu.header };
  let fluxUnit = fluxColumn.unit ?? (typeof primary.BUNIT === 'string' ? primary.BUNIT : null);
  if (!fluxColumn.unit && fluxUnit) notes.push(`flux unit from the primary header's BUNIT (${fluxUnit})`);
  if (fluxUnit === null) notes.push('flux unit unknown (no TUNIT, no BUNIT)');

  const spectrum: Spectrum1D = {
    wavelengthAngstrom,
    flux,
    error,
    mask: buildMask(flux, error, flags),
    airWavelengths: mediumFromHeader(primary, notes),
    fluxUnit,
    redshift: null,
    header,
    source: {
      path,
      hdu: hdu.index,
      layout: 'table',
      fluxColumn: fluxColumn.name,
      wavelengthColumn: (linear ?? logColumn!).name,
      ...(errorColumn ? { errorColumn: errorColumn.name } : {}),
      errorKind,
    },
    readNotes: notes,
  };
  if (wdisp && logColumn) {
    // SDSS wdisp: σ of the LSF in pixels of Δlog10λ; σ_λ = wdisp × Δlog10λ × ln 10 × λ, FWHM = 2.3548 σ_λ
    const sigmaPixels = get(wdisp);
    const n = waveStored.length;
    const dLog = n > 1 ? (waveStored[n - 1]! - waveStored[0]!) / (n - 1) : NaN;
    spectrum.instrumentalFwhmAngstrom = wavelengthAngstrom.map((lambda, k) => FWHM_PER_SIGMA * sigmaPixels[k]! * dLog * Math.LN10 * lambda);
    spectrum.instrumentalFwhmSource = `column ${wdisp.name} (LSF σ in Δlog10λ pixels of ${dLog.toPrecision(4)}) × ln10 × λ × 2.3548`;
  }
  const z = findRedshift(file, header);
  if (z) {
    spectrum.redshift = z.value;
    spectrum.redshiftSource = z.source;
  }
  return spectrum;
}

function readImageSpectrum(file: OpenFits, hdu: FitsHduInfo, options: ReadSpectrumOptions): Spectrum1D {
  const path = file.path;
  const n = oneDimensionalLength(hdu)!;
  const primary = file.hdus[0]!.header;
  const header = hdu.index === 0 ? { ...hdu.header } : { ...primary, ...hdu.header };
  const axis = spectralAxisFromHeader(header, n, path, options.wavelengthUnit, 1);
  const notes = [...axis.notes];
  const errorHdu = file.hdus.find((h) => h !== hdu && upper(h) in IMAGE_ERROR_NAMES && oneDimensionalLength(h) === n);
  const fluxData = readHduPixels(file, hdu);
  const flux = Float64Array.from(fluxData);
  const errorKind = errorHdu ? IMAGE_ERROR_NAMES[upper(errorHdu)]! : 'none';
  const error = errorHdu ? Float64Array.from(toSigma(readHduPixels(file, errorHdu), errorKind as Exclude<ErrorKind, 'none'>)) : null;
  let air = axis.airWavelengths;
  if (air === null) air = mediumFromHeader(header, notes);
  const spectrum: Spectrum1D = {
    wavelengthAngstrom: axis.wavelengthAngstrom,
    flux,
    error,
    mask: buildMask(flux, error, null),
    airWavelengths: air,
    fluxUnit: typeof header.BUNIT === 'string' ? header.BUNIT : null,
    redshift: null,
    header,
    source: { path, hdu: hdu.index, layout: 'image', errorHdu: errorHdu ? errorHdu.index : null, errorKind },
    readNotes: notes,
  };
  const z = findRedshift(file, header);
  if (z) {
    spectrum.redshift = z.value;
    spectrum.redshiftSource = z.source;
  }
  return spectrum;
}

/** readSpectrum on an open file. */
export function readSpectrumFrom(file: OpenFits, options: ReadSpectrumOptions = {}): Spectrum1D {
  if (options.hdu !== undefined) {
    const hdu = findHdu(file, options.hdu);
    if (hdu.xtension === 'BINTABLE') return readTableSpectrum(file, hdu, options);
    if (oneDimensionalLength(hdu) !== null) return readImageSpectrum(file, hdu, options);
    throw new FitsError('not-a-spectrum', file.path, `${describeHdu(hdu)} is neither a table nor a 1-D image (HDUs: ${describeHdus(file)})`);
  }
  const table = file.hdus.find((h) => upper(h) === 'COADD' && isSpectrumTable(file, h)) ?? file.hdus.find((h) => isSpectrumTable(file, h));
  if (table) return readTableSpectrum(file, table, options);
  const images = file.hdus.filter((h) => oneDimensionalLength(h) !== null && !(upper(h) in IMAGE_ERROR_NAMES));
  const image = images.find((h) => IMAGE_FLUX_NAMES.has(upper(h))) ?? images[0];
  if (image) return readImageSpectrum(file, image, options);
  throw new FitsError('not-a-spectrum', file.path, `no 1-D spectrum: no table with flux and wavelength columns, no 1-D image (HDUs: ${describeHdus(file)})`);
}

/** Reads a 1-D spectrum from a FITS or .fits.gz file. Throws FitsError ('not-a-spectrum' naming the HDUs found). */
export function readSpectrum(path: string, options: ReadSpectrumOptions = {}): Spectrum1D {
  const file = openFits(path);
  try {
    return readSpectrumFrom(file, options);
  } finally {
    closeFits(file);
  }
}

/** A spectrum as a 1 × 1 cube (nx = ny = 1), so every cube tool (fitCube, the CLI) accepts it. Arrays are copied. */
export function spectrumAsCube(spectrum: Spectrum1D): Cube {
  const cube: Cube = {
    flux: Float64Array.from(spectrum.flux),
    error: spectrum.error ? Float64Array.from(spectrum.error) : null,
    mask: spectrum.mask.slice(),
    nx: 1,
    ny: 1,
    nWave: spectrum.flux.length,
    wavelengthAngstrom: Float64Array.from(spectrum.wavelengthAngstrom),
    airWavelengths: spectrum.airWavelengths,
    pixelScaleArcsec: null,
    fluxUnit: spectrum.fluxUnit,
    redshift: spectrum.redshift,
    header: { ...spectrum.header },
    source: {
      path: spectrum.source.path,
      fluxHdu: spectrum.source.hdu,
      errorHdu: spectrum.source.layout === 'image' ? (spectrum.source.errorHdu ?? null) : spectrum.error ? spectrum.source.hdu : null,
      errorKind: spectrum.source.errorKind,
      dqHdu: null,
    },
    readNotes: [...spectrum.readNotes, 'a 1-D spectrum read as a 1 × 1 cube'],
  };
  if (spectrum.redshiftSource) cube.redshiftSource = spectrum.redshiftSource;
  if (spectrum.instrumentalFwhmAngstrom) {
    cube.instrumentalFwhmAngstrom = Float64Array.from(spectrum.instrumentalFwhmAngstrom);
    cube.instrumentalFwhmSource = spectrum.instrumentalFwhmSource!;
  }
  return cube;
}

/** What readCubeOrSpectrum found: always a cube (1 × 1 for a spectrum), and the spectrum when it was one. */
export interface CubeOrSpectrum {
  cube: Cube;
  spectrum: Spectrum1D | null;
}

/**
 * Reads a cube if the file holds one (any 3-D image HDU, or KMOS IFU.n.DATA), else a 1-D spectrum as a 1 × 1 cube.
 * Neither → FitsError 'unknown-layout', one line listing the HDUs (names, types, dimensions).
 */
export function readCubeOrSpectrum(path: string, options: ReadCubeOptions & ReadSpectrumOptions = {}): CubeOrSpectrum {
  const file = openFits(path);
  try {
    const hasCube = file.hdus.some((h) => (h.xtension === null || h.xtension === 'IMAGE') && h.dataBytes > 0 && h.naxis.filter((n, i) => i < 3 || n > 1).length >= 3);
    if (hasCube || options.fluxHdu !== undefined) return { cube: readCubeFrom(file, options), spectrum: null };
    try {
      const spectrum = readSpectrumFrom(file, options);
      return { cube: spectrumAsCube(spectrum), spectrum };
    } catch (error) {
      if (error instanceof FitsError && error.code === 'not-a-spectrum' && options.hdu === undefined) {
        throw new FitsError('unknown-layout', path, `neither a cube nor a 1-D spectrum in a layout this reader knows (HDUs: ${describeHdus(file)})`);
      }
      throw error;
    }
  } finally {
    closeFits(file);
  }
}
