// Where a value the tool used came from: an option the user gave, a header keyword, a stated default. Every output
// (JSON, FITS headers, notebook tables) records these so that no instrument, unit or redshift is applied silently.

/** One value and its origin, e.g. { value: 0.0539, source: "header Z_SPEC" } or { value: 1.61, unit: 'Angstrom', source: 'option --lsf-fwhm' }. */
export interface Provenance {
  value: number | string | boolean | null;
  /** Unit of `value` when it has one ('Angstrom', 'arcsec', 'kpc/arcsec'). */
  unit?: string;
  /** 'option --z', 'header Z_SPEC', 'default (the NIRSpec G140H curve)', 'MaNGA SPECRES extension', … */
  source: string;
}

/** Named values with their origins, e.g. { redshift, lsf, psf, kpcPerArcsec }. */
export type ProvenanceRecord = Record<string, Provenance>;
