// Local continua on a stellar continuum: where a window's stellar absorption is on (stellar-absorption.ts), each GROUP
// of lines without a Balmer trough (lines closer than LINE_GROUP_GAP_REST_ANGSTROM: [O III] 4959, 5007; [S II] 6717,
// 6731) gets its own straight continuum over its lines ± LOCAL_REACH_REST_ANGSTROM, and the rest of the widened window
// — the groups with a trough (Hβ; [N II] 6548, Hα, [N II] 6584) — keeps one straight continuum (the base), which the
// trough's wings need over a wide baseline (stellar-absorption.ts).
// Why: a stellar continuum is not straight over the 280–340 Å of a window — its metal features are tens of Å wide, and
// one lies under [O III] 5007 (Lick Fe5015, central band 4978–5054 Å, EW ≈ 5 Å in old populations, i.e. the level
// under the line sits ≈ 6 % below the window's straight line; Worthey et al. 1994, ApJS 94, 687, Table 1), so one line
// through the window puts the level above the local continuum and the flux low by (δC/C) × 2√π σ_λ / EW (the
// matched-filter weight of a Gaussian; Turin 1960, IRE Trans. IT-6, 311): tens of % for EW ≲ 2 Å. A line within a
// reach smaller than half such a band follows the level at the line: 30 Å keeps ≥ 6 σ_λ on each side of a line for
// σ_obs ≤ 300 km/s and is < 38 Å, half Fe5015's band (test/local-continua.test.ts injects such features).
// The groups come from the catalogue's own spacing and the reach from the physics above, not from any galaxy.
// Faint or continuum-subtracted spectra (absorption 'off' for the window) keep the single line of the MSA-3D model.

/** Lines whose rest wavelengths are closer than this (Å) share a local continuum: the [O III] pair (48 Å) does, Hβ and [O III] 4959 (98 Å) do not. */
export const LINE_GROUP_GAP_REST_ANGSTROM = 60;

/** Rest Å beyond a group's outer lines fitted by its local continuum (a group without a Balmer trough). */
export const LOCAL_REACH_REST_ANGSTROM = 30;

/** A spectrum falls back to one continuum for the window when a group's segment has fewer good pixels than this. */
export const MIN_SEGMENT_GOOD_PIXELS = 8;

/**
 * The continuum segment of each grid pixel of [pixelStart, pixelEnd) (pixelSegment[pixel − pixelStart]): 0 the base,
 * k ≥ 1 the local continuum of the k-th group of `lines` without a Balmer trough (`balmer`), over its lines
 * ± LOCAL_REACH_REST_ANGSTROM, clipped at the observed midpoints to the neighbouring groups; and the segment of each of
 * `lines` (rest Å `restAngstrom`, observed `systemicAngstrom`, any order), in their order.
 */
export function localContinuumSegments(
  wavelengthAngstrom: Float64Array,
  pixelStart: number,
  pixelEnd: number,
  restAngstrom: readonly number[],
  systemicAngstrom: readonly number[],
  balmer: readonly boolean[],
): { pixelSegment: Int32Array; lineSegment: Int32Array; nSegments: number } {
  const lam = wavelengthAngstrom;
  const order = restAngstrom.map((_, k) => k).sort((a, b) => restAngstrom[a] - restAngstrom[b]);
  const groups: number[][] = [];
  for (let k = 0; k < order.length; k++) {
    if (k === 0 || restAngstrom[order[k]] - restAngstrom[order[k - 1]] >= LINE_GROUP_GAP_REST_ANGSTROM) groups.push([]);
    groups[groups.length - 1].push(order[k]);
  }
  const pixelSegment = new Int32Array(Math.max(0, pixelEnd - pixelStart));
  const lineSegment = new Int32Array(restAngstrom.length);
  const scale = systemicAngstrom[order[0]] / restAngstrom[order[0]]; // observed / rest (1 + z, and the medium)
  let nSegments = 1;
  for (let g = 0; g < groups.length; g++) {
    const lines = groups[g];
    if (lines.some((line) => balmer[line])) continue; // the base segment (0)
    const lo = systemicAngstrom[lines[0]];
    const hi = systemicAngstrom[lines[lines.length - 1]];
    let from = lo - LOCAL_REACH_REST_ANGSTROM * scale;
    let to = hi + LOCAL_REACH_REST_ANGSTROM * scale;
    if (g > 0) from = Math.max(from, 0.5 * (systemicAngstrom[groups[g - 1][groups[g - 1].length - 1]] + lo));
    if (g < groups.length - 1) to = Math.min(to, 0.5 * (hi + systemicAngstrom[groups[g + 1][0]]));
    const segment = nSegments++;
    for (let pixel = pixelStart; pixel < pixelEnd; pixel++) if (lam[pixel] >= from && lam[pixel] < to) pixelSegment[pixel - pixelStart] = segment;
    for (const line of lines) lineSegment[line] = segment;
  }
  return { pixelSegment, lineSegment, nSegments };
}
