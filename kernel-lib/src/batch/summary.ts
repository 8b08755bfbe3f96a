// What a batch leaves on disk for each cube — DIR/<name>/analysis.json (analyze's JSON), analyze.log, and status.json
// (written last, atomically) — and DIR/summary.csv, one row per manifest cube rebuilt from those files, so shards merge.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic, isAtomicTempName } from '../io/atomic-write';
import { InputError } from '../errors/input-error';
import type { Manifest, ManifestRow } from './manifest';

/** The file names of one cube's products under the batch's output folder. */
export function cubeProducts(outDir: string, name: string): { dir: string; analysis: string; status: string; log: string } {
  const dir = path.join(outDir, name);
  return { dir, analysis: path.join(dir, 'analysis.json'), status: path.join(dir, 'status.json'), log: path.join(dir, 'analyze.log') };
}

/** The files a batch writes in a cube's folder (besides the temporary files of its atomic writes). */
export const PRODUCT_FILES = ['analysis.json', 'analyze.log', 'status.json'];

/**
 * Refuses an output folder holding files the batch did not write where it would write: a summary.csv that is not a
 * batch summary, a cube's path that is not a folder, or a cube folder with other files. Nothing the user made is replaced.
 */
export function checkOutputFolder(manifest: Manifest, outDir: string): void {
  const where = 'msa3d batch';
  const summary = path.join(outDir, 'summary.csv');
  if (fs.existsSync(summary) && fs.readFileSync(summary, 'utf8').split('\n')[0] !== SUMMARY_COLUMNS.join(',')) {
    throw new InputError('inconsistent', where, `${summary} exists and is not a batch summary; choose another --out`);
  }
  if (!fs.existsSync(outDir)) return;
  for (const row of manifest.rows) {
    const dir = cubeProducts(outDir, row.name).dir;
    if (!fs.existsSync(dir)) continue;
    if (!fs.statSync(dir).isDirectory()) throw new InputError('inconsistent', where, `${dir} is not a folder; choose another --out`);
    const foreign = fs.readdirSync(dir).filter((f) => !PRODUCT_FILES.includes(f) && !isAtomicTempName(f));
    if (foreign.length > 0) throw new InputError('inconsistent', where, `${dir} holds files msa3d batch did not write (${foreign.slice(0, 3).join(', ')}); choose another --out`);
  }
}

/** DIR/<name>/status.json: how one analyze run ended, with the numbers summary.csv shows (snake_case, as the JSON outputs). */
export interface CubeStatusJson {
  cube: string;
  cube_path: string;
  /** 'done': analyze exited 0 and analysis.json is complete; 'failed': it did not (see reason). */
  status: 'done' | 'failed';
  /** The analyze options from the manifest row; a row that changes makes the cube run again. */
  analyze_args: string[];
  exit_code: number | null;
  signal: string | null;
  gradient_dex_per_kpc: number | null;
  gradient_err_dex_per_kpc: number | null;
  /** Spaxels in the gradient fit. */
  n_spaxels: number | null;
  /** Why there is no gradient (analyze's reason), or why the run failed (the last line analyze wrote on stderr). */
  reason: string | null;
  seconds: number;
  started: string;
  finished: string;
  host: string;
}

/** A cube's state on disk: 'done' and 'failed' as in status.json; 'pending' when no finished run is recorded. */
export type CubeState = 'done' | 'failed' | 'pending';

/** Reads DIR/<name>/status.json, or null when it is absent or unreadable (a run that never finished). */
export function readCubeStatus(outDir: string, name: string): CubeStatusJson | null {
  try {
    const status = JSON.parse(fs.readFileSync(cubeProducts(outDir, name).status, 'utf8')) as CubeStatusJson;
    return status && (status.status === 'done' || status.status === 'failed') ? status : null;
  } catch {
    return null;
  }
}

/** True when the cube's products are complete for this manifest row: status 'done', analysis.json present, same options. */
export function isCubeComplete(outDir: string, row: ManifestRow): boolean {
  const status = readCubeStatus(outDir, row.name);
  return (
    status !== null &&
    status.status === 'done' &&
    status.cube_path === row.cubePath &&
    JSON.stringify(status.analyze_args) === JSON.stringify(row.analyzeArgs) &&
    fs.existsSync(cubeProducts(outDir, row.name).analysis)
  );
}

/** One row of summary.csv. */
export interface SummaryRow {
  cube: string;
  status: CubeState;
  gradientDexPerKpc: number | null;
  gradientErrDexPerKpc: number | null;
  nSpaxels: number | null;
  reason: string | null;
}

/** The summary of every manifest cube (all shards) from what is on disk, in manifest order. */
export function summaryRows(manifest: Manifest, outDir: string): SummaryRow[] {
  return manifest.rows.map((row) => {
    const status = readCubeStatus(outDir, row.name);
    const state: CubeState = !status ? 'pending' : status.status === 'failed' ? 'failed' : isCubeComplete(outDir, row) ? 'done' : 'pending';
    const numbers = state === 'done' && status;
    return {
      cube: row.name,
      status: state,
      gradientDexPerKpc: numbers ? status.gradient_dex_per_kpc : null,
      gradientErrDexPerKpc: numbers ? status.gradient_err_dex_per_kpc : null,
      nSpaxels: numbers ? status.n_spaxels : null,
      reason: state === 'pending' ? (status ? 'the recorded run does not match the manifest row (or its analysis.json is missing): it runs again' : null) : status!.reason,
    };
  });
}

/** The CSV header of summary.csv. */
export const SUMMARY_COLUMNS = ['cube', 'status', 'gradient_dex_per_kpc', 'gradient_err_dex_per_kpc', 'n_spaxels', 'reason'];

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** summary.csv's text: a header and one line per row (empty cells for null; RFC 4180 quoting). */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  const lines = rows.map((r) => [r.cube, r.status, r.gradientDexPerKpc, r.gradientErrDexPerKpc, r.nSpaxels, r.reason].map(csvCell).join(','));
  return [SUMMARY_COLUMNS.join(','), ...lines].join('\n') + '\n';
}

/** Rebuilds DIR/summary.csv (atomically) from every cube's status on disk; returns its rows. */
export function writeSummary(manifest: Manifest, outDir: string): SummaryRow[] {
  const rows = summaryRows(manifest, outDir);
  fs.mkdirSync(outDir, { recursive: true });
  writeFileAtomic(path.join(outDir, 'summary.csv'), summaryCsv(rows));
  return rows;
}
