// Reassignment of the spaxels of failed bins to the nearest successful bin, whose centroids then start the tessellation
// — steps (vi)–(vii) of Cappellari & Copin 2003 (MNRAS 342, 345, §5.1), as vorbin's _reassign_bad_bins does it.

/** Bins after reassignment: every spaxel in one of `nodeX.length` bins (labels 0..n−1), and their centroids. */
export interface ReassignedBins {
  readonly label: Int32Array;
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
}

/**
 * Takes accretion labels (≥ 1 good bin, 0 failed), numbers the good bins 0..n−1 in label order, moves every spaxel of a
 * failed bin to the good bin with the nearest geometric centroid (ties: the lowest bin), and returns the recomputed
 * geometric centroids as the generators of the tessellation (CC03 §5.1, steps vi–vii). Needs at least one good bin.
 */
export function reassignBadBins(xs: ArrayLike<number>, ys: ArrayLike<number>, accreted: Int32Array): ReassignedBins {
  const m = accreted.length;
  let maxLabel = 0;
  for (let i = 0; i < m; i++) if (accreted[i] > maxLabel) maxLabel = accreted[i];
  const compact = new Int32Array(maxLabel + 1).fill(-1);
  for (let i = 0; i < m; i++) if (accreted[i] > 0) compact[accreted[i]] = 0;
  let nBins = 0;
  for (let l = 1; l <= maxLabel; l++) if (compact[l] === 0) compact[l] = nBins++;
  if (nBins === 0) throw new Error('reassignBadBins: no good bin to reassign the spaxels to');
  const label = new Int32Array(m);
  for (let i = 0; i < m; i++) label[i] = accreted[i] > 0 ? compact[accreted[i]] : -1;

  const nodeX = new Float64Array(nBins);
  const nodeY = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  centroidsInto(xs, ys, label, nodeX, nodeY, count);
  for (let i = 0; i < m; i++) {
    if (label[i] !== -1) continue;
    let best = Infinity;
    let k = 0;
    for (let b = 0; b < nBins; b++) {
      const dx = xs[i] - nodeX[b];
      const dy = ys[i] - nodeY[b];
      const d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        k = b;
      }
    }
    label[i] = k; // against the good bins' centroids, computed once before any reassignment
  }
  centroidsInto(xs, ys, label, nodeX, nodeY, count);
  return { label, nodeX, nodeY };
}

/** Geometric centroid of each bin (labels ≥ 0; others ignored) into nodeX, nodeY; count receives the members. */
export function centroidsInto(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  label: Int32Array,
  nodeX: Float64Array,
  nodeY: Float64Array,
  count: Float64Array,
): void {
  nodeX.fill(0);
  nodeY.fill(0);
  count.fill(0);
  for (let i = 0; i < label.length; i++) {
    const b = label[i];
    if (b < 0) continue;
    nodeX[b] += xs[i];
    nodeY[b] += ys[i];
    count[b]++;
  }
  for (let b = 0; b < nodeX.length; b++) {
    if (count[b] > 0) {
      nodeX[b] /= count[b];
      nodeY[b] /= count[b];
    }
  }
}
