// Straight-line fit of 12+log(O/H) against deprojected radius over a radial range — the metallicity gradient of
// Ju et al., MSA-3D §3.2 (0.5 kpc to the edge of the field in dex/kpc; 0.5–2.5 R_e in dex/R_e) — with its RMSE.
//
// Intrinsic-scatter weighting (`intrinsicScatter: true`; analyzeGalaxy's `gradientWeighting: 'intrinsic-scatter'`):
// weights 1/(σ_i² + s²) with σ_i the statistical errors and s the scatter that makes χ²/(n − 2) = 1 (Tremaine et al. 2002, ApJ 574, 740, §3.1). Noisy
// edge spaxels — where log([N II]/Hα) of a faint [N II] is biased and the leverage is largest — count less, while the
// bright centre cannot dominate once s exceeds its tiny errors. On 138 independent simulated MSA-3D galaxies
// (test/recovery.test.ts) the unweighted fit came out steeper than the same fit on the noise-free cube by 0.64σ with
// pulls of width 1.09; this one by < 0.1σ (+0.04) with width 1.14. Against the injected slope it is the flatter of the two: the bright centre it leans
// on is the most beam-smeared (analyze-galaxy.ts gives the numbers).
//
// Weighting (default: unweighted). The paper's per-spaxel errors are the statistical error and the 0.18 dex PP04
// calibration scatter added in quadrature; after the 0.25 dex cut on the statistical part they lie between 0.18 and
// 0.31 dex, so 1/σ² weights differ by at most ≈ 3× and a weighted fit is nearly an unweighted one. Unweighted
// ordinary least squares is simpler, does not lean on the bright central spaxels (the most beam-smeared), and is what
// "a linear fit to the spaxels" reads as; `weighted: true` gives the 1/σ² fit.
//
// Slope error (default: 'residual', σ² = RSS/(n − 2), i.e. curve_fit's absolute_sigma=False). Why: the paper's RMSE
// about the fits is 0.04–0.11 dex, well below 0.18 dex, so the 0.18 dex is not independent per-spaxel scatter — it is
// a calibration systematic shared by spaxels of similar N2 — and propagating it as independent noise ('absolute' with
// total errors, which is what the paper's statement that its errors are "dominated by the 0.18 dex" implies) inflates
// slope errors by ≈ 0.18/RMSE. The residual scale measures the scatter that is actually there (noise + azimuthal
// variations), and gives pulls of unit width for independent noise (the injection–recovery test). What neither
// convention sees is correlation between neighbouring spaxels (PSF, resampling): with k spaxels per resolution element
// the independent count is ≈ n/k, so `spaxelsPerResolutionElement: k` multiplies the errors by √k (Condon 1997, PASP
// 109, 166, §3). 'absolute' reproduces the paper's convention (MSA3D_ERROR_CONVENTION); 'bootstrap' (seeded, spaxels
// resampled with replacement, Efron & Tibshirani 1993 Alg. 6.1) is robust to non-Gaussian residuals but, like the
// others, treats spaxels as independent.
import { bootstrapLine } from '../stats/bootstrap';
import { fitLine } from '../stats/least-squares';
import { InputError } from '../errors/input-error';

export type GradientErrorMethod = 'residual' | 'absolute' | 'bootstrap';

export interface GradientFitOptions {
  /** Inner edge of the range, in the radius unit; default 0.5 (kpc: the paper excludes the beam-smeared centre). */
  rMin?: number;
  /** Outer edge; default the edge of the field: the largest radius among the usable spaxels. */
  rMax?: number;
  /** 1σ errors of 12+log(O/H), dex (total, with the 0.18 dex systematic, for the paper's convention). */
  ohErr?: ArrayLike<number>;
  /** Fit with weights 1/σ² (needs ohErr); default false. */
  weighted?: boolean;
  /** Weights 1/(σ² + s²), s solved so that χ²/(n − 2) = 1 (needs ohErr: the statistical errors); default false. */
  intrinsicScatter?: boolean;
  /** How the parameter errors are computed; default 'residual'. 'absolute' needs ohErr; 'bootstrap' needs seed. */
  errorMethod?: GradientErrorMethod;
  /** Spaxels per resolution element k ≥ 1 (spaxelsPerResolutionElement()); errors × √k. Default 1. */
  spaxelsPerResolutionElement?: number;
  /** Fewest spaxels in range for a fit; default and minimum 3. */
  minSpaxels?: number;
  /** Seed and number of resamples of the bootstrap (default 1000). */
  seed?: number;
  resamples?: number;
  /** Label of the radius unit ('kpc', 'R_e', 'arcsec'); default 'kpc'. */
  radiusUnit?: string;
}

