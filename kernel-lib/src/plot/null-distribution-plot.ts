// A statistic against its simulated null distributions: one row of dots per null (each dot one simulation) and a red
// rule at the observed value (e.g. gradient/azimuthal-residuals.ts: χ²_az against several nulls).
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';

export interface NullDistributionPlotInput {
  /** Each null: its label and the statistic of every simulation. */
  nulls: ReadonlyArray<{ label: string; values: ArrayLike<number> }>;
  observed: number;
  /** Axis label of the statistic. */
  label: string;
  title?: string;
  /** Logarithmic x axis (for nulls spanning decades); default false. */
  logX?: boolean;
}

/** Dots per null, one per simulation (hover: null and value), and the observed value as a labelled red rule. */
export function nullDistributionPlot(input: NullDistributionPlotInput): Figure {
  const dots = input.nulls.flatMap((n) => Array.from(n.values).filter(Number.isFinite).map((v) => ({ null: n.label, value: v })));
  return plotFigure({
    title: input.title,
    width: 640,
    height: 60 + 40 * input.nulls.length,
    marginLeft: 260,
    x: { label: input.label, type: input.logX ? 'log' : 'linear', grid: true },
    y: { label: null, domain: input.nulls.map((n) => n.label) },
    marks: [
      Plot.dot(dots, { x: 'value', y: 'null', r: 3, fill: '#1f77b4', fillOpacity: 0.6, title: (d: { null: string; value: number }) => `${d.null}: ${d.value.toPrecision(4)}` }),
      Plot.ruleX([input.observed], { stroke: '#d62728', strokeWidth: 2 }),
      Plot.text([input.observed], { x: (v: number) => v, frameAnchor: 'top', text: () => `observed ${input.observed.toPrecision(3)}`, fill: '#d62728', dy: -2, textAnchor: 'start', dx: 4 }),
    ],
  }, input.title ?? 'null distributions');
}
