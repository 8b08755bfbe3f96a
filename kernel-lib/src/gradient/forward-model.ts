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
//
// [O III]5007 through O3N2 (optional, `o3`): where the cube has Hβ and [O III], each used spaxel with both measured adds
// the predicted [O III] = Hβ_true·10^O3·f_dust, O3 = log([O III]/Hβ) = O3N2(Z) + N2(Z) — O3N2 from the O3N2 calibration run
// backwards (PP04 eq. 3 or Marino et al. 2013 eq. 2), N2 from the N2 calibration as for [N II]; the simulator makes
// [O III] the same way (simulate/line-ratios.ts: PP04 O3N2 + PP04 N2 cubic); f_dust = T(5007)/T(Hβ) of the galaxy's
// Balmer decrement (o3DustLogFactor; one screen for the galaxy: a gradient of 1 mag in A_V across the disk would tilt
// O3 by 0.013 dex, ≈ 0.007 dex in O/H). [N II]/Hα stays without (21 Å apart: 0.002 dex at A_V = 2). Hβ is marginalised like Hα (flat prior,
// O − ρ_O·B ~ N(0, σ_O² + ρ_O²σ_B²)). Scatter: the O/H read by O3N2 scatters by its own s_O (uniform on
// [0, σ_O3N2]), independently of the N2 one s_N (a stated choice: PP04 and M13 fit both indices to the same H II
// regions but publish no correlation of their residuals; common Tₑ errors, ionisation parameter and N/O would make it
// positive). Because O3 = O3N2 + N2, the N2 scatter moves both lines: per spaxel the pair ([N II], [O III]) is a
// bivariate Gaussian with Var_N = σ_N² + ρ_N²σ_H² + A²v_N, Var_O = σ_O² + ρ_O²σ_B² + C²(v_N + v_O),
// Cov = A·C·v_N (A = ρ_N·H·ln10, C = ρ_O·B·ln10, v_N = (s_N/(dOH/dN2))², v_O = (s_O/(dOH/dO3N2))²; the measurement
// errors of the four lines taken as independent). The normaliser is the profile likelihood's, not the flat-prior
// marginal's: maximised over the true Hα and Hβ the pair's density is exp(−½ Mahalanobis) / (2π √det C₀), C₀ the
// covariance without the ρ²σ_H², ρ_O²σ_B² terms (effective variance, Orear 1982, Am. J. Phys. 50, 912). Why: the
// marginal's log det grows with ρ, and with one nuisance per spaxel (Neyman & Scott 1948) its expected log-likelihood
// peaks at ρ·(1 − 1/SNR²) (SNR of the Balmer line), not at ρ: negligible for Hα (S/N > 10, ≤ 1 %, kept in the N2
// model) but 4–11 % for Hβ at S/N 3–5 in the outer spaxels, which flattened the slopes. Measured on noise-free sharp
// ID8512 (injected −0.0241): −0.0215 with the marginal, −0.0241 with the profile (Balmer-decrement dust on both). In the joint model both
// lines' terms take it. With the PSF, [O III]/Hβ is blurred with the same weights as
// [N II]/Hα (the deconvolved Hα: the Balmer decrement taken as uniform within the PSF, Hβ itself being ≈ 3× fainter
// and noisier to deconvolve), and excluded spaxels add their measured [O III]/Hβ.
import { tabulateInverseCalibration, type TabulatedInverseCalibration } from '../abundance/inverse-calibrations';
import { applySeparablePsf, type SeparablePsfMatrices } from '../instrument/psf-operator';
import { ccm89K, CCM89_RV } from '../dust/ccm89';
import { EMISSION_LINES } from '../lines/emission-lines';
import { CASE_B_HALPHA_HBETA } from '../lines/case-b';

export type ForwardProfileShape = 'linear' | 'broken';

/**
 * Parameter names in θ order: linear [intercept, slope, scatterDex]; broken adds [breakRadiusKpc, outerSlope]; with
 * [O III] the O3N2 calibration's scatter scatterO3Dex comes last.
 */
export function forwardParameterNames(shape: ForwardProfileShape, withO3 = false): string[] {
  const base = ['intercept', 'slope', 'scatterDex'];
  const names = shape === 'broken' ? [...base, 'breakRadiusKpc', 'outerSlope'] : base;
  return withO3 ? [...names, 'scatterO3Dex'] : names;
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
  /** Hβ and [O III]5007 (with setup.o3): `o3Used` 1 where the spaxel's [O III] term enters (a subset of `used`). */
  hbFlux?: Float64Array;
  hbFluxErr?: Float64Array;
  oiiiFlux?: Float64Array;
  oiiiFluxErr?: Float64Array;
  o3Used?: Uint8Array;
}

