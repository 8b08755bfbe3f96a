// The 32 legible rows of Wang et al. 2020 (ApJ 900, 183) Table 3 — the metallicity gradient, observed line fluxes
// (10⁻¹⁷ erg s⁻¹ cm⁻²), μ, log M*, [N II]/Hα and the published 12+log(O/H), A_V^N and SFR^N — read from
// kernel-lib/data/wang2020_table3_legible.csv.
import * as fs from 'node:fs';
import { packageDataPath } from './package-data';
import { parseCsv } from './csv';

/** The six lines (or blends) of Table 3, by the names Wang et al. use (aliases in lines/emission-lines). */
export type Wang2020LineName = 'OII3727' | 'Hgamma' | 'Hbeta' | 'OIII5007' | 'Halpha' | 'SII6717_31';

/** Where the transcription lives (provenance: data/README.md). */
export const WANG2020_TABLE3_PATH = packageDataPath('wang2020_table3_legible.csv');

/** Unit of the table's fluxes, erg s⁻¹ cm⁻². */
export const WANG2020_FLUX_UNIT_CGS = 1e-17;

/** A published value: its error (NaN when none) and whether it is an upper ('<') or lower ('>') limit. */
export interface PublishedValue {
  readonly value: number;
  readonly error: number;
  readonly limit: '' | '<' | '>';
}

/** One row of Table 3. Missing fluxes are null. */
export interface Wang2020Row {
  readonly cluster: string;
  readonly id: string;
  readonly redshift: number;
  /** The published metallicity gradient, dex/kpc (Table 3 column "grad"; no limits). */
  readonly gradientDexPerKpc: PublishedValue;
  readonly fluxes: Readonly<Record<Wang2020LineName, { flux: number; error: number } | null>>;
  readonly magnification: PublishedValue;
  readonly logMass: PublishedValue;
  readonly niiHa: PublishedValue;
  readonly oh: PublishedValue;
  readonly avN: PublishedValue;
  readonly sfrN: PublishedValue;
}

const FLUX_COLUMNS: Record<Wang2020LineName, string> = {
  OII3727: 'OII', Hgamma: 'Hg', Hbeta: 'Hb', OIII5007: 'OIII', Halpha: 'Ha', SII6717_31: 'SII',
};

/** Reads the CSV (default path WANG2020_TABLE3_PATH) into typed rows; throws naming the file on a malformed cell. */
export function readWang2020Table3(path: string = WANG2020_TABLE3_PATH): Wang2020Row[] {
  const where = 'readWang2020Table3';
  const { header, rows } = parseCsv(fs.readFileSync(path, 'utf8'), path);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${where}: ${path} has no column "${name}"`);
    return i;
  };
  const num = (row: string[], name: string, r: number): number => {
    const s = row[col(name)].trim();
    if (s === '') return NaN;
    const v = Number(s);
    if (!Number.isFinite(v)) throw new Error(`${where}: ${path} row ${r + 2} column ${name} is not a number ("${s}")`);
    return v;
  };
  const published = (row: string[], name: string, r: number): PublishedValue => {
    const limit = row[col(`${name}_limit`)].trim();
    if (limit !== '' && limit !== '<' && limit !== '>') throw new Error(`${where}: ${path} row ${r + 2} ${name}_limit must be '', '<' or '>' (got "${limit}")`);
    return { value: num(row, name, r), error: num(row, `${name}_err`, r), limit };
  };
  return rows.map((row, r) => {
    const fluxes = {} as Record<Wang2020LineName, { flux: number; error: number } | null>;
    for (const [line, name] of Object.entries(FLUX_COLUMNS) as [Wang2020LineName, string][]) {
      const f = num(row, `f_${name}`, r);
      const e = num(row, `e_${name}`, r);
      fluxes[line] = Number.isFinite(f) && Number.isFinite(e) ? { flux: f, error: e } : null;
    }
    return {
      cluster: row[col('cluster')],
      id: row[col('id')],
      redshift: num(row, 'z', r),
      gradientDexPerKpc: { value: num(row, 'grad', r), error: num(row, 'grad_err', r), limit: '' },
      fluxes,
      magnification: { value: num(row, 'mu', r), error: num(row, 'mu_err', r), limit: '' },
      logMass: published(row, 'logM', r),
      niiHa: published(row, 'NII_Ha', r),
      oh: published(row, 'OH', r),
      avN: published(row, 'AV_N', r),
      sfrN: published(row, 'SFR_N', r),
    };
  });
}

/**
 * Stellar mass and metallicity gradient of the rows as typed arrays for a regression (e.g. `linmix` with errors on
 * both axes), like `gradientSample` for Table 1 of MSA-3D; mass limits are taken at their tabulated value.
 */
export function wang2020GradientSample(rows: readonly Wang2020Row[]): {
  logMstar: Float64Array;
  logMstarErr: Float64Array;
  gradientDexPerKpc: Float64Array;
  gradientErrDexPerKpc: Float64Array;
} {
  return {
    logMstar: Float64Array.from(rows, (r) => r.logMass.value),
    logMstarErr: Float64Array.from(rows, (r) => r.logMass.error),
    gradientDexPerKpc: Float64Array.from(rows, (r) => r.gradientDexPerKpc.value),
    gradientErrDexPerKpc: Float64Array.from(rows, (r) => r.gradientDexPerKpc.error),
  };
}
