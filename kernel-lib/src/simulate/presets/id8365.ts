// ID8365, the paper's example galaxy (Ju et al. §2.2): a five-slitlet field and its central spaxel's Hα flux and
// EW, which also set the noise of every preset (noise-calibration.ts).
import { simulationPreview } from '../simulate-cube';
import type { GalaxyPreset, SpecialGalaxy } from './galaxy-preset';
import { published } from './provenance';
import { sfrBasedHalphaFluxErg } from './prescription';

/** ID8365's central spaxel (Ju et al. §2.2): Hα flux (133.83 ± 2.28) × 10⁻²⁰ erg/s/cm², rest EW (44.40 ± 1.57) Å. */
export const ID8365_CENTRAL = Object.freeze({ haFluxErg: 133.83e-20, haFluxErrErg: 2.28e-20, ewRestAngstrom: 44.4, ewRestErrAngstrom: 1.57 });

/** How the published central flux compares with the SFR-based prescription used for the other galaxies. */
function sfrComparisonNote(preset: GalaxyPreset): string {
  const sfrBased = sfrBasedHalphaFluxErg(preset.table1);
  const central = simulationPreview({ ...preset.params, halpha: { kind: 'total-flux', fluxErg: sfrBased } }).truth.global.centralSpaxel.haFlux;
  return `the SFR-based prescription of the other presets would put ${central.toFixed(1)}e-20 erg/s/cm² of Hα in the central spaxel (published 133.83e-20)`;
}

export const ID8365: SpecialGalaxy = {
  tableId: '8365',
  ny: published(38, '§2.2: five slitlets, FoV 1.8" × 3.0" → 23 × 38 spaxels'),
  halpha: published({ kind: 'central-spaxel', fluxErg: ID8365_CENTRAL.haFluxErg }, '§2.2: central-spaxel Hα (133.83 ± 2.28) × 10⁻²⁰ erg/s/cm²'),
  continuum: published({ centralEwRestAngstrom: ID8365_CENTRAL.ewRestAngstrom, slopeBeta: 0 }, '§2.2: central-spaxel rest EW(Hα) = 44.40 ± 1.57 Å'),
  noiseSigmaErgPublished: '§2.2: σ per channel set so the central Hα flux error is 2.28e-20 erg/s/cm² (id8365NoiseSigmaErg)',
  closingNote: sfrComparisonNote,
};
