// Adaptive spatial binning of spaxels to a target S/N: bin accretion (Cappellari & Copin 2003, MNRAS 342, 345, §5.1)
// followed by the weighted Voronoi tessellation of Diehl & Statler 2006 (MNRAS 368, 497) — vorbin's defaults
// (voronoi_2d_binning(..., cvt=True, wvt=True)) — on the spaxel grid, with bins made 4-connected at the end.
import { checkFinite, checkPositive, checkSameLength } from '../errors/check-options';
import { accreteBins } from './bin-accretion';
import { countSplitBins, makeBinsContiguous } from './contiguity';
import { connectedRegions, pixelGrid, type PixelGrid } from './pixel-grid';
import { reassignBadBins } from './reassign-bad-bins';
import { binSignalToNoise } from './signal-to-noise';
import { iterateGenerators, tessellateInto } from './weighted-voronoi';
import { InputError } from '../errors/input-error';

export interface VoronoiBinningOptions {
  /** Grid step in the unit of x, y (default: the smallest spacing of the distinct x and y values). */
  pixelSize?: number;
  /**
   * Spaxels with S/N below this are left out (bin −1) — vorbin's advice for spaxels with noise but no signal
   * (CC03 §2.1). Default: none left out.
   */
  minSpaxelSN?: number;
  /** Weighted Voronoi tessellation (Diehl & Statler 2006), vorbin's default: true. False: the CVT of CC03 §4.1. */
  wvt?: boolean;
  /** Iterate the generators at all (CC03 step vii, vorbin's cvt=True): default true. False keeps the accretion bins. */
  cvt?: boolean;
  /** α of the covariance correction S/N / (1 + α log₁₀ N) (García-Benito et al. 2015, eq. 1); default 0 (none). */
  covarianceAlpha?: number;
  /** Give detached pieces of a bin to their neighbours so every bin is 4-connected (default true). */
  contiguous?: boolean;
  /**
   * Keep every spaxel whose own S/N reaches the target as a bin of its own, out of the accretion and the tessellation
   * (default true): CC03 §5.1 leaves such spaxels unbinned, but in vorbin a spaxel just above the target can still be
   * accreted into a fainter neighbour's bin or taken by a neighbouring generator. False: vorbin's behaviour.
   */
  keepBrightSpaxelsSingle?: boolean;
}

/** Bins of a Voronoi binning; bin arrays have length nBins, spaxel arrays the input length. */
export interface VoronoiBinning {
  /** Bin of each spaxel, 0..nBins−1; −1 for spaxels left out (minSpaxelSN). */
  readonly binIndex: Int32Array;
  readonly nBins: number;
  /** Spaxels per bin. */
  readonly count: Int32Array;
  /** S/N of each bin (CC03 eq. 2, with the covariance correction when asked). */
  readonly signalToNoise: Float64Array;
  /** Σ signal and √Σ noise² of each bin. */
  readonly signal: Float64Array;
  readonly noise: Float64Array;
  /** Geometric centroid of each bin (vorbin's xBar, yBar), in the unit of x, y. */
  readonly centroidX: Float64Array;
  readonly centroidY: Float64Array;
  /** Signal-weighted centroid (the geometric one where Σ signal ≤ 0). */
  readonly weightedCentroidX: Float64Array;
  readonly weightedCentroidY: Float64Array;
  /** Generators (unit of x, y) and WVT scale lengths (pixels^½: √(n/(S/N)); 1 for CVT or accretion-only bins; 0 where the bin was not iterated). */
  readonly generatorX: Float64Array;
  readonly generatorY: Float64Array;
  readonly scale: Float64Array;
  /** S/N of each spaxel, signal/noise. */
  readonly spaxelSN: Float64Array;
  readonly targetSN: number;
  readonly pixelSize: number;
  /** 1 for a bin made of a whole region whose total S/N is below the target (it could not do better). */
  readonly belowTargetRegion: Uint8Array;
  /**
   * Fractional S/N scatter, std(S/N − target, ddof 1)/target, of the bins with more than one spaxel (vorbin's report),
   * leaving out the below-target regions (belowTargetRegion); NaN with fewer than two such bins.
   */
  readonly fractionalScatter: number;
  readonly singleSpaxelBins: number;
  readonly excludedSpaxels: number;
  /** 4-connected regions of the spaxels to bin (included, and below the target when bright ones are kept single), each binned on its own (vorbin's advice, CC03 §2.1). */
  readonly regions: number;
  /** Regions whose total S/N is below the target: each became one bin, below target. */
  readonly regionsBelowTarget: number;
  /** Largest number of generator iterations over the regions, and whether every region converged. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Bins that the tessellation had left in pieces, and the spaxels moved to make them 4-connected. */
  readonly splitBinsRepaired: number;
  readonly spaxelsMovedForContiguity: number;
  readonly grid: PixelGrid;
}