/** A fitted gradient 12+log(O/H) = intercept + slope · R. */
export interface GradientFit {
  readonly ok: true;
  /** dex per radius unit (dex/kpc, dex/R_e). */
  readonly slope: number;
  readonly slopeErr: number;
  /** 12+log(O/H) extrapolated to R = 0, dex. */
  readonly intercept: number;
  readonly interceptErr: number;
  /** Covariance of intercept and slope (same convention as the errors). */
  readonly slopeInterceptCov: number;
  /** RMSE of the spaxels about the line, √(Σ(y − ŷ)²/n), dex — the paper's "RMSE" scatter. */
  readonly rmse: number;
  /** χ²/(n − 2) with the given ohErr (unweighted residuals are still divided by σ); null without ohErr. */
  readonly reducedChiSquare: number | null;
  readonly nSpaxels: number;
  /** The range asked for (rMax resolved to the field edge when not given), in radiusUnit. */
  readonly rMin: number;
  readonly rMax: number;
  /** Smallest and largest radius among the spaxels fitted. */
  readonly rMinData: number;
  readonly rMaxData: number;
  readonly radiusUnit: string;
  readonly weighted: boolean;
  /** The intrinsic scatter s, dex, with intrinsicScatter (0 when the errors alone give χ²/(n − 2) ≤ 1); null otherwise. */
  readonly intrinsicScatterDex: number | null;
  readonly errorMethod: GradientErrorMethod;
  /** Factor applied to the errors, √(spaxelsPerResolutionElement). */
  readonly errorInflation: number;
  /** Indices (into the input arrays) of the spaxels fitted. */
  readonly indices: Uint32Array;
}

/** No fit: why, and what was in range. */
export interface GradientFailure {
  readonly ok: false;
  readonly reason: string;
  readonly nSpaxels: number;
  readonly rMin: number;
  readonly rMax: number;
  readonly radiusUnit: string;
}

export type GradientResult = GradientFit | GradientFailure;

/** The paper's range in kpc: from 0.5 kpc to the edge of the field (Ju et al. §3.2). */
export const PAPER_KPC_RANGE = { rMin: 0.5 } as const;
/** The paper's range in R_e: 0.5–2.5 R_e, after Belfiore et al. 2017 (Ju et al. §3.2). */
export const PAPER_RE_RANGE = { rMin: 0.5, rMax: 2.5, radiusUnit: 'R_e' } as const;
/** The error convention the paper's "dominated by the 0.18 dex" implies: 1/σ² weights, σ taken as absolute. */
export const MSA3D_ERROR_CONVENTION = { weighted: true, errorMethod: 'absolute' } as const;

/**
 * Fits 12+log(O/H) = intercept + slope · R over rMin ≤ R ≤ rMax (inclusive). Spaxels whose radius or O/H (or given
 * error) is not finite, or whose error is ≤ 0, are not usable and are skipped, so full maps with NaN may be passed.
 * Returns { ok: false, reason } — never a number — when fewer than minSpaxels (≥ 3) spaxels are in range or their
 * radii are all equal. Throws only on misuse (mismatched lengths, weighted or 'absolute' without ohErr, bootstrap
 * without seed, rMin > rMax).
 */
