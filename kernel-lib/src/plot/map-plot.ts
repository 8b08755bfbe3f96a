// A 2-D map of one quantity over the spaxel grid (Fig. 1e, Fig. A1 panels), with an optional ellipse such as the
// 0.20" × 0.08" resolution element, and NaN spaxels left blank.
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';

export interface MapPlotInput {
  /** Values, index y·nx + x (NaN = no value). */
  values: ArrayLike<number>;
  nx: number;
  ny: number;
  label: string;
  /** Only spaxels with mask[s] = 1 are drawn (e.g. the selected ones). */
  mask?: ArrayLike<number>;
  /**
   * Colour scheme (default 'viridis'). 'velocity': the astronomers' convention for line-of-sight velocities, red =
   * receding (v > 0), blue = approaching (v < 0), white at 0 (Plot's 'rdbu' reversed), symmetric about 0 by default.
   */
  scheme?: string;
  /** Reverse the colour scheme. */
  reverse?: boolean;
  /** Colour domain (default the range of the drawn values; symmetric about 0 when `symmetric`). */
  domain?: [number, number];
  symmetric?: boolean;
  /** An ellipse in pixel units: centre, full axes along x and y (e.g. the resolution element 0.20"/0.08" per pixel). */
  ellipse?: { x: number; y: number; widthPx: number; heightPx: number; label?: string };
  title?: string;
  /** Pixel size on screen (default 12 px). */
  cellPx?: number;
  /** Extra hover text per spaxel index (e.g. fluxes, class, O/H); every cell's title gives x, y and its value. */
  spaxelInfo?: (spaxel: number) => string;
}

/** Plot's scheme and direction for a map scheme name ('velocity' is RdBu reversed: positive = red). */
export function mapColorScheme(scheme: string | undefined, reverse = false): { scheme: Plot.ColorScheme; reverse: boolean } {
  if (scheme === 'velocity') return { scheme: 'rdbu' as Plot.ColorScheme, reverse: !reverse };
  return { scheme: (scheme ?? 'viridis') as Plot.ColorScheme, reverse };
}

/** A value for a hover title: 4 significant digits, or exponent form for very small or large values. */
export function formatHoverValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** The map as one rectangle per spaxel (x right, y up), with a continuous colour legend. */
export function mapPlot(input: MapPlotInput): Figure {
  const cells: Array<{ x: number; y: number; v: number; s: number }> = [];
  for (let y = 0; y < input.ny; y++) {
    for (let x = 0; x < input.nx; x++) {
      const s = y * input.nx + x;
      const v = input.values[s];
      if (!Number.isFinite(v) || (input.mask && !input.mask[s])) continue;
      cells.push({ x, y, v, s });
    }
  }
  const values = cells.map((c) => c.v);
  let domain = input.domain ?? (values.length ? [Math.min(...values), Math.max(...values)] as [number, number] : [0, 1] as [number, number]);
  if ((input.symmetric ?? input.scheme === 'velocity') && !input.domain) {
    const m = Math.max(Math.abs(domain[0]), Math.abs(domain[1]));
    domain = [-m, m];
  }
  const cell = input.cellPx ?? 12;
  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: '#ccc' }),
    Plot.rect(cells, { x1: (c: { x: number }) => c.x - 0.5, x2: (c: { x: number }) => c.x + 0.5, y1: (c: { y: number }) => c.y - 0.5, y2: (c: { y: number }) => c.y + 0.5, fill: 'v',
      title: (c: { x: number; y: number; v: number; s: number }) =>
        `x ${c.x}, y ${c.y}\n${input.label} = ${formatHoverValue(c.v)}${input.spaxelInfo ? `\n${input.spaxelInfo(c.s)}` : ''}` }),
  ];
  if (input.ellipse) {
    const e = input.ellipse;
    const outline = Array.from({ length: 65 }, (_, i) => {
      const t = (2 * Math.PI * i) / 64;
      return { x: e.x + (e.widthPx / 2) * Math.cos(t), y: e.y + (e.heightPx / 2) * Math.sin(t) };
    });
    marks.push(Plot.line(outline, { x: 'x', y: 'y', stroke: 'white', strokeWidth: 2 }), Plot.line(outline, { x: 'x', y: 'y', stroke: 'black', strokeWidth: 1 }));
    if (e.label) marks.push(Plot.text([e], { x: 'x', y: (d: typeof e) => d.y + d.heightPx / 2 + 0.8, text: () => e.label!, fontSize: 10, fill: 'black' }));
  }
  return plotFigure({
    title: input.title,
    width: input.nx * cell + 70,
    height: input.ny * cell + 60,
    marginLeft: 40,
    x: { domain: [-0.5, input.nx - 0.5], label: 'x (pixel)' },
    y: { domain: [-0.5, input.ny - 0.5], label: 'y (pixel)' },
    color: { type: 'linear', ...mapColorScheme(input.scheme, input.reverse), domain, legend: true, label: input.label },
    marks,
  }, input.title ?? input.label);
}
