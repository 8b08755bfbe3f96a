// What a cube's header says about the observation beyond the instrument: the galaxy's redshift (Z_SPEC, then
// REDSHIFT, then Z) and the seeing/PSF FWHM (SAMI PSFFWHM; MaNGA GFWHM/RFWHM/IFWHM/ZFWHM; ESO SKY_RES), each with
// the keyword it came from. A value that cannot be physical is an InputError naming the keyword, never skipped.
import { InputError } from '../errors/input-error';
import type { GaussianPsf } from './psf';

type Header = Record<string, string | number | boolean | null | undefined>;

/** Redshift keywords in the order they are tried: SAMI's Z_SPEC, then REDSHIFT, then Z. */
export const REDSHIFT_KEYWORDS = ['Z_SPEC', 'REDSHIFT', 'Z'] as const;
/** A header redshift outside this range is refused (−0.005 ≈ −1500 km/s, bluer than any galaxy; above 20 none is known). */
export const HEADER_REDSHIFT_RANGE: readonly [number, number] = [-0.005, 20];

/** The first redshift keyword present, with its value; null when none is. Throws InputError on a non-physical value. */
export function redshiftFromHeader(header: Header, where: string): { value: number; keyword: string } | null {
  for (const keyword of REDSHIFT_KEYWORDS) {
    const v = header[keyword];
    if (v === undefined || v === null) continue;
    const [lo, hi] = HEADER_REDSHIFT_RANGE;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
      throw new InputError('out-of-range', where, `header ${keyword} = ${JSON.stringify(v)} is not a physical redshift (${lo} to ${hi}); pass one (msa3d --z Z, or fitCube(cube, { redshift }))`);
    }
    return { value: v, keyword };
  }
  return null;
}

/** SDSS effective wavelengths in Å (Fukugita et al. 1996, AJ 111, 1748, Table 2a) for MaNGA's per-band PSF keywords. */
const MANGA_PSF_BANDS: readonly (readonly [string, number])[] = [['GFWHM', 4686], ['RFWHM', 6165], ['IFWHM', 7481], ['ZFWHM', 8931]];

function psfValue(header: Header, keyword: string, where: string): number {
  const v = header[keyword];
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0) || v > 30) {
    throw new InputError('out-of-range', where, `header ${keyword} = ${JSON.stringify(v)} is not a PSF FWHM in arcsec (0 to 30); pass --psf FWHM_X,FWHM_Y`);
  }
  return v;
}

/**
 * The PSF the header states, as a circular Gaussian of that FWHM (arcsec), with its keyword; null when the header has
 * none. SAMI PSFFWHM is the FWHM of a Moffat fit (taken as a Gaussian of the same FWHM); MaNGA gives one per SDSS band
 * (the band nearest `referenceWavelengthAngstrom`, e.g. the observed Hα, else r); ESO SKY_RES (MUSE and other ESO
 * Phase 3 cubes: the effective spatial resolution FWHM).
 */
export function psfFromHeader(header: Header, where: string, options: { referenceWavelengthAngstrom?: number } = {}): { psf: GaussianPsf; keyword: string; note: string } | null {
  const circular = (fwhm: number): GaussianPsf => ({ fwhmXArcsec: fwhm, fwhmYArcsec: fwhm });
  if (header.PSFFWHM != null) {
    return { psf: circular(psfValue(header, 'PSFFWHM', where)), keyword: 'PSFFWHM', note: 'SAMI: FWHM of the Moffat fit, taken as a Gaussian of that FWHM' };
  }
  const manga = MANGA_PSF_BANDS.filter(([k]) => header[k] != null);
  if (manga.length > 0) {
    const ref = options.referenceWavelengthAngstrom;
    const pick = ref !== undefined && Number.isFinite(ref)
      ? manga.reduce((best, b) => (Math.abs(b[1] - ref) < Math.abs(best[1] - ref) ? b : best))
      : (manga.find(([k]) => k === 'RFWHM') ?? manga[0]);
    const why = ref !== undefined && Number.isFinite(ref) ? `the SDSS band nearest ${ref.toFixed(0)} Angstrom` : 'the r band (no reference wavelength)';
    return { psf: circular(psfValue(header, pick[0], where)), keyword: pick[0], note: `MaNGA reconstructed FWHM in ${why}` };
  }
  if (header.SKY_RES != null) {
    return { psf: circular(psfValue(header, 'SKY_RES', where)), keyword: 'SKY_RES', note: 'ESO Phase 3 effective spatial resolution FWHM' };
  }
  return null;
}
