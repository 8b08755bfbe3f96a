// Spatially correlated Gaussian noise on a spaxel grid, and the lag correlation of maps: white noise convolved with a
// sampled, separable Gaussian kernel k(m) ∝ exp(−m²/2s²) and scaled to unit variance. Its correlation at lag (dx, dy)
// is c(dx)·c(dy) with c(d) = Σ_m k(m)k(m+d) / Σ_m k(m)² (the autocorrelation of a moving average, e.g. Priestley
// 1981, §3.5.7) — the model used for a resampled cube's noise (SAMI's drizzle onto 0.5″ spaxels makes neighbouring
// spaxels covary, Sharp et al. 2015, MNRAS 446, 1551, §5) and for fluctuations seen through a Gaussian PSF.
import type { SeededRandom } from './random';
import { checkFiniteNumber, checkInteger } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Half-width of the sampled kernel, in units of s (the tails beyond 4s hold < 1e-7 of Σk²). */
const KERNEL_HALF_WIDTH_SIGMAS = 4;

function kernel1d(sigmaPx: number): Float64Array {
  if (sigmaPx === 0) return Float64Array.of(1);
  const half = Math.max(1, Math.ceil(KERNEL_HALF_WIDTH_SIGMAS * sigmaPx));
  const k = new Float64Array(2 * half + 1);
  for (let m = -half; m <= half; m++) k[m + half] = Math.exp(-(m * m) / (2 * sigmaPx * sigmaPx));
  return k;
}

/** c(d): the correlation at lag d (spaxels, integer) along one axis of noise convolved with the sampled kernel of σ = sigmaPx. */
export function kernelLagCorrelation(sigmaPx: number, lag: number): number {
  const where = 'kernelLagCorrelation';
  checkFiniteNumber(where, 'sigmaPx', sigmaPx, { min: 0 });
  const d = Math.abs(checkInteger(where, 'lag', lag));
  const k = kernel1d(sigmaPx);
  let num = 0;
  let den = 0;
  for (let m = 0; m < k.length; m++) {
    den += k[m] * k[m];
    if (m + d < k.length) num += k[m] * k[m + d];
  }
  return num / den;
}

/** The kernel σ (spaxels) whose lag-1 correlation c(1) equals `correlation` (in [0, 1)), by bisection. */
export function kernelSigmaForLagOneCorrelation(correlation: number): number {
  const where = 'kernelSigmaForLagOneCorrelation';
  checkFiniteNumber(where, 'correlation', correlation, { min: 0 });
  if (!(correlation < 0.999)) throw new InputError('out-of-range', where, `correlation must be < 0.999 (got ${correlation})`);
  if (correlation === 0) return 0;
  let lo = 0;
  let hi = 1;
  while (kernelLagCorrelation(hi, 1) < correlation) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (kernelLagCorrelation(mid, 1) < correlation) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The correlation area (spaxels) of the field of kernel σ = sigmaPx: Σ over all lags (dx, dy) of c(dx)·c(dy) =
 * (Σ_d c(d))², 1 for independent values. A sum of n such values over a region much larger than the kernel has the
 * variance of n/area independent ones (the effective number of independent values, e.g. Priestley 1981, §5.3.2), so
 * fit errors computed as if the values were independent are too small by √area.
 */
export function kernelCorrelationArea(sigmaPx: number): number {
  checkFiniteNumber('kernelCorrelationArea', 'sigmaPx', sigmaPx, { min: 0 });
  if (sigmaPx === 0) return 1;
  const half = Math.max(1, Math.ceil(KERNEL_HALF_WIDTH_SIGMAS * sigmaPx));
  let sum = 1;
  for (let d = 1; d <= 2 * half; d++) sum += 2 * kernelLagCorrelation(sigmaPx, d);
  return sum * sum;
}

/**
 * A unit-variance Gaussian field on an nx × ny grid (index y·nx + x) whose correlation between spaxels at lag (dx, dy)
 * is c(dx)·c(dy) (kernelLagCorrelation); sigmaPx = 0 gives independent N(0, 1) values. The white noise is drawn on a
 * grid padded by the kernel's half-width, so the edges are as correlated as the interior.
 */
export function correlatedNormalField(nx: number, ny: number, sigmaPx: number, rng: SeededRandom): Float64Array {
  const where = 'correlatedNormalField';
  checkInteger(where, 'nx', nx, { min: 1 });
  checkInteger(where, 'ny', ny, { min: 1 });
  checkFiniteNumber(where, 'sigmaPx', sigmaPx, { min: 0 });
  const k = kernel1d(sigmaPx);
  const half = (k.length - 1) / 2;
  let norm = 0;
  for (const v of k) norm += v * v;
  const px = nx + 2 * half;
  const py = ny + 2 * half;
  const white = new Float64Array(px * py);
  for (let i = 0; i < white.length; i++) white[i] = rng.normal(0, 1);
  // separable convolution: along x on the padded rows, then along y; the variance of the result is (Σk²)², so divide by Σk²
  const alongX = new Float64Array(nx * py);
  for (let y = 0; y < py; y++) {
    for (let x = 0; x < nx; x++) {
      let s = 0;
      for (let m = 0; m < k.length; m++) s += k[m] * white[y * px + x + m];
      alongX[y * nx + x] = s;
    }
  }
  const out = new Float64Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      let s = 0;
      for (let m = 0; m < k.length; m++) s += k[m] * alongX[(y + m) * nx + x];
      out[y * nx + x] = s / norm;
    }
  }
  return out;
}

