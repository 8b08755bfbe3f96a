// The mass–excitation (MEx) diagram, log M* vs log([O III]/Hβ), with the Juneau et al. 2014 (ApJ 788, 88, eqs. 1–2)
// demarcation curves, as Wang et al. 2020 Fig. 3 uses to screen AGN.
import * as Plot from '@observablehq/plot';
import { massExcitationCurves, classifyMassExcitation } from '../classify/mass-excitation';
import { plotFigure, type Figure } from './render';

export interface MassExcitationPlotInput {
  logMassMsun: ArrayLike<number>;
  /** log([O III]5007/Hβ). */
  logO3Hb: ArrayLike<number>;
  labels?: readonly string[];
  title?: string;
}

const CLASS_LABEL = { sf: 'star-forming', composite: 'composite', agn: 'AGN' } as const;

/** Points coloured by their Juneau 2014 class, the upper (AGN) curve solid and the lower (SF) curve dashed. */
export function massExcitationPlot(input: MassExcitationPlotInput): Figure {
  const pts: Array<{ x: number; y: number; cls: string; label: string }> = [];
  for (let i = 0; i < input.logMassMsun.length; i++) {
    const cls = classifyMassExcitation(input.logMassMsun[i], input.logO3Hb[i]);
    if (!cls) continue;
    pts.push({ x: input.logMassMsun[i], y: input.logO3Hb[i], cls: CLASS_LABEL[cls], label: input.labels?.[i] ?? String(i) });
  }
  const curves = massExcitationCurves({ logMassMin: 7.5, logMassMax: 11.5, points: 300 });
  const line = (c: { x: Float64Array; y: Float64Array }) => Array.from(c.x, (x, i) => ({ x, y: c.y[i] })).filter((p) => p.y > -1 && p.y < 2);
  return plotFigure({
    title: input.title, width: 460, height: 380,
    x: { label: 'log M* / M☉', domain: [7.5, 11.5] }, y: { label: 'log [O III]/Hβ', domain: [-1, 2] },
    color: { legend: true, domain: Object.values(CLASS_LABEL), range: ['#1f77b4', '#2ca02c', '#d62728'] },
    marks: [
      Plot.line(line(curves.upper), { x: 'x', y: 'y', stroke: 'black' }),
      Plot.line(line(curves.lower), { x: 'x', y: 'y', stroke: 'black', strokeDasharray: '5,3' }),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'cls', r: 3.5, title: 'label' }),
    ],
  }, input.title ?? 'MEx');
}
