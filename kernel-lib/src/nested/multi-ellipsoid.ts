// A union of ellipsoids bounding the live points, found by recursive 2-means splitting while the total volume drops,
// and uniform sampling from the union (Feroz & Hobson 2008, MNRAS 384, 449, §5.2–5.3; Shaw, Bridges & Hobson 2007,
// MNRAS 378, 1365; the splitting rule of nestle, Barbary 2015).
import type { SeededRandom } from '../stats/random';
import { boundingEllipsoid, majorAxisEndpoints, mahalanobisSquared, sampleEllipsoid, type Ellipsoid } from './ellipsoid';

export interface EllipsoidUnion {
  readonly ellipsoids: Ellipsoid[];
  /** ln of the summed volumes (an upper bound on the union's volume). */
  readonly logVolume: number;
  /** Cumulative selection probabilities ∝ volume, length = ellipsoids.length, last entry 1. */
  readonly cumulative: Float64Array;
}

export interface BoundingEllipsoidsOptions {
  /** Split into several ellipsoids (true, default) or keep one. */
  split?: boolean;
  /** Accept a split when the children's total volume is below this fraction of the parent's (default 0.5). */
  volumeDecrease?: number;
  /** Each ellipsoid's volume is at least (its points) × this, in ln (default −∞: no minimum). */
  minLogVolumePerPoint?: number;
}

/**
 * Lloyd's 2-means (Lloyd 1982, IEEE Trans. Inf. Theory 28, 129) of the rows `indices` of `points`, started from the two
 * given centres; returns the two clusters as index lists. Deterministic; at most 100 passes.
 */
export function twoMeans(points: Float64Array, nDim: number, indices: ArrayLike<number>, start0: Float64Array, start1: Float64Array): [Uint32Array, Uint32Array] {
  const d = nDim;
  const n = indices.length;
  const c0 = Float64Array.from(start0);
  const c1 = Float64Array.from(start1);
  const label = new Uint8Array(n).fill(255);
  for (let pass = 0; pass < 100; pass++) {
    let changed = false;
    for (let m = 0; m < n; m++) {
      const row = indices[m] * d;
      let d0 = 0;
      let d1 = 0;
      for (let i = 0; i < d; i++) {
        const x = points[row + i];
        d0 += (x - c0[i]) ** 2;
        d1 += (x - c1[i]) ** 2;
      }
      const l = d1 < d0 ? 1 : 0;
      if (l !== label[m]) {
        label[m] = l;
        changed = true;
      }
    }
    if (!changed) break;
    c0.fill(0);
    c1.fill(0);
    let n0 = 0;
    for (let m = 0; m < n; m++) {
      const row = indices[m] * d;
      const c = label[m] === 0 ? c0 : c1;
      if (label[m] === 0) n0++;
      for (let i = 0; i < d; i++) c[i] += points[row + i];
    }
    if (n0 === 0 || n0 === n) break;
    for (let i = 0; i < d; i++) {
      c0[i] /= n0;
      c1[i] /= n - n0;
    }
  }
  let n0 = 0;
  for (let m = 0; m < n; m++) if (label[m] === 0) n0++;
  const k0 = new Uint32Array(n0);
  const k1 = new Uint32Array(n - n0);
  for (let m = 0, a = 0, b = 0; m < n; m++) {
    if (label[m] === 0) k0[a++] = indices[m];
    else k1[b++] = indices[m];
  }
  return [k0, k1];
}

function sumVolumes(list: Ellipsoid[]): number {
  const top = Math.max(...list.map((e) => e.logVolume));
  let s = 0;
  for (const e of list) s += Math.exp(e.logVolume - top);
  return top + Math.log(s);
}

/**
 * Bounding ellipsoids of the rows `indices` of `points` (row-major n × d): one ellipsoid, then recursively split in two
 * by 2-means seeded at the ends of its major axis, keeping a split when the children's summed volume is below
 * volumeDecrease × the parent's, directly or after splitting them further (Feroz & Hobson 2008, §5.2; nestle's rule);
 * a split that does not reduce the volume at all is not explored further.
 * A cluster with fewer than 2d points (or 3) is not split.
 */
export function boundingEllipsoids(points: Float64Array, nDim: number, indices: ArrayLike<number>, options: BoundingEllipsoidsOptions = {}): EllipsoidUnion {
  const split = options.split ?? true;
  const decrease = options.volumeDecrease ?? 0.5;
  const perPoint = options.minLogVolumePerPoint ?? -Infinity;
  const minCluster = Math.max(2 * nDim, 3);
  const bound = (idx: ArrayLike<number>) => boundingEllipsoid(points, nDim, idx, perPoint + Math.log(idx.length));
  const recurse = (idx: ArrayLike<number>, parent: Ellipsoid, depth: number): Ellipsoid[] => {
    if (!split || idx.length < 2 * minCluster || depth > 12) return [parent];
    const [s0, s1] = majorAxisEndpoints(parent);
    const [k0, k1] = twoMeans(points, nDim, idx, s0, s1);
    if (k0.length < minCluster || k1.length < minCluster) return [parent];
    const e0 = bound(k0);
    const e1 = bound(k1);
    // no gain at all from this split: stop here (a pruning of nestle's full search, which also tries the grandchildren)
    if (sumVolumes([e0, e1]) >= parent.logVolume) return [parent];
    const children = [...recurse(k0, e0, depth + 1), ...recurse(k1, e1, depth + 1)];
    if (sumVolumes(children) < Math.log(decrease) + parent.logVolume) return children;
    return [parent];
  };
  const ellipsoids = recurse(indices, bound(indices), 0);
  return unionOf(ellipsoids);
}

/** Wraps ellipsoids (whose volumes may have been changed since) into a union with selection probabilities ∝ volume. */
export function unionOf(ellipsoids: Ellipsoid[]): EllipsoidUnion {
  const logVolume = sumVolumes(ellipsoids);
  const cumulative = new Float64Array(ellipsoids.length);
  let s = 0;
  for (let k = 0; k < ellipsoids.length; k++) {
    s += Math.exp(ellipsoids[k].logVolume - logVolume);
    cumulative[k] = s;
  }
  for (let k = 0; k < cumulative.length; k++) cumulative[k] /= s;
  return { ellipsoids, logVolume, cumulative };
}

/** Number of ellipsoids of the union that contain x. */
export function countContaining(union: EllipsoidUnion, x: Float64Array, work: Float64Array): number {
  let q = 0;
  for (const e of union.ellipsoids) if (mahalanobisSquared(e, x, 0, work) <= 1) q++;
  return q;
}

/**
 * Writes to out a point uniform in the union: pick ellipsoid k with probability V_k / ΣV, draw uniformly inside it,
 * accept with probability 1/q where q ellipsoids contain the point (Feroz & Hobson 2008, §5.3). Returns the draws made.
 */
export function sampleUnion(union: EllipsoidUnion, random: SeededRandom, out: Float64Array, work: Float64Array): number {
  const list = union.ellipsoids;
  for (let draws = 1; ; draws++) {
    let k = 0;
    if (list.length > 1) {
      const r = random.uniform();
      while (k < list.length - 1 && r >= union.cumulative[k]) k++;
    }
    sampleEllipsoid(list[k], random, out, work);
    if (list.length === 1) return draws;
    const q = countContaining(union, out, work);
    if (q <= 1 || random.uniform() < 1 / q) return draws;
  }
}
