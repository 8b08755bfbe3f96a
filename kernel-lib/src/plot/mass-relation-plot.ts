// Fig. 3 (right) of MSA-3D: metallicity gradient against stellar mass, with the fitted relation, its bootstrap
// band and comparison relations from the literature.
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';
import { bootstrapLineBand } from '../stats/bootstrap';

/** A straight line in log M*: gradient = intercept + slope × (log M* − pivotLogMstar). */
export interface MassRelation {
  label: string;
  slope: number;
  intercept: number;
  pivotLogMstar: number;
  /** Intrinsic scatter in dex/kpc, drawn as a band when given. */
  scatter?: number;
  color?: string;
}

export interface MassRelationPlotInput {
  logMstar: ArrayLike<number>;
  gradientDexPerKpc: ArrayLike<number>;
  gradientErrDexPerKpc: ArrayLike<number>;
  /** The fit to these points. */
  fit: MassRelation;
  /** Bootstrap replicates of the fit (about fit.pivotLogMstar), drawn as the central 68 % band. */
  bootstrap?: { interceptSamples: ArrayLike<number>; slopeSamples: ArrayLike<number> };
  /** Other relations to overlay (e.g. Wang et al. 2020). */
  others?: MassRelation[];
  title?: string;
}

const line = (r: MassRelation, logM: number) => r.intercept + r.slope * (logM - r.pivotLogMstar);

/** Gradient vs log M* with error bars, the fitted line, its bootstrap band and literature relations. */
export function massRelationPlot(input: MassRelationPlotInput): Figure {
  const n = input.logMstar.length;
  const points = Array.from({ length: n }, (_, i) => ({
    logM: input.logMstar[i], g: input.gradientDexPerKpc[i], e: input.gradientErrDexPerKpc[i],
  }));
  const lo = Math.min(...points.map((p) => p.logM)) - 0.25;
  const hi = Math.max(...points.map((p) => p.logM)) + 0.25;
  const grid = Array.from({ length: 61 }, (_, i) => lo + ((hi - lo) * i) / 60);
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#bbb' })];
  if (input.bootstrap) {
    const b = bootstrapLineBand(input.bootstrap, grid.map((logM) => logM - input.fit.pivotLogMstar));
    const band = grid.map((logM, i) => ({ logM, y1: b.lower[i], y2: b.upper[i] }));
    marks.push(Plot.areaY(band, { x: 'logM', y1: 'y1', y2: 'y2', fill: '#d62728', fillOpacity: 0.15 }));
  }
  const relations = [input.fit, ...(input.others ?? [])];
  for (const r of input.others ?? []) {
    if (r.scatter) {
      const band = grid.map((logM) => ({ logM, y1: line(r, logM) - r.scatter!, y2: line(r, logM) + r.scatter! }));
      marks.push(Plot.areaY(band, { x: 'logM', y1: 'y1', y2: 'y2', fill: r.color ?? '#1f77b4', fillOpacity: 0.08 }));
    }
  }
  const curve = (r: MassRelation) => grid.map((logM) => ({ logM, g: line(r, logM), label: r.label }));
  marks.push(
    Plot.line((input.others ?? []).flatMap(curve), { x: 'logM', y: 'g', z: 'label', stroke: 'label', strokeWidth: 2, strokeDasharray: '6,3' }),
    Plot.line(curve(input.fit), { x: 'logM', y: 'g', stroke: 'label', strokeWidth: 2 }),
    Plot.ruleX(points, { x: 'logM', y1: (p: { g: number; e: number }) => p.g - p.e, y2: (p: { g: number; e: number }) => p.g + p.e, stroke: '#d62728' }),
    Plot.dot(points, { x: 'logM', y: 'g', fill: '#d62728', r: 3.5 }),
  );
  return plotFigure({
    title: input.title,
    width: 620,
    height: 420,
    marginLeft: 60,
    x: { label: 'log M* / M☉', domain: [lo, hi] },
    y: { label: 'metallicity gradient (dex/kpc)', grid: true },
    color: {
      legend: true,
      domain: relations.map((r) => r.label),
      range: relations.map((r, i) => r.color ?? (i === 0 ? '#d62728' : ['#1f77b4', '#2ca02c', '#9467bd'][(i - 1) % 3])),
    },
    marks,
  }, input.title ?? 'mass relation');
}
