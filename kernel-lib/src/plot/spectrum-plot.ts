// Fig. 1 (b–d) of MSA-3D: a spaxel's spectrum with its fitted model, whole or zoomed on a wavelength range.
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';

export interface SpectrumPlotInput {
  wavelengthAngstrom: ArrayLike<number>;
  flux: ArrayLike<number>;
  error?: ArrayLike<number> | null;
  /** The fitted model on the same grid (NaN outside the fitted windows). */
  model?: ArrayLike<number> | null;
  /** Show only this observed range, Å. */
  rangeAngstrom?: readonly [number, number];
  /** Vertical markers, e.g. fitted line centres: { wavelengthAngstrom, label }. */
  lines?: ReadonlyArray<{ wavelengthAngstrom: number; label: string }>;
  /** Flux-density unit for the y label. */
  unit?: string;
  /** Plot wavelengths in µm (default true: NIRSpec cubes). */
  micron?: boolean;
  title?: string;
  width?: number;
  height?: number;
}

/** The spectrum (steps), its ±1σ band, the model (red) and line markers. Masked channels leave gaps. */
export function spectrumPlot(input: SpectrumPlotInput): Figure {
  const micron = input.micron ?? true;
  const scale = micron ? 1e-4 : 1;
  const [lo, hi] = input.rangeAngstrom ?? [-Infinity, Infinity];
  const points: Array<{ x: number; f: number; e: number; m: number }> = [];
  for (let k = 0; k < input.wavelengthAngstrom.length; k++) {
    const lam = input.wavelengthAngstrom[k];
    if (lam < lo || lam > hi) continue;
    points.push({ x: lam * scale, f: input.flux[k], e: input.error ? input.error[k] : NaN, m: input.model ? input.model[k] : NaN });
  }
  const lines = (input.lines ?? []).filter((l) => l.wavelengthAngstrom >= lo && l.wavelengthAngstrom <= hi);
  const marks: Plot.Markish[] = [];
  if (input.error) {
    marks.push(Plot.areaY(points, { x: 'x', y1: (p: { f: number; e: number }) => p.f - p.e, y2: (p: { f: number; e: number }) => p.f + p.e, fill: '#999', fillOpacity: 0.3, curve: 'step' }));
  }
  marks.push(
    Plot.ruleY([0], { stroke: '#ccc' }),
    Plot.lineY(points, { x: 'x', y: 'f', stroke: 'black', strokeWidth: 0.8, curve: 'step' }),
    Plot.ruleX(lines, { x: (l: { wavelengthAngstrom: number }) => l.wavelengthAngstrom * scale, stroke: '#1f77b4', strokeDasharray: '3,3' }),
    // Labels alternate between two rows so close pairs ([S II] 6717, 6731) stay legible.
    ...[0, 1].map((row) => Plot.text(lines.filter((_, i) => i % 2 === row), { x: (l: { wavelengthAngstrom: number }) => l.wavelengthAngstrom * scale, text: 'label', frameAnchor: 'top', dy: 4 + 13 * row, fill: '#1f77b4', fontSize: 10 })),
  );
  if (input.model) marks.push(Plot.lineY(points, { x: 'x', y: 'm', stroke: '#d62728', strokeWidth: 1.5 }));
  return plotFigure({
    title: input.title,
    width: input.width ?? 760,
    height: input.height ?? 260,
    marginLeft: 55,
    x: { label: micron ? 'observed wavelength (µm)' : 'wavelength (Å)' },
    y: { label: `flux density${input.unit ? ` (${input.unit})` : ''}`, grid: true },
    marks,
  }, input.title ?? 'spectrum');
}
