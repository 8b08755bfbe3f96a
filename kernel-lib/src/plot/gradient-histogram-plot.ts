// Fig. 2 of MSA-3D: the distribution of metallicity gradients, with the median 1σ uncertainty as an error bar.
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';
import { median } from '../stats/quantile';

export interface GradientHistogramInput {
  gradientDexPerKpc: ArrayLike<number>;
  gradientErrDexPerKpc: ArrayLike<number>;
  /** Bin width in dex/kpc (default 0.005). */
  binWidth?: number;
  title?: string;
}

/** A histogram of gradients with a black error bar of the median uncertainty, centred on the median gradient. */
export function gradientHistogramPlot(input: GradientHistogramInput): Figure {
  const binWidth = input.binWidth ?? 0.005;
  const values = Array.from(input.gradientDexPerKpc);
  const medianErr = median(input.gradientErrDexPerKpc);
  const medianGradient = median(values);
  const lo = Math.floor(Math.min(...values) / binWidth) * binWidth;
  const hi = Math.ceil(Math.max(...values) / binWidth + 1e-9) * binWidth;
  const thresholds = Array.from({ length: Math.round((hi - lo) / binWidth) + 1 }, (_, i) => lo + i * binWidth);
  // Bin counts only to place the error bar above the tallest bar.
  const counts = thresholds.map((t) => values.filter((v) => v >= t && v < t + binWidth).length);
  const barY = Math.max(...counts) + 1;
  const rightHalf = medianGradient > (lo + hi) / 2;
  return plotFigure({
    title: input.title,
    width: 560,
    height: 360,
    x: { label: 'metallicity gradient (dex/kpc)', domain: [lo - binWidth, hi + binWidth] },
    y: { label: 'number of galaxies', grid: true, domain: [0, barY + 1], ticks: barY + 1, tickFormat: 'd' },
    marks: [
      Plot.rectY(values, { ...Plot.binX({ y: 'count' }, { x: (v: number) => v, thresholds }), fill: '#d62728', fillOpacity: 0.7, inset: 0.5 }),
      Plot.ruleY([0]),
      Plot.ruleX([0], { stroke: '#888', strokeDasharray: '4,3' }),
      Plot.link([{ x1: medianGradient - medianErr, x2: medianGradient + medianErr, y: barY }], { x1: 'x1', x2: 'x2', y1: 'y', y2: 'y', stroke: 'black', strokeWidth: 2 }),
      Plot.dot([{ x: medianGradient, y: barY }], { x: 'x', y: 'y', fill: 'black', r: 3 }),
      // The label goes on the side of the bar with more room, so it is never cut at the frame.
      Plot.text([{ x: rightHalf ? medianGradient - medianErr : medianGradient + medianErr, y: barY }], {
        x: 'x', y: 'y', text: () => `median 1σ = ${medianErr.toFixed(4)}`, textAnchor: rightHalf ? 'end' : 'start', dx: rightHalf ? -6 : 6,
      }),
    ],
  }, input.title ?? 'gradient histogram');
}