/**
 * The correlation of maps (each nx × ny, index y·nx + x) with themselves shifted by (dx, dy), pooled over the maps:
 * Σ a_i a_{i+Δ} / √(Σ a_i² · Σ a_{i+Δ}²) over the pairs where both are finite (not mean-subtracted: pass centred maps,
 * e.g. noise or residuals). Returns rows dy = 0…maxLag, each dx = −maxLag…maxLag (index dx + maxLag).
 */
export function mapLagCorrelation(maps: readonly ArrayLike<number>[], nx: number, ny: number, maxLag: number): Float64Array[] {
  const where = 'mapLagCorrelation';
  checkInteger(where, 'nx', nx, { min: 1 });
  checkInteger(where, 'ny', ny, { min: 1 });
  checkInteger(where, 'maxLag', maxLag, { min: 0 });
  for (const m of maps) {
    if (m.length !== nx * ny) throw new InputError('length-mismatch', where, `every map must have nx·ny = ${nx * ny} values (got ${m.length})`);
  }
  const rows: Float64Array[] = [];
  for (let dy = 0; dy <= maxLag; dy++) {
    const row = new Float64Array(2 * maxLag + 1);
    for (let dx = -maxLag; dx <= maxLag; dx++) {
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (const m of maps) {
        for (let y = 0; y + dy < ny; y++) {
          for (let x = Math.max(0, -dx); x < nx && x + dx < nx; x++) {
            const a = m[y * nx + x];
            const b = m[(y + dy) * nx + x + dx];
            if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
            ab += a * b;
            aa += a * a;
            bb += b * b;
          }
        }
      }
      row[dx + maxLag] = aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : NaN;
    }
    rows.push(row);
  }
  return rows;
}

/** The mean of the lag (1, 0) and (0, 1) correlations in mapLagCorrelation's rows computed up to `maxLag`. */
export function lagOneCorrelation(lagCorrelation: readonly Float64Array[], maxLag: number): number {
  return (lagCorrelation[0][maxLag + 1] + lagCorrelation[1][maxLag]) / 2;
}

/** The mean of the lag (1, 0) and (0, 1) correlations of one map (mapLagCorrelation; NaN without finite pairs). */
export function mapNeighbourCorrelation(map: ArrayLike<number>, nx: number, ny: number): number {
  return lagOneCorrelation(mapLagCorrelation([map], nx, ny, 1), 1);
}

/**
 * The correlation area (kernelCorrelationArea) of the Gaussian kernel whose lag-1 correlation is `neighbourCorrelation`
 * (≤ 0 or not finite: 1, values independent). The factor by which errors computed as if the values were independent
 * must have their variance multiplied.
 */
export function correlationAreaFromNeighbourCorrelation(neighbourCorrelation: number): number {
  if (!(neighbourCorrelation > 0)) return 1;
  return kernelCorrelationArea(kernelSigmaForLagOneCorrelation(Math.min(neighbourCorrelation, 0.99)));
}
