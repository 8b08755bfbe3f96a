// σ0, the intrinsic velocity dispersion of a disk: the median over the spaxels beyond 3 kpc, where the rotation curve is
// flat and beam smearing small, with its sample standard error (Ju et al., MSA-3D §4.2.1: σ0 = 48.9 ± 1.6 km/s, "median
// and sample standard error"; cf. Wisnioski et al. 2015, ApJ 799, 209, §4.3 for σ0 from the outer disk).
import { median } from '../stats/quantile';
import { standardDeviation } from '../stats/rms';

/**
 * 'standard-error' (default, the paper's words "sample standard error"): s/√N with s the sample standard deviation
 * (N − 1); 'median-standard-error': √(π/2) s/√N ≈ 1.2533 s/√N, the large-N standard error of the median of Gaussian
 * data (e.g. Kendall & Stuart 1977, The Advanced Theory of Statistics I, §10.10), larger by 25 %.
 */
export type Sigma0ErrorMethod = 'standard-error' | 'median-standard-error';

export interface Sigma0Options {
  /** Spaxels strictly beyond this deprojected radius, kpc (default 3, the paper's). */
  minRadiusKpc?: number;
  /** 1 = usable spaxel (e.g. CubeFit.selected); default all. */
  selected?: ArrayLike<number>;
  errorMethod?: Sigma0ErrorMethod;
}

export interface Sigma0 {
  sigma0Kms: number;
  sigma0ErrKms: number;
  /** Sample standard deviation of the σ values used, km/s. */
  scatterKms: number;
  /** Spaxels used. */
  n: number;
  minRadiusKpc: number;
  errorMethod: Sigma0ErrorMethod;
}

/**
 * σ0 = median of the intrinsic σ of the (selected) spaxels with deprojected radius > minRadiusKpc and finite σ, and its
 * standard error (see Sigma0ErrorMethod). Throws when fewer than 2 spaxels qualify.
 */
export function sigma0(sigmaKms: ArrayLike<number>, radiusKpc: ArrayLike<number>, options: Sigma0Options = {}): Sigma0 {
  const where = 'sigma0';
  const n = sigmaKms.length;
  if (radiusKpc.length !== n) throw new Error(`${where}: sigma has ${n} spaxels but radius has ${radiusKpc.length}`);
  if (options.selected && options.selected.length !== n) throw new Error(`${where}: selected has ${options.selected.length} spaxels, sigma has ${n}`);
  const minRadiusKpc = options.minRadiusKpc ?? 3;
  if (!(minRadiusKpc >= 0) || !Number.isFinite(minRadiusKpc)) throw new Error(`${where}: minRadiusKpc must be a finite number ≥ 0 (got ${minRadiusKpc})`);
  const errorMethod = options.errorMethod ?? 'standard-error';
  if (errorMethod !== 'standard-error' && errorMethod !== 'median-standard-error') {
    throw new Error(`${where}: errorMethod must be 'standard-error' or 'median-standard-error' (got ${String(errorMethod)})`);
  }
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    if (options.selected && !options.selected[i]) continue;
    if (!(radiusKpc[i] > minRadiusKpc)) continue;
    if (!Number.isFinite(sigmaKms[i])) continue;
    if (sigmaKms[i] < 0) throw new Error(`${where}: sigmaKms[${i}] is negative (${sigmaKms[i]})`);
    values.push(sigmaKms[i]);
  }
  const m = values.length;
  if (m < 2) throw new Error(`${where}: needs at least 2 spaxels with finite σ beyond ${minRadiusKpc} kpc (got ${m})`);
  const sd = standardDeviation(values, { ddof: 1 });
  const factor = errorMethod === 'standard-error' ? 1 : Math.sqrt(Math.PI / 2);
  return { sigma0Kms: median(values), sigma0ErrKms: (factor * sd) / Math.sqrt(m), scatterKms: sd, n: m, minRadiusKpc, errorMethod };
}
