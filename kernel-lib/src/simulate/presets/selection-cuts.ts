// The paper's spaxel cuts as the presets use them (Ju et al. §2.2: S/N(Hα flux) > 10 and S/N(EW) > 5): the brightness
// factor a spaxel needs to pass them, and the fewest spaxels a preset is expected to pass them with.

/** Fewest spaxels a preset is expected to pass the S/N cuts with: brighter if needed (the paper's 25 had ≥ 20 SF spaxels). */
export const MIN_EXPECTED_SELECTED_SPAXELS = 30;

/** Brightness factor spaxel s needs to pass S/N(Hα flux) > 10 and S/N(EW) > 5 (both S/N scale with brightness). */
export function passThreshold(expected: { snHaFlux: ArrayLike<number>; snHaEw: ArrayLike<number> }, s: number): number {
  return Math.max(10 / expected.snHaFlux[s], 5 / expected.snHaEw[s]);
}