export interface ForwardModelSetup {
  shape: ForwardProfileShape;
  inverse: TabulatedInverseCalibration;
  /** PSF matrices (separablePsfMatrices) or null: no PSF term. */
  psf: SeparablePsfMatrices | null;
  /** The O3N2 calibration run backwards (as an increasing function of −O3N2: o3n2InverseCalibration): adds [O III]. */
  o3?: TabulatedInverseCalibration;
  /** log10 of the dust's T(5007)/T(4861) multiplying the predicted [O III]/Hβ (o3DustLogFactor; default 0). */
  o3DustLogDex?: number;
}

/**
 * log10 of T([O III]5007)/T(Hβ) for a uniform screen (CCM89, R_V = 3.1) whose Balmer decrement is `halphaOverHbeta`
 * (Case B 2.86 intrinsic; below it: no dust, 0): log10(D/2.86)·(k_Hβ − k_5007)/(k_Hβ − k_Hα), with A_V =
 * 2.5·R_V·log10(D/2.86)/(k_Hβ − k_Hα) returned beside it. Why: [O III] and Hβ are 146 Å apart, and the ratio the
 * calibration reads is the unreddened one (PP04 fit dereddened H II region fluxes); for A_V = 2 the observed
 * [O III]/Hβ is 0.03 dex high (measured on the simulated presets, whose lines are reddened by a uniform CCM89 screen).
 */
export function o3DustLogFactor(halphaOverHbeta: number): { logDex: number; avMag: number } {
  const [kHa, kHb, kO3] = [EMISSION_LINES.ha, EMISSION_LINES.hb, EMISSION_LINES.oiii5007].map((l) => ccm89K(l.restWavelengthAngstrom));
  const excess = Math.log10(halphaOverHbeta / CASE_B_HALPHA_HBETA);
  if (!(excess > 0)) return { logDex: 0, avMag: 0 };
  return { logDex: (excess * (kHb - kO3)) / (kHb - kHa), avMag: (2.5 * CCM89_RV * excess) / (kHb - kHa) };
}

/**
 * An O3N2 calibration (decreasing in O3N2) as the increasing OH(−O3N2), tabulated for the forward model: indexFromOh
 * gives −O3N2, dOhdIndexAt gives −dOH/dO3N2. Its table covers O3N2 from −6 to 12 (PP04: 12+log(O/H) 4.89–10.65).
 */
export function o3n2InverseCalibration(calibration: { name: string; ohFromIndex(x: number): number; dOhdIndex(x: number): number }): TabulatedInverseCalibration {
  return tabulateInverseCalibration(
    { name: calibration.name, ohFromIndex: (x) => calibration.ohFromIndex(-x), dOhdIndex: (x) => -calibration.dOhdIndex(-x) },
    { xLo: -12, xHi: 6, step: 1e-3 },
  );
}

/** The model at θ: per spaxel the intrinsic O/H, the observed [N II]/Hα after the PSF, the predicted [N II] and its σ. */
export interface ForwardPrediction {
  oh: Float64Array;
  ratio: Float64Array;
  niiModel: Float64Array;
  /** Total σ of N − ρH: √(σ_N² + ρ²σ_H² + scatter²) on used spaxels, NaN elsewhere. */
  sigmaTotal: Float64Array;
  /** With [O III]: observed [O III]/Hβ after the PSF, predicted [O III] and its total σ on o3Used spaxels (NaN elsewhere). */
  o3Ratio?: Float64Array;
  oiiiModel?: Float64Array;
  oiiiSigmaTotal?: Float64Array;
  /** Correlation of the pair's residuals (N2 scatter shared) on o3Used spaxels. */
  pairCorrelation?: Float64Array;
}

export interface ForwardModel {
  readonly nUsed: number;
  /** Spaxels whose [O III] enters (0 without setup.o3). */
  readonly nO3: number;
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

