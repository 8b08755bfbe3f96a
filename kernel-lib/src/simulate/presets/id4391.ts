// ID4391 (Ju et al. §4.2.2): the published size, inclination, rotation and σ0, σ raised along the major axis, the
// broken abundance profile that rises beyond ~5 kpc, and the tail of clumps that carries it to the paper's 10 kpc
// (id4391-tail.ts).
import type { Table1Row } from '../../tables/table1';
import { brokenProfileOuterSlope, type MetallicityProfile } from '../metallicity-profile';
import { axisRatioFromInclinationDeg } from '../../geometry/inclination';
import type { SpecialGalaxy } from './galaxy-preset';
import { prescribed, published, type Sourced } from './provenance';
import { centralOhWithinRange, MAX_STAR_FORMING_OH } from './central-abundance';
import { addId4391Tail, id4391TailNote } from './id4391-tail';

/**
 * §4.2.2: −0.074 dex/kpc within 0.5–3.5 kpc, flat to 5 kpc, then an outer slope solved so that a uniform-in-R
 * straight-line fit over 0.5–10 kpc gives Table 1's −0.0013 dex/kpc; the centre kept within range out to 10 kpc.
 */
function brokenProfile(row: Table1Row): Sourced<MetallicityProfile> {
  const shape = { kind: 'broken' as const, innerGradientDexPerKpc: -0.074, breakRadiusKpc: 3.5, outerStartKpc: 5 };
  const outer = brokenProfileOuterSlope({ ...shape, centralOh: 8.5 }, 0.5, 10, row.gradientDexPerKpc);
  const { oh0, clipped } = centralOhWithinRange(row.logMstar, (oh) => ({ ...shape, centralOh: oh, outerGradientDexPerKpc: outer }), 10);
  return published({ ...shape, centralOh: oh0, outerGradientDexPerKpc: outer }, '§4.2.2: −0.074 dex/kpc within 0.5–3.5 kpc, rising beyond ~5 kpc; Table 1 slope over 0.5–10 kpc −0.0013', {
    prescribed: `flat 3.5–5 kpc, outer slope ${outer.toFixed(5)} dex/kpc solved so a uniform-in-R straight-line fit over 0.5–10 kpc gives −0.0013 (radial; the one-sided tail of clumps added by addId4391Tail carries it to 10 kpc, see prescribed.tail)`,
    notes: clipped ? [`central abundance shifted to keep the profile within 7.95–${MAX_STAR_FORMING_OH}`] : [],
  });
}

export const ID4391: SpecialGalaxy = {
  tableId: '4391',
  reContinuumKpc: published(1.4, '§4.2.2: 3.5 kpc ≈ 2.5 R_e → R_e = 1.4 kpc'),
  axisRatio: published(Math.round(axisRatioFromInclinationDeg(67) * 10000) / 10000, '§4.2.2: i = 67° from the disk model → b/a = cos 67°'),
  vcKms: published(82, '§4.2.2: v_c = 82 (+4/−3) km/s'),
  sigma0Kms: published(42.7, '§4.2.2: σ0 = 42.7 ± 1.8 km/s'),
  dispersionExcess: prescribed({ majorAxisExcessKms: 25, majorAxisWidthKpc: 1 }, '+25 km/s along the major axis (Gaussian, w = 1 kpc): §4.2.2 says σ is "clearly amplified" there, no value given'),
  metallicity: brokenProfile,
  steps: [addId4391Tail],
  closingNote: id4391TailNote,
};
