// The metallicity gradient panel of Fig. A1: 12+log(O/H) of each spaxel against deprojected radius, the linear fit
// (red dashed) over its range, and the radially binned means with their errors (red points).
import * as Plot from '@observablehq/plot';
import type { GradientResult } from '../gradient/fit-gradient';
import { STRONG_LINE_CALIBRATIONS, type StrongLineCalibration } from '../abundance/calibrations';
import { ohAtRadius, type MetallicityProfile } from '../simulate/metallicity-profile';
import { plotFigure, type Figure } from './render';

/**
 * A reference profile drawn in grey or green: a straight line (slope, intercept), an injected simulator profile (linear
 * or broken, drawn as it is), a function of radius, or points (radius, O/H) joined in order.
 */
export type GradientReference =
  | { label: string; slope: number; intercept: number }
  | { label: string; profile: MetallicityProfile }
  | { label: string; ohAt: (radius: number) => number }
  | { label: string; radius: ArrayLike<number>; oh: ArrayLike<number> };

/** The radius unit of the x axis. */
export type RadiusUnit = 'kpc' | 'R_e';

export interface GradientPlotInput {
  /** Deprojected radius of each spaxel, in `radiusUnit` (kpc unless told). */
  radiusKpc: ArrayLike<number>;
  oh: ArrayLike<number>;
  ohErr?: ArrayLike<number>;
  /** Unit of `radiusKpc`, the profile and the references (default 'kpc'); sets the x title and the slope unit. */
  radiusUnit?: RadiusUnit;
  /** The strong-line calibration behind `oh` (a name such as 'm13-o3n2', a calibration, or any label): the y title. */
  calibration?: string | StrongLineCalibration;
  /** The fit (a failed fit or null draws no line). */
  fit?: GradientResult | null;
  /** Binned profile: bin centres, means and standard errors. */
  profile?: { rCentre: ArrayLike<number>; mean: ArrayLike<number>; sem: ArrayLike<number>; count: ArrayLike<number> } | null;
  /** Extra profiles (e.g. the injected truth), drawn in grey. */
  references?: GradientReference[];
  /** Grid width (spaxels per row) when the arrays are per spaxel (index y·nx + x): hover titles then give x, y. */
  nx?: number;
  /** Extra hover text per spaxel index (e.g. fluxes, class). */
  spaxelInfo?: (spaxel: number) => string;
  title?: string;
}

/** The y title: '12 + log(O/H)' with the calibration's plot label when one is given. */
export function ohAxisLabel(calibration?: string | StrongLineCalibration): string {
  if (calibration === undefined) return '12 + log(O/H)';
  const label = typeof calibration === 'object'
    ? calibration.label
    : (STRONG_LINE_CALIBRATIONS as Record<string, StrongLineCalibration>)[calibration]?.label ?? calibration;
  return `12 + log(O/H), ${label}`;
}

/** The x title for a radius unit. */
export function radiusAxisLabel(unit: RadiusUnit = 'kpc'): string {
  return unit === 'kpc' ? 'deprojected radius (kpc)' : 'deprojected radius (R/R_e)';
}

function referencePoints(ref: GradientReference, rMax: number): Array<{ r: number; oh: number }> {
  if ('radius' in ref) return Array.from(ref.radius, (r, i) => ({ r, oh: ref.oh[i] })).filter((p) => Number.isFinite(p.r) && Number.isFinite(p.oh));
  if ('slope' in ref) return [0, rMax].map((r) => ({ r, oh: ref.intercept + ref.slope * r }));
  const at = 'profile' in ref ? (r: number) => ohAtRadius(ref.profile, r) : ref.ohAt;
  // 200 steps draw any kink (a broken profile's break) to within 0.5 % of the range.
  return Array.from({ length: 201 }, (_, i) => (rMax * i) / 200).map((r) => ({ r, oh: at(r) }));
}

