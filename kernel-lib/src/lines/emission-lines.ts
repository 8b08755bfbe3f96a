// The emission-line catalogue: one table of the rest-optical nebular lines with their vacuum and air rest wavelengths
// (Å) and the other names they go by. Vacuum wavelengths are the NIST "Ritz" values as tabulated by the SDSS-IV MaNGA
// Data Analysis Pipeline (Westfall et al. 2019, AJ 158, 231; mangadap/data/emission_lines/elpmpl11.par); air
// wavelengths are the NIST Atomic Spectra Database values quoted by Wang et al. (2020, ApJ 900, 183, §3.6) and
// METHODS-REFERENCE §3.8. Both columns are stored as tabulated (the Ciddor 1996 conversion of air-vacuum.ts reproduces
// each air value from its vacuum value to ≤ 0.01 Å, not to the last bit). The spectrum fitter and the simulator use the
// vacuum column; the Bayesian metallicity inference (Wang et al. 2020) uses the air column.
//
// Names: the short lower-case names (`ha`, `nii6584`, …) are the CLI/JSON keys (`ha_flux`, …); the names Wang et al.
// 2020 use (`Halpha`, `OIII5007`, …) are aliases, and {@link emissionLine} accepts either.

/** Short names of the catalogued single lines (the CLI/JSON keys: `ha_flux`, `nii6584_flux`, …). */
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

/** Doublets measured as one flux: [O II] λλ3726,3729 and [S II] λλ6717,6731 (Wang et al. 2020 fit them summed). */
export type BlendName = 'oii3727' | 'sii6717_31';

/** One emission line: a short name, a label for plots and its vacuum rest wavelength. */
export interface EmissionLine {
  /** Short name, unique within a line set (catalogue lines use {@link LineName}; user lines any string). */
  readonly name: string;
  /** Label for figures, e.g. '[N II] 6584'. */
  readonly label: string;
  /** Rest wavelength in vacuum, Å. */
  readonly restWavelengthAngstrom: number;
}

/** A line of the catalogue: an {@link EmissionLine} with its air wavelength, its other names and, for a blend, its members. */
export interface CatalogueLine extends EmissionLine {
  readonly name: LineName | BlendName;
  /** Rest wavelength in standard air, Å (NIST ASD, as tabulated; not converted from the vacuum value). */
  readonly airWavelengthAngstrom: number;
  /** Other names accepted by {@link emissionLine}, e.g. Wang et al. 2020's 'Halpha'. */
  readonly aliases: readonly string[];
  /** For a blend, the single lines whose fluxes it sums; empty for a single line. */
  readonly members: readonly LineName[];
}

function single(name: LineName, label: string, vacuumAngstrom: number, airAngstrom: number, aliases: readonly string[] = []): CatalogueLine {
  return Object.freeze({ name, label, restWavelengthAngstrom: vacuumAngstrom, airWavelengthAngstrom: airAngstrom, aliases: Object.freeze([...aliases]), members: Object.freeze([]) });
}

/**
 * The single lines, bluest first. Vacuum (MaNGA DAP elpmpl11.par, NIST Ritz) | air (NIST ASD), Å:
 * [O II] 3727.092 | 3726.03, 3729.875 | 3728.82; Hγ 4341.6837 | 4340.47; Hβ 4862.683 | 4861.33;
 * [O III] 4960.295 | 4958.91, 5008.240 | 5006.84; [N II] 6549.86 | 6548.05, 6585.27 | 6583.45; Hα 6564.608 | 6562.80;
 * [S II] 6718.295 | 6716.44, 6732.674 | 6730.82.
 */
