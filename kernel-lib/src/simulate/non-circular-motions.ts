// Non-circular gas motions of a simulated disk: a Gaussian random field of line-of-sight velocity in the disk plane,
// made by smoothing white noise with a Gaussian (a process convolution, Higdon 2002, in Quantitative Methods for
// Current Environmental Issues, 37) and rescaled to an exact rms. A prescription: the paper gives only the result,
// an RMSE of 33 km/s about ID9960's arctan curve (Ju et al., MSA-3D §4.2.1).
//
// Why the disk plane: streaming and turbulent motions belong to the gas disk, so their correlation is isotropic in the
// disk plane and, like every other disk quantity of the model, foreshortened by cos i along the minor axis on the sky.
// The field is the line-of-sight component itself (km/s added to v_los), not an in-plane vector to be projected.
//
// Construction: white N(0, 1) noise on a square disk-plane grid of step ℓ/4 (nodes at integer multiples of the step,
// the disk centre a node), smoothed along each axis by exp(−d²/2s²) with s = ℓ/√2, so that the covariance is
// ∝ exp(−r²/2ℓ²) (a Gaussian kernel of σ s convolved with itself has σ √2 s); bilinear interpolation to the sampled
// points; the mean over the points removed and the rest scaled to rms = rmsKms over them. The realisation depends on
// the seed, ℓ and the sampled region (the grid covers the points' bounding box), never on the noise seed of a cube.
import { seededRandom } from '../stats/random';

/** Non-circular motions: rms (km/s) of the intrinsic line-of-sight field, its Gaussian correlation length ℓ (kpc), and its seed. */
export interface NonCircularMotions {
  /** rms of the field over the sampled disk region, km/s (the mean is removed); 0 gives a field of zeros. */
  rmsKms: number;
  /** ℓ in the covariance C(r) = rms² exp(−r²/2ℓ²), r the separation in the disk plane, kpc. */
  correlationKpc: number;
  /** Seed of the white noise (a property of the galaxy, independent of the cube's noise seed). */
  seed: number;
}

/** Grid nodes per correlation length: the kernel spans 2.8 nodes per σ; bilinear interpolation lowers the rms at cell centres by 1.5 % (before the rescaling). */
export const NON_CIRCULAR_NODES_PER_CORRELATION_LENGTH = 4;

/** The kernel is cut at this many σ (weight beyond < 3.4e-4 of the peak; the field is rescaled afterwards). */
const KERNEL_REACH_SIGMA = 4;

/** Largest grid the field may need (nodes); beyond it ℓ is too small for the sampled region. */
const MAX_GRID_NODES = 4_000_000;

/** Throws a one-line Error naming `where` and the field when a NonCircularMotions is malformed. */
export function checkNonCircularMotions(spec: NonCircularMotions, where: string): void {
  if (typeof spec !== 'object' || spec === null) throw new Error(`${where}: nonCircular must be an object { rmsKms, correlationKpc, seed } or null (got ${String(spec)})`);
  if (!(Number.isFinite(spec.rmsKms) && spec.rmsKms >= 0)) throw new Error(`${where}: nonCircular.rmsKms must be a finite number ≥ 0 (got ${spec.rmsKms})`);
  if (!(Number.isFinite(spec.correlationKpc) && spec.correlationKpc > 0)) throw new Error(`${where}: nonCircular.correlationKpc must be a finite number > 0 (got ${spec.correlationKpc})`);
  if (!(Number.isInteger(spec.seed) && spec.seed >= 0 && spec.seed < 2 ** 53)) throw new Error(`${where}: nonCircular.seed must be an integer in [0, 2^53) (got ${spec.seed})`);
}

/** A realised field: its values at the sampled points, and the same field (same mean removed, same scale) anywhere inside their bounding box. */
export interface NonCircularField {
  /** Line-of-sight velocity at each sampled point, km/s: mean 0, rms = rmsKms over the points. */
  valuesKms: Float64Array;
  /** The field at a disk point (kpc) inside the sampled points' bounding box, km/s; throws outside it. */
  at(xDiskKpc: number, yDiskKpc: number): number;
  /** Grid step, kpc (ℓ / NON_CIRCULAR_NODES_PER_CORRELATION_LENGTH). */
  gridStepKpc: number;
}

/** Gaussian weights exp(−(j h)²/2s²), j = −reach..reach. */
function gaussianKernel(stepKpc: number, sigmaKpc: number, reach: number): Float64Array {
  const k = new Float64Array(2 * reach + 1);
  for (let j = -reach; j <= reach; j++) k[j + reach] = Math.exp(-((j * stepKpc) ** 2) / (2 * sigmaKpc * sigmaKpc));
  return k;
}

/**
 * The non-circular velocity field at disk-plane points (xDiskKpc[m], yDiskKpc[m]), kpc: see the file comment. Same
 * spec and points → the same field, bit for bit. Throws on a bad spec, mismatched or non-finite points, fewer than two
 * distinct values (no rms to scale), or a grid above 4 × 10⁶ nodes (ℓ too small for the region).
 */
