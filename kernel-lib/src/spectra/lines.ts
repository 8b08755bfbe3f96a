// The emission-line catalogue: vacuum rest wavelengths (Å) of the rest-optical nebular lines the MSA-3D analysis fits,
// with the fixed doublet flux ratios of atomic physics. Wavelengths are the NIST "Ritz" vacuum values as tabulated by
// the SDSS-IV MaNGA Data Analysis Pipeline (Westfall et al. 2019, AJ 158, 231; mangadap/data/emission_lines/elpmpl11.par).

/** Short names of the catalogued lines (the CLI/JSON keys: `ha_flux`, `nii6584_flux`, …). */
export type LineName =
  | 'oii3726'
  | 'oii3729'
  | 'hg'
  | 'hb'
  | 'oiii4959'
  | 'oiii5007'
  | 'nii6548'
  | 'ha'
  | 'nii6584'
  | 'sii6717'
  | 'sii6731';

/** One emission line: a short name, a label for plots and its vacuum rest wavelength. */
export interface EmissionLine {
  /** Short name, unique within a line set (catalogue lines use {@link LineName}; user lines any string). */
  readonly name: string;
  /** Label for figures, e.g. '[N II] 6584'. */
  readonly label: string;
  /** Rest wavelength in vacuum, Å. */
  readonly restWavelengthAngstrom: number;
}

/**
 * The catalogue, bluest first. Vacuum wavelengths (Å) from MaNGA DAP elpmpl11.par (NIST Ritz values):
 * [OII] 3727.092/3729.875, Hγ 4341.6837, Hβ 4862.6830, [OIII] 4960.295/5008.240, [NII] 6549.86/6585.27,
 * Hα 6564.608, [SII] 6718.295/6732.674.
 */
export const EMISSION_LINES: Readonly<Record<LineName, EmissionLine>> = Object.freeze({
  oii3726: { name: 'oii3726', label: '[O II] 3726', restWavelengthAngstrom: 3727.092 },
  oii3729: { name: 'oii3729', label: '[O II] 3729', restWavelengthAngstrom: 3729.875 },
  hg: { name: 'hg', label: 'Hγ', restWavelengthAngstrom: 4341.6837 },
  hb: { name: 'hb', label: 'Hβ', restWavelengthAngstrom: 4862.683 },
  oiii4959: { name: 'oiii4959', label: '[O III] 4959', restWavelengthAngstrom: 4960.295 },
  oiii5007: { name: 'oiii5007', label: '[O III] 5007', restWavelengthAngstrom: 5008.24 },
  nii6548: { name: 'nii6548', label: '[N II] 6548', restWavelengthAngstrom: 6549.86 },
  ha: { name: 'ha', label: 'Hα', restWavelengthAngstrom: 6564.608 },
  nii6584: { name: 'nii6584', label: '[N II] 6584', restWavelengthAngstrom: 6585.27 },
  sii6717: { name: 'sii6717', label: '[S II] 6717', restWavelengthAngstrom: 6718.295 },
  sii6731: { name: 'sii6731', label: '[S II] 6731', restWavelengthAngstrom: 6732.674 },
});

/** The catalogue line called `name`; throws for an unknown name. */
export function emissionLine(name: string): EmissionLine {
  const line = (EMISSION_LINES as Record<string, EmissionLine>)[name];
  if (!line) throw new Error(`emissionLine: unknown line '${name}' (known: ${Object.keys(EMISSION_LINES).join(', ')})`);
  return line;
}

/** A user line (e.g. He I 5877.25) for windows beyond the catalogue; the wavelength must be in vacuum, Å. */
export function defineLine(name: string, restWavelengthAngstrom: number, label = name): EmissionLine {
  if (!name) throw new Error('defineLine: a line needs a name');
  if (!(restWavelengthAngstrom > 0) || !Number.isFinite(restWavelengthAngstrom)) {
    throw new Error(`defineLine: rest wavelength of '${name}' must be a positive number of Å (got ${restWavelengthAngstrom})`);
  }
  return Object.freeze({ name, label, restWavelengthAngstrom });
}

/** A fixed flux ratio between the two lines of a doublet: flux(strong) = ratio × flux(weak). */
export interface DoubletRatio {
  /** The line whose flux is fitted. */
  readonly strong: string;
  /** The line tied to it: flux(weak) = flux(strong) / ratio. */
  readonly weak: string;
  /** flux(strong) / flux(weak), energy units. */
  readonly ratio: number;
}

/**
 * [O III] 5007/4959 = 2.98, the flux ratio from the transition probabilities of Storey & Zeippen 2000 (MNRAS 312, 813).
 */
export const OIII_DOUBLET_RATIO: DoubletRatio = Object.freeze({ strong: 'oiii5007', weak: 'oiii4959', ratio: 2.98 });

/**
 * [N II] 6584/6548 = 2.96, the flux ratio from the transition probabilities of Storey & Zeippen 2000 (MNRAS 312, 813)
 * as commonly quoted. Values in use span 2.94 (MaNGA DAP ties 6548 = 0.34 × 6584) to 3.05 (Osterbrock & Ferland 2006):
 * pass your own {@link DoubletRatio} to change it; the 2–3 % spread is below the errors of a spaxel's [N II] 6548.
 */
export const NII_DOUBLET_RATIO: DoubletRatio = Object.freeze({ strong: 'nii6584', weak: 'nii6548', ratio: 2.96 });
