// Flux units of cubes: JWST surface brightness (MJy/sr) to flux density per spaxel (erg/s/cm²/Å), and the scaled
// erg s⁻¹ cm⁻² Å⁻¹ spellings of survey headers (MUSE, SAMI, SDSS, MaNGA, KCWI …) read to their scale (parseErgFluxUnit).
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
 * Returns a new cube in erg s⁻¹ cm⁻² Å⁻¹ per spaxel from one in MJy/sr or in any scaled erg s⁻¹ cm⁻² Å⁻¹ unit
 * parseErgFluxUnit reads (flux and error scaled per channel, mask copied, header BUNIT updated). The input is not
 * modified. For MJy/sr λ is taken as given (vacuum for JWST; for an AWAV cube the result is off by the refractive index
 * of air, ~3e-4). Throws FitsError 'bad-unit' for other units or when a surface brightness's spaxel size is unknown.
 */
export function toErgPerSecCm2Angstrom(cube: Cube): Cube {
  const path = cube.source.path;
  let factorAt: (wavelengthAngstrom: number) => number;
  if (isMegajanskyPerSteradian(cube.fluxUnit)) {
    if (cube.pixelScaleArcsec === null || !(cube.pixelScaleArcsec > 0)) {
      throw new FitsError('bad-unit', path, 'spaxel size unknown (no CDELT1/2 or CD matrix in angular units); cannot convert MJy/sr');
    }
    factorAt = (lam) => megajanskyPerSteradianToErgFactor(lam, cube.pixelScaleArcsec!);
  } else {
    const scaled = scaledErgDensityTo1e20(cube.fluxUnit, cube.pixelScaleArcsec);
    if (scaled.factor === null) throw new FitsError('bad-unit', path, `flux unit ${JSON.stringify(cube.fluxUnit)} ${scaled.why}; expected MJy/sr or erg s-1 cm-2 Angstrom-1 (scaled)`);
    const factor = scaled.factor / 1e20; // exact for a power of ten: 1e4 / 1e20 is the double nearest 1e-16
    factorAt = () => factor;
  }
  const plane = cube.nx * cube.ny;
  const flux = new Float64Array(cube.flux.length);
  const error = cube.error ? new Float64Array(cube.error.length) : null;
  for (let k = 0; k < cube.nWave; k++) {
    const factor = factorAt(cube.wavelengthAngstrom[k]!);
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

/** The unit fitted line fluxes are reported in when the cube's unit is known: 1e-20 erg/s/cm² per spaxel. */
export const FLUX_UNIT_1E20 = '1e-20 erg s-1 cm-2';

/**
 * A flux (density) unit of the erg family, parsed (parseErgFluxUnit): value × mantissa × 10^exponent10 is in
 * erg s⁻¹ cm⁻² (line flux) or erg s⁻¹ cm⁻² Å⁻¹ (flux density), per spaxel, per arcsec² or per sr.
 */
export interface ErgFluxUnit {
  /** The unit as written. */
  raw: string;
  mantissa: number;
  exponent10: number;
  /** 'density': per wavelength (converted to per Å); 'line': integrated over wavelength (erg s⁻¹ cm⁻²). */
  kind: 'density' | 'line';
  /**
   * What the value is per: 'spaxel' (a trailing /pixel or /spaxel says so, or — stated assumption — nothing does:
   * a flux with no solid angle is the flux in the spaxel, as every cube of this form we know of), 'arcsec2' or 'sr'
   * (surface brightness: needs the spaxel's area to become a flux per spaxel).
   */
  per: 'spaxel' | 'arcsec2' | 'sr';
  /** True when the unit itself says per pixel / per spaxel. */
  perSpaxelStated: boolean;
}

/** Ångström per wavelength unit of a flux-density denominator ('A' is Ångström here, as in IRAF and SDSS headers). */
const ANGSTROM_PER_WAVELENGTH_UNIT: Record<string, number> = { angstrom: 1, angstroem: 1, ang: 1, aa: 1, a: 1, 'å': 1, nm: 10, um: 1e4, micron: 1e4, 'µm': 1e4, 'μm': 1e4 };

/** Leading scale factor: FITS 4.0 §4.3 `10**k`, `10^k` (k optionally in parentheses), `10±k`; or a float `1E-17`. */
const SCALE_PREFIX = /^(?:10(?:\*\*|\^)\(?\s*([+-]?\d+)\s*\)?|10([+-]\d+)(?=[\s*.]|[a-zA-Z])|(\d+(?:\.\d*)?|\.\d+)[eE]([+-]?\d+))\s*[*.]?\s*/;
/** One factor: a name, or a parenthesised group, with an optional exponent (`**n`, `**(n)`, `^n`, `^(n)`, `n`). */
const FACTOR = /^(?:([A-Za-zÅµμ]+)|\(([^()]*)\))(?:(?:\*\*|\^)\(?\s*([+-]?\d+)\s*\)?|([+-]?\d+))?/;

/** The factors of a unit expression with their net powers ('/' inverts the factor or group right after it); null if unparsable. */
function unitPowers(expression: string, sign: 1 | -1, powers: Map<string, number>): boolean {
  let s = expression.trim();
  while (s.length > 0) {
    let invert = false;
    const op = /^[\s*.]*(\/)?[\s*.]*/.exec(s)!;
    if (op[1]) invert = true;
    s = s.slice(op[0].length);
    if (s.length === 0) return !invert;
    const m = FACTOR.exec(s);
    if (!m) return false;
    const power = Number(m[3] ?? m[4] ?? 1) * (invert ? -1 : 1) * sign;
    if (m[1] !== undefined) powers.set(m[1], (powers.get(m[1]) ?? 0) + power);
    else if (!unitPowers(m[2]!, power > 0 ? 1 : -1, powers) || Math.abs(power) !== 1) return false;
    s = s.slice(m[0].length);
  }
  return true;
}

/**
 * Parses a flux or flux-density unit of the erg family in its common spellings — a numeric scale (FITS 4.0 §4.3
 * `10**(-20)`, `10^-16`, `10-17`, or `1E-17`), then erg, s⁻¹, cm⁻² in any order, separated by spaces, `*`, `.` or
 * `/`, powers written `**n`, `**(n)`, `^n` or `n`, optionally Å⁻¹ (`Angstrom`, `angstrom`, `Ang`, `AA`, `A`; also nm,
 * um), optionally `/pixel` or `/spaxel`, or `/arcsec**2` or `/sr`; KCWI's `FLAM<n>` (= 10⁻ⁿ erg s⁻¹ cm⁻² Å⁻¹,
 * CWITools' reading of the KCWI DRP's BUNIT) likewise. Returns null for anything else (MJy/sr has its own path).
 * Examples: MUSE `10**(-20)*erg/s/cm**2/Angstrom`, SAMI `10**(-16) erg /s /cm**2 /angstrom /pixel`, SDSS
 * `1E-17 erg/cm^2/s/Ang`, MaNGA `1E-17 erg/s/cm^2/Ang/spaxel`.
 */
export function parseErgFluxUnit(unit: string | null): ErgFluxUnit | null {
  if (typeof unit !== 'string') return null;
  const raw = unit;
  let s = unit.trim();
  let mantissa = 1;
  let exponent10 = 0;
  const flam = /^FLAM(\d*)(?![A-Za-z])/.exec(s);
  if (flam) {
    exponent10 = -Number(flam[1] || 0);
    s = `erg/s/cm2/Angstrom${s.slice(flam[0].length)}`;
  } else {
    const scale = SCALE_PREFIX.exec(s);
    if (scale) {
      if (scale[3] !== undefined) {
        mantissa = Number(scale[3]);
        exponent10 = Number(scale[4]);
      } else {
        exponent10 = Number(scale[1] ?? scale[2]);
      }
      s = s.slice(scale[0].length);
    }
  }
  if (!(mantissa > 0) || !Number.isFinite(mantissa)) return null;
  const powers = new Map<string, number>();
  if (!unitPowers(s, 1, powers)) return null;
  let erg = 0, sec = 0, cm = 0, wavelength = 0, perPixel = 0, arcsec = 0, sr = 0;
  let angstromPerUnit = 1;
  for (const [name, power] of powers) {
    const lower = name.toLowerCase();
    if (power === 0) continue;
    if (lower === 'erg') erg += power;
    else if (name === 's' || lower === 'sec') sec += power;
    else if (lower === 'cm') cm += power;
    else if (ANGSTROM_PER_WAVELENGTH_UNIT[lower] !== undefined || ANGSTROM_PER_WAVELENGTH_UNIT[name] !== undefined) {
      const per = ANGSTROM_PER_WAVELENGTH_UNIT[lower] ?? ANGSTROM_PER_WAVELENGTH_UNIT[name]!;
      if (wavelength !== 0 && per !== angstromPerUnit) return null;
      angstromPerUnit = per;
      wavelength += power;
    } else if (/^(pixel|pix|spaxel|spx)$/i.test(name)) perPixel += power;
    else if (lower === 'arcsec') arcsec += power;
    else if (name === 'sr') sr += power;
    else return null;
  }
  if (erg !== 1 || sec !== -1 || cm !== -2 || (wavelength !== 0 && wavelength !== -1)) return null;
  if ((perPixel !== 0 && perPixel !== -1) || (arcsec !== 0 && arcsec !== -2) || (sr !== 0 && sr !== -1)) return null;
  if ([perPixel, arcsec, sr].filter((p) => p !== 0).length > 1) return null;
  // per µm or per nm → per Å: a value per µm is 1e-4 of the same value per Å (the units are powers of ten of Å)
  if (wavelength === -1) exponent10 -= Math.round(Math.log10(angstromPerUnit));
  return {
    raw, mantissa, exponent10, kind: wavelength === -1 ? 'density' : 'line',
    per: arcsec !== 0 ? 'arcsec2' : sr !== 0 ? 'sr' : 'spaxel', perSpaxelStated: perPixel !== 0,
  };
}

/** mantissa × 10^(exponent10 + 20): the factor from a parsed unit to 1e-20 erg/s/cm² (/Å), exact for powers of ten. */
export function factorTo1e20(unit: ErgFluxUnit): number {
  const power = unit.exponent10 + 20;
  // 10 ** k is exact for integer 0 ≤ k ≤ 22; a negative power divides, so 1e-3 is 1 / 1000 (exact to rounding)
  return power >= 0 ? unit.mantissa * 10 ** power : unit.mantissa / 10 ** -power;
}

/** A parsed unit written out: e.g. '1e-16 erg s-1 cm-2 Angstrom-1 per spaxel (stated)'. */
export function describeErgFluxUnit(unit: ErgFluxUnit): string {
  const scale = `${unit.mantissa === 1 ? '' : `${unit.mantissa}×`}1e${unit.exponent10}`;
  const per = unit.per === 'spaxel' ? `per spaxel (${unit.perSpaxelStated ? 'stated' : 'assumed: no solid angle in the unit'})` : `per ${unit.per === 'arcsec2' ? 'arcsec²' : 'sr'}`;
  return `${scale} erg s-1 cm-2${unit.kind === 'density' ? ' Angstrom-1' : ''} ${per}`;
}

/**
 * The factor from a cube's scaled erg s⁻¹ cm⁻² Å⁻¹ unit to 1e-20 erg s⁻¹ cm⁻² Å⁻¹ per spaxel, with how it was read: per
 * spaxel as parsed; per arcsec² or per sr × the spaxel's solid angle (pixelScaleArcsec², the |det| of the header's
 * spatial CD/CDELT matrix, io/wcs.ts). factor null (with the reason) for a unit parseErgFluxUnit does not read, a line
 * flux, or a surface brightness whose spaxel size is unknown — never guessed.
 */
export function scaledErgDensityTo1e20(unit: string | null, pixelScaleArcsec: number | null): { factor: number; rule: string } | { factor: null; why: string } {
  const parsed = parseErgFluxUnit(unit);
  if (parsed === null) return { factor: null, why: unit === null ? '(no BUNIT)' : 'not recognised' };
  if (parsed.kind !== 'density') return { factor: null, why: `is not a flux density (read as ${describeErgFluxUnit(parsed)})` };
  let factor = factorTo1e20(parsed);
  const pixel = pixelScaleArcsec !== null && pixelScaleArcsec > 0 ? pixelScaleArcsec : null;
  if (parsed.per !== 'spaxel') {
    if (pixel === null) return { factor: null, why: `is a surface brightness (${describeErgFluxUnit(parsed)}) and the spaxel size is unknown` };
    factor *= parsed.per === 'arcsec2' ? pixel * pixel : (pixel * RADIAN_PER_ARCSEC) ** 2;
  }
  const area = parsed.per === 'spaxel' ? '' : ` × spaxel area (${pixel} arcsec)²`;
  return { factor, rule: `read as ${describeErgFluxUnit(parsed)}${area}: × ${factor} to 1e-20 erg/s/cm²/Å per spaxel` };
}
