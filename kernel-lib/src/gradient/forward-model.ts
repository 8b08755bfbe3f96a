// The forward model of a metallicity gradient on line fluxes (after Carton et al. 2017, MNRAS 468, 2140, `metaldisc`):
// 12+log(O/H) = a + b·r on the deprojected radius (or broken at r_b), the [N II]6584/Hα ratio of each spaxel through
// the N2 calibration run backwards, optionally blurred by the PSF (Hα·ratio and Hα each convolved, the ratio taken
// after), and the Gaussian likelihood of the measured [N II] fluxes with their errors.
//
// Hα is the nuisance, and it is marginalised analytically: with the measured Hα H = H₀ + ε_H (ε_H ~ N(0, σ_H²)) and a
// flat prior on the true H₀, the predicted [N II] ρ·H₀ gives N − ρ·H ~ N(0, σ_N² + ρ²σ_H²) exactly (a linear Gaussian
// marginal, e.g. Hogg, Bovy & Lang 2010, arXiv:1008.4686, §7). Why not a smooth disk profile: the measured Hα is
// precise where it is used (the selection asks S/N > 10) and carries the clumps a smooth profile would miss; a profile
// would add parameters and a model error for nothing. The correlation of the two fluxes' errors (same spectrum) is
// neglected: they are 21 Å apart with a shared continuum and tied kinematics; measured on the 69-galaxy set
// (scripts/forward-gradient-recovery.ts) their correlation is 0.13, a term ≤ 2·0.13·ρ σ_N σ_H in the variance.
//
// The calibration's scatter is a variance term: independent spaxel-to-spaxel scatter s (dex in O/H) of the O/H the
// calibration reads, s fitted with a uniform prior on [0, σ_cal] (σ_cal: the calibration's 1σ, 0.18 dex for PP04 N2),
// propagated to the [N II] flux as σ = ρH·ln10·s/(dOH/dN2) (the linearised log-normal). What of σ_cal is not
// independent per spaxel is a common zero-point: it moves the intercept, not the slope (added to the intercept error
// in fit-gradient-forward.ts). With the PSF the scatter term is taken at the spaxel itself (the PSF averages
// independent scatter down, so this overstates it slightly).
//
// With the PSF, the Hα that weights the ratio inside the PSF is the light before the PSF: fit-gradient-forward.ts
// passes (psfWeight) the measured Hα deconvolved by 20 Richardson–Lucy steps with the same PSF
// (instrument/richardson-lucy.ts). The measured Hα itself is blurred once already, so weighting with it blurs twice and
// steepens the slope. Measured on noise-free maps of ID8576 (forward slope for injected −0.0313): −0.0318 with the
// measured Hα, −0.0313 with 20 RL steps, −0.0311 with the simulator's own Hα before the PSF.
// Spaxels excluded as not star-forming (psfMeasuredNii) enter the PSF sum with their measured [N II]/Hα on the same
// weight, not the H II model's: an AGN core's [N II] blurs into its star-forming neighbours. Measured on ID9960 (seeds
// 1–3, with the PSF term, the measured Hα as weights): mean pull −3.8 with the model's ratio there, +0.1 with the
// measured one (−0.1 with the RL weights).
import type { TabulatedInverseCalibration } from '../abundance/inverse-calibrations';
import { applySeparablePsf, type SeparablePsfMatrices } from '../instrument/psf-operator';

export type ForwardProfileShape = 'linear' | 'broken';

/** Parameter names in θ order: linear [intercept, slope, scatterDex]; broken adds [breakRadiusKpc, outerSlope]. */
export function forwardParameterNames(shape: ForwardProfileShape): string[] {
  const base = ['intercept', 'slope', 'scatterDex'];
  return shape === 'broken' ? [...base, 'breakRadiusKpc', 'outerSlope'] : base;
}

/** 12+log(O/H) at radius r for parameters θ: a + b·r, or for r > r_b, a + b·r_b + b_out·(r − r_b). */
export function forwardProfileOh(theta: ArrayLike<number>, r: number, shape: ForwardProfileShape): number {
  if (shape === 'broken' && r > theta[3]) return theta[0] + theta[1] * theta[3] + theta[4] * (r - theta[3]);
  return theta[0] + theta[1] * r;
}

/** The measured maps the model is compared with (index y·nx + x). */
export interface ForwardModelData {
  nx: number;
  ny: number;
  radiusKpc: Float64Array;
  haFlux: Float64Array;
  haFluxErr: Float64Array;
  niiFlux: Float64Array;
  niiFluxErr: Float64Array;
  /** 1 where the spaxel enters the likelihood. */
  used: Uint8Array;
  /** With the PSF: the Hα map weighting the ratio inside the PSF (default the measured haFlux). */
  psfWeight?: Float64Array;
  /**
   * With the PSF: 1 where the [N II] inside the PSF sum is the measured one, not the H II model's (spaxels excluded as
   * not star-forming: their [N II] blurs into their neighbours but does not follow the metallicity profile).
   */
  psfMeasuredNii?: Uint8Array;
}

export interface ForwardModelSetup {
  shape: ForwardProfileShape;
  inverse: TabulatedInverseCalibration;
  /** PSF matrices (separablePsfMatrices) or null: no PSF term. */
  psf: SeparablePsfMatrices | null;
}

