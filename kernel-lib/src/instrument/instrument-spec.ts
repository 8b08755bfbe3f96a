// The instrumental line width as plain data (worker threads cannot receive functions): a catalogued instrument mode,
// a constant FWHM in Å, a constant σ in km/s, or a FWHM per wavelength (e.g. MaNGA's per-channel LSF); its
// description, and the σ_inst(λ) function the spectrum fitter uses.
import { InputError } from '../errors/input-error';
import { constantDispersion, dispersionFromFwhm, type InstrumentalDispersion } from './line-spread-function';
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { FWHM_PER_SIGMA } from './gaussian-fwhm';
import { LSF_CATALOGUE, isCatalogueLsfId, type CatalogueLsfId } from './lsf-catalogue';
import { interpolateClamped } from './resolution-curve';

/** A FWHM (Å) tabulated against observed wavelength (Å, increasing), interpolated linearly, end values beyond. */
export interface FwhmTable {
  wavelengthAngstrom: ArrayLike<number>;
  fwhmAngstrom: ArrayLike<number>;
}

/** The instrumental line width as data. */
export type InstrumentSpec = CatalogueLsfId | { fwhmAngstrom: number } | { sigmaKms: number } | { fwhmAngstromTable: FwhmTable };

function isObject(spec: unknown): spec is Record<string, unknown> {
  return typeof spec === 'object' && spec !== null;
}

/** A human-readable description of an instrument spec. */
export function describeInstrument(spec: InstrumentSpec): string {
  if (isCatalogueLsfId(spec)) return LSF_CATALOGUE[spec].description;
  if ('fwhmAngstrom' in spec) return `constant LSF FWHM ${spec.fwhmAngstrom} Angstrom`;
  if ('fwhmAngstromTable' in spec) {
    const f = Array.from(spec.fwhmAngstromTable.fwhmAngstrom).filter(Number.isFinite);
    return `LSF FWHM per channel, ${Math.min(...f).toFixed(2)}-${Math.max(...f).toFixed(2)} Angstrom`;
  }
  return `constant instrumental sigma ${spec.sigmaKms} km/s`;
}

/** Linear interpolation in a FWHM table (finite points only), end values beyond its range. */
function tableFwhm(table: FwhmTable): (lam: number) => number {
  const w: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < table.wavelengthAngstrom.length; i++) {
    if (Number.isFinite(table.wavelengthAngstrom[i]) && Number.isFinite(table.fwhmAngstrom[i]) && table.fwhmAngstrom[i] > 0) {
      w.push(table.wavelengthAngstrom[i]);
      f.push(table.fwhmAngstrom[i]);
    }
  }
  return (lam) => interpolateClamped(w, f, lam);
}

function checkTable(table: unknown): FwhmTable {
  const t = table as FwhmTable;
  const ok = isObject(t) && t.wavelengthAngstrom != null && t.fwhmAngstrom != null && t.wavelengthAngstrom.length === t.fwhmAngstrom.length;
  if (!ok) throw new InputError('bad-type', 'instrument', 'fwhmAngstromTable needs wavelengthAngstrom and fwhmAngstrom arrays of one length');
  let good = 0;
  let last = -Infinity;
  for (let i = 0; i < t.wavelengthAngstrom.length; i++) {
    if (!(Number.isFinite(t.wavelengthAngstrom[i]) && Number.isFinite(t.fwhmAngstrom[i]) && t.fwhmAngstrom[i] > 0)) continue;
    if (!(t.wavelengthAngstrom[i] > last)) throw new InputError('inconsistent', 'instrument', 'fwhmAngstromTable wavelengths must increase');
    last = t.wavelengthAngstrom[i];
    good++;
  }
  if (good < 2) throw new InputError('too-few', 'instrument', `fwhmAngstromTable has ${good} usable points (finite, FWHM > 0); need 2`);
  return t;
}

/** The instrumental-dispersion function σ_inst(λ) (km/s) of a spec; throws InputError on a malformed one. */
export function instrumentFromSpec(spec: InstrumentSpec): InstrumentalDispersion {
  if (isCatalogueLsfId(spec)) return LSF_CATALOGUE[spec].dispersion();
  if (isObject(spec) && 'fwhmAngstrom' in spec) {
    if (!(spec.fwhmAngstrom >= 0) || !Number.isFinite(spec.fwhmAngstrom)) {
      throw new InputError('out-of-range', 'instrument', `fwhmAngstrom must be a finite number ≥ 0 (got ${spec.fwhmAngstrom})`);
    }
    return dispersionFromFwhm(spec.fwhmAngstrom);
  }
  if (isObject(spec) && 'sigmaKms' in spec) {
    if (!(spec.sigmaKms >= 0) || !Number.isFinite(spec.sigmaKms)) {
      throw new InputError('out-of-range', 'instrument', `sigmaKms must be a finite number ≥ 0 (got ${spec.sigmaKms})`);
    }
    return constantDispersion(spec.sigmaKms);
  }
  if (isObject(spec) && 'fwhmAngstromTable' in spec) {
    const fwhm = tableFwhm(checkTable(spec.fwhmAngstromTable));
    return (lam) => (SPEED_OF_LIGHT_KMS * fwhm(lam)) / (lam * FWHM_PER_SIGMA); // σ = c · FWHM / (λ · 2√(2 ln 2))
  }
  throw new InputError(
    'not-one-of', 'instrument',
    `unknown instrument ${JSON.stringify(spec)}: use one of ${Object.keys(LSF_CATALOGUE).join(', ')}, { fwhmAngstrom }, { sigmaKms } or { fwhmAngstromTable }`,
  );
}
