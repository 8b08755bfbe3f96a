// The parts of a FITS WCS a cube reader needs: the wavelength of each channel and the angular size of a spaxel.
import { FitsError } from './errors';
import type { FitsValue } from './fits-file';

/** Wavelength units accepted in CUNIT3 (case-insensitive) and their size in Angstrom. */
const ANGSTROM_PER_UNIT: Record<string, number> = {
  m: 1e10,
  cm: 1e8,
  mm: 1e7,
  um: 1e4,
  'µm': 1e4, // U+00B5 micro sign
  'μm': 1e4, // U+03BC Greek mu
  micron: 1e4,
  microns: 1e4,
  nm: 10,
  angstrom: 1,
  angstroms: 1,
  'å': 1,
  // 'A' is the ampere in the FITS unit standard and astropy.wcs rejects it on a WAVE axis, but files use it for Angstrom
  a: 1,
};

/** Angular units accepted in CUNIT1/2 and their size in arcsec. */
const ARCSEC_PER_UNIT: Record<string, number> = {
  deg: 3600,
  arcmin: 60,
  arcsec: 1,
  mas: 1e-3,
  rad: (180 / Math.PI) * 3600,
};

/** A wavelength axis read from the WCS. */
export interface SpectralAxis {
  /** Wavelength of each channel k = 0 … nWave-1 (FITS pixel k+1), in Angstrom. */
  wavelengthAngstrom: Float64Array;
  /** true for CTYPE3 AWAV (air), false for WAVE (vacuum), null when CTYPE3 does not say (LINEAR or absent). */
  airWavelengths: boolean | null;
  /** CTYPE3 as read ('' when absent). */
  ctype: string;
  /** The unit the axis values were taken to be in, as written or assumed. */
  unit: string;
  /** True when CUNIT was absent and a default was applied (metres for WAVE/AWAV, the LAMBDA rule for IRAF axes). */
  unitAssumed: boolean;
  /** Stated assumptions (e.g. the unit rule for CTYPE3 'LAMBDA' without CUNIT3); empty when none was needed. */
  notes: string[];
}

/** The angular size of a spaxel read from the spatial WCS. */
export interface SpatialScale {
  /** sqrt(pixel solid angle) in arcsec: the side of a square pixel with the same area (|det CD|, Calabretta & Greisen 2002). */
  pixelScaleArcsec: number;
  /** Length of one step along NAXIS1 / NAXIS2 on the sky, in arcsec. */
  pixelScaleXArcsec: number;
  pixelScaleYArcsec: number;
}

