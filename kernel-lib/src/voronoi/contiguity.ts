// Contiguity of Voronoi bins on the pixel grid: count the bins split into several 4-connected pieces, and give each
// detached piece to the neighbouring bin it shares most edges with. Our addition: a weighted Voronoi tessellation
// (Diehl & Statler 2006, MNRAS 368, 497) digitised on pixels can leave a bin in pieces; vorbin does not repair that.
import { connectedRegions, fourNeighbours, type PixelGrid } from './pixel-grid';

/** Number of bins (binIndex ≥ 0) made of more than one 4-connected piece of the grid. */
export function countSplitBins(grid: PixelGrid, binIndex: ArrayLike<number>): number {
  const { label, count } = connectedRegions(grid, Int32Array.from(binIndex));
  let maxBin = -1;
  for (let i = 0; i < binIndex.length; i++) if (binIndex[i] > maxBin) maxBin = binIndex[i];
  const firstRegion = new Int32Array(maxBin + 1).fill(-1);
  const split = new Uint8Array(maxBin + 1);
  const seen = new Uint8Array(count);
  for (let i = 0; i < binIndex.length; i++) {
    const b = binIndex[i];
    if (b < 0 || seen[label[i]]) continue;
    seen[label[i]] = 1;
    if (firstRegion[b] === -1) firstRegion[b] = label[i];
    else split[b] = 1;
  }
  let n = 0;
  for (let b = 0; b <= maxBin; b++) n += split[b];
  return n;
}

/**
 * Makes every bin 4-connected (on a copy of binIndex): a bin keeps its largest piece (ties: the piece with the lowest spaxel index);
 * each other piece joins the neighbouring bin sharing most edges with it (ties: the lowest bin index). Repeats until
 * no bin is split (each move merges two pieces, so it ends). Spaxels with binIndex < 0 are never touched, and bins
 * with locked[bin] = 1 never receive a piece. Returns the repaired bin indices and the number of spaxels moved.
 */
export function makeBinsContiguous(grid: PixelGrid, original: ArrayLike<number>, locked?: Uint8Array): { binIndex: Int32Array; moved: number } {
  const binIndex = Int32Array.from(original);
  const n = binIndex.length;
  const neighbours = new Int32Array(4);
  let moved = 0;
  for (let pass = 0; pass < n; pass++) {
    const { label, count } = connectedRegions(grid, binIndex);
    const size = new Int32Array(count);
    for (let i = 0; i < n; i++) if (label[i] >= 0) size[label[i]]++;
    let maxBin = -1;
    for (let i = 0; i < n; i++) if (binIndex[i] > maxBin) maxBin = binIndex[i];
    const main = new Int32Array(maxBin + 1).fill(-1); // the region kept by each bin
    for (let i = 0; i < n; i++) {
      const b = binIndex[i];
      if (b < 0) continue;
      const r = label[i];
      if (main[b] === -1 || size[r] > size[main[b]]) main[b] = r;
    }
    let changed = false;
    const handled = new Uint8Array(count);
    const edges = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const b = binIndex[i];
      if (b < 0) continue;
      const r = label[i];
      if (r === main[b] || handled[r]) continue;
      handled[r] = 1;
      // count the edges this detached piece shares with each other bin
      edges.clear();
      for (let j = i; j < n; j++) {
        if (label[j] !== r) continue;
        const k = fourNeighbours(grid, j, neighbours);
        for (let q = 0; q < k; q++) {
          const other = binIndex[neighbours[q]];
          if (other >= 0 && label[neighbours[q]] !== r && !(locked && locked[other])) edges.set(other, (edges.get(other) ?? 0) + 1);
        }
      }
      let target = -1;
      let most = 0;
      for (const [other, e] of edges) if (other !== b && (e > most || (e === most && other < target))) {
        most = e;
        target = other;
      }
      if (target < 0) continue; // no bin it may join: left as it is
      for (let j = i; j < n; j++) {
        if (label[j] === r) {
          binIndex[j] = target;
          moved++;
        }
      }
      changed = true;
      break; // regions changed: relabel before the next move
    }
    if (!changed) break;
  }
  return { binIndex, moved };
}