export const EMISSION_LINES: Readonly<Record<LineName, CatalogueLine>> = Object.freeze({
  oii3726: single('oii3726', '[O II] 3726', 3727.092, 3726.03),
  oii3729: single('oii3729', '[O II] 3729', 3729.875, 3728.82),
  hg: single('hg', 'Hγ', 4341.6837, 4340.47, ['Hgamma']),
  hb: single('hb', 'Hβ', 4862.683, 4861.33, ['Hbeta']),
  oiii4959: single('oiii4959', '[O III] 4959', 4960.295, 4958.91),
  oiii5007: single('oiii5007', '[O III] 5007', 5008.24, 5006.84, ['OIII5007']),
  nii6548: single('nii6548', '[N II] 6548', 6549.86, 6548.05),
  ha: single('ha', 'Hα', 6564.608, 6562.8, ['Halpha']),
  nii6584: single('nii6584', '[N II] 6584', 6585.27, 6583.45),
  sii6717: single('sii6717', '[S II] 6717', 6718.295, 6716.44),
  sii6731: single('sii6731', '[S II] 6731', 6732.674, 6730.82),
});

function blend(name: BlendName, label: string, members: readonly [LineName, LineName], airAngstrom: number, aliases: readonly string[]): CatalogueLine {
  // vacuum: the mean of the members' vacuum wavelengths
  const [a, b] = members.map((m) => EMISSION_LINES[m].restWavelengthAngstrom);
  return Object.freeze({ name, label, restWavelengthAngstrom: (a + b) / 2, airWavelengthAngstrom: airAngstrom, aliases: Object.freeze([...aliases]), members: Object.freeze([...members]) });
}

/**
 * The blends, each measured as one flux. Air wavelengths as Wang et al. 2020 use them: [O II] 3727.0 (the doublet as
 * METHODS-REFERENCE §3.8 tabulates it) and [S II] 6723.63 = the mean of 6716.44 and 6730.82. Vacuum: the mean of the
 * members' vacuum wavelengths.
 */
export const LINE_BLENDS: Readonly<Record<BlendName, CatalogueLine>> = Object.freeze({
  oii3727: blend('oii3727', '[O II] 3727', ['oii3726', 'oii3729'], 3727.0, ['OII3727']),
  sii6717_31: blend('sii6717_31', '[S II] 6717+6731', ['sii6717', 'sii6731'], 6723.63, ['SII6717_31']),
});

/** Every catalogue line by its name and by each alias. */
const BY_NAME: ReadonlyMap<string, CatalogueLine> = (() => {
  const map = new Map<string, CatalogueLine>();
  for (const line of [...Object.values(EMISSION_LINES), ...Object.values(LINE_BLENDS)]) {
    for (const key of [line.name, ...line.aliases]) {
      if (map.has(key)) throw new Error(`emission-line catalogue: the name '${key}' is used twice`);
      map.set(key, line);
    }
  }
  return map;
})();

/**
 * The catalogue line called `nameOrAlias` (a short name such as 'ha' or an alias such as Wang et al.'s 'Halpha');
 * throws a one-line error listing the known names for anything else.
 */
export function emissionLine(nameOrAlias: string): CatalogueLine {
  const line = BY_NAME.get(nameOrAlias);
  if (!line) {
    const names = [...Object.keys(EMISSION_LINES), ...Object.keys(LINE_BLENDS)];
    const aliases = [...BY_NAME.keys()].filter((k) => !names.includes(k));
    throw new Error(`emissionLine: unknown line '${nameOrAlias}' (names: ${names.join(', ')}; aliases: ${aliases.join(', ')})`);
  }
  return line;
}

/** True when `nameOrAlias` names a catalogue line (single or blend) or one of its aliases. */
export function isCatalogueLine(nameOrAlias: string): boolean {
  return BY_NAME.has(nameOrAlias);
}

/** A user line (e.g. He I 5877.25) for windows beyond the catalogue; the wavelength must be in vacuum, Å. */
export function defineLine(name: string, restWavelengthAngstrom: number, label = name): EmissionLine {
  if (!name) throw new Error('defineLine: a line needs a name');
  if (!(restWavelengthAngstrom > 0) || !Number.isFinite(restWavelengthAngstrom)) {
    throw new Error(`defineLine: rest wavelength of '${name}' must be a positive number of Å (got ${restWavelengthAngstrom})`);
  }
  return Object.freeze({ name, label, restWavelengthAngstrom });
}
