// A map of spaxel classes (BPT or WHAN), one colour per class, as the classification panels of Fig. A1 and Fig. 4.
import * as Plot from '@observablehq/plot';
import { SPAXEL_CLASS_LABELS, spaxelClassName, type SpaxelClass } from '../classify/class-codes';
import { classLegend } from './class-colors';
import { plotFigure, type Figure } from './render';

/** Each classified spaxel as a coloured square (x right, y up); unclassified spaxels are left blank. */
export function classMapPlot(input: {
  classCode: ArrayLike<number>; nx: number; ny: number; title?: string; cellPx?: number;
  /** Extra hover text per spaxel index (e.g. fluxes, O/H); every cell's title gives x, y and its class. */
  spaxelInfo?: (spaxel: number) => string;
}): Figure {
  const cells: Array<{ x: number; y: number; label: string; cls: SpaxelClass; s: number }> = [];
  for (let y = 0; y < input.ny; y++) {
    for (let x = 0; x < input.nx; x++) {
      const cls = spaxelClassName(input.classCode[y * input.nx + x]);
      if (cls) cells.push({ x, y, label: SPAXEL_CLASS_LABELS[cls], cls, s: y * input.nx + x });
    }
  }
  const cell = input.cellPx ?? 12;
  return plotFigure({
    title: input.title, width: input.nx * cell + 70, height: input.ny * cell + 60, marginLeft: 40,
    x: { domain: [-0.5, input.nx - 0.5], label: 'x (pixel)' }, y: { domain: [-0.5, input.ny - 0.5], label: 'y (pixel)' },
    color: { legend: true, ...classLegend(cells.map((c) => c.cls)) },
    marks: [
      Plot.frame({ stroke: '#ccc' }),
      Plot.rect(cells, { x1: (c: { x: number }) => c.x - 0.5, x2: (c: { x: number }) => c.x + 0.5, y1: (c: { y: number }) => c.y - 0.5, y2: (c: { y: number }) => c.y + 0.5, fill: 'label',
        title: (c: { x: number; y: number; label: string; s: number }) => `x ${c.x}, y ${c.y}\n${c.label}${input.spaxelInfo ? `\n${input.spaxelInfo(c.s)}` : ''}` }),
    ],
  }, input.title ?? 'classes');
}
