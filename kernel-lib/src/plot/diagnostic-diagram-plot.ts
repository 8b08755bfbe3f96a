// The BPT diagram (log [N II]/Hα vs log [O III]/Hβ; Kewley 2001, Kauffmann 2003) and the WHAN diagram
// (log [N II]/Hα vs EW(Hα); Cid Fernandes 2011) of classified spaxels, as in Fig. A1 and Fig. 4.
import * as Plot from '@observablehq/plot';
import { bptDemarcationCurves } from '../classify/bpt-demarcation';
import { whanDemarcationSegments } from '../classify/whan';
import { SPAXEL_CLASS_LABELS, spaxelClassName, type SpaxelClass } from '../classify/class-codes';
import { classLegend } from './class-colors';
import { plotFigure, type Figure } from './render';

export interface DiagramInput {
  /** log([N II]6584/Hα) per spaxel. */
  n2: ArrayLike<number>;
  /** log([O III]5007/Hβ) (BPT) or EW(Hα) in Å (WHAN) per spaxel. */
  y: ArrayLike<number>;
  /** Class code per spaxel (0 = unclassified: not drawn). */
  classCode: ArrayLike<number>;
  title?: string;
}

function points(input: DiagramInput, transformY: (y: number) => number) {
  const out: Array<{ x: number; y: number; label: string; cls: SpaxelClass }> = [];
  for (let i = 0; i < input.n2.length; i++) {
    const cls = spaxelClassName(input.classCode[i]);
    const y = transformY(input.y[i]);
    if (!cls || !Number.isFinite(input.n2[i]) || !Number.isFinite(y)) continue;
    out.push({ x: input.n2[i], y, label: SPAXEL_CLASS_LABELS[cls], cls });
  }
  return out;
}

/** The BPT diagram with the Kewley 2001 (solid) and Kauffmann 2003 (dashed) lines. */
export function bptDiagramPlot(input: DiagramInput): Figure {
  const pts = points(input, (y) => y);
  const curves = bptDemarcationCurves({ n2Min: -2, o3Min: -1.5 });
  const line = (c: { x: Float64Array; y: Float64Array }) => Array.from(c.x, (x, i) => ({ x, y: c.y[i] })).filter((p) => p.y < 1.5);
  return plotFigure({
    title: input.title, width: 420, height: 360,
    x: { label: 'log [N II]/Hα', domain: [-2, 0.7] }, y: { label: 'log [O III]/Hβ', domain: [-1.5, 1.5] },
    color: { legend: true, ...classLegend(pts.map((p) => p.cls)) },
    marks: [
      Plot.line(line(curves.kewley2001), { x: 'x', y: 'y', stroke: 'black' }),
      Plot.line(line(curves.kauffmann2003), { x: 'x', y: 'y', stroke: 'black', strokeDasharray: '5,3' }),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'label', r: 2.5, fillOpacity: 0.8 }),
    ],
  }, input.title ?? 'BPT');
}

/** The WHAN diagram (EW on a log axis) with its class boundaries. */
export function whanDiagramPlot(input: DiagramInput): Figure {
  const pts = points(input, (ew) => (ew > 0 ? ew : NaN));
  const segments = whanDemarcationSegments({ n2Min: -2, n2Max: 0.7, ewMaxAngstrom: 1000 });
  return plotFigure({
    title: input.title, width: 420, height: 360,
    x: { label: 'log [N II]/Hα', domain: [-2, 0.7] }, y: { label: 'EW(Hα), Å (rest)', type: 'log', domain: [0.3, 1000] },
    color: { legend: true, ...classLegend(pts.map((p) => p.cls)) },
    marks: [
      Plot.link(segments, { x1: (s: { from: number[] }) => s.from[0], y1: (s: { from: number[] }) => Math.max(s.from[1], 0.3), x2: (s: { to: number[] }) => s.to[0], y2: (s: { to: number[] }) => s.to[1], stroke: 'black' }),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'label', r: 2.5, fillOpacity: 0.8 }),
    ],
  }, input.title ?? 'WHAN');
}
