// The map of Voronoi bins over the spaxel grid (vorbin's "Map of Voronoi bins"): each bin in its own colour, bin
// borders drawn, the bins' centroids marked, and spaxels left out blank.
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';
import { formatHoverValue } from './map-plot';

export interface VoronoiBinMapPlotInput {
  /** Bin of each spaxel, index y·nx + x; −1 (or any negative) = not binned, left blank. */
  binIndex: ArrayLike<number>;
  nx: number;
  ny: number;
  /** Bin centroids in pixel coordinates, drawn as dots (optional). */
  centroidX?: ArrayLike<number>;
  centroidY?: ArrayLike<number>;
  /** A value per bin to colour by (e.g. its S/N or metallicity) instead of shuffled bin colours. */
  binValues?: ArrayLike<number>;
  /** Label of binValues' colour legend. */
  label?: string;
  title?: string;
  /** Pixel size on screen (default 12 px). */
  cellPx?: number;
}

/** A scrambled, deterministic colour position in [0, 1) for bin k, so that neighbouring bins differ (golden-ratio steps). */
function binColourPosition(k: number): number {
  return (k * 0.6180339887498949) % 1;
}

/** Bins as coloured cells (shuffled colours, or binValues), black borders between bins, centroids as dots. */
export function voronoiBinMapPlot(input: VoronoiBinMapPlotInput): Figure {
  const { nx, ny, binIndex } = input;
  if (binIndex.length !== nx * ny) throw new Error(`voronoiBinMapPlot: binIndex has ${binIndex.length} entries, expected nx·ny = ${nx * ny}`);
  const valued = input.binValues != null;
  const cells: Array<{ x: number; y: number; v: number; b: number }> = [];
  const borders: Array<{ x1: number; y1: number; x2: number; y2: number }> = [];
  const binAt = (x: number, y: number) => (x < 0 || y < 0 || x >= nx || y >= ny ? -1 : binIndex[y * nx + x]);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const b = binAt(x, y);
      if (b < 0) continue;
      cells.push({ x, y, v: valued ? input.binValues![b] : binColourPosition(b), b });
      if (binAt(x + 1, y) !== b) borders.push({ x1: x + 0.5, y1: y - 0.5, x2: x + 0.5, y2: y + 0.5 });
      if (binAt(x - 1, y) !== b) borders.push({ x1: x - 0.5, y1: y - 0.5, x2: x - 0.5, y2: y + 0.5 });
      if (binAt(x, y + 1) !== b) borders.push({ x1: x - 0.5, y1: y + 0.5, x2: x + 0.5, y2: y + 0.5 });
      if (binAt(x, y - 1) !== b) borders.push({ x1: x - 0.5, y1: y - 0.5, x2: x + 0.5, y2: y - 0.5 });
    }
  }
  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: '#ccc' }),
    Plot.rect(cells, { x1: (c: { x: number }) => c.x - 0.5, x2: (c: { x: number }) => c.x + 0.5, y1: (c: { y: number }) => c.y - 0.5, y2: (c: { y: number }) => c.y + 0.5, fill: 'v',
      title: (c: { x: number; y: number; v: number; b: number }) =>
        `x ${c.x}, y ${c.y}\nbin ${c.b}${valued ? `\n${input.label ?? 'value'} = ${formatHoverValue(c.v)}` : ''}` }),
    Plot.link(borders, { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: 'black', strokeWidth: 1 }),
  ];
  if (input.centroidX && input.centroidY) {
    const dots = Array.from(input.centroidX, (cx, k) => ({ x: cx, y: input.centroidY![k] }));
    marks.push(Plot.dot(dots, { x: 'x', y: 'y', r: 1.5, fill: 'black' }));
  }
  const values = cells.map((c) => c.v);
  const cell = input.cellPx ?? 12;
  return plotFigure({
    title: input.title,
    width: nx * cell + 70,
    height: ny * cell + 60,
    marginLeft: 40,
    x: { domain: [-0.5, nx - 0.5], label: 'x (pixel)' },
    y: { domain: [-0.5, ny - 0.5], label: 'y (pixel)' },
    color: valued
      ? { type: 'linear', scheme: 'viridis', domain: values.length ? [Math.min(...values), Math.max(...values)] : [0, 1], legend: true, label: input.label ?? '' }
      : { type: 'linear', scheme: 'rainbow', domain: [0, 1], legend: false },
    marks,
  }, input.title ?? 'Voronoi bins');
}
