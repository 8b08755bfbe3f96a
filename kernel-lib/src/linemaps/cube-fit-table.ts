// A cube fit as rows, one per spaxel (x, y 0-based): the FITS binary table and the JSON of `msa3d fit`, and a danfo
// DataFrame. (The maps file, one image per quantity, is cube-fit-maps.ts.)
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as dfd from 'danfojs-node';
import { danfo } from '../tables/danfo';
import { writeFitsTables, type FitsTableColumn } from '../io/fits-table-write';
import type { WriteFitsOptions } from '../io/fits-write';
import { cubeFitPrimaryCards, fitsUnit } from './cube-fit-header';
import type { CubeFit } from './fit-cube';

export type SpaxelRow = Record<string, number | boolean | null>;

/** The row of spaxel (x, y): x, y, selected, then every map's value (NaN → null for JSON). */
function spaxelRow(fit: CubeFit, x: number, y: number): SpaxelRow {
  const s = y * fit.nx + x;
  const row: SpaxelRow = { x, y, selected: fit.selected[s] === 1 };
  for (const q of fit.quantities) {
    const v = fit.maps[q][s];
    row[q] = Number.isFinite(v) ? v : null;
  }
  return row;
}

/** One row per spaxel: x, y, selected, then every map's value (NaN → null for JSON). */
export function cubeFitRows(fit: CubeFit, options: { selectedOnly?: boolean } = {}): SpaxelRow[] {
  const rows: SpaxelRow[] = [];
  for (let y = 0; y < fit.ny; y++) {
    for (let x = 0; x < fit.nx; x++) {
      if (options.selectedOnly && !fit.selected[y * fit.nx + x]) continue;
      rows.push(spaxelRow(fit, x, y));
    }
  }
  return rows;
}

/** The fit as the JSON document `msa3d fit --json` writes. */
export function cubeFitJson(fit: CubeFit): object {
  return { ...cubeFitJsonHead(fit), spaxels: cubeFitRows(fit) };
}

/**
 * Writes cubeFitJson(fit) + '\n' to `path`, byte for byte, without building the document in memory: the spaxel rows
 * are serialised one at a time and written in ~1 MB pieces (a MUSE-size cube's table is ~200 MB of text). Written to a
 * temporary file beside `path` and renamed, so a failure leaves no half file.
 */
export function writeCubeFitJson(path: string, fit: CubeFit): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(temporary, 'w');
  try {
    const head = JSON.stringify(cubeFitJsonHead(fit));
    let pending = `${head.slice(0, -1)},"spaxels":[`;
    for (let y = 0; y < fit.ny; y++) {
      for (let x = 0; x < fit.nx; x++) {
        pending += (x === 0 && y === 0 ? '' : ',') + JSON.stringify(spaxelRow(fit, x, y));
        if (pending.length >= 1 << 20) {
          fs.writeSync(fd, pending);
          pending = '';
        }
      }
    }
    fs.writeSync(fd, `${pending}]}\n`);
    fs.closeSync(fd);
    fs.renameSync(temporary, path);
  } catch (error) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** The document of cubeFitJson without its last key, `spaxels`. */
function cubeFitJsonHead(fit: CubeFit): object {
  return {
    source: fit.source,
    redshift: fit.redshift,
    medium: fit.medium,
    instrument: fit.instrument,
    provenance: fit.provenance ?? {},
    stellar_absorption: fit.stellarAbsorption,
    line_widths: fit.lineWidths,
    flux_unit: fit.fluxUnit,
    ew_unit: 'Angstrom (rest frame)',
    velocity_unit: 'km/s',
    sigma: 'intrinsic (instrumental removed in quadrature), km/s',
    errors: 'from the fit residuals (Ju et al. §2.2); *_flux_err_cov from the pipeline errors',
    selection: fit.selection,
    lines: fit.lineNames,
    nx: fit.nx,
    ny: fit.ny,
    seconds: fit.seconds,
    workers: fit.workers,
  };
}

/** The fit as a danfo DataFrame, one row per spaxel (all spaxels, or the selected ones). */
export function cubeFitFrame(fit: CubeFit, options: { selectedOnly?: boolean } = {}): dfd.DataFrame {
  const rows = cubeFitRows(fit, options);
  const columns = ['x', 'y', 'selected', ...fit.quantities];
  const data: Record<string, unknown[]> = {};
  for (const c of columns) data[c] = rows.map((r) => (r[c] === null ? NaN : r[c]));
  return new (danfo().DataFrame)(data, { dtypes: columns.map((c) => (c === 'selected' ? 'boolean' : 'float32')) });
}

/** Unit of a table column ('' = dimensionless or integer flags). */
export function cubeFitColumnUnit(fit: CubeFit, quantity: string): string {
  if (/_flux(_err(_cov)?)?$/.test(quantity)) return fit.fluxUnit;
  if (/_ew(_err)?$/.test(quantity)) return 'Angstrom';
  if (/^(velocity|velocity_err|sigma|sigma_err|sigma_obs)$/.test(quantity)) return 'km/s';
  return '';
}

/** The table's columns: x, y (int32, 0-based), selected (logical), then every quantity (float64; flags int32). */
export function cubeFitTableColumns(fit: CubeFit): FitsTableColumn[] {
  const n = fit.nx * fit.ny;
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    x[s] = s % fit.nx;
    y[s] = Math.floor(s / fit.nx);
  }
  const columns: FitsTableColumn[] = [
    { name: 'x', values: x, format: 'J', comment: 'column of the spaxel, 0-based' },
    { name: 'y', values: y, format: 'J', comment: 'row of the spaxel, 0-based' },
    { name: 'selected', values: Array.from(fit.selected, (v) => v === 1), format: 'L', comment: 'passes the selection' },
  ];
  for (const q of fit.quantities) {
    const flag = /(^|_)flag$/.test(q);
    columns.push({ name: q, values: fit.maps[q]!, format: flag ? 'J' : 'D', unit: fitsUnit(cubeFitColumnUnit(fit, q)) });
  }
  return columns;
}

/**
 * Writes the per-spaxel table as a FITS binary table: a primary HDU with the fit's description and provenance (as the
 * maps file), then extension SPAXELS with one row per spaxel (y·nx + x order) and the columns of
 * {@link cubeFitTableColumns}; NaN = not measured. Through a temporary file; FitsError 'exists' unless overwrite.
 */
export function writeCubeFitTable(path: string, fit: CubeFit, options: WriteFitsOptions = {}): void {
  writeFitsTables(path, [{
    name: 'SPAXELS',
    columns: cubeFitTableColumns(fit),
    header: [{ key: 'LINES', value: fit.lineNames.join(','), comment: 'fitted lines, column prefixes' }],
    comments: ['One row per spaxel, x fastest. Flags: msa3d flags (bits 0-9 of the _MASK bits). NaN = not measured.'],
  }], { ...options, primary: { header: cubeFitPrimaryCards(fit, 'TABLE') } });
}
