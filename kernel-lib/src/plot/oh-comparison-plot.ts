// Ours against published, one point per galaxy with x and y error bars and the 1:1 line (e.g. Wang et al. 2020
// Table 3 12+log(O/H) or A_V^N against our Bayesian posterior medians); points flagged as outliers are drawn in red.
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';

export interface ValueComparisonPlotInput {
  /** Published values (x) and their 1σ errors (NaN = none). */
  published: ArrayLike<number>;
  publishedErr: ArrayLike<number>;
  /** Our values (y) and their 1σ errors (e.g. half the 16–84 % interval). */
  ours: ArrayLike<number>;
  oursErr: ArrayLike<number>;
  /** Optional labels (shown as tips) and outlier flags. */
  labels?: readonly string[];
  outlier?: ArrayLike<boolean>;
  /** Axis label of the quantity, e.g. "12 + log(O/H)". */
  quantity: string;
  /** Axis range shared by x and y (default: the data ± 0.1 of the span). */
  domain?: [number, number];
  title?: string;
}

/** Scatter of ours vs published with error bars in both directions and the 1:1 line. */
export function valueComparisonPlot(input: ValueComparisonPlotInput): Figure {
  const n = input.published.length;
  if (input.ours.length !== n) throw new Error(`valueComparisonPlot: published has ${n} values but ours has ${input.ours.length}`);
  const pts: Array<{ x: number; y: number; dx: number; dy: number; label: string; group: string }> = [];
  for (let i = 0; i < n; i++) {
    const x = input.published[i];
    const y = input.ours[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    pts.push({
      x, y,
      dx: Number.isFinite(input.publishedErr[i]) ? input.publishedErr[i] : 0,
      dy: Number.isFinite(input.oursErr[i]) ? input.oursErr[i] : 0,
      label: input.labels?.[i] ?? String(i),
      group: input.outlier?.[i] ? 'discussed outlier' : 'galaxy',
    });
  }
  let domain = input.domain;
  if (!domain) {
    const values = pts.flatMap((p) => [p.x - p.dx, p.x + p.dx, p.y - p.dy, p.y + p.dy]);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = 0.1 * (hi - lo || 1);
    domain = [lo - pad, hi + pad];
  }
  return plotFigure({
    title: input.title, width: 440, height: 420,
    x: { label: `${input.quantity} (published)`, domain },
    y: { label: `${input.quantity} (this work)`, domain },
    color: { legend: true, domain: ['galaxy', 'discussed outlier'], range: ['#1f77b4', '#d62728'] },
    marks: [
      Plot.line([{ x: domain[0], y: domain[0] }, { x: domain[1], y: domain[1] }], { x: 'x', y: 'y', stroke: 'gray', strokeDasharray: '4,3' }),
      Plot.link(pts, { x1: (p) => p.x - p.dx, x2: (p) => p.x + p.dx, y1: 'y', y2: 'y', stroke: 'group', strokeOpacity: 0.5 }),
      Plot.link(pts, { x1: 'x', x2: 'x', y1: (p) => p.y - p.dy, y2: (p) => p.y + p.dy, stroke: 'group', strokeOpacity: 0.5 }),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'group', r: 3.5, title: 'label' }),
    ],
  }, input.title ?? 'comparison');
}
