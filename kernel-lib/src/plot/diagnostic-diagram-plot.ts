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
  /** Grid width when the arrays are per spaxel (index y·nx + x): hover titles then give each point's x, y. */
  nx?: number;
  /** Extra hover text per spaxel index (e.g. fluxes, O/H). */
  spaxelInfo?: (spaxel: number) => string;
  title?: string;
}

type DiagramPoint = { x: number; y: number; label: string; cls: SpaxelClass; s: number };

/** Hover title of a point: its spaxel, class, coordinates in the diagram and any extra information. */
function pointTitle(input: DiagramInput, yName: string, formatY: (y: number) => string) {
  return (p: DiagramPoint) => [
    input.nx ? `spaxel x ${p.s % input.nx}, y ${Math.floor(p.s / input.nx)}` : `spaxel ${p.s}`,
    p.label,
    `log [N II]/Hα = ${p.x.toFixed(3)}, ${yName} = ${formatY(p.y)}`,
    ...(input.spaxelInfo ? [input.spaxelInfo(p.s)] : []),
  ].join('\n');
}

/** A key for the demarcation lines (a short solid or dashed stroke and its name) at the given data positions. */
function lineKey(entries: Array<{ x: number; y: number; dx: number; text: string; dash?: string }>): Plot.Markish[] {
  return entries.flatMap((e) => [
    Plot.link([e], { x1: 'x', y1: 'y', x2: (d: typeof e) => d.x + d.dx, y2: 'y', stroke: 'black', strokeDasharray: e.dash }),
    Plot.text([e], { x: (d: typeof e) => d.x + d.dx, y: 'y', text: 'text', textAnchor: 'start', dx: 4, fontSize: 10 }),
  ]);
}

/** Region names written into the diagram. */
function regionLabels(entries: Array<{ x: number; y: number; text: string }>): Plot.Markish {
  return Plot.text(entries, { x: 'x', y: 'y', text: 'text', fontSize: 11, fontWeight: 'bold', fill: '#555' });
}

function points(input: DiagramInput, transformY: (y: number) => number) {
  const out: DiagramPoint[] = [];
  for (let i = 0; i < input.n2.length; i++) {
    const cls = spaxelClassName(input.classCode[i]);
    const y = transformY(input.y[i]);
    if (!cls || !Number.isFinite(input.n2[i]) || !Number.isFinite(y)) continue;
    out.push({ x: input.n2[i], y, label: SPAXEL_CLASS_LABELS[cls], cls, s: i });
  }
  return out;
}

/** The BPT diagram with the Kewley 2001 (solid) and Kauffmann 2003 (dashed) lines, named in a key, and its regions. */
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
      ...lineKey([
        { x: -1.95, y: 1.38, dx: 0.2, text: 'Kewley 2001 (max. starburst)' },
        { x: -1.95, y: 1.2, dx: 0.2, text: 'Kauffmann 2003 (SF)', dash: '5,3' },
      ]),
      regionLabels([{ x: -1.55, y: -1.25, text: 'SF' }, { x: 0.02, y: -1.38, text: 'comp.' }, { x: 0.3, y: 0.95, text: 'AGN' }]),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'label', r: 2.5, fillOpacity: 0.8, title: pointTitle(input, 'log [O III]/Hβ', (y) => y.toFixed(3)) }),
    ],
  }, input.title ?? 'BPT');
}

/** The WHAN diagram (EW on a log axis) with its class boundaries and the names of its regions (Cid Fernandes 2011). */
export function whanDiagramPlot(input: DiagramInput): Figure {
  const pts = points(input, (ew) => (ew > 0 ? ew : NaN));
  const segments = whanDemarcationSegments({ n2Min: -2, n2Max: 0.7, ewMaxAngstrom: 1000 });
  return plotFigure({
    title: input.title, width: 420, height: 360,
    x: { label: 'log [N II]/Hα', domain: [-2, 0.7] }, y: { label: 'EW(Hα), Å (rest)', type: 'log', domain: [0.3, 1000] },
    color: { legend: true, ...classLegend(pts.map((p) => p.cls)) },
    marks: [
      Plot.link(segments, { x1: (s: { from: number[] }) => s.from[0], y1: (s: { from: number[] }) => Math.max(s.from[1], 0.3), x2: (s: { to: number[] }) => s.to[0], y2: (s: { to: number[] }) => s.to[1], stroke: 'black' }),
      regionLabels([
        { x: -1.3, y: 300, text: 'SF' }, { x: 0.25, y: 300, text: 'sAGN' }, { x: 0.25, y: 4.3, text: 'wAGN' },
        { x: -1.3, y: 1.3, text: 'retired' }, { x: -1.3, y: 0.39, text: 'passive' },
      ]),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'label', r: 2.5, fillOpacity: 0.8, title: pointTitle(input, 'EW(Hα)', (y) => `${y.toFixed(2)} Å`) }),
    ],
  }, input.title ?? 'WHAN');
}
