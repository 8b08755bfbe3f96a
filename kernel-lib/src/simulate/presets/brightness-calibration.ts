// Brightness calibration: a preset too faint for the paper's cuts at its SFR-based Hα is brightened until
// MIN_EXPECTED_SELECTED_SPAXELS spaxels are expected to pass them (the paper kept galaxies with ≥ 20 SF spaxels).
import type { GalaxyPreset } from './galaxy-preset';
import { passThresholds } from './noise-calibration';
import { MIN_EXPECTED_SELECTED_SPAXELS } from './selection-cuts';

/** Makes a too-faint preset bright enough that MIN_EXPECTED_SELECTED_SPAXELS spaxels are expected to pass the cuts. */
export function brightenToSelectionFloor(preset: GalaxyPreset): GalaxyPreset {
  if (preset.params.halpha.kind !== 'total-flux') return preset;
  const thresholds = passThresholds(preset.table1, preset.params.noiseSigmaErg);
  let count = 0;
  while (count < thresholds.length && thresholds[count] < 1) count++;
  preset.notes.push(`${count} spaxels expected to pass S/N(Hα) > 10 and S/N(EW) > 5 at the SFR-based brightness`);
  if (count >= MIN_EXPECTED_SELECTED_SPAXELS) return preset;
  // S/N of flux and EW both scale linearly with brightness at fixed noise: spaxel i passes above thresholds[i]
  const factor = Number((thresholds[MIN_EXPECTED_SELECTED_SPAXELS - 1] * 1.001).toPrecision(4));
  preset.params.halpha = { kind: 'total-flux', fluxErg: preset.params.halpha.fluxErg * factor };
  preset.prescribed.halpha += `; then ×${factor} so that ≥ ${MIN_EXPECTED_SELECTED_SPAXELS} spaxels pass the cuts (the paper kept only galaxies with ≥ 20 star-forming spaxels)`;
  preset.notes.push(`brightened ×${factor} to reach ${MIN_EXPECTED_SELECTED_SPAXELS} expected selected spaxels`);
  return preset;
}