function num(header: Record<string, FitsValue>, key: string): number | undefined {
  const value = header[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(header: Record<string, FitsValue>, key: string): string {
  const value = header[key];
  return typeof value === 'string' ? value.trim() : '';
}

/** Angstrom per unit for a wavelength unit string, or undefined when it is not a wavelength unit. */
export function angstromPerUnit(unit: string): number | undefined {
  return ANGSTROM_PER_UNIT[unit.trim().toLowerCase()];
}

/**
 * Element (i, j) of the linear transformation matrix of the WCS (pixel axis j → world axis i), CDELT folded in.
 * FITS WCS Paper I, Greisen & Calabretta 2002, Eqs. 1–3: CDi_j when any CD card is present, else CDELTi × PCi_j.
 */
function matrixElement(header: Record<string, FitsValue>, i: number, j: number, useCd: boolean): number {
  if (useCd) return num(header, `CD${i}_${j}`) ?? 0;
  const pc = num(header, `PC${i}_${j}`) ?? (i === j ? 1 : 0);
  return (num(header, `CDELT${i}`) ?? 1) * pc;
}

/** True when the matrix comes from CDi_j cards: some are present and no PCi_j is (wcslib gives PC precedence). */
function hasCd(header: Record<string, FitsValue>, axes: number[]): boolean {
  const any = (prefix: string) => axes.some((i) => axes.some((j) => num(header, `${prefix}${i}_${j}`) !== undefined));
  return any('CD') && !any('PC');
}

/** Plausible range for a wavelength axis without a unit read as Angstrom: far-UV to K band (GMOS 3600–10300 Å, KMOS ≤ 2.5 µm). */
export const ANGSTROM_RULE_RANGE: readonly [number, number] = [900, 30000];

/**
 * Wavelengths of the nWave channels from the WCS of one axis (default 3: CRVAL3, CDELT3 or CD3_3, PC3_3, CRPIX3, CUNIT3,
 * CTYPE3; axis 1 for a 1-D spectrum). Linear (WAVE, AWAV, LINEAR, IRAF's LAMBDA) and logarithmic (WAVE-LOG, AWAV-LOG)
 * axes are supported. When CUNIT is absent on a WAVE/AWAV axis the value is in metres (Paper III's SI default, as
 * astropy.wcs assumes); a result outside 1 Å – 1 m is refused rather than guessed. CTYPE 'LAMBDA' (the IRAF
 * convention of GMOS and long-slit-derived cubes) without CUNIT: the unit is the one IRAF's WATn_001 'units=' names,
 * else Angstrom (IRAF's default dispersion unit) when every channel then falls in ANGSTROM_RULE_RANGE, else an error;
 * the rule applied is returned in `notes`. `wavelengthUnit` overrides CUNIT.
 */
export function spectralAxisFromHeader(
  header: Record<string, FitsValue>,
  nWave: number,
  path: string,
  wavelengthUnit?: string,
  axis = 3,
): SpectralAxis {
  const a = axis;
  const ctype = str(header, `CTYPE${a}`).toUpperCase();
  const base = ctype.slice(0, 4);
  const algorithm = ctype.length > 4 ? ctype.slice(4).replace(/^-+/, '') : '';
  const isWave = base === 'WAVE' || base === 'AWAV';
  const isIrafLambda = ctype === 'LAMBDA';
  if (ctype !== '' && !isWave && ctype !== 'LINEAR' && !isIrafLambda) {
    throw new FitsError('no-wavelength-wcs', path, `CTYPE${a} = '${ctype}' is not a wavelength axis (need WAVE, AWAV, LAMBDA or LINEAR)`);
  }
  if (isWave && algorithm !== '' && algorithm !== 'LOG') {
    const what = algorithm === 'TAB' ? 'tabulated (-TAB) wavelengths are' : `the -${algorithm} algorithm is`;
    throw new FitsError('unsupported-wcs', path, `CTYPE${a} = '${ctype}': ${what} not supported (only linear and -LOG)`);
  }
  const others = [1, 2, 3].filter((i) => i !== a && (a === 3 || i < a || num(header, `NAXIS${i}`) !== undefined));
  const crval = num(header, `CRVAL${a}`);
  const useCd = hasCd(header, [a, ...others]);
  const step = useCd ? num(header, `CD${a}_${a}`) : (num(header, `CDELT${a}`) ?? (num(header, `PC${a}_${a}`) !== undefined ? 1 : undefined));
  if (crval === undefined || step === undefined) {
    const missing = crval === undefined ? `CRVAL${a}` : `CDELT${a} or CD${a}_${a}`;
    throw new FitsError('no-wavelength-wcs', path, `no wavelength WCS: ${missing} missing (CTYPE${a} = '${ctype}')`);
  }
  for (const j of others) {
    if (matrixElement(header, a, j, useCd) !== 0) {
      throw new FitsError('unsupported-wcs', path, `wavelength depends on spaxel position (${useCd ? 'CD' : 'PC'}${a}_${j} ≠ 0); not supported`);
    }
  }
  const notes: string[] = [];
  const cunit = str(header, `CUNIT${a}`);
  // IRAF world-coordinate attributes, e.g. WAT3_001 = 'wtype=linear label=Wavelength units=angstroms'
  const irafUnit = /units=(\S+)/.exec(str(header, `WAT${a}_001`))?.[1];
  let unit = wavelengthUnit ?? (cunit !== '' ? cunit : isWave ? 'm' : '');
  let irafRule = false;
  if (wavelengthUnit === undefined && cunit === '' && isIrafLambda) {
    if (irafUnit !== undefined && angstromPerUnit(irafUnit) !== undefined) {
      unit = irafUnit;
      notes.push(`CTYPE${a} = 'LAMBDA' without CUNIT${a}: unit '${irafUnit}' taken from IRAF's WAT${a}_001`);
    } else {
      unit = 'Angstrom';
      irafRule = true;
    }
  }
  const unitAssumed = wavelengthUnit === undefined && cunit === '' && (isWave || isIrafLambda);
  const scale = angstromPerUnit(unit);
  if (scale === undefined) {
    const why = unit === '' ? `CTYPE${a} = '${ctype}' without CUNIT${a} gives no wavelength unit` : `CUNIT${a} = '${unit}' is not a wavelength unit`;
    throw new FitsError('no-wavelength-wcs', path, `${why}; pass options.wavelengthUnit`);
  }
  // FITS WCS Paper I, Greisen & Calabretta 2002, Eq. 3 with p = k + 1: intermediate coordinate w = s × (p − r)
  const delta = useCd ? step : step * (num(header, `PC${a}_${a}`) ?? 1);
  const crpix = num(header, `CRPIX${a}`) ?? 0; // Paper I: CRPIXj defaults to 0
  const wavelengthAngstrom = new Float64Array(nWave);
  const logarithmic = algorithm === 'LOG';
  for (let k = 0; k < nWave; k++) {
    const w = delta * (k + 1 - crpix);
    // FITS WCS Paper III, Greisen et al. 2006, Eq. 5 (-LOG: λ = λr exp(w/λr)) and §3.1 (linear: λ = λr + w)
    const lambda = logarithmic ? crval * Math.exp(w / crval) : crval + w;
    wavelengthAngstrom[k] = lambda * scale;
  }
  const first = wavelengthAngstrom[0]!;
  const last = wavelengthAngstrom[nWave - 1]!;
  const lo = Math.min(first, last);
  const hi = Math.max(first, last);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo > 0) || delta === 0) {
    throw new FitsError('no-wavelength-wcs', path, `wavelength WCS gives ${first} … ${last} Å (CRVAL${a} = ${crval}, step ${delta} ${unit})`);
  }
  if (irafRule) {
    const [min, max] = ANGSTROM_RULE_RANGE;
    if (lo < min || hi > max) {
      throw new FitsError('no-wavelength-wcs', path, `CTYPE${a} = 'LAMBDA' without CUNIT${a}: read as Angstrom the axis spans ${lo.toPrecision(5)} … ${hi.toPrecision(5)}, outside ${min}–${max} Å, so the unit cannot be decided; pass options.wavelengthUnit`);
    }
    notes.push(`CTYPE${a} = 'LAMBDA' without CUNIT${a}: read as Angstrom (IRAF's default dispersion unit; the axis then spans ${lo.toFixed(1)}–${hi.toFixed(1)} Å, inside the ${min}–${max} Å rule)`);
  } else if (unitAssumed && (lo < 1 || hi > 1e10)) {
    throw new FitsError('no-wavelength-wcs', path, `CUNIT${a} missing, so the FITS default (metres) applies, giving ${lo.toPrecision(4)} … ${hi.toPrecision(4)} Å; pass options.wavelengthUnit`);
  }
  if (isIrafLambda) notes.push(`CTYPE${a} = 'LAMBDA' does not say air or vacuum: airWavelengths = null (pass the medium explicitly)`);
  return {
    wavelengthAngstrom,
    airWavelengths: base === 'AWAV' ? true : base === 'WAVE' ? false : null,
    ctype,
    unit,
    unitAssumed,
    notes,
  };
}

