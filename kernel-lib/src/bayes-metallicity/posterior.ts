// The log-posterior of (12+log(O/H), A_V, de-reddened Hβ flux) given line fluxes: Wang et al. 2020 (ApJ 900, 183)
// Eq. 2, χ² = Σ (f_i − R_i f_Hβ)² / (σ_i² + f_Hβ² σ_Ri²) on de-reddened fluxes, with flat priors.
import { CCM89_RV } from '../dust/ccm89';
import { normalCdf } from '../stats/normal-cdf';
import { CASE_B_HALPHA_HBETA } from '../lines/case-b';
import {
  CURTI2020_S2,
  CURTI2020_S2_RANGE,
  DEFAULT_LOG_SCATTER_DEX,
  MAIOLINO2008_O2HB,
  MAIOLINO2008_O3HB,
  MAIOLINO2008_OH_RANGE,
  SOLAR_OH,
  expectedRatioToHbeta,
  polynomial,
} from './calibrations';
import { lineExtinctionK } from './nebular-lines';
import type { NebularLine } from './nebular-lines';
import type { PreparedLine } from './line-fluxes';
import { InputError } from '../errors/input-error';

/** Flat priors: 12+log(O/H) uniform on ohRange, A_V uniform on [0, avMaxMag], f_Hβ uniform on (0, ∞). */
export interface MetallicityPrior {
  /** Default 7.0–9.2, the Maiolino 2008 calibration range. */
  ohRange?: readonly [number, number];
  /** Upper end of the A_V prior in mag (default 4; the lower end is 0: no negative extinction). */
  avMaxMag?: number;
}

/** Options of the likelihood. */
export interface MetallicityLikelihoodOptions {
  prior?: MetallicityPrior;
  /** Intrinsic scatter σ(log R) per line in dex (defaults: DEFAULT_LOG_SCATTER_DEX). */
  logScatterDex?: Partial<Record<NebularLine, number>>;
  /**
   * Include the Gaussian normalisation −½ Σ ln var_i (default true). Eq. 2 as printed is exp(−χ²/2) alone; because
   * var_i depends on f_Hβ and A_V through the scatter term, leaving it out favours a large f_Hβ. false = Eq. 2 literally.
   */
  normalized?: boolean;
  /** R_V of the CCM89 curve (default 3.1). */
  rv?: number;
}

/** Index of each parameter in θ: 12+log(O/H), A_V (mag), ln of the de-reddened Hβ flux. */
export const THETA_OH = 0;
export const THETA_AV = 1;
export const THETA_LN_HBETA = 2;

/** The resolved prior bounds. */
export function resolvePrior(prior: MetallicityPrior = {}): { ohMin: number; ohMax: number; avMax: number } {
  const where = 'inferMetallicity';
  const [ohMin, ohMax] = prior.ohRange ?? MAIOLINO2008_OH_RANGE;
  const avMax = prior.avMaxMag ?? 4;
  if (!(Number.isFinite(ohMin) && Number.isFinite(ohMax) && ohMin < ohMax)) throw new InputError('inconsistent', where, `prior ohRange must be two finite numbers, low < high (got ${ohMin}, ${ohMax})`);
  if (!(Number.isFinite(avMax) && avMax > 0)) throw new InputError('out-of-range', where, `prior avMaxMag must be a finite number > 0 (got ${avMax})`);
  return { ohMin, ohMax, avMax };
}

/**
 * ln p(θ | fluxes) up to a constant, θ = [12+log(O/H), A_V (mag), ln f_Hβ] with f_Hβ the de-reddened Hβ flux. The
 * sampler works in ln f_Hβ because f_Hβ and A_V are degenerate along f_Hβ ∝ 10^(0.4 A_V k/R_V), a straight line in
 * (A_V, ln f_Hβ) that the affine-invariant stretch move follows easily; the prior stays flat in f_Hβ through the
 * Jacobian term + ln f_Hβ. For each line, with D_i = 10^(0.4 A_V k_i/R_V) (CCM89) and R_i(O/H) the expected ratio:
 *   measured:    −½ (D_i f_i − R_i f_Hβ)² / (D_i² σ_i² + f_Hβ² σ_Ri²)          (Wang et al. 2020 Eq. 2, de-reddened)
 *                [− ½ ln(σ_i² + f_Hβ² σ_Ri²/D_i²) when normalised: the same Gaussian in observed flux],
 *   upper limit: ln Φ((L − R_i f_Hβ/D_i) / √(σ_L² + f_Hβ² σ_Ri²/D_i²)), σ_L = L/nSigma (probability the flux is below L),
 * with σ_Ri = R_i·ln10·σ(log R_i). −∞ outside the priors. The returned function allocates nothing.
 */
