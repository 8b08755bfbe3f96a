// The injected gas-phase abundance profile 12+log(O/H)(R) in deprojected radius: linear (the model behind each
// Table 1 gradient) or broken (ID4391, Ju et al. §4.2.2: −0.074 dex/kpc inside 3.5 kpc, rising beyond ~5 kpc).

/** 12+log(O/H) = centralOh + gradient × R. */
export interface LinearMetallicityProfile {
  kind: 'linear';
  centralOh: number;
  gradientDexPerKpc: number;
}

/** 12+log(O/H): centralOh + g_in R for R ≤ R_b; flat to R_o; then rising (or falling) with g_out beyond R_o. */
export interface BrokenMetallicityProfile {
  kind: 'broken';
  centralOh: number;
  innerGradientDexPerKpc: number;
  breakRadiusKpc: number;
  outerStartKpc: number;
  outerGradientDexPerKpc: number;
}

export type MetallicityProfile = LinearMetallicityProfile | BrokenMetallicityProfile;

/** 12+log(O/H) at deprojected radius R (kpc). */
export function ohAtRadius(profile: MetallicityProfile, radiusKpc: number): number {
  if (profile.kind === 'linear') return profile.centralOh + profile.gradientDexPerKpc * radiusKpc;
  const inner = profile.innerGradientDexPerKpc * Math.min(radiusKpc, profile.breakRadiusKpc);
  const outer = profile.outerGradientDexPerKpc * Math.max(0, radiusKpc - profile.outerStartKpc);
  return profile.centralOh + inner + outer;
}

/**
 * Least-squares slope of a profile sampled uniformly in R over [r0, r1] (1000 points): what a straight-line fit over
 * that range returns when the spaxels are spread evenly in radius (an approximation to the paper's spaxel sampling).
 */
export function fittedSlopeDexPerKpc(profile: MetallicityProfile, r0Kpc: number, r1Kpc: number, samples = 1000): number {
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < samples; i++) {
    const r = r0Kpc + ((r1Kpc - r0Kpc) * (i + 0.5)) / samples;
    const oh = ohAtRadius(profile, r);
    sx += r; sy += oh; sxx += r * r; sxy += r * oh;
  }
  return (samples * sxy - sx * sy) / (samples * sxx - sx * sx);
}

/**
 * The outer slope g_out that makes a broken profile's straight-line fit over [r0, r1] equal `targetSlope` (the slope
 * is linear in g_out, so two evaluations solve it exactly). For ID4391: fit range 0.5–10 kpc, target −0.0013 dex/kpc
 * (Table 1; the text prints +0.0013).
 */
export function brokenProfileOuterSlope(
  profile: Omit<BrokenMetallicityProfile, 'outerGradientDexPerKpc'>,
  r0Kpc: number,
  r1Kpc: number,
  targetSlopeDexPerKpc: number,
): number {
  const s0 = fittedSlopeDexPerKpc({ ...profile, outerGradientDexPerKpc: 0 }, r0Kpc, r1Kpc);
  const s1 = fittedSlopeDexPerKpc({ ...profile, outerGradientDexPerKpc: 1 }, r0Kpc, r1Kpc);
  return (targetSlopeDexPerKpc - s0) / (s1 - s0);
}
