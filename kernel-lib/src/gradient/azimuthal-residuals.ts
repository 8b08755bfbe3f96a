// What lies beyond the gradient: the residuals of the forward model (gradient/fit-gradient-forward.ts) grouped by disk
// azimuth sector, and their null distribution from noise-only simulations of the fitted model.
//
// Statistic: with z_i = (N_i − model_i)/σ_i the normalised [N II] residuals of the used spaxels, the sector sums
// χ²_az = Σ_k (Σ_{i∈k} z_i)² / n_k over K sectors of equal azimuth (the disk azimuth of geometry/, from the major
// axis). Without azimuthal structure and with independent unit-variance residuals, each term is the square of a
// N(0, 1) variable, so χ²_az ≈ χ²(K) (less by what the fitted profile absorbs); a metal-poor clump in one sector makes
// that sector's sum negative and χ²_az large. The null is not taken from that formula but simulated (seeded): [N II]
// maps drawn from the fitted model with the same errors (a parametric bootstrap, Efron & Tibshirani 1993, §6.5), each
// refitted, so the fitted parameters' share is in the null.
// Correlated noise (option `noise`): with independent draws a sector sum of n spaxels has variance n; with spatially
// correlated residuals it has n(1 + Σ_{j≠i} ρ_ij) on average, so χ²_az's null is larger and the independent null
// rejects too often. The draws then split σ_total² = σ_meas² + σ_scatter² (σ_meas² = σ_N² + ρ²σ_H², the measured
// fluxes' noise; the rest the fitted scatter) and give each part its own correlated unit field
// (stats/correlated-field.ts): the measurement part with the cube's noise correlation (linemaps/noise-correlation.ts),
// the scatter part independent, seen through the PSF, or left out ('none': the null of noise alone).
import type { CubeFit } from '../linemaps/fit-cube';
import { seededRandom } from '../stats/random';
import { correlatedNormalField } from '../stats/correlated-field';
import { checkFiniteNumber, checkInteger, checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';
import { fitGradientForward, type ForwardGradientFit, type ForwardGradientOptions } from './fit-gradient-forward';

export interface AzimuthalResidualStatistic {
  readonly nSectors: number;
  /** Per sector k (azimuth [k·360/K, (k+1)·360/K) degrees): spaxels and mean normalised residual (NaN when empty). */
  readonly sectorCount: Int32Array;
  readonly sectorMeanSigma: Float64Array;
  /** Σ_k (Σ z)²/n_k over non-empty sectors, and how many sectors were non-empty. */
  readonly chiSquare: number;
  readonly nFilledSectors: number;
}

/** The sector statistic of the normalised residuals `residualSigma` of the `used` spaxels at disk azimuth `azimuthDeg`. */
export function azimuthalResidualStatistic(
  residualSigma: ArrayLike<number>, azimuthDeg: ArrayLike<number>, used: ArrayLike<number>, options: { nSectors?: number } = {},
): AzimuthalResidualStatistic {
  const where = 'azimuthalResidualStatistic';
  const nSectors = checkInteger(where, 'nSectors', options.nSectors ?? 8, { min: 2 });
  if (residualSigma.length !== azimuthDeg.length || used.length !== azimuthDeg.length) {
    throw new InputError('length-mismatch', where, `residualSigma, azimuthDeg and used must have the same length (${residualSigma.length}, ${azimuthDeg.length}, ${used.length})`);
  }
  const sum = new Float64Array(nSectors);
  const sectorCount = new Int32Array(nSectors);
  for (let i = 0; i < used.length; i++) {
    if (!used[i] || !Number.isFinite(residualSigma[i]) || !Number.isFinite(azimuthDeg[i])) continue;
    const az = ((azimuthDeg[i] % 360) + 360) % 360;
    const k = Math.min(nSectors - 1, Math.floor((az / 360) * nSectors));
    sum[k] += residualSigma[i];
    sectorCount[k]++;
  }
  let chiSquare = 0;
  let nFilledSectors = 0;
  const sectorMeanSigma = new Float64Array(nSectors).fill(NaN);
  for (let k = 0; k < nSectors; k++) {
    if (sectorCount[k] === 0) continue;
    nFilledSectors++;
    sectorMeanSigma[k] = sum[k] / sectorCount[k];
    chiSquare += (sum[k] * sum[k]) / sectorCount[k];
  }
  return { nSectors, sectorCount, sectorMeanSigma, chiSquare, nFilledSectors };
}

export interface AzimuthalNull {
  /** χ²_az of each noise-only simulation, refitted. */
  readonly chiSquare: Float64Array;
  /** Fraction of simulations with χ²_az ≥ the observed one, (m + 1)/(n + 1) (Davison & Hinkley 1997, eq. 4.11). */
  readonly pValue: number;
  readonly observed: AzimuthalResidualStatistic;
  /**
   * How spatially coherent the residual maps are: the mean of their lag (1, 0) and (0, 1) correlations (the fits'
   * residualNeighbourCorrelation, stats/correlated-field.ts mapNeighbourCorrelation), observed and per simulation — a null whose residuals are less coherent than the observed ones
   * has sector sums that vary less than the data's would without any azimuthal order.
   */
  readonly observedNeighbourCorrelation: number;
  readonly neighbourCorrelation: Float64Array;
}

/** How the null's noise is drawn when it is not independent (see the top of this file). */
export interface AzimuthalNullNoise {
  /** σ (spaxels) of the Gaussian kernel correlating the measurement part (0: independent), e.g. the cube's measured one. */
  measurementKernelSigmaPx: number;
  /** The fitted scatter part: 'none' leaves it out (noise alone); a number is the σ (spaxels) of its kernel (0: independent). */
  scatterKernelSigmaPx: number | 'none';
}

/**
 * The observed sector statistic of a forward fit and its null: `nDraws` [N II] maps drawn from the fitted model
 * (N* = model + σ_total·ε, ε ~ N(0, 1) from `seed`; Hα as measured, as the model conditions on it), each refitted with
 * `fitOptions` (the options of the original fit; the refit seeds are seed + 1 + d) on the original fit's spaxels.
 * With `noise`, N* = model + σ_meas·ε₁ + σ_scatter·ε₂ with ε₁, ε₂ correlated unit fields (AzimuthalNullNoise).
 */
export function azimuthalNullDistribution(
  cubeFit: CubeFit,
  geometry: { radiusKpc: Float64Array; azimuthDeg: Float64Array },
  forward: ForwardGradientFit,
  options: {
    seed: number; nDraws?: number; nSectors?: number; fitOptions: Omit<ForwardGradientOptions, 'seed' | 'mask'>;
    noise?: AzimuthalNullNoise;
  },
): AzimuthalNull {
  const where = 'azimuthalNullDistribution';
  const seed = checkSeed(where, options);
  const nDraws = checkInteger(where, 'nDraws', options.nDraws ?? 20, { min: 1 });
  const noise = options.noise;
  if (noise) {
    checkFiniteNumber(where, 'noise.measurementKernelSigmaPx', noise.measurementKernelSigmaPx, { min: 0 });
    if (noise.scatterKernelSigmaPx !== 'none') checkFiniteNumber(where, 'noise.scatterKernelSigmaPx', noise.scatterKernelSigmaPx, { min: 0 });
  }
  const observed = azimuthalResidualStatistic(forward.residualSigmaMap, geometry.azimuthDeg, forward.used, { nSectors: options.nSectors });
  const rng = seededRandom(seed);
  const n = forward.used.length;
  const nii = cubeFit.maps.nii6584_flux;
  const sigma = forward.niiSigmaTotalMap;
  const chiSquare = new Float64Array(nDraws);
  const neighbourCorrelation = new Float64Array(nDraws).fill(NaN);
  const parts = noise ? forwardNoiseParts(cubeFit, forward) : null;
  for (let d = 0; d < nDraws; d++) {
    const drawn = Float64Array.from(nii);
    if (noise && parts) {
      const e1 = correlatedNormalField(cubeFit.nx, cubeFit.ny, noise.measurementKernelSigmaPx, rng);
      const e2 = noise.scatterKernelSigmaPx === 'none' ? null : correlatedNormalField(cubeFit.nx, cubeFit.ny, noise.scatterKernelSigmaPx, rng);
      for (let i = 0; i < n; i++) {
        if (forward.used[i]) drawn[i] = forward.modelNiiFluxMap[i] + parts.measurement[i] * e1[i] + (e2 ? parts.scatter[i] * e2[i] : 0);
      }
    } else {
      for (let i = 0; i < n; i++) if (forward.used[i]) drawn[i] = forward.modelNiiFluxMap[i] + sigma[i] * rng.normal(0, 1);
    }
    const sim = { ...cubeFit, maps: { ...cubeFit.maps, nii6584_flux: drawn } };
    const refit = fitGradientForward(sim, geometry, { ...options.fitOptions, mask: forward.used, seed: seed + 1 + d });
    chiSquare[d] = refit.ok ? azimuthalResidualStatistic(refit.residualSigmaMap, geometry.azimuthDeg, refit.used, { nSectors: options.nSectors }).chiSquare : NaN;
    if (refit.ok) neighbourCorrelation[d] = refit.residualNeighbourCorrelation;
  }
  let above = 0;
  for (const c of chiSquare) if (c >= observed.chiSquare) above++;
  return {
    chiSquare, pValue: (above + 1) / (nDraws + 1), observed,
    observedNeighbourCorrelation: forward.residualNeighbourCorrelation, neighbourCorrelation,
  };
}

/**
 * σ_total of each used spaxel split into the measured fluxes' noise, σ_meas = √(σ_N² + ρ²σ_H²) with ρ = model [N II] /
 * measured Hα (the model's ratio, forward-model.ts), and the fitted scatter's part, √(σ_total² − σ_meas²).
 */
export function forwardNoiseParts(cubeFit: CubeFit, forward: ForwardGradientFit): { measurement: Float64Array; scatter: Float64Array } {
  const n = forward.used.length;
  const ha = cubeFit.maps.ha_flux;
  const haErr = cubeFit.maps.ha_flux_err;
  const niiErr = cubeFit.maps.nii6584_flux_err;
  const measurement = new Float64Array(n).fill(NaN);
  const scatter = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (!forward.used[i]) continue;
    const rho = forward.modelNiiFluxMap[i] / ha[i];
    const m2 = niiErr[i] ** 2 + (rho * haErr[i]) ** 2;
    measurement[i] = Math.sqrt(m2);
    scatter[i] = Math.sqrt(Math.max(0, forward.niiSigmaTotalMap[i] ** 2 - m2));
  }
  return { measurement, scatter };
}