/**
 * Bins spaxels at positions (x, y) on a regular grid, with `signal` and 1σ `noise`, to bins of S/N ≈ targetSN.
 * Spaxels at or above the target stay single (keepBrightSpaxelsSingle); each 4-connected region of the other included
 * spaxels is binned on its own: bin accretion (CC03 §5.1 i–v), reassignment of
 * failed bins (vi), then the WVT iteration (vii; Diehl & Statler 2006) and a final tessellation; a region whose total
 * S/N is below the target becomes one bin; a region whose spaxels all exceed the target keeps them single. Finally
 * detached pieces of bins are merged into neighbours (`contiguous`). Deterministic: no random step.
 */
export function voronoiBinning(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  signal: ArrayLike<number>,
  noise: ArrayLike<number>,
  targetSN: number,
  options: VoronoiBinningOptions = {},
): VoronoiBinning {
  const where = 'voronoiBinning';
  checkFinite(x, 'x', where);
  checkFinite(y, 'y', where);
  checkFinite(signal, 'signal', where);
  checkPositive(noise, 'noise', where);
  checkSameLength(x, y, 'x', 'y', where);
  checkSameLength(x, signal, 'x', 'signal', where);
  checkSameLength(x, noise, 'x', 'noise', where);
  const n = x.length;
  if (n < 1) throw new InputError('too-few', where, `no spaxels`);
  if (!(targetSN > 0) || !Number.isFinite(targetSN)) throw new InputError('out-of-range', where, `targetSN must be finite and > 0 (got ${targetSN})`);
  const alpha = options.covarianceAlpha ?? 0;
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new InputError('out-of-range', where, `covarianceAlpha must be finite and ≥ 0 (got ${alpha})`);
  const minSN = options.minSpaxelSN;
  if (minSN !== undefined && Number.isNaN(minSN)) throw new InputError('not-finite', where, `minSpaxelSN is NaN`);
  const wvt = options.wvt ?? true;
  const cvt = options.cvt ?? true;
  const keepBright = options.keepBrightSpaxelsSingle ?? true;
  const grid = pixelGrid(x, y, options.pixelSize, where);
  const pixelSize = grid.pixelSize;
  // The algorithm runs on integer grid coordinates (pixel size 1), so that distance ties — common on a grid — break the
  // same way whatever the unit of x and y; generators are converted back at the end.
  const toX = (c: number) => grid.originX + c * pixelSize;
  const toY = (r: number) => grid.originY + r * pixelSize;

  const variance = new Float64Array(n);
  const spaxelSN = new Float64Array(n);
  const include = new Int32Array(n); // 0 = to bin, 1 = a bin of its own (S/N ≥ target), −1 = left out
  let excludedSpaxels = 0;
  let totalSignal = 0;
  let totalVariance = 0;
  for (let i = 0; i < n; i++) {
    variance[i] = noise[i] * noise[i];
    spaxelSN[i] = signal[i] / noise[i];
    if (minSN !== undefined && !(spaxelSN[i] >= minSN)) {
      include[i] = -1;
      excludedSpaxels++;
    } else {
      totalSignal += signal[i];
      totalVariance += variance[i];
      if (keepBright && spaxelSN[i] >= targetSN) include[i] = 1;
    }
  }
  if (excludedSpaxels === n) throw new Error(`${where}: every spaxel has S/N below minSpaxelSN = ${minSN}`);
  const includedCount = n - excludedSpaxels;
  if (binSignalToNoise(totalSignal, totalVariance, includedCount, alpha) < targetSN) {
    throw new Error(`${where}: all spaxels together have S/N ${binSignalToNoise(totalSignal, totalVariance, includedCount, alpha).toFixed(3)} < targetSN = ${targetSN}; nothing can reach the target`);
  }

  const binIndex = new Int32Array(n).fill(-1);
  const generatorX: number[] = [];
  const generatorY: number[] = [];
  const scales: number[] = [];
  let nBins = 0;
  for (let i = 0; i < n; i++) {
    if (include[i] !== 1) continue;
    binIndex[i] = nBins++;
    generatorX.push(toX(grid.column[i]));
    generatorY.push(toY(grid.row[i]));
    scales.push(0);
  }
  const toBin = Int32Array.from(include, (c) => (c === 0 ? 0 : -1));
  const { label: region, count: regions } = connectedRegions(grid, toBin);
  const regionStart = new Int32Array(regions + 1);
  for (let i = 0; i < n; i++) if (region[i] >= 0) regionStart[region[i] + 1]++;
  for (let r = 0; r < regions; r++) regionStart[r + 1] += regionStart[r];
  const order = new Int32Array(regionStart[regions]); // spaxels of each region, in index order
  const fill = regionStart.slice(0, regions);
  for (let i = 0; i < n; i++) if (region[i] >= 0) order[fill[region[i]]++] = i;

  let regionsBelowTarget = 0;
  const belowTargetBins: number[] = [];
  let iterations = 0;
  let converged = true;
  for (let r = 0; r < regions; r++) {
    const members = order.subarray(regionStart[r], regionStart[r + 1]);
    const m = members.length;
    const xs = new Float64Array(m);
    const ys = new Float64Array(m);
    const s = new Float64Array(m);
    const v = new Float64Array(m);
    let sumS = 0;
    let sumV = 0;
    let allAbove = true;
    for (let k = 0; k < m; k++) {
      const i = members[k];
      xs[k] = grid.column[i];
      ys[k] = grid.row[i];
      s[k] = signal[i];
      v[k] = variance[i];
      sumS += s[k];
      sumV += v[k];
      if (!(spaxelSN[i] >= targetSN)) allAbove = false;
    }
    const oneBin = (belowTarget: boolean) => {
      for (let k = 0; k < m; k++) binIndex[members[k]] = nBins;
      if (belowTarget) belowTargetBins.push(nBins);
      generatorX.push(toX(mean(xs)));
      generatorY.push(toY(mean(ys)));
      scales.push(0);
      nBins++;
    };
    if (m === 1 || binSignalToNoise(sumS, sumV, m, alpha) < targetSN) {
      const below = !(binSignalToNoise(sumS, sumV, m, alpha) >= targetSN);
      if (below) regionsBelowTarget++;
      oneBin(below);
      continue;
    }
    if (allAbove) {
      for (let k = 0; k < m; k++) {
        binIndex[members[k]] = nBins++;
        generatorX.push(toX(xs[k]));
        generatorY.push(toY(ys[k]));
        scales.push(0);
      }
      continue;
    }
    const accreted = accreteBins(xs, ys, s, v, targetSN, 1, alpha);
    if (accreted.goodBins === 0) {
      oneBin(false); // enough S/N in total, but no accreted bin reached 0.8 × target: the whole region is one bin
      continue;
    }
    const start = reassignBadBins(xs, ys, accreted.label);
    let label: Int32Array = start.label;
    let nodeX: Float64Array = start.nodeX;
    let nodeY: Float64Array = start.nodeY;
    let scale: Float64Array = new Float64Array(start.nodeX.length).fill(1);
    if (cvt) {
      const iterated = iterateGenerators(xs, ys, s, v, start.nodeX, start.nodeY, { wvt, targetSN, pixelSize: 1, covarianceAlpha: alpha });
      ({ nodeX, nodeY, scale } = iterated);
      iterations = Math.max(iterations, iterated.iterations);
      converged &&= iterated.converged;
      label = new Int32Array(m);
      tessellateInto(xs, ys, nodeX, nodeY, scale, label);
    }
    // number the non-empty bins in generator order
    const used = new Int32Array(nodeX.length).fill(-1);
    for (let k = 0; k < m; k++) used[label[k]] = 0;
    for (let b = 0; b < used.length; b++) {
      if (used[b] === -1) continue;
      used[b] = nBins++;
      generatorX.push(toX(nodeX[b]));
      generatorY.push(toY(nodeY[b]));
      scales.push(scale[b]);
    }
    for (let k = 0; k < m; k++) binIndex[members[k]] = used[label[k]];
  }

  let splitBinsRepaired = 0;
  let spaxelsMovedForContiguity = 0;
  if (options.contiguous ?? true) {
    splitBinsRepaired = countSplitBins(grid, binIndex);
    if (splitBinsRepaired > 0) {
      const locked = new Uint8Array(nBins);
      for (let i = 0; i < n; i++) if (include[i] === 1) locked[binIndex[i]] = 1;
      const repaired = makeBinsContiguous(grid, binIndex, locked);
      binIndex.set(repaired.binIndex);
      spaxelsMovedForContiguity = repaired.moved;
    }
  }
  const stats = binStatistics(x, y, signal, variance, binIndex, nBins, alpha);
  const belowTargetRegion = new Uint8Array(nBins);
  for (const b of belowTargetBins) belowTargetRegion[b] = 1;
  let singleSpaxelBins = 0;
  let sum2 = 0;
  let multi = 0;
  for (let b = 0; b < nBins; b++) {
    if (stats.count[b] === 1) singleSpaxelBins++;
    else if (stats.count[b] > 1 && !belowTargetRegion[b]) {
      sum2 += (stats.signalToNoise[b] - targetSN) ** 2;
      multi++;
    }
  }
  return {
    binIndex,
    nBins,
    ...stats,
    generatorX: Float64Array.from(generatorX),
    generatorY: Float64Array.from(generatorY),
    scale: Float64Array.from(scales),
    spaxelSN,
    targetSN,
    pixelSize,
    belowTargetRegion,
    fractionalScatter: multi > 1 ? Math.sqrt(sum2 / (multi - 1)) / targetSN : NaN,
    singleSpaxelBins,
    excludedSpaxels,
    regions,
    regionsBelowTarget,
    iterations,
    converged,
    splitBinsRepaired,
    spaxelsMovedForContiguity,
    grid,
  };
}

