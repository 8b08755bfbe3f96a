// fitGradientForward: the metallicity gradient fitted to the line fluxes of every spaxel with Hα signal through the
// forward model of forward-model.ts (no S/N cut on [N II]: faint, negative and undetected [N II] count as Gaussian
// data), optionally through the PSF, the posterior and evidence by our nested sampler (Skilling 2006; nested/), seeded.
//
// Spaxels with Hα signal (never a cut on [N II]), minus `exclude` (e.g. spaxels confidently classified as not
// star-forming: analyze/forward-gradient.ts), with finite fluxes and errors > 0, over rMin ≤ r ≤ rMax kpc (default
// the paper's 0.5 kpc to the edge of the field, so the slope is comparable). "Hα signal" (haSelection):
// - 'neighbours' (default): the mean Hα S/N of the spaxel's 8 neighbours (≥ 3 of them measured) exceeds minHaSnr
//   (default 10, the paper's level) and its own Hα is > 0. Why: the measured Hα is the model's reference, and a cut on
//   the spaxel's own Hα keeps the spaxels whose Hα scattered up — near the cut, at the edge, where the leverage is —
//   so the predicted [N II] is too high there and the slope too steep. Measured on the 69-galaxy set
//   (scripts/forward-gradient-recovery.ts), with the PSF term: mean pull −0.66 (width 1.11) with the own-S/N cut,
//   −0.45 (width 0.98) with this one. The neighbours' noise is independent of the spaxel's own when the cube's noise
//   is (not in resampled cubes: correlated noise; use 'own' or a mask there).
// - 'own': the spaxel's own Hα S/N > minHaSnr (the paper's rule).
// Why a threshold of 10 and not 3: spaxels of Hα S/N 3–10 have Hα fluxes measured high by 0.17σ with errors 20 % too
// small on the simulated set (the fit's free line centre and width follow the noise), which steepened the slopes
// (ID8365: +0.006 injected, +0.007 with S/N > 10, −0.005 with S/N > 3).
// Errors: slopeErr and interceptErr are half the central 68 % interval of the marginal posterior; the intercept's
// also carries the calibration's zero-point (see forward-model.ts), interceptSystematicDex, in quadrature.
// Lines (`lines`): 'n2' (default) fits [N II]6584 and Hα; 'n2+o3' adds Hβ and [O III]5007 through an O3N2
// calibration (`o3n2Calibration`, default PP04's) on the used spaxels where both are measured (finite, error > 0) —
// none (e.g. the lines outside the cube at this redshift): the N2 model alone, said in `linesEntered` and a note.
// [O III]/Hβ is reddened by the galaxy's Balmer decrement (o3Dust, forward-model.ts). Measured on noise-free cubes
// without a PSF (ID2145, ID8512; injected +0.0015, −0.0241; A_V 0.65, 1.66): 'n2+o3' gives +0.0016, −0.0241 with
// it, +0.0016, −0.0247 without (the reddening pulls the two lines' intercepts apart); N2 alone +0.0007, −0.0247.
// With [O III] the intercept's zero-point is the larger of the two calibrations' unfitted parts (which line sets the
// intercept depends on the data; the larger is the conservative choice).
// Excluded spaxels' neighbours (excludeBufferSpaxels; default 1 without the PSF term, 0 with it): without the PSF term
// the model has no spatial mixing, but an excluded core's light (an AGN, whose narrow-line region has its own extent)
// still reaches the spaxels around it through the pixel grid, and the confident exclusion (analyze/forward-gradient.ts)
// keeps those whose mixed [N II] is within 3σ of star-forming. So the spaxels within `excludeBufferSpaxels` (Chebyshev
// distance on the grid) of an excluded one leave the likelihood too, as AGN regions are masked with a margin in
// gradient studies. With the PSF term the excluded spaxels' measured [N II] enters the PSF sum instead
// (forward-model.ts). Measured on ID9960 made without a PSF (its AGN core σ_r 0.4 kpc, 0.47 spaxel; rounds 1–3 of
// scripts/forward-gradient-recovery.ts --sharp --independent, no PSF term): pulls −2.16, −1.56, −2.04 with no margin,
// its four diagonal neighbours (40 % AGN Hα, N2 −0.30 true, residuals +1 to +2.7σ) kept as star-forming.
// Correlated noise (noiseCorrelationArea = k ≥ 1; default 1, independent spaxels, the model's assumption): the
// log-likelihood is divided by k, which widens the posterior by √k and leaves its peak where it was — a fit to n
// values correlated over an area of k spaxels has the errors of one to n/k independent values (kernelCorrelationArea,
// stats/correlated-field.ts); the magnitude adjustment of a composite likelihood (Varin, Reid & Firth 2011, Stat.
// Sinica 21, 5). k from the cube's noise (measureSpatialNoiseCorrelation's kernelSigmaPx), or from the fit's own
// residuals (residualCorrelationArea: their lag-1 correlation through the same kernel model, which also carries the
// coherence of the scatter about the gradient on the PSF scale, and any coherent misfit of the model, which then counts
// as error). log Z is then the tempered likelihood's. A resampled
// cube has k > 1: the real SAMI cube of GAMA 485885 has k ≈ 4.4 from its noise and ≈ 7.7 from the forward residuals
// (notebook 10 §6b). residualNeighbourCorrelation is always reported. Validated on maps with correlated noise
// (test/forward-gradient-correlated.test.ts): pull width 3.35 as if independent, 0.92 and 0.95 tempered.
import { strongLineCalibration, type CalibrationName, type StrongLineCalibration } from '../abundance/calibrations';
import { tabulateInverseCalibration } from '../abundance/inverse-calibrations';
import type { CubeFit } from '../linemaps/fit-cube';
import { checkPsf, type GaussianPsf } from '../instrument/psf';
import { separablePsfMatrices } from '../instrument/psf-operator';
import { richardsonLucy } from '../instrument/richardson-lucy';
import { nestedSample } from '../nested/nested-sample';
import type { ProgressFactory } from '../progress';
import { correlationAreaFromNeighbourCorrelation, mapNeighbourCorrelation } from '../stats/correlated-field';
import { productPrior, type PriorSpec } from '../nested/prior-transform';
import type { PosteriorSummary } from '../stats/sample-summary';
import { checkFiniteNumber, checkInteger, checkOneOf, checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';
import { createForwardModel, forwardParameterNames, o3DustLogFactor, o3n2InverseCalibration, type ForwardProfileShape } from './forward-model';

export interface ForwardGradientOptions {
  /** Seed of the nested sampler (required). */
  seed: number;
  /** 'linear' (default) or 'broken' at a fitted break radius (inner slope, outer slope). */
  shape?: ForwardProfileShape;
  /** Convolve the model with this PSF (needs pixelScaleArcsec); default none. */
  psf?: GaussianPsf | null;
  pixelScaleArcsec?: number;
  /** An N2 calibration (default 'pp04-n2-cubic', the paper's). */
  calibration?: CalibrationName | StrongLineCalibration;
  /**
   * Spaxels with Hα signal: by haSelection and minHaSnr (default 10, the paper's level), or `mask` when given (e.g.
   * fit.selected, the paper's S/N > 10 and EW cut); `exclude` removes some (e.g. not star-forming). With the PSF term
   * the excluded spaxels still add their light to the PSF sum, with their measured [N II]/Hα (forward-model.ts).
   */
  mask?: Uint8Array;
  minHaSnr?: number;
  /** How minHaSnr is applied: 'neighbours' (default, the mean of the 8 neighbours' S/N) or 'own' (see above). */
  haSelection?: 'neighbours' | 'own';
  exclude?: Uint8Array;
  /**
   * Spaxels within this many spaxels (Chebyshev distance) of an excluded one are left out of the likelihood too
   * (default 1 without the PSF term, 0 with it; see the header). Their count is in `nBufferExcluded`.
   */
  excludeBufferSpaxels?: number;
  /**
   * Spaxels per independent noise element k ≥ 1 (default 1: independent spaxels): the likelihood is tempered by 1/k,
   * so the errors are those of correlated spaxels (see the header; residualCorrelationArea, kernelCorrelationArea).
   */
  noiseCorrelationArea?: number;
  /** Radial range in kpc of the likelihood (default 0.5 to the farthest usable spaxel). */
  rMin?: number;
  rMax?: number;
  /** Fewest spaxels for a fit (default 10). */
  minSpaxels?: number;
  /** Priors (uniform): intercept [7, 9.6], slopes [−0.5, 0.5] dex/kpc; scatter [0, σ_cal]; break radius [rMin, rMax]. */
  interceptRange?: [number, number];
  slopeRange?: [number, number];
  /** Live points of the nested sampler (default 200). */
  nLive?: number;
  /**
   * Progress of the nested sampling (a bar in tslab or on a terminal's stderr with createProgress), 'none' or absent
   * for none. Time grows with the spaxels, and the PSF term costs ≈ 2–3× (bench/forward-gradient.ts: on 100 × 100
   * maps, 9 500 spaxels, one core, 17–30 s without it and 47–61 s with a 4-spaxel FWHM PSF, in two runs).
   */
  progress?: ProgressFactory | 'none';
  /** 'n2' (default): [N II]/Hα; 'n2+o3': also [O III]5007/Hβ through O3N2 (forward-model.ts). */
  lines?: ForwardLines;
  /** The O3N2 calibration for 'n2+o3' (default 'pp04-o3n2', the simulator's; or 'm13-o3n2'). */
  o3n2Calibration?: CalibrationName | StrongLineCalibration;
  /**
   * Dust on [O III]/Hβ with 'n2+o3': 'balmer-decrement' (default) corrects the prediction by T(5007)/T(Hβ) of a
   * uniform CCM89 screen whose A_V is the used spaxels' summed Hα/Hβ against Case B (forward-model.ts); 'none' does not.
   */
  o3Dust?: 'balmer-decrement' | 'none';
}

/** Which line ratios the forward model fits. */
export type ForwardLines = 'n2' | 'n2+o3';
export const FORWARD_LINES: readonly ForwardLines[] = Object.freeze(['n2', 'n2+o3'] as ForwardLines[]);

export interface ForwardGradientFit {
  readonly ok: true;
  readonly method: 'forward';
  readonly shape: ForwardProfileShape;
  /** dex/kpc (inner slope for 'broken'); half the 68 % interval. */
  readonly slope: number;
  readonly slopeErr: number;
  /** 12+log(O/H) at r = 0; its error includes interceptSystematicDex. */
  readonly intercept: number;
  readonly interceptErr: number;
  readonly interceptSystematicDex: number;
  /** Marginal posteriors by parameter name (intercept, slope, scatterDex, and breakRadiusKpc, outerSlope). */
  readonly posterior: Record<string, PosteriorSummary>;
  /** The sampled point of highest likelihood (= highest posterior under the flat priors), by parameter name. */
  readonly maxLikelihood: Record<string, number>;
  readonly logZ: number;
  readonly logZErr: number;
  readonly nSpaxels: number;
  /** Spaxels whose [N II] has S/N > 3 (for comparison with a cut; the fit uses all nSpaxels). */
  readonly nNiiDetected: number;
  /** The margin around excluded spaxels (excludeBufferSpaxels) and how many spaxels with Hα signal it left out. */
  readonly excludeBufferSpaxels: number;
  readonly nBufferExcluded: number;
  /** The k the likelihood was tempered by (1: spaxels independent), and the lag-1 correlation of the residual map. */
  readonly noiseCorrelationArea: number;
  readonly residualNeighbourCorrelation: number;
  readonly rMin: number;
  readonly rMax: number;
  readonly radiusUnit: 'kpc';
  readonly psf: GaussianPsf | null;
  readonly calibration: string;
  /** The lines asked for, the lines that entered the likelihood, and the O3N2 calibration (null without [O III]). */
  readonly lines: ForwardLines;
  readonly linesEntered: string[];
  readonly o3n2Calibration: string | null;
  /** Used spaxels whose [O III] entered (0 with 'n2'), and those with [O III] S/N > 3. */
  readonly nO3Spaxels: number;
  readonly nOiiiDetected: number;
  /** A_V (mag) of the screen that reddened the predicted [O III]/Hβ (0: none or below Case B), null without [O III]. */
  readonly o3DustAvMag: number | null;
  /** χ² of the used spaxels at the posterior median, with its count. */
  readonly chiSquare: number;
  /** Maps at the posterior median (index y·nx + x): model O/H (every spaxel with a radius), model [N II] flux and
   *  the normalised residual (N − model)/σ_total (used spaxels; NaN elsewhere), and which spaxels were used. */
  readonly modelOhMap: Float64Array;
  readonly modelNiiFluxMap: Float64Array;
  readonly residualSigmaMap: Float64Array;
  /** σ_total of each used spaxel's [N II] under the model (flux error, Hα term, scatter term), NaN elsewhere. */
  readonly niiSigmaTotalMap: Float64Array;
  /** With [O III]: model [O III]5007 flux, its σ_total and (O − model)/σ_total on the spaxels it entered (else NaN);
   *  chiSquareOiii sums the squares of the latter (the [O III] marginal, as chiSquare for [N II]). */
  readonly modelOiiiFluxMap: Float64Array | null;
  readonly oiiiSigmaTotalMap: Float64Array | null;
  readonly oiiiResidualSigmaMap: Float64Array | null;
  readonly chiSquareOiii: number | null;
  readonly used: Uint8Array;
  readonly sampler: { name: 'nested'; seed: number; nLive: number; nCalls: number; converged: boolean; seconds: number };
  readonly notes: string[];
}

export interface ForwardGradientFailure {
  readonly ok: false;
  readonly method: 'forward';
  readonly reason: string;
  readonly nSpaxels: number;
}

export type ForwardGradientResult = ForwardGradientFit | ForwardGradientFailure;

/**
 * Richardson–Lucy steps that estimate the Hα before the PSF (forward-model.ts): on the noise-free presets the forward
 * slope changes by ≈ 0.0001 dex/kpc from 20 to 50 steps (ID8576: −0.03127, −0.03116; ID9636: −0.01787, −0.01781).
 */
export const RL_STEPS = 20;

/** How Hα enters the model, stated in outputs. */
export const FORWARD_HALPHA_NUISANCE = 'measured Hα per spaxel, true Hα marginalised analytically (flat prior): σ² = σ_N² + ρ²σ_H²; with [O III], Hβ the same way';

function lineMap(fit: CubeFit, name: string): Float64Array {
  const m = fit.maps[name];
  if (!m) throw new InputError('missing', 'fitGradientForward', `the cube fit has no '${name}' map (the forward model needs Hα and [N II]6584, and Hβ and [O III]5007 with lines 'n2+o3')`);
  return m;
}

/**
 * Fits the forward model to the cube fit's Hα and [N II]6584 maps on the deprojected radii `geometry.radiusKpc`.
 * Throws InputError on bad options (before any work); returns { ok: false, reason } with too few spaxels.
 */
export function fitGradientForward(fit: CubeFit, geometry: { radiusKpc: Float64Array }, options: ForwardGradientOptions): ForwardGradientResult {
  const where = 'fitGradientForward';
  const seed = checkSeed(where, options);
  const shape = checkOneOf(where, 'shape', options.shape ?? 'linear', ['linear', 'broken'] as const);
  const calibration = strongLineCalibration(options.calibration ?? 'pp04-n2-cubic');
  if (calibration.index !== 'n2') throw new InputError('not-one-of', where, `the forward model predicts [N II]/Hα: it needs an N2 calibration (got ${calibration.name})`);
  const lines = checkOneOf(where, 'lines', options.lines ?? 'n2', FORWARD_LINES);
  const o3n2Cal = lines === 'n2+o3' ? strongLineCalibration(options.o3n2Calibration ?? 'pp04-o3n2') : null;
  if (o3n2Cal && o3n2Cal.index !== 'o3n2') throw new InputError('not-one-of', where, `lines 'n2+o3' needs an O3N2 calibration (got ${o3n2Cal.name})`);
  if (!o3n2Cal && options.o3n2Calibration !== undefined) throw new InputError('not-one-of', where, "o3n2Calibration applies to lines 'n2+o3' only");
  const o3Dust = checkOneOf(where, 'o3Dust', options.o3Dust ?? 'balmer-decrement', ['balmer-decrement', 'none'] as const);
  if (!o3n2Cal && options.o3Dust !== undefined) throw new InputError('not-one-of', where, "o3Dust applies to lines 'n2+o3' only");
  const o3Maps = o3n2Cal ? ['hb_flux', 'hb_flux_err', 'oiii5007_flux', 'oiii5007_flux_err'].map((name) => lineMap(fit, name)) : null;
  const n = fit.nx * fit.ny;
  if (geometry.radiusKpc.length !== n) throw new InputError('length-mismatch', where, `radiusKpc has ${geometry.radiusKpc.length} values, the fit ${fit.nx} × ${fit.ny}`);
  const psf = options.psf ?? null;
  if (psf) {
    checkPsf(psf, where);
    checkFiniteNumber(where, 'pixelScaleArcsec', options.pixelScaleArcsec, { above: 0 });
  }
  const minHaSnr = checkFiniteNumber(where, 'minHaSnr', options.minHaSnr ?? 10, { min: 0 });
  const ha = lineMap(fit, 'ha_flux');
  const haErr = lineMap(fit, 'ha_flux_err');
  const haSelection = checkOneOf(where, 'haSelection', options.haSelection ?? 'neighbours', ['neighbours', 'own'] as const);
  const mask = options.mask ?? haSignalMask(ha, haErr, fit.nx, fit.ny, minHaSnr, haSelection);
  if (mask.length !== n || (options.exclude && options.exclude.length !== n)) throw new InputError('length-mismatch', where, `mask/exclude must have ${n} values`);
  const minSpaxels = checkInteger(where, 'minSpaxels', options.minSpaxels ?? 10, { min: 3 });
  const nLive = checkInteger(where, 'nLive', options.nLive ?? 200, { min: 20 });
  if (options.progress !== undefined && options.progress !== 'none' && typeof options.progress !== 'function') {
    throw new InputError('not-one-of', where, `progress must be a progress factory (e.g. createProgress) or 'none' (got ${JSON.stringify(options.progress)})`);
  }
  const [aLo, aHi] = options.interceptRange ?? [7, 9.6];
  const [bLo, bHi] = options.slopeRange ?? [-0.5, 0.5];
  for (const [name, v] of [['interceptRange', [aLo, aHi]], ['slopeRange', [bLo, bHi]]] as const) {
    if (!(Number.isFinite(v[0]) && Number.isFinite(v[1]) && v[0] < v[1])) throw new InputError('out-of-range', where, `${name} must be [lo, hi] with lo < hi (got ${v.join(', ')})`);
  }
  const rMin = checkFiniteNumber(where, 'rMin', options.rMin ?? 0.5);
  const area = checkFiniteNumber(where, 'noiseCorrelationArea', options.noiseCorrelationArea ?? 1, { min: 1 });
  const buffer = checkInteger(where, 'excludeBufferSpaxels', options.excludeBufferSpaxels ?? (psf ? 0 : 1), { min: 0 });
  if (options.rMax !== undefined) checkFiniteNumber(where, 'rMax', options.rMax, { above: rMin });

  const nii = lineMap(fit, 'nii6584_flux');
  const niiErr = lineMap(fit, 'nii6584_flux_err');
  const r = geometry.radiusKpc;
  const exclude = options.exclude && buffer > 0 ? dilateMask(options.exclude, fit.nx, fit.ny, buffer) : options.exclude;
  // usable (Hα signal, finite fluxes and errors), before any exclusion
  const usable = (i: number) => mask[i] === 1 && Number.isFinite(r[i]) && Number.isFinite(ha[i]) && ha[i] > 0
    && haErr[i] > 0 && Number.isFinite(nii[i]) && niiErr[i] > 0 && Number.isFinite(niiErr[i]) && Number.isFinite(haErr[i]);
  const ok = (i: number) => usable(i) && !(exclude?.[i]);
  let edge = -Infinity;
  for (let i = 0; i < n; i++) if (ok(i)) edge = Math.max(edge, r[i]);
  const rMax = options.rMax ?? edge;
  const used = new Uint8Array(n);
  let nUsed = 0;
  let nNiiDetected = 0;
  let nBufferExcluded = 0; // usable spaxels in range that only the margin left out
  for (let i = 0; i < n; i++) {
    if (!(usable(i) && r[i] >= rMin && r[i] <= rMax)) continue;
    if (!exclude?.[i]) {
      used[i] = 1;
      nUsed++;
      if (nii[i] / niiErr[i] > 3) nNiiDetected++;
    } else if (!options.exclude![i]) nBufferExcluded++;
  }
  // [O III] enters where Hβ and [O III] are measured (finite, errors > 0) on a used spaxel
  const o3Used = new Uint8Array(n);
  let nO3 = 0;
  let nOiiiDetected = 0;
  if (o3Maps) {
    const [hb, hbErr, o3f, o3Err] = o3Maps;
    for (let i = 0; i < n; i++) {
      if (used[i] && Number.isFinite(hb[i]) && hbErr[i] > 0 && Number.isFinite(hbErr[i]) && Number.isFinite(o3f[i]) && o3Err[i] > 0 && Number.isFinite(o3Err[i])) {
        o3Used[i] = 1;
        nO3++;
        if (o3f[i] / o3Err[i] > 3) nOiiiDetected++;
      }
    }
  }
  const withO3 = nO3 > 0;
  // the Balmer decrement of the spaxels whose [O III] enters (their summed fluxes), for the dust on [O III]/Hβ
  let dust = { logDex: 0, avMag: 0 };
  if (withO3 && o3Dust === 'balmer-decrement') {
    let sumHa = 0;
    let sumHb = 0;
    for (let i = 0; i < n; i++) if (o3Used[i]) { sumHa += ha[i]; sumHb += o3Maps![0][i]; }
    if (sumHb > 0) dust = o3DustLogFactor(sumHa / sumHb);
  }
  if (nUsed < minSpaxels) return { ok: false, method: 'forward', reason: `only ${nUsed} spaxels with Hα signal in ${rMin}–${fmt(rMax)} kpc (need ≥ ${minSpaxels})`, nSpaxels: nUsed };

  const inverse = tabulateInverseCalibration(calibration);
  // the PSF on the spaxel grid: each spaxel's light at its centre (oversampling 1), then the PSF and the output
  // spaxel's pixel integration — psf-operator's convention for the sky. The maps hold pixel-integrated light already,
  // so spreading it over its spaxel first (the default oversampling 3) applies the pixel box twice: measured on
  // noise-free ID8576 (injected −0.0313), forward slope −0.0325 with oversampling 3, −0.0318 with 1.
  const psfMatrices = psf ? separablePsfMatrices(fit.nx, fit.ny, { psf, pixelScaleArcsec: options.pixelScaleArcsec!, oversampling: 1 }) : null;
  // the Hα before the PSF that weights the ratio inside it (forward-model.ts): RL_STEPS Richardson–Lucy steps
  const psfWeight = psfMatrices ? richardsonLucy(psfMatrices, ha, RL_STEPS) : undefined;
  const model = createForwardModel(
    { nx: fit.nx, ny: fit.ny, radiusKpc: r, haFlux: ha, haFluxErr: haErr, niiFlux: nii, niiFluxErr: niiErr, used,
      psfMeasuredNii: options.exclude, psfWeight,
      ...(withO3 ? { hbFlux: o3Maps![0], hbFluxErr: o3Maps![1], oiiiFlux: o3Maps![2], oiiiFluxErr: o3Maps![3], o3Used } : {}) },
    { shape, inverse, psf: psfMatrices, ...(withO3 ? { o3: o3n2InverseCalibration(o3n2Cal!), o3DustLogDex: dust.logDex } : {}) },
  );
  const specs: PriorSpec[] = [
    { kind: 'uniform', lo: aLo, hi: aHi },
    { kind: 'uniform', lo: bLo, hi: bHi },
    { kind: 'uniform', lo: 0, hi: Math.max(calibration.systematicDex, 1e-6) },
  ];
  if (shape === 'broken') specs.push({ kind: 'uniform', lo: rMin, hi: rMax }, { kind: 'uniform', lo: bLo, hi: bHi });
  if (withO3) specs.push({ kind: 'uniform', lo: 0, hi: Math.max(o3n2Cal!.systematicDex, 1e-6) });
  const names = forwardParameterNames(shape, withO3);
  const prior = productPrior(specs);
  const logLikelihood = area === 1 ? model.logLikelihood : (theta: Float64Array) => model.logLikelihood(theta) / area;
  const reporter = typeof options.progress === 'function' ? options.progress(`forward model: nested sampling over ${nUsed} spaxels${psf ? ' with the PSF term' : ''}`, 100) : null;
  const onProgress = reporter ? (f: number) => reporter.update(Math.round(100 * f)) : undefined;
  let run: ReturnType<typeof nestedSample>;
  try {
    run = nestedSample(logLikelihood, { nDim: prior.nDim, transform: prior.transform, names }, { seed, nLive, onProgress });
  } finally {
    reporter?.finish();
  }
  const posterior: Record<string, PosteriorSummary> = {};
  names.forEach((name, j) => { posterior[name] = run.summaries[j]; });
  let best = 0;
  for (let k = 1; k < run.nSamples; k++) if (run.logLikelihood[k] > run.logLikelihood[best]) best = k;
  const maxLikelihood: Record<string, number> = {};
  names.forEach((name, j) => { maxLikelihood[name] = run.samples[best * names.length + j]; });
  const median = names.map((name) => posterior[name].median);
  const pred = model.predict(median);
  const residualSigmaMap = new Float64Array(n).fill(NaN);
  let chiSquare = 0;
  for (let i = 0; i < n; i++) {
    if (!used[i]) continue;
    residualSigmaMap[i] = (nii[i] - pred.niiModel[i]) / pred.sigmaTotal[i];
    chiSquare += residualSigmaMap[i] ** 2;
  }
  let oiiiResidualSigmaMap: Float64Array | null = null;
  let chiSquareOiii: number | null = null;
  if (withO3) {
    oiiiResidualSigmaMap = new Float64Array(n).fill(NaN);
    chiSquareOiii = 0;
    for (let i = 0; i < n; i++) {
      if (!o3Used[i]) continue;
      oiiiResidualSigmaMap[i] = (o3Maps![2][i] - pred.oiiiModel![i]) / pred.oiiiSigmaTotal![i];
      chiSquareOiii += oiiiResidualSigmaMap[i] ** 2;
    }
  }
  const half = (s: PosteriorSummary) => 0.5 * (s.p84 - s.p16);
  // the part of σ_cal not fitted as independent spaxel scatter is a shared zero-point of the calibration (with
  // [O III]: the larger of the two, see the header)
  let zeroPoint = Math.sqrt(Math.max(0, calibration.systematicDex ** 2 - posterior.scatterDex.median ** 2));
  if (withO3) zeroPoint = Math.max(zeroPoint, Math.sqrt(Math.max(0, o3n2Cal!.systematicDex ** 2 - posterior.scatterO3Dex.median ** 2)));
  const notes: string[] = [];
  if (o3n2Cal && !withO3) notes.push("lines 'n2+o3': no used spaxel has Hβ and [O III]5007 measured (outside the cube at this redshift?): [N II] and Hα only");
  const residualNeighbourCorrelation = mapNeighbourCorrelation(residualSigmaMap, fit.nx, fit.ny);
  if (area > 1) notes.push(`likelihood tempered by 1/${fmt(area)} (noiseCorrelationArea): errors for spaxels correlated over ${fmt(area)} spaxels; log Z is the tempered likelihood's`);
  if (nBufferExcluded > 0) notes.push(`${nBufferExcluded} spaxels within ${buffer} spaxel${buffer > 1 ? 's' : ''} of an excluded one left out (excludeBufferSpaxels: the model ${psf ? 'mixes' : 'has no PSF term to mix'} their light)`);
  if (!run.converged) notes.push(`nested sampling stopped before converging: ${run.stopReason}`);
  const [ohLo, ohHi] = [calibration.ohFromIndex(calibration.validRange[0]), calibration.ohFromIndex(calibration.validRange[1])];
  let outside = 0;
  for (let i = 0; i < n; i++) if (used[i] && !(pred.oh[i] > ohLo && pred.oh[i] < ohHi)) outside++;
  if (outside > 0) notes.push(`${outside} used spaxels have a model 12+log(O/H) outside ${calibration.name}'s validity range (${ohLo.toFixed(2)}–${ohHi.toFixed(2)}): extrapolated`);
  if (withO3) {
    // O3N2 decreases with O/H: its validity range [x0, x1] is 12+log(O/H) from OH(x1) to OH(x0)
    const [o3Lo, o3Hi] = [o3n2Cal!.ohFromIndex(o3n2Cal!.validRange[1]), o3n2Cal!.ohFromIndex(o3n2Cal!.validRange[0])];
    let outsideO3 = 0;
    for (let i = 0; i < n; i++) if (o3Used[i] && !(pred.oh[i] > o3Lo && pred.oh[i] < o3Hi)) outsideO3++;
    if (outsideO3 > 0) notes.push(`${outsideO3} spaxels with [O III] have a model 12+log(O/H) outside ${o3n2Cal!.name}'s validity range (${o3Lo.toFixed(2)}–${o3Hi.toFixed(2)}): extrapolated`);
  }
  return {
    ok: true, method: 'forward', shape,
    slope: posterior.slope.median, slopeErr: half(posterior.slope),
    intercept: posterior.intercept.median, interceptErr: Math.hypot(half(posterior.intercept), zeroPoint), interceptSystematicDex: zeroPoint,
    posterior, maxLikelihood, logZ: run.logZ, logZErr: run.logZErr, nSpaxels: nUsed, nNiiDetected,
    excludeBufferSpaxels: buffer, nBufferExcluded, noiseCorrelationArea: area, residualNeighbourCorrelation, rMin, rMax, radiusUnit: 'kpc', psf,
    calibration: calibration.name, lines, linesEntered: withO3 ? ['ha', 'nii6584', 'hb', 'oiii5007'] : ['ha', 'nii6584'],
    o3n2Calibration: withO3 ? o3n2Cal!.name : null, nO3Spaxels: nO3, nOiiiDetected, o3DustAvMag: withO3 ? dust.avMag : null, chiSquare,
    modelOiiiFluxMap: withO3 ? pred.oiiiModel! : null, oiiiSigmaTotalMap: withO3 ? pred.oiiiSigmaTotal! : null, oiiiResidualSigmaMap, chiSquareOiii,
    modelOhMap: pred.oh, modelNiiFluxMap: pred.niiModel, residualSigmaMap, niiSigmaTotalMap: pred.sigmaTotal, used,
    sampler: { name: 'nested', seed, nLive, nCalls: run.nCalls, converged: run.converged, seconds: run.seconds },
    notes,
  };
}

/** 1 where the spaxel has Hα signal by `rule` (see the header): its own S/N, or its neighbours' mean S/N, > minSnr. */
function haSignalMask(ha: Float64Array, haErr: Float64Array, nx: number, ny: number, minSnr: number, rule: 'neighbours' | 'own'): Uint8Array {
  const snr = Float64Array.from(ha, (h, i) => h / haErr[i]);
  const mask = new Uint8Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const s = y * nx + x;
      if (rule === 'own') {
        mask[s] = snr[s] > minSnr ? 1 : 0;
        continue;
      }
      if (!(ha[s] > 0)) continue;
      let sum = 0;
      let count = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if ((dx === 0 && dy === 0) || xx < 0 || yy < 0 || xx >= nx || yy >= ny) continue;
          const v = snr[yy * nx + xx];
          if (Number.isFinite(v)) {
            sum += v;
            count++;
          }
        }
      }
      mask[s] = count >= 3 && sum / count > minSnr ? 1 : 0;
    }
  }
  return mask;
}

/**
 * k for noiseCorrelationArea from a fit's residuals: their lag-1 correlation (residualNeighbourCorrelation, below 0
 * taken as 0) through the separable Gaussian kernel with that lag-1 correlation (stats/correlated-field.ts), whose
 * correlation area is k. Refit with it: the slope's error then allows for residuals as coherent as these.
 */
export function residualCorrelationArea(fit: Pick<ForwardGradientFit, 'residualNeighbourCorrelation'>): number {
  return correlationAreaFromNeighbourCorrelation(fit.residualNeighbourCorrelation);
}

/** 1 within Chebyshev distance `radius` (spaxels) of a 1 in `mask`. */
function dilateMask(mask: Uint8Array, nx: number, ny: number, radius: number): Uint8Array {
  const out = new Uint8Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      if (!mask[y * nx + x]) continue;
      for (let yy = Math.max(0, y - radius); yy <= Math.min(ny - 1, y + radius); yy++) {
        for (let xx = Math.max(0, x - radius); xx <= Math.min(nx - 1, x + radius); xx++) out[yy * nx + xx] = 1;
      }
    }
  }
  return out;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(3)));
}