export function fitMetallicityGradient(radius: ArrayLike<number>, oh: ArrayLike<number>, options: GradientFitOptions = {}): GradientResult {
  const where = 'fitMetallicityGradient';
  const radiusUnit = options.radiusUnit ?? 'kpc';
  const intrinsicScatter = options.intrinsicScatter ?? false;
  const weighted = (options.weighted ?? false) || intrinsicScatter;
  const errorMethod = options.errorMethod ?? 'residual';
  const err = options.ohErr ?? null;
  const k = options.spaxelsPerResolutionElement ?? 1;
  const minSpaxels = Math.max(3, options.minSpaxels ?? 3);
  if (radius.length !== oh.length) throw new InputError('length-mismatch', where, `radius has ${radius.length} values but oh has ${oh.length}`);
  if (err && err.length !== oh.length) throw new InputError('length-mismatch', where, `ohErr has ${err.length} values but oh has ${oh.length}`);
  if (errorMethod !== 'residual' && errorMethod !== 'absolute' && errorMethod !== 'bootstrap') {
    throw new InputError('not-one-of', where, `errorMethod must be 'residual', 'absolute' or 'bootstrap' (got ${String(errorMethod)})`);
  }
  if ((weighted || errorMethod === 'absolute') && !err) {
    throw new InputError('missing', where, `${intrinsicScatter ? 'intrinsicScatter' : weighted ? 'weighted' : "errorMethod 'absolute'"} needs ohErr`);
  }
  if (errorMethod === 'bootstrap' && options.seed === undefined) throw new InputError('missing', where, `errorMethod 'bootstrap' needs a seed`);
  if (!(k >= 1) || !Number.isFinite(k)) throw new InputError('out-of-range', where, `spaxelsPerResolutionElement must be ≥ 1 (got ${k})`);
  if (!Number.isInteger(options.minSpaxels ?? 3)) throw new InputError('not-integer', where, `minSpaxels must be an integer (got ${options.minSpaxels})`);

  const usable = (i: number): boolean => {
    if (!Number.isFinite(radius[i]) || !Number.isFinite(oh[i])) return false;
    return err === null || (Number.isFinite(err[i]) && err[i] > 0);
  };
  let edge = -Infinity;
  let nUsable = 0;
  for (let i = 0; i < oh.length; i++) {
    if (usable(i)) {
      nUsable++;
      if (radius[i] > edge) edge = radius[i];
    }
  }
  const rMin = options.rMin ?? 0.5;
  const rMax = options.rMax ?? (nUsable > 0 ? edge : NaN);
  if (!Number.isFinite(rMin) || (options.rMax !== undefined && !Number.isFinite(options.rMax))) {
    throw new InputError('not-finite', where, `rMin and rMax must be finite (got ${rMin}, ${options.rMax})`);
  }
  if (rMin > rMax && options.rMax !== undefined) throw new InputError('inconsistent', where, `rMin = ${rMin} exceeds rMax = ${rMax} ${radiusUnit}`);
  if (rMin > rMax) {
    // the default rMax (the farthest usable spaxel) inside rMin: a small field (a nearby galaxy), not bad input
    return { ok: false, reason: `every usable spaxel lies inside rMin = ${rMin} ${radiusUnit} (the farthest is at ${fmt(rMax)} ${radiusUnit})`, nSpaxels: 0, rMin, rMax, radiusUnit };
  }
  const range = `${fmt(rMin)}–${Number.isNaN(rMax) ? 'edge' : fmt(rMax)} ${radiusUnit}`;
  const fail = (reason: string, nSpaxels: number): GradientFailure => ({ ok: false, reason, nSpaxels, rMin, rMax, radiusUnit });
  if (nUsable === 0) return fail(`no usable spaxels (finite radius and 12+log(O/H)${err ? ', error > 0' : ''})`, 0);

  const chosen: number[] = [];
  for (let i = 0; i < oh.length; i++) if (usable(i) && radius[i] >= rMin && radius[i] <= rMax) chosen.push(i);
  const n = chosen.length;
  if (n < minSpaxels) return fail(`only ${n} usable spaxel${n === 1 ? '' : 's'} in ${range} (need ≥ ${minSpaxels})`, n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const sigma = err ? new Float64Array(n) : null;
  for (let j = 0; j < n; j++) {
    x[j] = radius[chosen[j]];
    y[j] = oh[chosen[j]];
    if (sigma) sigma[j] = err![chosen[j]];
  }
  let rMinData = Infinity;
  let rMaxData = -Infinity;
  for (let j = 0; j < n; j++) {
    rMinData = Math.min(rMinData, x[j]);
    rMaxData = Math.max(rMaxData, x[j]);
  }
  if (!(rMaxData > rMinData)) return fail(`all ${n} spaxels in ${range} are at the same radius, so the slope is undetermined`, n);

  let scatterDex: number | null = null;
  if (intrinsicScatter) {
    scatterDex = solveIntrinsicScatter(x, y, sigma!);
    for (let j = 0; j < n; j++) sigma![j] = Math.hypot(sigma![j], scatterDex);
  }
  // Point estimate: OLS, or weighted least squares with w = 1/σ² (Press et al. 2007, eqs. 15.2.4–15.2.6).
  const line = fitLine(x, y, weighted ? { sigma: sigma!, absoluteSigma: errorMethod === 'absolute' } : {});
  let varIntercept = line.interceptErr ** 2;
  let varSlope = line.slopeErr ** 2;
  let cov = line.covariance[0][1];
  if (errorMethod === 'absolute' && !weighted) {
    // OLS is linear in y: b = Σ c_i y_i with c_i = (x_i − x̄)/Sxx, a = Σ (1/n − x̄ c_i) y_i, so with independent
    // known σ_i, var b = Σ c_i² σ_i², var a = Σ (1/n − x̄ c_i)² σ_i², cov = Σ (1/n − x̄ c_i) c_i σ_i² (error propagation).
    let xMean = 0;
    for (let j = 0; j < n; j++) xMean += x[j];
    xMean /= n;
    let sxx = 0;
    for (let j = 0; j < n; j++) sxx += (x[j] - xMean) ** 2;
    varIntercept = 0;
    varSlope = 0;
    cov = 0;
    for (let j = 0; j < n; j++) {
      const c = (x[j] - xMean) / sxx;
      const a = 1 / n - xMean * c;
      const s2 = sigma![j] * sigma![j];
      varSlope += c * c * s2;
      varIntercept += a * a * s2;
      cov += a * c * s2;
    }
  } else if (errorMethod === 'bootstrap') {
    const boot = bootstrapLine(x, y, { seed: options.seed!, resamples: options.resamples, sigma: weighted ? sigma! : undefined });
    varIntercept = boot.interceptErr ** 2;
    varSlope = boot.slopeErr ** 2;
    const a = boot.interceptSamples;
    const b = boot.slopeSamples;
    let ma = 0;
    let mb = 0;
    for (let s = 0; s < a.length; s++) {
      ma += a[s];
      mb += b[s];
    }
    ma /= a.length;
    mb /= b.length;
    cov = 0;
    for (let s = 0; s < a.length; s++) cov += (a[s] - ma) * (b[s] - mb);
    cov /= a.length;
  }

  let reducedChiSquare: number | null = null;
  if (sigma) {
    let chi2 = 0;
    for (let j = 0; j < n; j++) chi2 += ((y[j] - line.intercept - line.slope * x[j]) / sigma[j]) ** 2;
    reducedChiSquare = chi2 / (n - 2);
  }
  const inflation = Math.sqrt(k);
  return {
    ok: true,
    slope: line.slope,
    slopeErr: Math.sqrt(varSlope) * inflation,
    intercept: line.intercept,
    interceptErr: Math.sqrt(varIntercept) * inflation,
    slopeInterceptCov: cov * k,
    rmse: line.rmse,
    reducedChiSquare,
    nSpaxels: n,
    rMin,
    rMax,
    rMinData,
    rMaxData,
    radiusUnit,
    weighted,
    intrinsicScatterDex: scatterDex,
    errorMethod,
    errorInflation: inflation,
    indices: Uint32Array.from(chosen),
  };
}

/** The gradient in dex/R_e over the paper's 0.5–2.5 R_e (Ju et al. §3.2), from radii in units of R_e. */
export function fitMetallicityGradientRe(radiusRe: ArrayLike<number>, oh: ArrayLike<number>, options: GradientFitOptions = {}): GradientResult {
  return fitMetallicityGradient(radiusRe, oh, {
    ...options,
    rMin: options.rMin ?? PAPER_RE_RANGE.rMin,
    rMax: options.rMax ?? PAPER_RE_RANGE.rMax,
    radiusUnit: options.radiusUnit ?? PAPER_RE_RANGE.radiusUnit,
  });
}

/** χ²/(n − 2) of the weighted straight-line fit with errors √(σ² + s²). */
function reducedChiSquareWithScatter(x: Float64Array, y: Float64Array, sigma: Float64Array, s: number): number {
  const eff = Float64Array.from(sigma, (v) => Math.hypot(v, s));
  const line = fitLine(x, y, { sigma: eff, absoluteSigma: true });
  let chi2 = 0;
  for (let j = 0; j < x.length; j++) chi2 += ((y[j] - line.intercept - line.slope * x[j]) / eff[j]) ** 2;
  return chi2 / (x.length - 2);
}

/** The s ≥ 0 with χ²/(n − 2) = 1 (bisection to 1e-6 dex; χ² falls as s grows), 0 when the errors already suffice. */
function solveIntrinsicScatter(x: Float64Array, y: Float64Array, sigma: Float64Array): number {
  if (x.length < 3 || reducedChiSquareWithScatter(x, y, sigma, 0) <= 1) return 0;
  let spread = 0;
  let mean = 0;
  for (const v of y) mean += v / y.length;
  for (const v of y) spread = Math.max(spread, Math.abs(v - mean));
  let lo = 0;
  let hi = Math.max(spread, 1e-3);
  while (reducedChiSquareWithScatter(x, y, sigma, hi) > 1) hi *= 2;
  while (hi - lo > 1e-6) {
    const mid = 0.5 * (lo + hi);
    if (reducedChiSquareWithScatter(x, y, sigma, mid) > 1) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/** The residual map of a fitted gradient: O/H − (intercept + slope·R) on the fitted spaxels (fit.indices), NaN elsewhere. */
export function gradientResidualMap(fit: GradientFit, radius: ArrayLike<number>, oh: ArrayLike<number>): Float64Array {
  const out = new Float64Array(radius.length).fill(NaN);
  for (const i of fit.indices) out[i] = oh[i] - (fit.intercept + fit.slope * radius[i]);
  return out;
}
