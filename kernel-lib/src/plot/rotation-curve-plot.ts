// The rotation-curve panel of Fig. 4f / Fig. 5e (Ju et al., MSA-3D §4.2): line-of-sight velocity of the spaxels along the
// major axis with their errors (grey), the binned medians (black), the posterior median model (red) and its 16–84 % band,
// and optionally the intrinsic dispersion of the same spaxels (green).
import * as Plot from '@observablehq/plot';
import { plotFigure, type Figure } from './render';

export interface RotationCurvePlotInput {
  /** The slit's spaxels: signed radius (kpc), velocity and error (km/s); optional σ (km/s). */
  radiusKpc: ArrayLike<number>;
  velocityKms: ArrayLike<number>;
  velocityErrKms?: ArrayLike<number>;
  sigmaKms?: ArrayLike<number>;
  /** Binned medians (black points with errors). */
  bins?: { centreKpc: ArrayLike<number>; velocityKms: ArrayLike<number>; velocityErrKms: ArrayLike<number> } | null;
  /** Posterior model along the major axis: radius grid, median and 16/84 percentiles (RotationCurveFit.band). */
  band?: { radiusKpc: ArrayLike<number>; medianKms: ArrayLike<number>; p16Kms: ArrayLike<number>; p84Kms: ArrayLike<number> } | null;
  /** Legend text of the model, e.g. 'v_c = 250 (+6/−5) km/s'. */
  modelLabel?: string;
  title?: string;
}

type Point = { r: number; v: number; e: number };

/** Velocity (and σ) along the major axis with the fitted arctan model and its band. */
export function rotationCurvePlot(input: RotationCurvePlotInput): Figure {
  const spaxels: Point[] = [];
  for (let i = 0; i < input.radiusKpc.length; i++) {
    if (Number.isFinite(input.radiusKpc[i]) && Number.isFinite(input.velocityKms[i])) {
      spaxels.push({ r: input.radiusKpc[i], v: input.velocityKms[i], e: input.velocityErrKms ? input.velocityErrKms[i] : NaN });
    }
  }
  const sigmas: Point[] = [];
  if (input.sigmaKms) {
    for (let i = 0; i < input.radiusKpc.length; i++) {
      if (Number.isFinite(input.radiusKpc[i]) && Number.isFinite(input.sigmaKms[i])) sigmas.push({ r: input.radiusKpc[i], v: input.sigmaKms[i], e: NaN });
    }
  }
  const bins: Point[] = [];
  if (input.bins) {
    for (let b = 0; b < input.bins.centreKpc.length; b++) {
      if (Number.isFinite(input.bins.velocityKms[b])) bins.push({ r: input.bins.centreKpc[b], v: input.bins.velocityKms[b], e: input.bins.velocityErrKms[b] });
    }
  }
  const model: Array<{ r: number; m: number; lo: number; hi: number; label: string }> = [];
  const label = input.modelLabel ?? 'arctan model (median, 16–84 %)';
  if (input.band) {
    for (let g = 0; g < input.band.radiusKpc.length; g++) {
      model.push({ r: input.band.radiusKpc[g], m: input.band.medianKms[g], lo: input.band.p16Kms[g], hi: input.band.p84Kms[g], label });
    }
  }
  const withErr = (p: Point) => Number.isFinite(p.e);
  const labels = [label, ...(sigmas.length ? ['intrinsic σ'] : [])];
  return plotFigure({
    title: input.title, width: 480, height: 320,
    x: { label: 'radius along the major axis (kpc)' }, y: { label: 'velocity (km/s)', grid: true },
    color: model.length || sigmas.length ? { legend: true, domain: labels, range: ['#d62728', '#2ca02c'].slice(0, labels.length) } : undefined,
    marks: [
      Plot.ruleY([0], { stroke: '#bbb' }),
      Plot.ruleX([0], { stroke: '#bbb' }),
      Plot.areaY(model, { x: 'r', y1: 'lo', y2: 'hi', fill: '#d62728', fillOpacity: 0.2 }),
      Plot.ruleX(spaxels.filter(withErr), { x: 'r', y1: (p: Point) => p.v - p.e, y2: (p: Point) => p.v + p.e, stroke: '#aaa' }),
      Plot.dot(spaxels, { x: 'r', y: 'v', fill: '#999', r: 2 }),
      Plot.dot(sigmas, { x: 'r', y: 'v', fill: '#2ca02c', r: 2, fillOpacity: 0.7 }),
      Plot.ruleX(bins.filter(withErr), { x: 'r', y1: (p: Point) => p.v - p.e, y2: (p: Point) => p.v + p.e, stroke: 'black' }),
      Plot.dot(bins, { x: 'r', y: 'v', fill: 'black', r: 3.5 }),
      Plot.line(model, { x: 'r', y: 'm', stroke: 'label', strokeWidth: 2 }),
    ],
  }, input.title ?? 'rotation curve');
}
