// What a cube fit takes from the caller, the header or a stated default — redshift, line-spread function, wavelength
// medium (and the header's PSF, recorded for the analysis) — each with where it came from (provenance.ts). Nothing is
// assumed silently: no redshift and no known instrument are InputErrors that say which option to pass.
import type { CubeInfo as Cube } from '../io/cube';
import type { Provenance, ProvenanceRecord } from '../provenance';
import { InputError } from '../errors/input-error';
import { EMISSION_LINES } from '../lines/emission-lines';
import type { InstrumentSpec } from '../instrument/instrument-spec';
import { describeInstrument, instrumentFromSpec } from '../instrument/instrument-spec';
import { lsfFromHeader, type PerChannelLsf } from '../instrument/lsf-from-header';
import { psfFromHeader, redshiftFromHeader } from '../instrument/observation-header';
import type { GaussianPsf } from '../instrument/psf';

export interface CubeFitInputs {
  redshift: number;
  instrument: InstrumentSpec;
  medium: 'vacuum' | 'air';
  /** The PSF the header states (null when none, or when its value is unusable: see provenance.psf). */
  psf: GaussianPsf | null;
  /** redshift, lsf, medium, and psf when the header states one. */
  provenance: ProvenanceRecord;
}

export interface CubeFitInputOptions {
  redshift?: number;
  instrument?: InstrumentSpec;
  medium?: 'vacuum' | 'air';
}

function perChannelLsf(cube: Cube): PerChannelLsf | null {
  const fwhm = cube.instrumentalFwhmAngstrom;
  if (!fwhm || fwhm.length !== cube.nWave) return null;
  return { wavelengthAngstrom: cube.wavelengthAngstrom, fwhmAngstrom: fwhm, source: cube.instrumentalFwhmSource ?? 'the cube file (per-channel LSF)' };
}

function redshiftOf(cube: Cube, options: CubeFitInputOptions): Provenance & { value: number } {
  if (options.redshift !== undefined) return { value: options.redshift, source: 'option (fitCube redshift / msa3d --z)' };
  const fromHeader = redshiftFromHeader(cube.header ?? {}, cube.source.path);
  if (fromHeader) return { value: fromHeader.value, source: `header ${fromHeader.keyword}` };
  if (cube.redshift != null && Number.isFinite(cube.redshift)) return { value: cube.redshift, source: cube.redshiftSource ?? 'cube.redshift (set by the code that built the cube)' };
  // SPECSYS = 'SOURCE': the spectral axis is in the source's rest frame (FITS WCS Paper III: Greisen et al. 2006, A&A 446, 747)
  const restFrame = String((cube.header ?? {}).SPECSYS ?? '').trim().toUpperCase() === 'SOURCE'
    ? ' (the header says SPECSYS = SOURCE, wavelengths in the galaxy\'s rest frame: --z 0, with a scale from --kpc-per-arcsec or --distance-mpc)' : '';
  throw new InputError('missing', cube.source.path, `no redshift in the header; pass one (msa3d --z Z, or fitCube(cube, { redshift }))${restFrame}; keywords looked for: Z_SPEC, REDSHIFT, Z`);
}

function lsfOf(cube: Cube, options: CubeFitInputOptions): { spec: InstrumentSpec; provenance: Provenance } {
  if (options.instrument !== undefined) {
    instrumentFromSpec(options.instrument); // refuse a malformed spec here, not in every worker
    return { spec: options.instrument, provenance: { value: describeInstrument(options.instrument), source: 'option (fitCube instrument / msa3d --lsf-fwhm)' } };
  }
  const found = lsfFromHeader(cube.header ?? {}, perChannelLsf(cube));
  if (!found.ok) {
    throw new InputError('missing', cube.source.path,
      `no line-spread function for this cube (${found.found}): ${found.reason}; pass the LSF FWHM in Angstrom (msa3d --lsf-fwhm A, or fitCube(cube, { instrument: { fwhmAngstrom } }))`);
  }
  instrumentFromSpec(found.spec);
  return { spec: found.spec, provenance: { value: found.description, source: found.source } };
}

function mediumOf(cube: Cube, options: CubeFitInputOptions): Provenance & { value: 'vacuum' | 'air' } {
  if (options.medium !== undefined) return { value: options.medium, source: 'option (fitCube medium / msa3d --air)' };
  const ctype3 = JSON.stringify(cube.header?.CTYPE3 ?? null);
  // A 1-D table spectrum has no CTYPE3: its reader states the medium from the format (SDSS loglam is vacuum).
  const stated = cube.header?.CTYPE3 == null ? 'the file format, as read (io/spectrum.ts)' : `header CTYPE3=${ctype3}`;
  if (cube.airWavelengths === true) return { value: 'air', source: stated };
  if (cube.airWavelengths === false) return { value: 'vacuum', source: stated };
  return { value: 'vacuum', source: `default: vacuum assumed (CTYPE3=${ctype3} says neither AWAV nor WAVE; pass --air for air wavelengths)` };
}

/** Resolves redshift, LSF and medium for fitting `cube` (and reads the header's PSF), with their provenance. */
export function resolveCubeFitInputs(cube: Cube, options: CubeFitInputOptions = {}): CubeFitInputs {
  const redshift = redshiftOf(cube, options);
  const lsf = lsfOf(cube, options);
  const medium = mediumOf(cube, options);
  const provenance: ProvenanceRecord = { redshift, lsf: lsf.provenance, medium };
  let psf: GaussianPsf | null = null;
  try {
    const haObserved = EMISSION_LINES.ha.restWavelengthAngstrom * (1 + redshift.value);
    const read = psfFromHeader(cube.header ?? {}, cube.source.path, { referenceWavelengthAngstrom: haObserved });
    if (read) {
      psf = read.psf;
      provenance.psf = { value: read.psf.fwhmXArcsec, unit: 'arcsec', source: `header ${read.keyword} (${read.note})` };
    }
  } catch (error) {
    provenance.psf = { value: null, unit: 'arcsec', source: (error as Error).message };
  }
  return { redshift: redshift.value, instrument: lsf.spec, medium: medium.value, psf, provenance };
}

/** One line for a terminal: the LSF, redshift and medium used and where each came from. */
export function describeCubeFitInputs(provenance: ProvenanceRecord): string {
  const part = (label: string, p: Provenance | undefined) => (p ? `${label} ${p.value}${p.unit ? ` ${p.unit}` : ''} (${p.source})` : null);
  return [part('instrument:', provenance.lsf), part('redshift', provenance.redshift), part('wavelengths', provenance.medium)]
    .filter((s): s is string => s !== null)
    .join('; ');
}