export function nonCircularVelocityField(spec: NonCircularMotions, xDiskKpc: ArrayLike<number>, yDiskKpc: ArrayLike<number>): NonCircularField {
  const where = 'nonCircularVelocityField';
  checkNonCircularMotions(spec, where);
  const n = xDiskKpc.length;
  if (yDiskKpc.length !== n) throw new Error(`${where}: xDiskKpc has ${n} points but yDiskKpc has ${yDiskKpc.length}`);
  if (n < 2) throw new Error(`${where}: need at least 2 points to set an rms (got ${n})`);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let m = 0; m < n; m++) {
    const x = xDiskKpc[m];
    const y = yDiskKpc[m];
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`${where}: point ${m} is not finite (${x}, ${y})`);
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }

  // grid: nodes at integer multiples of h, covering the bounding box plus the kernel reach (+1 for interpolation)
  const h = spec.correlationKpc / NON_CIRCULAR_NODES_PER_CORRELATION_LENGTH;
  const kernelSigmaKpc = spec.correlationKpc / Math.SQRT2; // covariance of the smoothed noise ∝ exp(−r²/4s²) = exp(−r²/2ℓ²)
  const reach = Math.ceil((KERNEL_REACH_SIGMA * kernelSigmaKpc) / h);
  const margin = reach + 1;
  const ix0 = Math.floor(xMin / h) - margin;
  const iy0 = Math.floor(yMin / h) - margin;
  const nxGrid = Math.floor(xMax / h) + margin + 1 - ix0 + 1;
  const nyGrid = Math.floor(yMax / h) + margin + 1 - iy0 + 1;
  if (nxGrid * nyGrid > MAX_GRID_NODES) {
    throw new Error(`${where}: correlationKpc = ${spec.correlationKpc} is too small for a ${(xMax - xMin).toFixed(1)} × ${(yMax - yMin).toFixed(1)} kpc region (${nxGrid} × ${nyGrid} grid nodes, limit ${MAX_GRID_NODES})`);
  }

  // white noise, row by row (y-major), then the separable Gaussian smoothing
  const rng = seededRandom(spec.seed);
  const white = new Float64Array(nxGrid * nyGrid);
  for (let k = 0; k < white.length; k++) white[k] = rng.normal();
  const kernel = gaussianKernel(h, kernelSigmaKpc, reach);
  const alongX = new Float64Array(white.length);
  for (let j = 0; j < nyGrid; j++) {
    const row = j * nxGrid;
    for (let i = 0; i < nxGrid; i++) {
      let sum = 0;
      const lo = Math.max(0, i - reach);
      const hi = Math.min(nxGrid - 1, i + reach);
      for (let q = lo; q <= hi; q++) sum += kernel[q - i + reach] * white[row + q];
      alongX[row + i] = sum;
    }
  }
  const smooth = white; // reused: the white noise is no longer needed
  for (let j = 0; j < nyGrid; j++) {
    const lo = Math.max(0, j - reach);
    const hi = Math.min(nyGrid - 1, j + reach);
    for (let i = 0; i < nxGrid; i++) {
      let sum = 0;
      for (let q = lo; q <= hi; q++) sum += kernel[q - j + reach] * alongX[q * nxGrid + i];
      smooth[j * nxGrid + i] = sum;
    }
  }

  // bilinear interpolation on the grid (x_i = (ix0 + i) h, y_j = (iy0 + j) h)
  const raw = (x: number, y: number): number => {
    const u = x / h - ix0;
    const v = y / h - iy0;
    const i = Math.floor(u);
    const j = Math.floor(v);
    if (!(i >= margin - 1 && i + 1 < nxGrid && j >= margin - 1 && j + 1 < nyGrid)) return NaN;
    const fu = u - i;
    const fv = v - j;
    const k = j * nxGrid + i;
    return (1 - fv) * ((1 - fu) * smooth[k] + fu * smooth[k + 1]) + fv * ((1 - fu) * smooth[k + nxGrid] + fu * smooth[k + nxGrid + 1]);
  };
  const valuesKms = new Float64Array(n);
  let sum = 0;
  for (let m = 0; m < n; m++) {
    valuesKms[m] = raw(xDiskKpc[m], yDiskKpc[m]);
    sum += valuesKms[m];
  }
  const mean = sum / n;
  let ss = 0;
  for (let m = 0; m < n; m++) ss += (valuesKms[m] - mean) ** 2;
  const rawRms = Math.sqrt(ss / n);
  if (!(rawRms > 0)) throw new Error(`${where}: the field has no variance over the ${n} points (all at one place?)`);
  const scale = spec.rmsKms / rawRms;
  for (let m = 0; m < n; m++) valuesKms[m] = (valuesKms[m] - mean) * scale;
  const at = (x: number, y: number): number => {
    if (!(x >= xMin && x <= xMax && y >= yMin && y <= yMax)) {
      throw new Error(`${where}: (${x}, ${y}) kpc is outside the sampled region [${xMin}, ${xMax}] × [${yMin}, ${yMax}]`);
    }
    return (raw(x, y) - mean) * scale;
  };
  return { valuesKms, at, gridStepKpc: h };
}
