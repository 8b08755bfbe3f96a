// Ours against a published measurement of the same spectra: the ratio ours/published of each bin against the published
// S/N, one panel per line, with the line at 1 and the target band (e.g. issue 12's ±5 % / ±10 %).
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';

export interface PublishedRatioPlotInput {
  /** One point per bin and line (e.g. SamiSectorComparison.lineRows); unselected rows are drawn hollow. */
  rows: ReadonlyArray<{ id: number | string; line: string; ratio: number; publishedSnr: number; selected: boolean }>;
  /** Half-width of the target band about 1, per line (none drawn for a line not given). */
  targets?: Readonly<Record<string, number>>;
  title?: string;
}

/** Ratio ours/published (y) against the published S/N (x, log), one panel per line, with 1 and the target band. */
export function publishedRatioPlot(input: PublishedRatioPlotInput): Figure {
  const pts = input.rows.filter((r) => Number.isFinite(r.ratio) && r.publishedSnr > 0)
    .map((r) => ({ ...r, label: `bin ${r.id}, ${r.line}: ratio ${r.ratio.toFixed(3)}, published S/N ${r.publishedSnr.toFixed(1)}${r.selected ? '' : ' (not selected)'}` }));
  const lines = [...new Set(input.rows.map((r) => r.line))];
  const bands = lines.filter((l) => input.targets?.[l] !== undefined).map((line) => ({ line, lo: 1 - input.targets![line], hi: 1 + input.targets![line] }));
  return plotFigure({
    title: input.title, width: 200 * Math.max(lines.length, 1) + 60, height: 300, marginLeft: 50,
    fx: { label: null, domain: lines },
    x: { type: 'log', label: 'published S/N' },
    y: { label: 'ours / published', grid: true },
    marks: [
      Plot.rectY(bands, { fx: 'line', y1: 'lo', y2: 'hi', fill: '#2ca02c', fillOpacity: 0.12 }),
      Plot.ruleY([1], { stroke: '#555' }),
      Plot.dot(pts.filter((p) => p.selected), { fx: 'line', x: 'publishedSnr', y: 'ratio', fill: 'line', r: 2.5, title: 'label' }),
      Plot.dot(pts.filter((p) => !p.selected), { fx: 'line', x: 'publishedSnr', y: 'ratio', stroke: 'line', r: 2.5, title: 'label' }),
    ],
  }, input.title ?? 'ratio to published');
}