export function metallicityLogPosterior(lines: readonly PreparedLine[], options: MetallicityLikelihoodOptions = {}): (theta: Float64Array) => number {
  const where = 'inferMetallicity';
  if (lines.length === 0) throw new InputError('too-few', where, `no line fluxes given`);
  if (!lines.some((l) => l.kind === 'measured' && (l.line === 'Hbeta' || l.line === 'Halpha' || l.line === 'Hgamma'))) {
    throw new InputError('missing', where, `needs a measured Balmer line (Hbeta, Halpha or Hgamma) to fix the de-reddened Hβ flux`);
  }
  const { ohMin, ohMax, avMax } = resolvePrior(options.prior);
  const rv = options.rv ?? CCM89_RV;
  if (!(rv > 0)) throw new InputError('out-of-range', where, `rv must be > 0 (got ${rv})`);
  const normalized = options.normalized ?? true;
  const n = lines.length;
  const flux = new Float64Array(n);
  const variance = new Float64Array(n);
  const attenuation = new Float64Array(n); // ln D_i per magnitude of A_V: 0.4 ln10 k_i / R_V
  const logScatterLn10 = new Float64Array(n); // σ(log R)·ln10
  const isLimit = new Uint8Array(n);
  const code = new Uint8Array(n); // which ratio: see RATIO_CODE
  const constantRatio = new Float64Array(n); // Balmer lines: the fixed Case-B ratio
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    flux[i] = l.flux;
    variance[i] = l.error * l.error;
    attenuation[i] = (0.4 * Math.LN10 * lineExtinctionK(l.line, rv)) / rv;
    const s = options.logScatterDex?.[l.line] ?? DEFAULT_LOG_SCATTER_DEX[l.line];
    if (!(Number.isFinite(s) && s >= 0)) throw new InputError('out-of-range', where, `logScatterDex.${l.line} must be a finite number ≥ 0 (got ${s})`);
    logScatterLn10[i] = s * Math.LN10;
    isLimit[i] = l.kind === 'upper-limit' ? 1 : 0;
    code[i] = RATIO_CODE[l.line];
    constantRatio[i] = code[i] === 0 ? expectedRatioToHbeta(l.line, SOLAR_OH) : NaN;
  }
  // Local copies so the hot closure reads plain locals, not module exports.
  const cO3 = Float64Array.from(MAIOLINO2008_O3HB);
  const cO2 = Float64Array.from(MAIOLINO2008_O2HB);
  const cS2 = Float64Array.from(CURTI2020_S2);
  const [s2Low, s2High] = CURTI2020_S2_RANGE;
  const halphaHbeta = CASE_B_HALPHA_HBETA;
  return (theta: Float64Array): number => {
    const oh = theta[THETA_OH];
    const av = theta[THETA_AV];
    const lnF = theta[THETA_LN_HBETA];
    if (!(oh >= ohMin && oh <= ohMax && av >= 0 && av <= avMax && lnF > -700 && lnF < 700)) return -Infinity;
    const fHb = Math.exp(lnF);
    // The three metallicity-dependent ratios, once per call (Maiolino 2008; Curti 2020 for [S II]).
    const x = oh - SOLAR_OH;
    const o3 = Math.exp(Math.LN10 * polynomial(cO3, x));
    const o2 = Math.exp(Math.LN10 * polynomial(cO2, x));
    const xs = (oh < s2Low ? s2Low : oh > s2High ? s2High : oh) - SOLAR_OH;
    const s2 = halphaHbeta * Math.exp(Math.LN10 * polynomial(cS2, xs));
    let lnp = lnF; // Jacobian of f_Hβ → ln f_Hβ: the prior is flat in f_Hβ
    for (let i = 0; i < n; i++) {
      const c = code[i];
      const ratio = c === 0 ? constantRatio[i] : c === 1 ? o3 : c === 2 ? o2 : s2;
      const model = ratio * fHb * Math.exp(-av * attenuation[i]); // expected observed flux
      const scatter = model * logScatterLn10[i]; // σ_R f_Hβ / D_i
      const v = variance[i] + scatter * scatter;
      const r = flux[i] - model;
      if (isLimit[i]) {
        lnp += Math.log(Math.max(normalCdf(r / Math.sqrt(v)), 1e-300));
      } else {
        lnp -= (0.5 * (r * r)) / v;
        if (normalized) lnp -= 0.5 * Math.log(v);
      }
    }
    return lnp;
  };
}

/** 0 = fixed Balmer ratio, 1 = [O III]/Hβ (M08), 2 = [O II]/Hβ (M08), 3 = [S II]/Hβ (C20 × 2.86). */
const RATIO_CODE: Readonly<Record<NebularLine, number>> = {
  Hbeta: 0, Hgamma: 0, Halpha: 0, OIII5007: 1, OII3727: 2, SII6717_31: 3,
};