/** Spaxels (grey), binned means (red) and the fitted line with its slope in the legend. */
export function gradientPlot(input: GradientPlotInput): Figure {
  const unit = input.radiusUnit ?? 'kpc';
  const unitText = unit === 'kpc' ? 'kpc' : 'R_e';
  const pts: Array<{ r: number; oh: number; e: number; s: number }> = [];
  for (let i = 0; i < input.radiusKpc.length; i++) {
    if (Number.isFinite(input.oh[i]) && Number.isFinite(input.radiusKpc[i])) pts.push({ r: input.radiusKpc[i], oh: input.oh[i], e: input.ohErr ? input.ohErr[i] : NaN, s: i });
  }
  const rMax = Math.max(unit === 'kpc' ? 1 : 0.2, ...pts.map((p) => p.r)) * 1.05;
  const bins: Array<{ r: number; m: number; s: number; n: number }> = [];
  if (input.profile) {
    for (let i = 0; i < input.profile.rCentre.length; i++) {
      if (input.profile.count[i] > 0 && Number.isFinite(input.profile.mean[i])) bins.push({ r: input.profile.rCentre[i], m: input.profile.mean[i], s: input.profile.sem[i], n: input.profile.count[i] });
    }
  }
  const lines: Array<{ r: number; oh: number; label: string }> = [];
  const labels: string[] = [];
  const fit = input.fit && input.fit.ok ? input.fit : null;
  if (fit) {
    const label = `fit ${fit.slope >= 0 ? '+' : ''}${fit.slope.toFixed(4)} ± ${fit.slopeErr.toFixed(4)} dex/${unitText}`;
    labels.push(label);
    for (const r of [fit.rMin, fit.rMax]) lines.push({ r, oh: fit.intercept + fit.slope * r, label });
  }
  for (const ref of input.references ?? []) {
    labels.push(ref.label);
    for (const p of referencePoints(ref, rMax)) lines.push({ ...p, label: ref.label });
  }
  const ohTitle = ohAxisLabel(input.calibration);
  const spaxelTitle = (p: { r: number; oh: number; e: number; s: number }) => [
    input.nx ? `spaxel x ${p.s % input.nx}, y ${Math.floor(p.s / input.nx)}` : `spaxel ${p.s}`,
    `R = ${p.r.toFixed(2)} ${unitText}`,
    `12+log(O/H) = ${p.oh.toFixed(3)}${Number.isFinite(p.e) ? ` ± ${p.e.toFixed(3)}` : ''}`,
    ...(input.spaxelInfo ? [input.spaxelInfo(p.s)] : []),
  ].join('\n');
  return plotFigure({
    title: input.title, width: 460, height: 320,
    x: { label: radiusAxisLabel(unit), domain: [0, rMax] }, y: { label: ohTitle, grid: true },
    color: labels.length ? { legend: true, domain: labels, range: ['#d62728', '#7f7f7f', '#2ca02c'].slice(0, labels.length) } : undefined,
    marks: [
      Plot.dot(pts, { x: 'r', y: 'oh', fill: '#999', r: 2, fillOpacity: 0.7, title: spaxelTitle }),
      Plot.ruleX(bins, { x: 'r', y1: (b: { m: number; s: number }) => b.m - b.s, y2: (b: { m: number; s: number }) => b.m + b.s, stroke: '#d62728' }),
      Plot.dot(bins, { x: 'r', y: 'm', fill: '#d62728', r: 4, title: (b: { r: number; m: number; s: number; n: number }) => `bin at R = ${b.r.toFixed(2)} ${unitText}\nmean ${b.m.toFixed(3)} ± ${b.s.toFixed(3)} (${b.n} spaxels)` }),
      Plot.line(lines, { x: 'r', y: 'oh', z: 'label', stroke: 'label', strokeDasharray: '6,3', strokeWidth: 2 }),
    ],
  }, input.title ?? 'gradient');
}