/** The model at θ: per spaxel the intrinsic O/H, the observed [N II]/Hα after the PSF, the predicted [N II] and its σ. */
export interface ForwardPrediction {
  oh: Float64Array;
  ratio: Float64Array;
  niiModel: Float64Array;
  /** Total σ of N − ρH: √(σ_N² + ρ²σ_H² + scatter²) on used spaxels, NaN elsewhere. */
  sigmaTotal: Float64Array;
}

export interface ForwardModel {
  readonly nUsed: number;
  logLikelihood(theta: Float64Array): number;
  predict(theta: ArrayLike<number>): ForwardPrediction;
}

const LN10 = Math.LN10;

export function createForwardModel(data: ForwardModelData, setup: ForwardModelSetup): ForwardModel {
  const { nx, ny, radiusKpc, haFlux, haFluxErr, niiFlux, niiFluxErr, used } = data;
  const { shape, inverse, psf } = setup;
  const n = nx * ny;
  const usedIdx: number[] = [];
  for (let i = 0; i < n; i++) if (used[i]) usedIdx.push(i);
  const idx = Int32Array.from(usedIdx);
  // PSF weights: psfWeight (else the measured Hα), ≥ 0, where it and the radius are finite (no light: no weight)
  const weight = new Float64Array(n);
  const w0 = data.psfWeight ?? haFlux;
  for (let i = 0; i < n; i++) weight[i] = Number.isFinite(w0[i]) && Number.isFinite(radiusKpc[i]) && w0[i] > 0 ? w0[i] : 0;
  // spaxels whose measured [N II] enters the PSF sum (where it and their Hα weight are usable; else the model's)
  const fixed = data.psfMeasuredNii
    ? Uint8Array.from(data.psfMeasuredNii, (v, i) => (v && weight[i] > 0 && haFlux[i] > 0 && Number.isFinite(niiFlux[i]) ? 1 : 0))
    : null;
  const blurredWeight = new Float64Array(n);
  const scratch = new Float64Array(n);
  if (psf) applySeparablePsf(psf, weight, blurredWeight, scratch);
  const oh = new Float64Array(n);
  const weighted = new Float64Array(n);
  const blurred = new Float64Array(n);

  // ρ (observed [N II]/Hα) of every used spaxel into `ratio`, O/H into `oh`
  const ratios = (theta: ArrayLike<number>, ratio: Float64Array): void => {
    if (!psf) {
      for (const i of idx) {
        oh[i] = forwardProfileOh(theta, radiusKpc[i], shape);
        ratio[i] = 10 ** inverse.indexFromOh(oh[i]);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      if (fixed && fixed[i]) {
        weighted[i] = (weight[i] * niiFlux[i]) / haFlux[i];
        if (Number.isFinite(radiusKpc[i])) oh[i] = forwardProfileOh(theta, radiusKpc[i], shape);
      } else if (weight[i] > 0) {
        oh[i] = forwardProfileOh(theta, radiusKpc[i], shape);
        weighted[i] = weight[i] * 10 ** inverse.indexFromOh(oh[i]);
      } else {
        weighted[i] = 0;
        if (Number.isFinite(radiusKpc[i])) oh[i] = forwardProfileOh(theta, radiusKpc[i], shape);
      }
    }
    applySeparablePsf(psf, weighted, blurred, scratch);
    for (const i of idx) ratio[i] = blurredWeight[i] > 0 ? blurred[i] / blurredWeight[i] : 10 ** inverse.indexFromOh(oh[i]);
  };

  const ratio = new Float64Array(n);
  const logLikelihood = (theta: Float64Array): number => {
    ratios(theta, ratio);
    const s = theta[2];
    let sum = 0;
    for (const i of idx) {
      const rho = ratio[i];
      const pred = rho * haFlux[i];
      const scatterFlux = (pred * LN10 * s) / inverse.dOhdIndexAt(oh[i]);
      const v = niiFluxErr[i] ** 2 + (rho * haFluxErr[i]) ** 2 + scatterFlux * scatterFlux;
      const d = niiFlux[i] - pred;
      sum += (d * d) / v + Math.log(2 * Math.PI * v);
    }
    return -0.5 * sum;
  };

  const predict = (theta: ArrayLike<number>): ForwardPrediction => {
    const r = new Float64Array(n).fill(NaN);
    ratios(theta, r);
    const ohOut = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) if (Number.isFinite(radiusKpc[i])) ohOut[i] = forwardProfileOh(theta, radiusKpc[i], shape);
    const niiModel = new Float64Array(n).fill(NaN);
    const sigmaTotal = new Float64Array(n).fill(NaN);
    const ratioOut = new Float64Array(n).fill(NaN);
    for (const i of idx) {
      ratioOut[i] = r[i];
      niiModel[i] = r[i] * haFlux[i];
      const scatterFlux = (niiModel[i] * LN10 * theta[2]) / inverse.dOhdIndexAt(ohOut[i]);
      sigmaTotal[i] = Math.sqrt(niiFluxErr[i] ** 2 + (r[i] * haFluxErr[i]) ** 2 + scatterFlux * scatterFlux);
    }
    return { oh: ohOut, ratio: ratioOut, niiModel, sigmaTotal };
  };

  return { nUsed: idx.length, logLikelihood, predict };
}
