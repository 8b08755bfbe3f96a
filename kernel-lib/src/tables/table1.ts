// MSA-3D Table 1 (Ju et al.): 43 galaxies with redshift, stellar mass, SFR, lines observed and, for 25, the
// metallicity gradient in dex/kpc and dex/R_e. Real published values, transcribed in kernel-lib/data/msa3d_table1.csv.
import * as fs from 'node:fs';
import type * as dfd from 'danfojs-node';
import { parseCsv } from './csv';
import { rowsToFrame } from './frame';
import { packageDataPath } from './package-data';

/** One row of Table 1. Missing values are NaN (galaxies without a measured gradient). */
export interface Table1Row {
  id: string;
  raDeg: number;
  decDeg: number;
  z: number;
  logMstar: number;
  sfrMsunPerYr: number;
  logSsfr: number;
  lines: string;
  gradientDexPerKpc: number;
  gradientErrDexPerKpc: number;
  gradientDexPerRe: number;
  gradientErrDexPerRe: number;
}

const NUMERIC: Array<[keyof Table1Row, string]> = [
  ['raDeg', 'ra'], ['decDeg', 'dec'], ['z', 'z'], ['logMstar', 'logmstar'], ['sfrMsunPerYr', 'sfr'],
  ['logSsfr', 'logssfr'], ['gradientDexPerKpc', 'grad_kpc'], ['gradientErrDexPerKpc', 'grad_kpc_err'],
  ['gradientDexPerRe', 'grad_re'], ['gradientErrDexPerRe', 'grad_re_err'],
];

/** The default location of Table 1 inside the project. */
export const TABLE1_PATH = packageDataPath('msa3d_table1.csv');

/** Reads Table 1 as typed rows (full float64 precision). */
export function readTable1Rows(path: string = TABLE1_PATH): Table1Row[] {
  if (!fs.existsSync(path)) throw new Error(`${path}: Table 1 not found`);
  const { header, rows } = parseCsv(fs.readFileSync(path, 'utf8'), path);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: column '${name}' missing`);
    return i;
  };
  return rows.map((r, rowIndex) => {
    const row = { id: r[col('id')], lines: r[col('lines')] } as Table1Row;
    for (const [key, name] of NUMERIC) {
      const cell = r[col(name)].trim();
      const value = cell === '' ? NaN : Number(cell);
      if (cell !== '' && !Number.isFinite(value)) {
        throw new Error(`${path}: row ${rowIndex + 2} column '${name}' is not a number: '${cell}'`);
      }
      (row as unknown as Record<string, number>)[key] = value;
    }
    return row;
  });
}

/** Table 1 as a danfo DataFrame, one row per galaxy, columns named as in Table1Row (numbers are JS doubles). */
export function loadTable1(path: string = TABLE1_PATH): dfd.DataFrame {
  return rowsToFrame(readTable1Rows(path));
}

/** The galaxies of Table 1 that have a published gradient (25 in the paper), as typed arrays for fitting. */
export function gradientSample(rows: Table1Row[]): {
  ids: string[];
  logMstar: Float64Array;
  gradientDexPerKpc: Float64Array;
  gradientErrDexPerKpc: Float64Array;
} {
  const withGradient = rows.filter((r) => Number.isFinite(r.gradientDexPerKpc));
  return {
    ids: withGradient.map((r) => r.id),
    logMstar: Float64Array.from(withGradient, (r) => r.logMstar),
    gradientDexPerKpc: Float64Array.from(withGradient, (r) => r.gradientDexPerKpc),
    gradientErrDexPerKpc: Float64Array.from(withGradient, (r) => r.gradientErrDexPerKpc),
  };
}
