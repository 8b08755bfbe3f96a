// Metallicity profile as means in radial bins with the standard error of each mean — the red points of Ju et al.,
// MSA-3D Fig. A1 ("averages in radial bins") and the binned profiles of Fig. 5.
import { meanOf, sumOfSquaredDeviations } from '../stats/rms';

export interface RadialProfileOptions {
  /** Bin edges in the radius unit, strictly increasing; bins are [e_j, e_{j+1}) with the last one closed. */
  edges?: ArrayLike<number>;
  /** When edges are not given: bins of this width (default 0.5) from rMin (default 0) past the largest usable radius. */
  binWidth?: number;
  rMin?: number;
  /** Label of the radius unit; default 'kpc'. */
  radiusUnit?: string;
}

/** One row per bin (arrays of length nBins). */
export interface RadialProfile {
  edges: Float64Array;
  /** Bin mid-points. */
  rCentre: Float64Array;
  /** Mean radius of the spaxels in each bin (NaN when empty) — where to plot the point. */
  rMean: Float64Array;
  /** Mean of the values, NaN when empty. */
  mean: Float64Array;
  /** Sample standard deviation (ddof = 1), NaN with fewer than 2 spaxels. */
  std: Float64Array;
  /** Standard error of the mean, std/√n, NaN with fewer than 2 spaxels. */
  sem: Float64Array;
  count: Uint32Array;
  radiusUnit: string;
}

/**
 * Bins `value` (e.g. 12+log(O/H)) by `radius`: per bin the count, mean, sample standard deviation s (ddof = 1) and
 * standard error of the mean s/√n. Spaxels with a non-finite radius or value, or outside the edges, are skipped.
 */
export function binnedRadialProfile(radius: ArrayLike<number>, value: ArrayLike<number>, options: RadialProfileOptions = {}): RadialProfile {
  const where = 'binnedRadialProfile';
  if (radius.length !== value.length) throw new Error(`${where}: radius has ${radius.length} values but value has ${value.length}`);
  const usable = (i: number) => Number.isFinite(radius[i]) && Number.isFinite(value[i]);
  let edges: Float64Array;
  if (options.edges) {
    edges = Float64Array.from(options.edges);
    if (edges.length < 2) throw new Error(`${where}: needs at least 2 edges (got ${edges.length})`);
    for (let j = 0; j < edges.length; j++) {
      if (!Number.isFinite(edges[j]) || (j > 0 && !(edges[j] > edges[j - 1]))) throw new Error(`${where}: edges must be finite and strictly increasing`);
    }
  } else {
    const width = options.binWidth ?? 0.5;
    const start = options.rMin ?? 0;
    if (!(width > 0) || !Number.isFinite(width) || !Number.isFinite(start)) throw new Error(`${where}: binWidth must be > 0 and rMin finite`);
    let top = -Infinity;
    for (let i = 0; i < radius.length; i++) if (usable(i) && radius[i] > top) top = radius[i];
    const nBins = top >= start ? Math.floor((top - start) / width) + 1 : 1;
    edges = new Float64Array(nBins + 1);
    for (let j = 0; j <= nBins; j++) edges[j] = start + j * width;
  }
  const nBins = edges.length - 1;
  const members: number[][] = Array.from({ length: nBins }, () => []);
  const radii: number[][] = Array.from({ length: nBins }, () => []);
  const last = edges[nBins];
  for (let i = 0; i < radius.length; i++) {
    if (!usable(i)) continue;
    const r = radius[i];
    if (r < edges[0] || r > last) continue;
    // binary search for the bin with edges[j] ≤ r < edges[j+1] (r = last edge goes in the last bin)
    let lo = 0;
    let hi = nBins;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (r >= edges[mid]) lo = mid;
      else hi = mid;
    }
    members[lo].push(value[i]);
    radii[lo].push(r);
  }
  const rCentre = new Float64Array(nBins);
  const rMean = new Float64Array(nBins);
  const mean = new Float64Array(nBins);
  const std = new Float64Array(nBins);
  const sem = new Float64Array(nBins);
  const count = new Uint32Array(nBins);
  for (let j = 0; j < nBins; j++) {
    const v = members[j];
    const n = v.length;
    rCentre[j] = 0.5 * (edges[j] + edges[j + 1]);
    count[j] = n;
    rMean[j] = n > 0 ? meanOf(radii[j]) : NaN;
    mean[j] = n > 0 ? meanOf(v) : NaN;
    // s = √(Σ(v − v̄)²/(n − 1)), SEM = s/√n (the standard error of a sample mean)
    std[j] = n > 1 ? Math.sqrt(Math.max(0, sumOfSquaredDeviations(v)) / (n - 1)) : NaN;
    sem[j] = n > 1 ? std[j] / Math.sqrt(n) : NaN;
  }
  return { edges, rCentre, rMean, mean, std, sem, count, radiusUnit: options.radiusUnit ?? 'kpc' };
}
