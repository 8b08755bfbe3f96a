// Bin accretion: grow bins spaxel by spaxel from the highest-S/N spaxel outwards until each reaches the target S/N,
// staying connected and round — steps (i)–(v) of Cappellari & Copin 2003 (MNRAS 342, 345, §5.1), as vorbin implements them.
import { binSignalToNoise } from './signal-to-noise';

/** A bin stops growing when the candidate is farther than 1.2 pixels from it (CC03 §5.1, step ii; vorbin). */
const MAX_CANDIDATE_DISTANCE_PIXELS = 1.2;
/** …or when the bin would get less round than this (CC03 eq. 5 and §5.1: "roundness … 0.3"). */
const MAX_ROUNDNESS = 0.3;
/** A finished bin is kept ("good") when its S/N exceeds this fraction of the target (CC03 §5.1, step iv; vorbin). */
const GOOD_BIN_FRACTION = 0.8;

/** Accretion result: label ≥ 1 of the good bin of each spaxel, 0 for spaxels whose bin failed (to be reassigned). */
export interface AccretedBins {
  readonly label: Int32Array;
  /** Number of good bins (labels are not contiguous: failed bins leave gaps). */
  readonly goodBins: number;
}

/**
 * Roundness of a set of spaxels, R = r_max / r_eff − 1 with r_max the largest distance from the geometric centroid and
 * r_eff = √(n/π) × pixel size (Cappellari & Copin 2003, eq. 5). `members[0..n)` index into xs, ys.
 */
export function binRoundness(xs: ArrayLike<number>, ys: ArrayLike<number>, members: ArrayLike<number>, n: number, pixelSize: number): number {
  let cx = 0;
  let cy = 0;
  for (let k = 0; k < n; k++) {
    cx += xs[members[k]];
    cy += ys[members[k]];
  }
  cx /= n;
  cy /= n;
  let maxD2 = 0;
  for (let k = 0; k < n; k++) {
    const dx = xs[members[k]] - cx;
    const dy = ys[members[k]] - cy;
    const d2 = dx * dx + dy * dy;
    if (d2 > maxD2) maxD2 = d2;
  }
  return Math.sqrt(maxD2) / (Math.sqrt(n / Math.PI) * pixelSize) - 1;
}

/**
 * Steps (i)–(v) of Cappellari & Copin 2003, §5.1, on one connected set of spaxels (positions xs, ys; signal; noise
 * variance): start at the highest-S/N spaxel; add the unbinned spaxel closest to the bin's centroid while it is within
 * 1.2 pixels of the bin, keeps roundness ≤ 0.3 (eq. 5) and brings the S/N closer to the target without lowering it;
 * keep the bin when its S/N > 0.8 × target; start the next bin at the unbinned spaxel closest to the centroid of all
 * binned spaxels; stop when the unbinned spaxels together cannot reach the target. Ties go to the lowest index (numpy's
 * argmin), so the result is deterministic. One deviation from vorbin: the last bin, closed because no spaxel is left, is
 * judged by the same 0.8 × target rule (vorbin drops it).
 */
export function accreteBins(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  signal: ArrayLike<number>,
  variance: ArrayLike<number>,
  targetSN: number,
  pixelSize: number,
  covarianceAlpha = 0,
): AccretedBins {
  const m = xs.length;
  const label = new Int32Array(m);
  const good = new Uint8Array(m + 1);
  const members = new Int32Array(m);
  const maxDistance2 = (MAX_CANDIDATE_DISTANCE_PIXELS * pixelSize) ** 2;

  let totalSignal = 0;
  let totalVariance = 0;
  let current = 0;
  let bestSN = -Infinity;
  for (let i = 0; i < m; i++) {
    totalSignal += signal[i];
    totalVariance += variance[i];
    const sn = signal[i] / Math.sqrt(variance[i]);
    if (sn > bestSN) {
      bestSN = sn;
      current = i;
    }
  }
  let binnedCount = 0;
  let binnedSignal = 0;
  let binnedVariance = 0;
  let binnedX = 0;
  let binnedY = 0;
  let sn = binSignalToNoise(signal[current], variance[current], 1, covarianceAlpha);

  for (let ind = 1; ind <= m; ind++) {
    // (i) a new bin made of one spaxel
    label[current] = ind;
    members[0] = current;
    let n = 1;
    let binSignal = signal[current];
    let binVariance = variance[current];
    let binX = xs[current];
    let binY = ys[current];
    binnedCount++;
    binnedSignal += binSignal;
    binnedVariance += binVariance;
    binnedX += binX;
    binnedY += binY;
    let xBar = binX;
    let yBar = binY;

    for (;;) {
      if (binnedCount === m) {
        if (sn > GOOD_BIN_FRACTION * targetSN) good[ind] = 1;
        break;
      }
      // (ii) the unbinned spaxel closest to the bin's centroid
      let k = -1;
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        if (label[i] !== 0) continue;
        const dx = xs[i] - xBar;
        const dy = ys[i] - yBar;
        const d2 = dx * dx + dy * dy;
        if (d2 < best) {
          best = d2;
          k = i;
        }
      }
      // its distance to the bin (connectivity)
      let minDist2 = Infinity;
      for (let j = 0; j < n; j++) {
        const dx = xs[members[j]] - xs[k];
        const dy = ys[members[j]] - ys[k];
        const d2 = dx * dx + dy * dy;
        if (d2 < minDist2) minDist2 = d2;
      }
      // roundness of the possible new bin (CC03 eq. 5)
      members[n] = k;
      const roundness = binRoundness(xs, ys, members, n + 1, pixelSize);
      // (iii) its S/N (CC03 eq. 2)
      const snOld = sn;
      sn = binSignalToNoise(binSignal + signal[k], binVariance + variance[k], n + 1, covarianceAlpha);
      if (minDist2 > maxDistance2 || roundness > MAX_ROUNDNESS || Math.abs(sn - targetSN) > Math.abs(snOld - targetSN) || snOld > sn) {
        // (iv) the bin is finished; keep it if its S/N is close enough to the target
        if (snOld > GOOD_BIN_FRACTION * targetSN) good[ind] = 1;
        break;
      }
      label[k] = ind;
      n++;
      binSignal += signal[k];
      binVariance += variance[k];
      binX += xs[k];
      binY += ys[k];
      binnedCount++;
      binnedSignal += signal[k];
      binnedVariance += variance[k];
      binnedX += xs[k];
      binnedY += ys[k];
      xBar = binX / n;
      yBar = binY / n;
    }

    if (binnedCount === m) break;
    // (v) stop when the rest cannot reach the target; else start from the unbinned spaxel closest to the binned centroid
    if (binSignalToNoise(totalSignal - binnedSignal, totalVariance - binnedVariance, m - binnedCount, covarianceAlpha) < targetSN) break;
    const cx = binnedX / binnedCount;
    const cy = binnedY / binnedCount;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      if (label[i] !== 0) continue;
      const dx = xs[i] - cx;
      const dy = ys[i] - cy;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        current = i;
      }
    }
    sn = binSignalToNoise(signal[current], variance[current], 1, covarianceAlpha);
  }

  let goodBins = 0;
  for (let ind = 1; ind <= m; ind++) goodBins += good[ind];
  for (let i = 0; i < m; i++) if (!good[label[i]]) label[i] = 0;
  return { label, goodBins };
}