  // [O III]/Hβ (with setup.o3): O3 = O3N2(Z) + N2(Z) of every o3Used spaxel into `ratioO` (after ratios() set oh)
  const o3 = setup.o3;
  const { hbFlux, hbFluxErr, oiiiFlux, oiiiFluxErr } = data;
  if (o3 && !(hbFlux && hbFluxErr && oiiiFlux && oiiiFluxErr && data.o3Used)) throw new Error('createForwardModel: setup.o3 needs hbFlux, hbFluxErr, oiiiFlux, oiiiFluxErr and o3Used');
  const o3Idx = o3 ? Int32Array.from(usedIdx.filter((i) => data.o3Used![i] === 1)) : new Int32Array(0);
  const isO3 = new Uint8Array(n);
  for (const i of o3Idx) isO3[i] = 1;
  const dustLog = setup.o3DustLogDex ?? 0;
  const logO3 = (v: number): number => inverse.indexFromOh(v) - o3!.indexFromOh(v) + dustLog;
  const fixedO3 = o3 && data.psfMeasuredNii
    ? Uint8Array.from(data.psfMeasuredNii, (v, i) => (v && weight[i] > 0 && hbFlux![i] > 0 && Number.isFinite(oiiiFlux![i]) ? 1 : 0))
    : null;
  const ratiosO3 = (ratioO: Float64Array): void => {
    if (!psf) {
      for (const i of o3Idx) ratioO[i] = 10 ** logO3(oh[i]);
      return;
    }
    for (let i = 0; i < n; i++) {
      if (fixedO3 && fixedO3[i]) weighted[i] = (weight[i] * oiiiFlux![i]) / hbFlux![i];
      else weighted[i] = weight[i] > 0 ? weight[i] * 10 ** logO3(oh[i]) : 0;
    }
    applySeparablePsf(psf, weighted, blurred, scratch);
    for (const i of o3Idx) ratioO[i] = blurredWeight[i] > 0 ? blurred[i] / blurredWeight[i] : 10 ** logO3(oh[i]);
  };
  const sIndexO3 = forwardParameterNames(shape, true).length - 1;
  /**
   * The pair's (co)variances at spaxel i: [Var_N, Var_O, Cov] (see the header), and the determinant of the same
   * without the Balmer lines' terms ρ²σ_H², ρ_O²σ_B² (the profile likelihood's normaliser, see the header).
   */
  const pairCovariance = (i: number, rhoN: number, rhoO: number, sN: number, sO: number): [number, number, number, number] => {
    const a = rhoN * haFlux[i] * LN10;
    const c = rhoO * hbFlux![i] * LN10;
    const vN = (sN / inverse.dOhdIndexAt(oh[i])) ** 2;
    const vO = (sO / o3!.dOhdIndexAt(oh[i])) ** 2;
    const nn = niiFluxErr[i] ** 2 + a * a * vN;
    const oo = oiiiFluxErr![i] ** 2 + c * c * (vN + vO);
    const no = a * c * vN;
    return [nn + (rhoN * haFluxErr[i]) ** 2, oo + (rhoO * hbFluxErr![i]) ** 2, no, nn * oo - no * no];
  };

  const ratio = new Float64Array(n);
  const ratioO = new Float64Array(n);
  const logLikelihood = (theta: Float64Array): number => {
    ratios(theta, ratio);
    const s = theta[2];
    let sum = 0;
    if (!o3) {
      for (const i of idx) {
        const rho = ratio[i];
        const pred = rho * haFlux[i];
        const scatterFlux = (pred * LN10 * s) / inverse.dOhdIndexAt(oh[i]);
        const v = niiFluxErr[i] ** 2 + (rho * haFluxErr[i]) ** 2 + scatterFlux * scatterFlux;
        const d = niiFlux[i] - pred;
        sum += (d * d) / v + Math.log(2 * Math.PI * v);
      }
      return -0.5 * sum;
    }
    ratiosO3(ratioO);
    const sO = theta[sIndexO3];
    for (const i of idx) {
      const rho = ratio[i];
      const d = niiFlux[i] - rho * haFlux[i];
      if (!isO3[i]) {
        const scatterFlux = (rho * haFlux[i] * LN10 * s) / inverse.dOhdIndexAt(oh[i]);
        const vProfile = niiFluxErr[i] ** 2 + scatterFlux * scatterFlux;
        sum += (d * d) / (vProfile + (rho * haFluxErr[i]) ** 2) + Math.log(2 * Math.PI * vProfile);
        continue;
      }
      // bivariate Gaussian of (N − ρ_N·H, O − ρ_O·B): Mahalanobis distance, and the profile normaliser
      const e = oiiiFlux![i] - ratioO[i] * hbFlux![i];
      const [vn, vo, cov, detProfile] = pairCovariance(i, rho, ratioO[i], s, sO);
      const det = vn * vo - cov * cov;
      sum += (vo * d * d - 2 * cov * d * e + vn * e * e) / det + Math.log(4 * Math.PI * Math.PI * detProfile);
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
    if (!o3) return { oh: ohOut, ratio: ratioOut, niiModel, sigmaTotal };
    const rO = new Float64Array(n).fill(NaN);
    ratiosO3(rO);
    const o3Ratio = new Float64Array(n).fill(NaN);
    const oiiiModel = new Float64Array(n).fill(NaN);
    const oiiiSigmaTotal = new Float64Array(n).fill(NaN);
    const pairCorrelation = new Float64Array(n).fill(NaN);
    for (const i of o3Idx) {
      o3Ratio[i] = rO[i];
      oiiiModel[i] = rO[i] * hbFlux![i];
      const [vn, vo, cov] = pairCovariance(i, r[i], rO[i], theta[2], theta[sIndexO3]);
      oiiiSigmaTotal[i] = Math.sqrt(vo);
      pairCorrelation[i] = cov / Math.sqrt(vn * vo);
    }
    return { oh: ohOut, ratio: ratioOut, niiModel, sigmaTotal, o3Ratio, oiiiModel, oiiiSigmaTotal, pairCorrelation };
  };

  return { nUsed: idx.length, nO3: o3Idx.length, logLikelihood, predict };
}
