// The regular spaxel grid under Voronoi binning — integer column and row of every spaxel, its 4-neighbours and the
// 4-connected regions — the "pixels arranged in a regular grid" that Cappellari & Copin 2003 (MNRAS 342, 345, §5.1) assume.
import { InputError } from '../errors/input-error';

/** Spaxels placed on a square grid of step `pixelSize`. */
export interface PixelGrid {
  /** Column and row of each spaxel (0-based from the smallest x and y). */
  readonly column: Int32Array;
  readonly row: Int32Array;
  readonly nColumns: number;
  readonly nRows: number;
  /** Grid step, in the unit of x and y, and the position of column 0, row 0. */
  readonly pixelSize: number;
  readonly originX: number;
  readonly originY: number;
  /** Spaxel index at each grid cell (row · nColumns + column), −1 where there is none. */
  readonly lookup: Int32Array;
}

/** Largest distance from a grid node still accepted as "on the grid", in pixels. */
const GRID_TOLERANCE_PIXELS = 1e-3;

/**
 * Places the spaxels (x, y) on a square grid of step `pixelSize` (default: the smallest non-zero spacing of the distinct
 * x and y values). Throws when a spaxel is off the grid or two spaxels share a cell.
 */
export function pixelGrid(x: ArrayLike<number>, y: ArrayLike<number>, pixelSize: number | undefined, where: string): PixelGrid {
  const n = x.length;
  let xMin = Infinity;
  let yMin = Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < xMin) xMin = x[i];
    if (y[i] < yMin) yMin = y[i];
  }
  const step = pixelSize ?? inferPixelSize(x, y, where);
  if (!(step > 0) || !Number.isFinite(step)) throw new InputError('out-of-range', where, `pixelSize must be finite and > 0 (got ${step})`);
  const column = new Int32Array(n);
  const row = new Int32Array(n);
  let nColumns = 1;
  let nRows = 1;
  for (let i = 0; i < n; i++) {
    const c = (x[i] - xMin) / step;
    const r = (y[i] - yMin) / step;
    column[i] = Math.round(c);
    row[i] = Math.round(r);
    if (Math.abs(c - column[i]) > GRID_TOLERANCE_PIXELS || Math.abs(r - row[i]) > GRID_TOLERANCE_PIXELS) {
      throw new InputError('inconsistent', where, `spaxel ${i} at (${x[i]}, ${y[i]}) is not on a regular grid of step ${step}`);
    }
    if (column[i] + 1 > nColumns) nColumns = column[i] + 1;
    if (row[i] + 1 > nRows) nRows = row[i] + 1;
  }
  if (nColumns * nRows > 64 * n + 1e6) throw new InputError('inconsistent', where, `the spaxels span ${nColumns} × ${nRows} cells of step ${step}, too sparse for a grid`);
  const lookup = new Int32Array(nColumns * nRows).fill(-1);
  for (let i = 0; i < n; i++) {
    const cell = row[i] * nColumns + column[i];
    if (lookup[cell] !== -1) throw new InputError('inconsistent', where, `spaxels ${lookup[cell]} and ${i} fall in the same grid cell (${x[i]}, ${y[i]})`);
    lookup[cell] = i;
  }
  return { column, row, nColumns, nRows, pixelSize: step, originX: xMin, originY: yMin, lookup };
}

/** The smallest non-zero spacing between distinct x values and between distinct y values (O(n log n)). */
function inferPixelSize(x: ArrayLike<number>, y: ArrayLike<number>, where: string): number {
  let best = Infinity;
  for (const values of [x, y]) {
    const sorted = Float64Array.from(values).sort();
    const span = sorted[sorted.length - 1] - sorted[0];
    for (let i = 1; i < sorted.length; i++) {
      const d = sorted[i] - sorted[i - 1];
      if (d > 1e-9 * Math.max(span, 1e-300) && d < best) best = d;
    }
  }
  if (!Number.isFinite(best)) throw new InputError('inconsistent', where, `cannot infer the pixel size (all spaxels on one point); pass pixelSize`);
  return best;
}

/** Writes the indices of the (up to 4) edge-sharing neighbours of spaxel i into `out`; returns how many. */
export function fourNeighbours(grid: PixelGrid, i: number, out: Int32Array): number {
  const c = grid.column[i];
  const r = grid.row[i];
  const nc = grid.nColumns;
  let k = 0;
  let j: number;
  if (c > 0 && (j = grid.lookup[r * nc + c - 1]) !== -1) out[k++] = j;
  if (c + 1 < nc && (j = grid.lookup[r * nc + c + 1]) !== -1) out[k++] = j;
  if (r > 0 && (j = grid.lookup[(r - 1) * nc + c]) !== -1) out[k++] = j;
  if (r + 1 < grid.nRows && (j = grid.lookup[(r + 1) * nc + c]) !== -1) out[k++] = j;
  return k;
}

/**
 * Labels the 4-connected regions of the spaxels with `group[i] ≥ 0`, never joining spaxels of different groups
 * (group = −1: left out). Labels run 0..count−1 in order of each region's lowest spaxel index; label −1 where left out.
 */
export function connectedRegions(grid: PixelGrid, group: Int32Array): { label: Int32Array; count: number } {
  const n = group.length;
  const label = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const neighbours = new Int32Array(4);
  let count = 0;
  for (let seed = 0; seed < n; seed++) {
    if (group[seed] < 0 || label[seed] !== -1) continue;
    let top = 0;
    stack[top++] = seed;
    label[seed] = count;
    while (top > 0) {
      const i = stack[--top];
      const m = fourNeighbours(grid, i, neighbours);
      for (let k = 0; k < m; k++) {
        const j = neighbours[k];
        if (label[j] === -1 && group[j] === group[i]) {
          label[j] = count;
          stack[top++] = j;
        }
      }
    }
    count++;
  }
  return { label, count };
}