function isCelestial(ctype: string): boolean {
  // FITS WCS Paper II, Calabretta & Greisen 2002, §2: RA/DEC and xLON/xLAT pairs with a projection code
  return /^(RA--|DEC-|[A-Z]LON|[A-Z]LAT)/.test(ctype) || /^[A-Z]{2}LN|^[A-Z]{2}LT/.test(ctype);
}

/**
 * Spaxel size from axes 1 and 2: CDi_j or CDELTi × PCi_j, converted to arcsec. Celestial axes (RA/DEC, xLON/xLAT)
 * default to degrees (Paper I); other axes (e.g. CTYPE LINEAR) need an angular CUNIT. Null when the header lacks either.
 */
export function spatialScaleFromHeader(header: Record<string, FitsValue>): SpatialScale | null {
  const arcsecPerUnit: number[] = [];
  for (const i of [1, 2]) {
    const ctype = str(header, `CTYPE${i}`).toUpperCase();
    const cunit = str(header, `CUNIT${i}`).toLowerCase();
    const unit = cunit !== '' ? cunit : isCelestial(ctype) ? 'deg' : '';
    const factor = ARCSEC_PER_UNIT[unit];
    if (factor === undefined) return null;
    arcsecPerUnit.push(factor);
  }
  const useCd = hasCd(header, [1, 2]);
  if (!useCd && num(header, 'CDELT1') === undefined && num(header, 'CDELT2') === undefined) return null;
  const m11 = matrixElement(header, 1, 1, useCd) * arcsecPerUnit[0]!;
  const m12 = matrixElement(header, 1, 2, useCd) * arcsecPerUnit[0]!;
  const m21 = matrixElement(header, 2, 1, useCd) * arcsecPerUnit[1]!;
  const m22 = matrixElement(header, 2, 2, useCd) * arcsecPerUnit[1]!;
  // pixel area = |det M| (as astropy.wcs.utils.proj_plane_pixel_area); side of pixel j = norm of column j of M
  const area = Math.abs(m11 * m22 - m12 * m21);
  if (!(area > 0) || !Number.isFinite(area)) return null;
  return {
    pixelScaleArcsec: Math.sqrt(area),
    pixelScaleXArcsec: Math.hypot(m11, m21),
    pixelScaleYArcsec: Math.hypot(m12, m22),
  };
}

