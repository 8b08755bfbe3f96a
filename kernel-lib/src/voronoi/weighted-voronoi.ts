// The (weighted) Voronoi tessellation of the spaxels and its iteration to equal-S/N bins: the weighted Voronoi
// tessellation of Diehl & Statler 2006 (MNRAS 368, 497, eq. 4), vorbin's default, or the modified Lloyd (CVT) iteration
// of Cappellari & Copin 2003 (MNRAS 342, 345, §4.1).
import { binSignalToNoise } from './signal-to-noise';

/** The iteration stops when the generators move less than this, in pixels (root of the summed squares; vorbin). */
const CONVERGED_SHIFT_PIXELS = 0.1;

/**
 * Assigns each spaxel to the generator minimising ‖x − z_k‖²/scale_k² (a multiplicatively weighted Voronoi
 * tessellation, Diehl & Statler 2006, eq. 3; all scales 1: the ordinary Voronoi tessellation), writing the generator
 * index of each spaxel into `label`. Ties: the lowest k.
 */
export function tessellateInto(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  nodeX: ArrayLike<number>,
  nodeY: ArrayLike<number>,
  scale: ArrayLike<number>,
  label: Int32Array,
): void {
  const nNodes = nodeX.length;
  for (let i = 0; i < xs.length; i++) {
    let best = Infinity;
    let k = 0;
    for (let b = 0; b < nNodes; b++) {
      const dx = xs[i] - nodeX[b];
      const dy = ys[i] - nodeY[b];
      const d = (dx * dx + dy * dy) / (scale[b] * scale[b]);
      if (d < best) {
        best = d;
        k = b;
      }
    }
    label[i] = k;
  }
}

export interface GeneratorIterationOptions {
  /** Weighted Voronoi tessellation (Diehl & Statler 2006; default true, as vorbin) or the CVT of CC03 §4.1 (false). */
  wvt: boolean;
  targetSN: number;
  pixelSize: number;
  covarianceAlpha: number;
}

/** The iterated generators and scales, and how many iterations it took. */
export interface GeneratorIteration {
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  readonly scale: Float64Array;
  readonly iterations: number;
  /** False when it stopped at the iteration limit (as many iterations as generators) rather than by converging. */
  readonly converged: boolean;
}

/**
 * Iterates the generators from (startX, startY) (vorbin's _cvt_equal_mass): tessellate, then move each generator to its bin's geometric
 * centroid and set scale_k = √(n_k / (S/N)_k) (WVT, Diehl & Statler 2006, eq. 4), or — with wvt false — to the
 * centroid weighted by (S/N)⁴ with unit scales (CC03 §4.1: density ρ = (S/N)², weight ρ²). Stops when the generators
 * move by less than 0.1 pixel in total, when a shift repeats exactly (a cycle, as vorbin 2025 checks), or after as many
 * iterations as there are generators. Empty bins keep their generator (dropped by the caller at the end). A bin with
 * S/N ≤ 0 gets the scale of S/N = 0.001 × target, so that it grows.
 */
export function iterateGenerators(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  signal: ArrayLike<number>,
  variance: ArrayLike<number>,
  startX: ArrayLike<number>,
  startY: ArrayLike<number>,
  options: GeneratorIterationOptions,
): GeneratorIteration {
  const m = xs.length;
  const nodeX = Float64Array.from(startX);
  const nodeY = Float64Array.from(startY);
  const nNodes = nodeX.length;
  const scale = new Float64Array(nNodes).fill(1);
  const label = new Int32Array(m);
  const sumX = new Float64Array(nNodes);
  const sumY = new Float64Array(nNodes);
  const sumW = new Float64Array(nNodes);
  const sumS = new Float64Array(nNodes);
  const sumV = new Float64Array(nNodes);
  const count = new Float64Array(nNodes);
  const density2 = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const sn2 = (signal[i] * signal[i]) / variance[i];
    density2[i] = sn2 * sn2; // (S/N)⁴ = ρ², ρ = (S/N)² (CC03 §4.1)
  }
  const shifts: number[] = [];
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < Math.max(1, nNodes); it++) {
    iterations++;
    tessellateInto(xs, ys, nodeX, nodeY, scale, label);
    sumX.fill(0);
    sumY.fill(0);
    sumW.fill(0);
    sumS.fill(0);
    sumV.fill(0);
    count.fill(0);
    for (let i = 0; i < m; i++) {
      const b = label[i];
      const w = options.wvt ? 1 : density2[i];
      sumX[b] += w * xs[i];
      sumY[b] += w * ys[i];
      sumW[b] += w;
      sumS[b] += signal[i];
      sumV[b] += variance[i];
      count[b]++;
    }
    let shift2 = 0;
    for (let b = 0; b < nNodes; b++) {
      if (count[b] === 0 || !(sumW[b] > 0)) continue;
      const x = sumX[b] / sumW[b];
      const y = sumY[b] / sumW[b];
      shift2 += (x - nodeX[b]) ** 2 + (y - nodeY[b]) ** 2;
      nodeX[b] = x;
      nodeY[b] = y;
      if (options.wvt) {
        const sn = binSignalToNoise(sumS[b], sumV[b], count[b], options.covarianceAlpha);
        scale[b] = Math.sqrt(count[b] / Math.max(sn, 1e-3 * options.targetSN)); // Diehl & Statler 2006, eq. 4
      }
    }
    const shift = Math.sqrt(shift2) / options.pixelSize;
    if (shift < CONVERGED_SHIFT_PIXELS || shifts.includes(shift)) {
      converged = true;
      break;
    }
    shifts.push(shift);
  }
  return { nodeX, nodeY, scale, iterations, converged };
}
