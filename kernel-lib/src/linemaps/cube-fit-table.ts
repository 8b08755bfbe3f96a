// A cube fit as rows, one per spaxel (x, y 0-based): for the JSON of `msa3d fit`, a danfo DataFrame, and FITS maps.
import type * as dfd from 'danfojs-node';
import { danfo } from '../tables/danfo';
import { writeFits, type FitsHduInput } from '../io/fits-write';
import type { CubeFit } from './fit-cube';

export type SpaxelRow = Record<string, number | boolean | null>;

/** One row per spaxel: x, y, selected, then every map's value (NaN → null for JSON). */
export function cubeFitRows(fit: CubeFit, options: { selectedOnly?: boolean } = {}): SpaxelRow[] {
  const rows: SpaxelRow[] = [];
  for (let y = 0; y < fit.ny; y++) {
    for (let x = 0; x < fit.nx; x++) {
      const s = y * fit.nx + x;
      if (options.selectedOnly && !fit.selected[s]) continue;
      const row: SpaxelRow = { x, y, selected: fit.selected[s] === 1 };
      for (const q of fit.quantities) {
        const v = fit.maps[q][s];
        row[q] = Number.isFinite(v) ? v : null;
      }
      rows.push(row);
    }
  }
  return rows;
}

/** The fit as the JSON document `msa3d fit --json` writes. */
export function cubeFitJson(fit: CubeFit): object {
  return {
    source: fit.source,
    redshift: fit.redshift,
    medium: fit.medium,
    instrument: fit.instrument,
    stellar_absorption: fit.stellarAbsorption,
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
    spaxels: cubeFitRows(fit),
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

/** Writes every map as a named 2-D image extension (EXTNAME = quantity in capitals) plus SELECTED. */
export function writeCubeFitMaps(path: string, fit: CubeFit, options: { overwrite?: boolean } = {}): void {
  const hdus: FitsHduInput[] = [{
    header: {
      ORIGIN: { value: 'msa3d', comment: 'emission-line maps from fitCube' },
      REDSHIFT: fit.redshift,
      FLUXUNIT: { value: fit.fluxUnit, comment: 'unit of the *_FLUX maps, per spaxel' },
      INSTRUME: { value: fit.instrument.slice(0, 60), comment: 'instrumental width removed' },
      NSELECT: { value: fit.selection.count, comment: `S/N(${fit.selection.line}) > ${fit.selection.minFluxSnr}, EW S/N > ${fit.selection.minEwSnr ?? 'no cut'}` },
    },
  }];
  for (const q of fit.quantities) {
    hdus.push({ name: q.toUpperCase(), data: fit.maps[q], naxis: [fit.nx, fit.ny] });
  }
  hdus.push({ name: 'SELECTED', data: fit.selected, naxis: [fit.nx, fit.ny] });
  writeFits(path, hdus, options);
}