/** The WCS of a cube's two spatial axes, as the keywords of a 2-D WCS (spectral axis removed). */
export interface SpatialWcs {
  /** CTYPE1/2, CUNIT1/2, CRPIX1/2, CRVAL1/2, CDELT1/2 and PC1_1…PC2_2 or CD1_1…CD2_2, CROTA2, PVi_m, LONPOLE, LATPOLE, RADESYS, EQUINOX, … and WCSAXES = 2. */
  keywords: Record<string, FitsValue>;
  /** True for celestial axes (RA/DEC, xLON/xLAT); false for e.g. SAMI's LINEAR offsets in arcsec. */
  celestial: boolean;
}

/** Keywords of the spatial WCS copied as they are (FITS WCS Papers I and II; astropy's WCS.sub([1, 2]).to_header() keeps the same set). */
const SPATIAL_WCS_KEYS = [
  'CTYPE1', 'CTYPE2', 'CUNIT1', 'CUNIT2', 'CRPIX1', 'CRPIX2', 'CRVAL1', 'CRVAL2', 'CDELT1', 'CDELT2', 'CROTA2',
  'PC1_1', 'PC1_2', 'PC2_1', 'PC2_2', 'CD1_1', 'CD1_2', 'CD2_1', 'CD2_2',
  'LONPOLE', 'LATPOLE', 'RADESYS', 'RADECSYS', 'EQUINOX', 'EPOCH', 'WCSNAME', 'DATE-OBS', 'MJD-OBS', 'DATEREF', 'MJDREF',
];

/**
 * The cube's WCS restricted to its two spatial axes (pixel axes 1 and 2), or null when the header has no CTYPE1/CTYPE2
 * or couples a spatial axis to the spectral one (PC/CD i_3 ≠ 0 for i = 1, 2: the 2-D WCS would not be the cube's).
 * Projection parameters PVi_m / PSi_m of axes 1 and 2 are kept. What it returns is exactly the cube's mapping of
 * (x, y) to world coordinates — celestial or, for e.g. CTYPE LINEAR, linear offsets.
 */
export function spatialWcsFromHeader(header: Record<string, FitsValue>): SpatialWcs | null {
  if (str(header, 'CTYPE1') === '' && str(header, 'CTYPE2') === '') return null;
  for (const i of [1, 2]) {
    for (const prefix of ['PC', 'CD']) {
      const coupling = num(header, `${prefix}${i}_3`);
      if (coupling !== undefined && coupling !== 0) return null;
    }
  }
  const keywords: Record<string, FitsValue> = { WCSAXES: 2 };
  for (const key of SPATIAL_WCS_KEYS) {
    const value = header[key];
    if (value !== undefined && value !== null) keywords[key] = typeof value === 'string' ? value.trim() : value;
  }
  for (const [key, value] of Object.entries(header)) {
    if (/^P[VS][12]_\d+$/.test(key) && value !== null) keywords[key] = value;
  }
  const celestial = isCelestial(str(header, 'CTYPE1').toUpperCase()) && isCelestial(str(header, 'CTYPE2').toUpperCase());
  return { keywords, celestial };
}