function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Counts, sums, S/N and centroids of every bin. */
function binStatistics(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  signal: ArrayLike<number>,
  variance: Float64Array,
  binIndex: Int32Array,
  nBins: number,
  alpha: number,
) {
  const count = new Int32Array(nBins);
  const sumSignal = new Float64Array(nBins);
  const sumVariance = new Float64Array(nBins);
  const centroidX = new Float64Array(nBins);
  const centroidY = new Float64Array(nBins);
  const weightedCentroidX = new Float64Array(nBins);
  const weightedCentroidY = new Float64Array(nBins);
  for (let i = 0; i < binIndex.length; i++) {
    const b = binIndex[i];
    if (b < 0) continue;
    count[b]++;
    sumSignal[b] += signal[i];
    sumVariance[b] += variance[i];
    centroidX[b] += x[i];
    centroidY[b] += y[i];
    weightedCentroidX[b] += signal[i] * x[i];
    weightedCentroidY[b] += signal[i] * y[i];
  }
  const signalToNoise = new Float64Array(nBins);
  const noise = new Float64Array(nBins);
  for (let b = 0; b < nBins; b++) {
    centroidX[b] /= count[b];
    centroidY[b] /= count[b];
    if (sumSignal[b] > 0) {
      weightedCentroidX[b] /= sumSignal[b];
      weightedCentroidY[b] /= sumSignal[b];
    } else {
      weightedCentroidX[b] = centroidX[b];
      weightedCentroidY[b] = centroidY[b];
    }
    noise[b] = Math.sqrt(sumVariance[b]);
    signalToNoise[b] = binSignalToNoise(sumSignal[b], sumVariance[b], count[b], alpha);
  }
  return { count, signal: sumSignal, noise, signalToNoise, centroidX, centroidY, weightedCentroidX, weightedCentroidY };
}
