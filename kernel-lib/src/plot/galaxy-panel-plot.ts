// A Fig. A1-style panel of one analysed galaxy: Hα flux, velocity and dispersion maps; the metallicity map, the
// gradient with its fit and binned profile, the class map and the BPT or WHAN diagram. Every spaxel and point carries
// a hover title (position, Hα and [N II] fluxes, velocity, class, O/H).
import type { GalaxyAnalysis } from '../analyze/analyze-galaxy';
import { STRONG_LINE_CALIBRATIONS, type StrongLineCalibration } from '../abundance/calibrations';
import { SPAXEL_CLASS_LABELS, spaxelClassName } from '../classify/class-codes';
import { cubeFitMap } from '../linemaps/fit-cube';
import { combineFigures, type Figure } from './render';
import { formatHoverValue, mapPlot } from './map-plot';
import { gradientPlot, ohAxisLabel, type GradientReference } from './gradient-plot';
import { classMapPlot } from './class-map-plot';
import { bptDiagramPlot, whanDiagramPlot } from './diagnostic-diagram-plot';

/** Hover lines for the spaxel at index s: the fluxes, kinematics, class and O/H the analysis has there. */
export function galaxySpaxelInfo(a: GalaxyAnalysis): (s: number) => string {
  const maps: Array<[string, string]> = [
    ['ha_flux', 'Hα flux'], ['nii6584_flux', '[N II] flux'], ['hb_flux', 'Hβ flux'], ['oiii5007_flux', '[O III] flux'],
    ['velocity', 'v (km/s)'], ['sigma', 'σ (km/s)'],
  ];
  const present = maps.filter(([q]) => a.fit.maps[q] !== undefined);
  return (s) => {
    const lines = present.map(([q, name]) => `${name} = ${formatHoverValue(a.fit.maps[q][s])}`).filter((l) => !/= NaN$/.test(l));
    const cls = spaxelClassName(a.classification.classCode[s]);
    if (cls) lines.push(`class: ${SPAXEL_CLASS_LABELS[cls]}`);
    if (Number.isFinite(a.ohMap[s])) lines.push(`12+log(O/H) = ${a.ohMap[s].toFixed(3)}${Number.isFinite(a.ohErrMap[s]) ? ` ± ${a.ohErrMap[s].toFixed(3)}` : ''}`);
    return lines.join('\n');
  };
}

/** Seven panels on two rows; `references` adds profiles (e.g. the injected one, linear or broken) to the gradient panel. */
export function galaxyPanelPlot(
  a: GalaxyAnalysis,
  options: { title: string; references?: GradientReference[]; cellPx?: number; maxWidthPx?: number },
): Figure {
  const { nx, ny, selected } = a.fit;
  const cellPx = options.cellPx ?? 9;
  const spaxelInfo = galaxySpaxelInfo(a);
  const map = (quantity: string, label: string, title: string, scheme?: string) =>
    mapPlot({ values: cubeFitMap(a.fit, quantity), nx, ny, mask: selected, label, title, scheme, cellPx, spaxelInfo });
  const c = a.classification;
  const diagram = a.diagnostic === 'whan'
    ? whanDiagramPlot({ n2: c.n2, y: cubeFitMap(a.fit, 'ha_ew'), classCode: c.classCode, title: 'WHAN', nx, spaxelInfo })
    : bptDiagramPlot({ n2: c.n2, y: c.o3, classCode: c.classCode, title: 'BPT', nx, spaxelInfo });
  const calibration = (STRONG_LINE_CALIBRATIONS as Record<string, StrongLineCalibration>)[a.calibration];
  const index = calibration ? calibration.label.split(' ')[0] : a.calibration;
  return combineFigures([
    map('ha_flux', 'Hα (1e-20 erg/s/cm²)', 'Hα flux'),
    map('velocity', 'v (km/s)', 'velocity', 'velocity'),
    map('sigma', 'σ (km/s)', 'dispersion', 'magma'),
    mapPlot({ values: a.ohMap, nx, ny, label: ohAxisLabel(a.calibration), title: `${index} metallicity`, cellPx, spaxelInfo }),
    gradientPlot({
      radiusKpc: a.geometry.radiusKpc, oh: a.ohMap, ohErr: a.ohErrMap, fit: a.gradient, profile: a.profile, calibration: a.calibration,
      references: options.references, title: 'gradient', nx, spaxelInfo,
    }),
    classMapPlot({ classCode: c.classCode, nx, ny, title: `${(a.diagnostic ?? 'no').toUpperCase()} classes`, cellPx, spaxelInfo }),
    diagram,
  ], { columns: 4, title: options.title, maxWidthPx: options.maxWidthPx });
}
