// The metallicity gradient panel of Fig. A1: 12+log(O/H) of each spaxel against deprojected radius, the linear fit
// (red dashed) over its range, and the radially binned means with their errors (red points).
import * as Plot from '@observablehq/plot';
import type { GradientResult } from '../gradient/fit-gradient';
import { plotFigure, type Figure } from './render';

export interface GradientPlotInput {
  radiusKpc: ArrayLike<number>;
  oh: ArrayLike<number>;
  ohErr?: ArrayLike<number>;
  /** The fit (a failed fit or null draws no line). */
  fit?: GradientResult | null;
  /** Binned profile: bin centres (kpc), means and standard errors. */
  profile?: { rCentre: ArrayLike<number>; mean: ArrayLike<number>; sem: ArrayLike<number>; count: ArrayLike<number> } | null;
  /** Extra lines (e.g. the injected truth), drawn in grey. */
  references?: Array<{ label: string; slope: number; intercept: number }>;
  title?: string;
}

/** Spaxels (grey), binned means (red) and the fitted line with its slope in the legend. */
export function gradientPlot(input: GradientPlotInput): Figure {
  const pts: Array<{ r: number; oh: number; e: number }> = [];
  for (let i = 0; i < input.radiusKpc.length; i++) {
    if (Number.isFinite(input.oh[i]) && Number.isFinite(input.radiusKpc[i])) pts.push({ r: input.radiusKpc[i], oh: input.oh[i], e: input.ohErr ? input.ohErr[i] : NaN });
  }
  const rMax = Math.max(1, ...pts.map((p) => p.r)) * 1.05;
  const bins: Array<{ r: number; m: number; s: number }> = [];
  if (input.profile) {
    for (let i = 0; i < input.profile.rCentre.length; i++) {
      if (input.profile.count[i] > 0 && Number.isFinite(input.profile.mean[i])) bins.push({ r: input.profile.rCentre[i], m: input.profile.mean[i], s: input.profile.sem[i] });
    }
  }
  const lines: Array<{ r: number; oh: number; label: string }> = [];
  const labels: string[] = [];
  const fit = input.fit && input.fit.ok ? input.fit : null;
  if (fit) {
    const label = `fit ${fit.slope >= 0 ? '+' : ''}${fit.slope.toFixed(4)} ± ${fit.slopeErr.toFixed(4)} dex/kpc`;
    labels.push(label);
    for (const r of [fit.rMin, fit.rMax]) lines.push({ r, oh: fit.intercept + fit.slope * r, label });
  }
  for (const ref of input.references ?? []) {
    labels.push(ref.label);
    for (const r of [0, rMax]) lines.push({ r, oh: ref.intercept + ref.slope * r, label: ref.label });
  }
  return plotFigure({
    title: input.title, width: 460, height: 320,
    x: { label: 'deprojected radius (kpc)', domain: [0, rMax] }, y: { label: '12 + log(O/H) (N2, PP04)', grid: true },
    color: labels.length ? { legend: true, domain: labels, range: ['#d62728', '#7f7f7f', '#2ca02c'].slice(0, labels.length) } : undefined,
    marks: [
      Plot.dot(pts, { x: 'r', y: 'oh', fill: '#999', r: 2, fillOpacity: 0.7 }),
      Plot.ruleX(bins, { x: 'r', y1: (b: { m: number; s: number }) => b.m - b.s, y2: (b: { m: number; s: number }) => b.m + b.s, stroke: '#d62728' }),
      Plot.dot(bins, { x: 'r', y: 'm', fill: '#d62728', r: 4 }),
      Plot.line(lines, { x: 'r', y: 'oh', z: 'label', stroke: 'label', strokeDasharray: '6,3', strokeWidth: 2 }),
    ],
  }, input.title ?? 'gradient');
}
