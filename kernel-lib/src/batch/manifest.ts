// The batch manifest: a CSV table with one cube per row — required columns cube, z, pa, ba, and optional columns named
// after the other options of `msa3d analyze` — read and checked whole before any cube is touched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors/input-error';

/** The columns every manifest has. `z` may be left empty in a row: analyze then takes the redshift from the header. */
export const REQUIRED_COLUMNS = ['cube', 'z', 'pa', 'ba'] as const;
/** Names a cube may not take: they are files of the batch's output folder. */
export const RESERVED_NAMES = ['summary.csv', 'slurm-logs'];

/** One row: the cube, its products' folder name, and the analyze options of its non-empty cells. */
export interface ManifestRow {
  /** 1-based line of the CSV file (the header is line 1). */
  line: number;
  /** The file name without .fits / .fits.gz / .fit: the folder of its products under the batch's --out. */
  name: string;
  /** Absolute path; a relative path in the manifest resolves against the manifest's folder. */
  cubePath: string;
  /** Command-line arguments for `msa3d analyze`, in column order: `--pa=30`, a boolean column as `--air`. */
  analyzeArgs: string[];
}

export interface Manifest {
  /** Absolute path of the CSV file. */
  path: string;
  columns: string[];
  rows: ManifestRow[];
}

export interface ManifestOptions {
  /** Optional columns beyond cube, z, pa, ba: analyze's option names (without --) that a manifest may set. */
  optionalColumns: readonly string[];
  /** Columns that are switches (`--air`): a cell is true/yes/1 (given) or false/no/0/empty (not given). */
  booleanColumns?: readonly string[];
  /** Check that every cube file exists (default true). */
  checkFiles?: boolean;
}

/** The products' folder name of a cube: its file name without .fits, .fits.gz, .fit or .fit.gz. */
export function cubeName(cubePath: string): string {
  return path.basename(cubePath).replace(/\.fits?(\.gz)?$/i, '');
}

/**
 * Splits CSV text into rows of cells (RFC 4180: fields in double quotes may hold commas, newlines and "" for a quote).
 * Each row carries the 1-based line it starts on.
 */
export function parseCsv(text: string, where: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let touched = false;
  const endRow = (): void => {
    if (touched || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
    cells = [];
    cell = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; cell += c; }
      continue;
    }
    if (c === '"' && cell.trim() === '') { quoted = true; cell = ''; touched = true; }
    else if (c === ',') { cells.push(cell); cell = ''; touched = true; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else { cell += c; if (c.trim() !== '') touched = true; }
  }
  if (quoted) throw new InputError('inconsistent', where, `line ${rowLine}: a quoted field is not closed`);
  endRow();
  return rows.map((r) => ({ line: r.line, cells: r.cells.map((s) => s.trim()) }));
}

/**
 * Parses and checks a manifest: a header with cube, z, pa, ba and only known optional columns (no repeats), at least
 * one row, as many cells as columns in each row, a cube path and pa/ba in every row, cube names that are distinct and
 * not reserved, boolean cells that are true/false, and (unless `checkFiles: false`) every cube file present. Lines that
 * are empty or start with # are skipped. Throws InputError naming the file and line.
 */
export function parseManifest(text: string, manifestPath: string, options: ManifestOptions): Manifest {
  const where = path.basename(manifestPath);
  const absolute = path.resolve(manifestPath);
  const records = parseCsv(text.replace(/^\uFEFF/, ''), where).filter((r) => !(r.cells.length === 1 && r.cells[0] === '') && !r.cells[0].startsWith('#'));
  if (records.length === 0) throw new InputError('too-few', where, `the manifest is empty (it needs a header ${REQUIRED_COLUMNS.join(',')} and one row per cube)`);
  const [header, ...body] = records;
  const columns = header.cells.map((c) => c.toLowerCase());
  const known = new Set<string>([...REQUIRED_COLUMNS, ...options.optionalColumns]);
  for (const c of columns) {
    if (!known.has(c)) throw new InputError('not-one-of', where, `unknown column '${c}' (columns: ${[...known].join(', ')})`);
  }
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) throw new InputError('inconsistent', where, `column '${repeated}' appears twice`);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new InputError('missing', where, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header needs ${REQUIRED_COLUMNS.join(',')})`);
  if (body.length === 0) throw new InputError('too-few', where, 'the manifest has a header but no cube rows');
  const booleans = new Set(options.booleanColumns ?? []);
  const seen = new Map<string, number>();
  const rows: ManifestRow[] = [];
  for (const { line, cells } of body) {
    if (cells.length !== columns.length) throw new InputError('length-mismatch', where, `line ${line}: ${cells.length} cells for ${columns.length} columns`);
    const cell = (c: string): string => cells[columns.indexOf(c)];
    for (const c of ['cube', 'pa', 'ba']) if (cell(c) === '') throw new InputError('missing', where, `line ${line}: empty '${c}'`);
    const cubePath = path.resolve(path.dirname(absolute), cell('cube'));
    const name = cubeName(cubePath);
    if (name === '' || name.startsWith('.') || RESERVED_NAMES.includes(name)) throw new InputError('inconsistent', where, `line ${line}: cube name '${name}' cannot be a products folder`);
    const previous = seen.get(name);
    if (previous !== undefined) throw new InputError('inconsistent', where, `line ${line}: cube name '${name}' repeats line ${previous} (products go to DIR/<file name without .fits>)`);
    seen.set(name, line);
    const analyzeArgs: string[] = [];
    columns.forEach((c, i) => {
      if (c === 'cube' || cells[i] === '') return;
      if (!booleans.has(c)) { analyzeArgs.push(`--${c}=${cells[i]}`); return; }
      const v = cells[i].toLowerCase();
      if (['true', 'yes', '1'].includes(v)) analyzeArgs.push(`--${c}`);
      else if (!['false', 'no', '0'].includes(v)) throw new InputError('not-one-of', where, `line ${line}: column '${c}' is a switch (true/false), got '${cells[i]}'`);
    });
    rows.push({ line, name, cubePath, analyzeArgs });
  }
  if (options.checkFiles !== false) {
    const absent = rows.filter((r) => !fs.existsSync(r.cubePath));
    if (absent.length > 0) {
      const more = absent.length > 1 ? ` (and ${absent.length - 1} more)` : '';
      throw new InputError('missing', where, `line ${absent[0].line}: cube ${absent[0].cubePath} not found${more}`);
    }
  }
  return { path: absolute, columns, rows };
}

/** Reads and checks a manifest file (see {@link parseManifest}). */
export function readManifest(manifestPath: string, options: ManifestOptions): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(manifestPath, 'utf8');
  } catch {
    throw new InputError('missing', path.basename(manifestPath), `cannot read the manifest ${manifestPath}`);
  }
  return parseManifest(text, manifestPath, options);
}
