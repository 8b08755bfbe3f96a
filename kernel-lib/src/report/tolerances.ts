// Tolerances for published numbers that are themselves random or come from a different sample: the formulas the
// notebooks hand to the recorder's `compare` with their reason (notebook 05, MSA-3D Eq. 2 and Wang et al. 2020 Table 2).

/**
 * Tolerance for a bootstrap error that changes from seed to seed: the distance from our value to the far end of the
 * range the seeds give, plus `publishedFraction` (10 %) of the published error — max(|ours − min|, |max − ours|) + f·published.
 */
export function seedRangeTolerance(ours: number, seedRange: readonly [number, number], published: number, publishedFraction = 0.1): number {
  const [lo, hi] = seedRange;
  return Math.max(Math.abs(ours - lo), Math.abs(hi - ours)) + publishedFraction * published;
}

/**
 * The spread expected between the estimate from a random subsample nested in a full sample and the full sample's own,
 * √(sd²_sub − sd²_full) (the variance of a difference of nested estimates), 0 when the subsample's sd is the smaller.
 */
export function nestedSubsampleSpread(subsampleSd: number, fullSampleSd: number): number {
  return Math.sqrt(Math.max(subsampleSd ** 2 - fullSampleSd ** 2, 0));
}
