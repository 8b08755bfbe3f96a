// A Fig. A1-style panel of one analysed galaxy: Hα flux, velocity and dispersion maps; the N2 metallicity map, the
// gradient with its fit and binned profile, the class map and the BPT or WHAN diagram.
import type { GalaxyAnalysis } from '../analyze/analyze-galaxy';
import { cubeFitMap } from '../linemaps/fit-cube';
import { combineFigures, type Figure } from './render';
import { mapPlot } from './map-plot';
import { gradientPlot } from './gradient-plot';
import { classMapPlot } from './class-map-plot';
import { bptDiagramPlot, whanDiagramPlot } from './diagnostic-diagram-plot';

/** Seven panels on two rows; `references` adds lines (e.g. the injected gradient) to the gradient panel. */
export function galaxyPanelPlot(
  a: GalaxyAnalysis,
  options: { title: string; references?: Array<{ label: string; slope: number; intercept: number }>; cellPx?: number } ,
): Figure {
  const { nx, ny, selected } = a.fit;
  const cellPx = options.cellPx ?? 9;
  const map = (quantity: string, label: string, title: string, scheme?: string, symmetric?: boolean) =>
    mapPlot({ values: cubeFitMap(a.fit, quantity), nx, ny, mask: selected, label, title, scheme, symmetric, cellPx });
  const c = a.classification;
  const diagram = a.diagnostic === 'whan'
    ? whanDiagramPlot({ n2: c.n2, y: cubeFitMap(a.fit, 'ha_ew'), classCode: c.classCode, title: 'WHAN' })
    : bptDiagramPlot({ n2: c.n2, y: c.o3, classCode: c.classCode, title: 'BPT' });
  return combineFigures([
    map('ha_flux', 'Hα (1e-20 erg/s/cm²)', 'Hα flux'),
    map('velocity', 'v (km/s)', 'velocity', 'rdbu', true),
    map('sigma', 'σ (km/s)', 'dispersion', 'magma'),
    mapPlot({ values: a.ohMap, nx, ny, label: '12+log(O/H)', title: 'N2 metallicity', cellPx }),
    gradientPlot({ radiusKpc: a.geometry.radiusKpc, oh: a.ohMap, fit: a.gradient, profile: a.profile, references: options.references, title: 'gradient' }),
    classMapPlot({ classCode: c.classCode, nx, ny, title: `${(a.diagnostic ?? 'no').toUpperCase()} classes`, cellPx }),
    diagram,
  ], { columns: 4, title: options.title });
}
