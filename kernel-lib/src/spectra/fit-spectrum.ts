// Per-spectrum emission-line fitting as in the MSA-3D paper (Ju et al., §2.2): in each rest-frame window a straight-line
// continuum plus one Gaussian per line, all lines sharing Hα's velocity and width, solved by bounded Levenberg–Marquardt
// (Moré 1978; Press et al. 2007, §15.5) with an analytic Jacobian on a workspace allocated once per fitter.
//
// Parameters of one solve: [v (km/s), p (km/s)] when the kinematics are free, then per window [c0, c1] and the
// integrated flux of each line (doublet partners tied by a fixed ratio share one parameter).
// - Width: all lines share one INTRINSIC dispersion, s² = σ_int², and line k has σ_obs,k² = s² + σ_inst,k² with its own
//   instrumental σ (so Hβ at 1.3 µm and Hα at 1.8 µm share one physical width though R differs). The parameter is
//   p = σ_obs of the reference line (s² = p² − σ_inst,ref²), the width the data constrain most directly. s² may go
//   negative, down to where every line keeps σ_obs,k ≥ max(minObservedSigmaFraction · σ_inst,k, minObservedSigmaKms):
//   σ_obs < σ_inst is then measured, not forced, and reported as SIGMA_UNRESOLVED with intrinsic σ = NaN.
//   σ_int = √(p² − σ_inst,ref²), its error p δp / σ_int (first-order propagation).
// - Solver: Newton–LM, i.e. the Gauss–Newton matrix plus the exact second-order terms of (v, p) (see
//   optimize/levenberg-marquardt.ts); the covariance is the Gauss–Newton one. Start: a matched-filter scan in v and σ.
// - Bounds: |v| ≤ velocityLimitKms (1000), σ_int ≤ sigmaMaxKms (1000); continuum free; fluxes of free sign by default
//   (a noise-only line then scatters about 0, so fluxes and their errors stay unbiased at low S/N; the S/N cut
//   decides detections), or ≥ 0 with fluxSign 'positive'.
// - Errors: "covariance" errors are √diag(A⁻¹) with A = JᵀWJ built from the pipeline errors (Press et al. 2007,
//   eq. 15.5.15). "Residual" errors — the paper's "uncertainties … calculated based on the residuals between the best-fit
//   … models and the observed spectra" — are the same covariance scaled by χ²/(N − P), i.e. the pipeline errors
//   rescaled so the weighted residual variance is 1; with equal pipeline errors this is exactly propagating the rms of
//   the residuals, √(Σ(d − m)²/(N − P)), as every pixel's error (scipy curve_fit's default, absolute_sigma=False).
//   S/N values use the residual errors.
// - Equivalent width, rest frame: EW = F / C(μ) / (1 + z), C(μ) the fitted continuum at the line's observed centre;
//   its error propagates the covariance of (F, c0, c1, v) to first order.
// - Kinematic modes: 'tied' (default, the paper's reading) fits the window holding the reference line (Hα) first,
//   then the other windows with v and σ_int fixed to it — their flux errors then leave out the kinematic uncertainty
//   (≈ 10–20 % low for bright [O III] at Hα S/N 50); 'joint' fits all windows at once with one v and σ_int (errors
//   include it); 'independent' gives each window its own.
import { SPEED_OF_LIGHT_KMS } from '../cosmology/flat-lcdm';
import { vacuumToAir } from './air-vacuum';
import { FIT_FLAG } from './fit-flags';
import type { InstrumentalDispersion } from './instrument';
import {
  covarianceInto,
  createLevenbergMarquardtWorkspace,
  levenbergMarquardt,
  type LevenbergMarquardtStop,
} from '../optimize/levenberg-marquardt';
import { INV_SQRT_2PI, LINE_REACH_SIGMAS } from './line-model';
import type { DoubletRatio } from './lines';
import { MSA3D_WINDOWS, type FitWindow } from './windows';

const C = SPEED_OF_LIGHT_KMS;
/** Intrinsic σ values (km/s) tried by the matched-filter start. */
const SIGMA_GRID_KMS = [10, 25, 50, 100, 200, 400] as const;

/** How the windows share velocity and dispersion. */
export type KinematicsMode = 'tied' | 'joint' | 'independent';

/** Options of {@link createSpectrumFitter}. */
export interface SpectrumFitterOptions {
  /** Systemic redshift; velocities are relative to it. */
  redshift: number;
  /** Instrumental σ (km/s) at an observed wavelength: nirspecG140hDispersion(), dispersionFromFwhm(1.61), constantDispersion(0). */
  instrument: InstrumentalDispersion;
  /** Windows to fit (default the paper's two, {@link MSA3D_WINDOWS}). */
  windows?: readonly FitWindow[];
  /** Default 'tied'. */
  kinematics?: KinematicsMode;
  /** Line whose window gives the kinematics (default 'ha' when present, else the first window's first line). */
  referenceLine?: string;
  /** Fixed doublet ratios, e.g. [OIII_DOUBLET_RATIO, NII_DOUBLET_RATIO]; default none (every line free, as in the paper). */
  doublets?: readonly DoubletRatio[];
  /** Medium of the spectrum's wavelengths; default 'vacuum' (JWST). Line wavelengths are converted for 'air'. */
  medium?: 'vacuum' | 'air';
  /** 'free' (default) or 'positive' (flux ≥ 0). */
  fluxSign?: 'free' | 'positive';
  /**
   * |v| bound, km/s (default 1000). At S/N ≲ 5 a bound near 500 km/s avoids the Hα ↔ [N II] 6548 alias
   * (the two are 675 km/s apart), which a free fit reaches in a few % of such spectra.
   */
  velocityLimitKms?: number;
  /** Upper bound of the intrinsic σ, km/s (default 1000). */
  sigmaMaxKms?: number;
  /** Each line's observed σ ≥ this × its σ_inst (default 0.5) … */
  minObservedSigmaFraction?: number;
  /** … and ≥ this many km/s (default 5). */
  minObservedSigmaKms?: number;
  /** Half-range (km/s) of the matched-filter search that sets the starting velocity (default 300). */
  velocitySearchKms?: number;
  /** Intrinsic σ (km/s) of the first matched-filter velocity scan (default 50). */
  sigmaGuessKms?: number;
  /** Half-width (km/s) about a line's systemic centre checked for good pixels (default 250). */
  lineCoreKms?: number;
  /** Good pixels needed within ±lineCoreKms for a line to be fitted (default 3). */
  minLinePixels?: number;
  /** Pixels − parameters needed for a fit (default 3). */
  minDegreesOfFreedom?: number;
  /** Solver limits (see levenbergMarquardt): default 200 trial steps, ftol 1e-12, xtol 1e-7, gtol 1e-10. */
  maxIterations?: number;
  ftol?: number;
  xtol?: number;
  gtol?: number;
}

/** One line's measurement. Fluxes are in the data's flux-density unit × Å (e.g. 1e-20 erg/s/cm² for 1e-20 erg/s/cm²/Å). */
export interface EmissionLineFit {
  readonly name: string;
  readonly label: string;
  readonly restWavelengthAngstrom: number;
  /** Name of the window the line belongs to. */
  readonly window: string;
  /** false when not measured (flag says why); then every number is NaN. */
  readonly fitted: boolean;
  /** Fitted observed centre, Å (the spectrum's medium). */
  readonly observedWavelengthAngstrom: number;
  /** Integrated flux. */
  readonly flux: number;
  /** 1σ error from the covariance with the pipeline errors. */
  readonly fluxErr: number;
  /** 1σ error from the residuals (the paper's; see the file comment). */
  readonly fluxErrResidual: number;
  /** flux / fluxErrResidual. */
  readonly snr: number;
  /** Rest-frame equivalent width, Å (positive for emission); NaN when the continuum at the line is ≤ 0. */
  readonly ewRestAngstrom: number;
  readonly ewRestErrAngstrom: number;
  readonly ewRestErrResidualAngstrom: number;
  /** ewRestAngstrom / ewRestErrResidualAngstrom. */
  readonly ewSnr: number;
  /** Fitted continuum flux density at the line centre (data units). */
  readonly continuumAtLine: number;
  /** Observed dispersion of this line, km/s. */
  readonly sigmaObservedKms: number;
  /** Instrumental dispersion at this line, km/s. */
  readonly sigmaInstrumentalKms: number;
  /** The strong line this one's flux is tied to by a doublet ratio, or null. */
  readonly tiedTo: string | null;
  readonly flag: number;
}

/** Velocity and dispersion of a window (or of the spectrum: the reference window's). */
export interface KinematicsFit {
  /** Line-of-sight velocity relative to the systemic redshift, km/s. */
  readonly velocityKms: number;
  readonly velocityErrKms: number;
  readonly velocityErrResidualKms: number;
  /** Intrinsic dispersion √(σ_obs² − σ_inst²), km/s; NaN when unresolved (flag SIGMA_UNRESOLVED). */
  readonly sigmaKms: number;
  readonly sigmaErrKms: number;
  readonly sigmaErrResidualKms: number;
  /** Observed dispersion of `referenceLine`, km/s. */
  readonly sigmaObservedKms: number;
  readonly sigmaObservedErrKms: number;
  /** σ_inst at `referenceLine`, km/s. */
  readonly sigmaInstrumentalKms: number;
  /** The line whose σ_inst converts between observed and intrinsic. */
  readonly referenceLine: string;
  /** 'fitted' in this window's solve, 'tied' = fixed from the reference window, 'none' = not measured. */
  readonly source: 'fitted' | 'tied' | 'none';
  readonly flag: number;
}

/** One window's fit. */
export interface WindowFit {
  readonly name: string;
  readonly restRangeAngstrom: readonly [number, number];
  /** The window's observed range (Å, the spectrum's medium), whether or not the spectrum covers it all. */
  readonly observedRangeAngstrom: readonly [number, number];
  readonly fitted: boolean;
  /** Good pixels of this window used in the fit. */
  readonly nPixels: number;
  /** Parameters of the solve this window took part in (both windows' in 'joint'). */
  readonly nParameters: number;
  /** Pixels − parameters of that solve. */
  readonly degreesOfFreedom: number;
  /** χ² over this window's pixels. */
  readonly chiSquare: number;
  /** χ²/(N − P) of the solve (the residual-error scale squared). */
  readonly reducedChiSquare: number;
  /** √(mean (d − m)²) over this window's pixels, data units. */
  readonly residualRms: number;
  /** Continuum c0 + c1 (λ − λ_ref): c0 in data units, c1 per Å. */
  readonly continuumC0: number;
  readonly continuumC1: number;
  readonly referenceWavelengthAngstrom: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly stop: LevenbergMarquardtStop | 'not-fitted';
  readonly kinematics: KinematicsFit;
  readonly flag: number;
}

/** A spectrum's fit: every line of every window (NaN when not measured), the windows, and the reference kinematics. */
export interface SpectrumFit {
  readonly redshift: number;
  readonly medium: 'vacuum' | 'air';
  readonly lines: Readonly<Record<string, EmissionLineFit>>;
  readonly windows: readonly WindowFit[];
  /** Kinematics of the window holding the reference line (Hα): the paper's velocity and intrinsic σ. */
  readonly kinematics: KinematicsFit;
  /** Σχ² over fitted windows, Σ(N − P) over solves, and their ratio. */
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly reducedChiSquare: number;
  /** OR of every line's and window's flag. */
  readonly flag: number;
}

/** A fitter bound to one wavelength grid, redshift and line set; `fit` reuses one workspace (not reentrant). */
export interface SpectrumFitter {
  /**
   * Fits one spectrum. Pixel i is read at index offset + i·stride of flux, error and mask (stride = nx·ny reads a
   * spaxel of a cube in place). error null = unit weights (then covariance errors equal residual errors' scale 1).
   * mask: nonzero = bad. Pixels with non-finite flux or error, or error ≤ 0, are excluded too.
   */
  fit(
    flux: ArrayLike<number>,
    error?: ArrayLike<number> | null,
    mask?: ArrayLike<number> | null,
    offset?: number,
    stride?: number,
  ): SpectrumFit;
  readonly wavelengthAngstrom: Float64Array;
  readonly redshift: number;
  readonly windows: readonly FitWindow[];
  /** Names of all fitted lines, window by window. */
  readonly lineNames: readonly string[];
  /** Systemic observed centre of each line (Å, the spectrum's medium), by name. */
  readonly systemicWavelengthAngstrom: Readonly<Record<string, number>>;
  /** σ_inst (km/s) at each line, by name. */
  readonly instrumentalSigmaKms: Readonly<Record<string, number>>;
}

/** Fits one spectrum with a fitter built for it (create the fitter once with {@link createSpectrumFitter} for many). */
export function fitSpectrum(
  wavelengthAngstrom: ArrayLike<number>,
  flux: ArrayLike<number>,
  error: ArrayLike<number> | null,
  options: SpectrumFitterOptions,
  mask: ArrayLike<number> | null = null,
): SpectrumFit {
  return createSpectrumFitter(wavelengthAngstrom, options).fit(flux, error, mask);
}

/** Builds a fitter for spectra on `wavelengthAngstrom` (increasing, Å); all buffers are allocated here, once. */
export function createSpectrumFitter(wavelengthAngstrom: ArrayLike<number>, options: SpectrumFitterOptions): SpectrumFitter {
  const z = options.redshift;
  if (!(Number.isFinite(z) && z > -1)) throw new Error(`createSpectrumFitter: redshift must be a number > −1 (got ${z})`);
  if (typeof options.instrument !== 'function') {
    throw new Error('createSpectrumFitter: options.instrument is required (e.g. nirspecG140hDispersion() or constantDispersion(0))');
  }
  const lam = Float64Array.from(wavelengthAngstrom);
  const n = lam.length;
  if (n < 2) throw new Error('createSpectrumFitter: need at least 2 wavelengths');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(lam[i]) || (i > 0 && !(lam[i] > lam[i - 1]))) {
      throw new Error(`createSpectrumFitter: wavelengths must be finite and strictly increasing (index ${i})`);
    }
  }
  const windows = options.windows ?? MSA3D_WINDOWS;
  if (windows.length === 0) throw new Error('createSpectrumFitter: no windows');
  const mode: KinematicsMode = options.kinematics ?? 'tied';
  if (mode !== 'tied' && mode !== 'joint' && mode !== 'independent') throw new Error(`createSpectrumFitter: unknown kinematics '${mode}'`);
  const medium = options.medium ?? 'vacuum';
  const toMedium = medium === 'air' ? vacuumToAir : (x: number) => x;
  const positiveFlux = (options.fluxSign ?? 'free') === 'positive';
  const vLimit = options.velocityLimitKms ?? 1000;
  const sigmaMax = options.sigmaMaxKms ?? 1000;
  const floorFraction = options.minObservedSigmaFraction ?? 0.5;
  const floorKms = options.minObservedSigmaKms ?? 5;
  const vSearch = options.velocitySearchKms ?? 300;
  const sigmaGuess = options.sigmaGuessKms ?? 50;
  const coreKms = options.lineCoreKms ?? 250;
  const minLinePixels = options.minLinePixels ?? 3;
  const minDof = options.minDegreesOfFreedom ?? 3;
  const lmOptions = {
    maxIterations: options.maxIterations ?? 200,
    ftol: options.ftol ?? 1e-12,
    xtol: options.xtol ?? 1e-7,
    gtol: options.gtol ?? 1e-10,
  };

  // ---------- static layout: windows ----------
  const W = windows.length;
  const winPixLo = new Int32Array(W);
  const winPixHi = new Int32Array(W);
  const winRef = new Float64Array(W);
  const winObs: [number, number][] = [];
  let totalWinPixels = 0;
  for (let w = 0; w < W; w++) {
    const [lo, hi] = windows[w].restRangeAngstrom;
    const obsLo = toMedium(lo * (1 + z));
    const obsHi = toMedium(hi * (1 + z));
    winObs.push([obsLo, obsHi]);
    let a = 0;
    while (a < n && lam[a] < obsLo) a++;
    let b = a;
    while (b < n && lam[b] <= obsHi) b++;
    winPixLo[w] = a;
    winPixHi[w] = b;
    let sum = 0;
    for (let i = a; i < b; i++) sum += lam[i];
    winRef[w] = b > a ? sum / (b - a) : 0.5 * (obsLo + obsHi);
    totalWinPixels += b - a;
  }
  if (mode === 'joint') {
    for (let w = 0; w < W; w++) {
      for (let u = w + 1; u < W; u++) {
        if (winPixLo[w] < winPixHi[u] && winPixLo[u] < winPixHi[w]) {
          throw new Error(`createSpectrumFitter: windows '${windows[w].name}' and '${windows[u].name}' overlap; 'joint' needs disjoint windows`);
        }
      }
    }
  }

  // ---------- static layout: lines ----------
  const lineNames: string[] = [];
  const lineLabels: string[] = [];
  const lineRest: number[] = [];
  const lineWinList: number[] = [];
  for (let w = 0; w < W; w++) {
    for (const line of windows[w].lines) {
      if (lineNames.includes(line.name)) throw new Error(`createSpectrumFitter: line '${line.name}' is in two windows`);
      lineNames.push(line.name);
      lineLabels.push(line.label);
      lineRest.push(line.restWavelengthAngstrom);
      lineWinList.push(w);
    }
  }
  const L = lineNames.length;
  const lineWin = Int32Array.from(lineWinList);
  const lineSys = new Float64Array(L);
  const lineInst = new Float64Array(L);
  const lineInst2 = new Float64Array(L);
  const lineFloor2 = new Float64Array(L);
  const lineCovered = new Uint8Array(L);
  const lineCoreLo = new Int32Array(L);
  const lineCoreHi = new Int32Array(L);
  const lineTieParent = new Int32Array(L).fill(-1);
  const lineTieScale = new Float64Array(L).fill(1);
  const systemicByName: Record<string, number> = {};
  const instByName: Record<string, number> = {};
  for (let l = 0; l < L; l++) {
    const sys = toMedium(lineRest[l] * (1 + z));
    lineSys[l] = sys;
    const inst = options.instrument(sys);
    if (!(inst >= 0)) throw new Error(`createSpectrumFitter: instrumental σ at ${sys} Å is ${inst}`);
    lineInst[l] = inst;
    lineInst2[l] = inst * inst;
    const floor = Math.max(floorFraction * inst, floorKms);
    lineFloor2[l] = floor * floor;
    const w = lineWin[l];
    // Covered: the systemic centre lies within the pixels of its window (so within the spectrum's range).
    lineCovered[l] = winPixHi[w] > winPixLo[w] && sys >= lam[winPixLo[w]] && sys <= lam[winPixHi[w] - 1] ? 1 : 0;
    const half = (sys * coreKms) / C;
    let a = winPixLo[w];
    while (a < winPixHi[w] && lam[a] < sys - half) a++;
    let b = a;
    while (b < winPixHi[w] && lam[b] <= sys + half) b++;
    lineCoreLo[l] = a;
    lineCoreHi[l] = b;
    systemicByName[lineNames[l]] = sys;
    instByName[lineNames[l]] = inst;
  }
  for (const d of options.doublets ?? []) {
    const s = lineNames.indexOf(d.strong);
    const k = lineNames.indexOf(d.weak);
    if (s < 0 || k < 0) continue; // a doublet whose lines are not fitted here is ignored
    if (lineWin[s] !== lineWin[k]) throw new Error(`createSpectrumFitter: doublet ${d.strong}/${d.weak} spans two windows`);
    if (!(d.ratio > 0)) throw new Error(`createSpectrumFitter: doublet ratio ${d.strong}/${d.weak} must be > 0`);
    if (lineTieParent[s] >= 0 || lineTieParent[k] >= 0) throw new Error(`createSpectrumFitter: chained doublet ties are not supported`);
    lineTieParent[k] = s;
    lineTieScale[k] = 1 / d.ratio;
  }
  // pixels within velocitySearchKms + 300 km/s of a line's systemic centre: left out of the continuum guess
  const nearLine = new Uint8Array(n);
  for (let l = 0; l < L; l++) {
    const half = (lineSys[l] * (vSearch + 300)) / C;
    for (let i = winPixLo[lineWin[l]]; i < winPixHi[lineWin[l]]; i++) if (Math.abs(lam[i] - lineSys[l]) < half) nearLine[i] = 1;
  }
  let refLine = options.referenceLine ?? (lineNames.includes('ha') ? 'ha' : lineNames[0]);
  const refIndex = lineNames.indexOf(refLine);
  if (refIndex < 0) throw new Error(`createSpectrumFitter: reference line '${refLine}' is not in any window`);
  refLine = lineNames[refIndex];
  const refWindow = lineWin[refIndex];

  // ---------- workspace ----------
  const maxP = 2 + 2 * W + L;
  const lm = createLevenbergMarquardtWorkspace(maxP);
  const x = new Float64Array(maxP);
  const lower = new Float64Array(maxP);
  const upper = new Float64Array(maxP);
  const cov = new Float64Array(maxP * maxP);
  const nzIdx = new Int32Array(maxP);
  const nzHv = new Float64Array(maxP);
  const nzHp = new Float64Array(maxP);
  const mfS = new Float64Array(maxP);
  const mfN = new Float64Array(maxP);
  const nzVal = new Float64Array(maxP);
  const goodFlag = new Uint8Array(n);
  const pixLam = new Float64Array(totalWinPixels);
  const pixDl = new Float64Array(totalWinPixels);
  const pixData = new Float64Array(totalWinPixels);
  const pixW = new Float64Array(totalWinPixels);
  const winGoodStart = new Int32Array(W);
  const winGoodCount = new Int32Array(W);
  const pixIndex = new Int32Array(totalWinPixels);

  // per-fit line state
  const lineActive = new Uint8Array(L);
  const lineFlag = new Int32Array(L);
  const lineParam = new Int32Array(L);
  const lineScale = new Float64Array(L);

  // stage layout
  const stageWin = new Int32Array(W);
  let nStageWin = 0;
  const stageLines = new Int32Array(L); // ordered window by window
  let nStageLines = 0;
  const sWinC0 = new Int32Array(W);
  const sWinLineStart = new Int32Array(W);
  const sWinLineEnd = new Int32Array(W);
  const sWinChi2 = new Float64Array(W);
  const sWinSS = new Float64Array(W);
  let vIdx = -1;
  let pIdx = -1; // index of p = σ_obs of the stage's reference line (s² = p² − σ_inst,ref²), or −1 when fixed
  let refInst2 = 0;
  let vFixed = 0;
  let s2Fixed = 0;
  // per stage-line evaluation caches
  const qParam = new Int32Array(L);
  const qMu = new Float64Array(L);
  const qInvSl = new Float64Array(L);
  const qAmp = new Float64Array(L);
  const qNorm = new Float64Array(L);
  const qDmuDv = new Float64Array(L);
  const qDslDv = new Float64Array(L);
  const qDslDp = new Float64Array(L);
  const qLo = new Int32Array(L);
  const qHi = new Int32Array(L);
  const qDslDvDp = new Float64Array(L);
  const qDslDpDp = new Float64Array(L);

  const problem = { nParameters: 0, evaluate, hasSecondOrder: true };

  /**
   * χ² of the current stage at x; with A and g, also the normal equations A = JᵀJ, g = Jᵀr (upper triangle
   * accumulated, then mirrored). Pixels beyond every line's reach (|u| > 6) take a continuum-only shortcut.
   */
  function evaluate(xv: Float64Array, A: Float64Array | null, g: Float64Array | null, S: Float64Array | null = null): number {
    const P = problem.nParameters;
    const vI = vIdx;
    const pI = pIdx;
    const v = vI >= 0 ? xv[vI] : vFixed;
    const pw = pI >= 0 ? xv[pI] : 0;
    const s2 = pI >= 0 ? pw * pw - refInst2 : s2Fixed;
    const factor = 1 + v / C;
    for (let q = 0; q < nStageLines; q++) {
      const l = stageLines[q];
      const sys = lineSys[l];
      const mu = sys * factor; // μ = λ_sys (1 + v/c)
      let so2 = s2 + lineInst2[l]; // σ_obs² = s² + σ_inst²
      if (so2 < lineFloor2[l]) so2 = lineFloor2[l];
      const so = Math.sqrt(so2);
      const sl = (mu * so) / C; // σ_λ = μ σ_obs / c
      const inv = 1 / sl;
      qMu[q] = mu;
      qInvSl[q] = inv;
      qNorm[q] = lineScale[l] * INV_SQRT_2PI * inv; // ∂G/∂F per unit e^{−u²/2}
      qAmp[q] = xv[qParam[q]] * qNorm[q]; // peak height F/(√(2π) σ_λ)
      qDmuDv[q] = sys / C; // ∂μ/∂v
      qDslDv[q] = (sys * so) / (C * C); // ∂σ_λ/∂v
      qDslDp[q] = (mu * pw) / (C * so); // ∂σ_λ/∂p = (μ/c) ∂σ_obs/∂p, σ_obs = √(p² − σ_inst,ref² + σ_inst²)
      qDslDvDp[q] = (sys * pw) / (C * C * so); // ∂²σ_λ/∂v∂p
      qDslDpDp[q] = (mu * (so2 - pw * pw)) / (C * so2 * so); // ∂²σ_λ/∂p² = (μ/c)(σ_obs² − p²)/σ_obs³
    }
    const jac = A !== null && g !== null;
    // second-order term S = −Σ w² (d − m) ∂²m for the kinematic parameters (v, p) and their cross terms with fluxes
    const hess = jac && S !== null && vI >= 0;
    if (jac) {
      A.fill(0, 0, P * P);
      g.fill(0, 0, P);
    }
    if (S !== null) S.fill(0, 0, P * P);
    let chi2 = 0;
    for (let sw = 0; sw < nStageWin; sw++) {
      const w = stageWin[sw];
      const i0 = winGoodStart[w];
      const i1 = i0 + winGoodCount[w];
      // each line's reach in the good-pixel list: |u| ≤ 6 (LINE_REACH_SIGMAS)
      for (let q = sWinLineStart[sw]; q < sWinLineEnd[sw]; q++) {
        const half = LINE_REACH_SIGMAS / qInvSl[q];
        qLo[q] = lowerBound(i0, i1, qMu[q] - half);
        qHi[q] = lowerBound(qLo[q], i1, qMu[q] + half);
      }
      const c0i = sWinC0[sw];
      const c1i = c0i + 1;
      const c0 = xv[c0i];
      const c1 = xv[c1i];
      const qa = sWinLineStart[sw];
      const qb = sWinLineEnd[sw];
      let winChi2 = 0;
      let winSS = 0;
      // continuum-only sums, added to A and g after the window's pixels
      let s00 = 0;
      let s01 = 0;
      let s11 = 0;
      let g0 = 0;
      let g1 = 0;
      for (let i = i0; i < i1; i++) {
        const lamI = pixLam[i];
        const dl = pixDl[i];
        let m = c0 + c1 * dl;
        let jv = 0;
        let jp = 0;
        let hvv = 0;
        let hvp = 0;
        let hpp = 0;
        let nz = 0; // nonzero flux entries of this pixel's Jacobian row: (nzIdx, nzVal)
        for (let q = qa; q < qb; q++) {
          if (i < qLo[q] || i >= qHi[q]) continue;
          const u = (lamI - qMu[q]) * qInvSl[q];
          const u2 = u * u;
          const e = Math.exp(-0.5 * u2);
          const G = qAmp[q] * e;
          m += G;
          if (jac) {
            const ip = qParam[q];
            const val = qNorm[q] * e;
            let k = 0;
            while (k < nz && nzIdx[k] !== ip) k++; // a tied doublet shares its parent's parameter
            if (k === nz) {
              nzIdx[nz] = ip;
              nzVal[nz] = val;
              nzHv[nz] = 0;
              nzHp[nz++] = 0;
            } else nzVal[k] += val;
            const inv = qInvSl[q];
            const dGdmu = G * u * inv; // ∂G/∂μ = G u/σ_λ
            const dGdsl = G * (u2 - 1) * inv; // ∂G/∂σ_λ = G (u² − 1)/σ_λ
            const muV = qDmuDv[q];
            const slV = qDslDv[q];
            const slP = qDslDp[q];
            jv += dGdmu * muV + dGdsl * slV;
            jp += dGdsl * slP;
            if (hess) {
              // ∂²G/∂μ² = G(u²−1)/σ², ∂²G/∂μ∂σ = G u(u²−3)/σ², ∂²G/∂σ² = G(u⁴−5u²+2)/σ² (σ ≡ σ_λ),
              // then the chain rule through μ(v) and σ_λ(v, p)
              const inv2 = inv * inv;
              const gmm = G * (u2 - 1) * inv2;
              const gms = G * u * (u2 - 3) * inv2;
              const gss = G * (u2 * u2 - 5 * u2 + 2) * inv2;
              hvv += gmm * muV * muV + 2 * gms * muV * slV + gss * slV * slV;
              hvp += gms * muV * slP + gss * slV * slP + dGdsl * qDslDvDp[q];
              hpp += gss * slP * slP + dGdsl * qDslDpDp[q];
              // ∂²G/∂F∂θ = ∂t/∂θ with t = G/F the line's unit-flux profile
              const tmu = val * u * inv;
              const tsl = val * (u2 - 1) * inv;
              nzHv[k] += tmu * muV + tsl * slV;
              nzHp[k] += tsl * slP;
            }
          }
        }
        const wt = pixW[i];
        const diff = pixData[i] - m;
        const r = diff * wt;
        winChi2 += r * r;
        winSS += diff * diff;
        if (!jac) continue;
        const w2 = wt * wt;
        // continuum block: J row = w·(1, dl) in (c0, c1)
        s00 += w2;
        s01 += w2 * dl;
        s11 += w2 * dl * dl;
        g0 += w2 * diff;
        g1 += w2 * diff * dl;
        if (nz === 0) continue;
        if (hess) {
          const coef = -w2 * diff;
          S![vI * P + vI] += coef * hvv;
          S![vI * P + pI] += coef * hvp;
          S![pI * P + pI] += coef * hpp;
          for (let a = 0; a < nz; a++) {
            const row = nzIdx[a] * P;
            S![row + vI] += coef * nzHv[a];
            S![row + pI] += coef * nzHp[a];
          }
        }
        // the rest of the row: kinematics (if free) and fluxes; pairs go to A[a][b] or A[b][a], summed at the end
        if (vI >= 0) {
          nzIdx[nz] = vI;
          nzVal[nz++] = jv;
          nzIdx[nz] = pI;
          nzVal[nz++] = jp;
        }
        const w2r = w2 * diff; // J·r with J = row·w, r = diff·w
        const w2dl = w2 * dl;
        for (let a = 0; a < nz; a++) {
          const ia = nzIdx[a];
          const ja = nzVal[a];
          g![ia] += ja * w2r;
          const jaw2 = ja * w2;
          const row = ia * P;
          A![row + c0i] += jaw2;
          A![row + c1i] += ja * w2dl;
          for (let b = a; b < nz; b++) A![row + nzIdx[b]] += jaw2 * nzVal[b];
        }
      }
      if (jac) {
        A![c0i * P + c0i] += s00;
        A![c0i * P + c1i] += s01;
        A![c1i * P + c1i] += s11;
        g![c0i] += g0;
        g![c1i] += g1;
      }
      sWinChi2[sw] = winChi2;
      sWinSS[sw] = winSS;
      chi2 += winChi2;
    }
    if (jac) {
      // each unordered pair was accumulated in one of A[j][k], A[k][j]: sum them into both
      for (let j = 0; j < P; j++) {
        for (let k = j + 1; k < P; k++) {
          const t = A![j * P + k] + A![k * P + j];
          A![j * P + k] = t;
          A![k * P + j] = t;
          if (hess) {
            const u = S![j * P + k] + S![k * P + j];
            S![j * P + k] = u;
            S![k * P + j] = u;
          }
        }
      }
    }
    return chi2;
  }

  /**
   * Continuum guess of window w: weighted least-squares straight line (Press et al. 2007, eq. 15.2.6) through the good
   * pixels farther than velocitySearchKms + 300 km/s from every line of the window (all good pixels if fewer than
   * 4 remain); writes x[c0i], x[c0i + 1].
   */
  function guessContinuum(w: number, c0i: number): void {
    const start = winGoodStart[w];
    const end = start + winGoodCount[w];
    let pass = 0;
    for (; pass < 2; pass++) {
      let sw = 0;
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let sxy = 0;
      let count = 0;
      for (let i = start; i < end; i++) {
        if (pass === 0 && nearLine[pixIndex[i]]) continue;
        const w2 = pixW[i] * pixW[i];
        const dl = pixDl[i];
        const y = pixData[i];
        sw += w2;
        sx += w2 * dl;
        sy += w2 * y;
        sxx += w2 * dl * dl;
        sxy += w2 * dl * y;
        count++;
      }
      if (count < 4 && pass === 0) continue;
      const det = sw * sxx - sx * sx;
      if (count >= 2 && det > 0) {
        x[c0i] = (sxx * sy - sx * sxy) / det;
        x[c0i + 1] = (sw * sxy - sx * sy) / det;
      } else {
        x[c0i] = count > 0 ? sy / sw : 0;
        x[c0i + 1] = 0;
      }
      return;
    }
  }

  /**
   * Matched filter of the current stage's lines at (v, s²) on the continuum guess in x: for each flux parameter
   * S = Σ w²(d − c) t, N = Σ w² t² over ±4σ_λ, with t the unit-flux Gaussian (× the tie scale); returns
   * Σ S²/N over S > 0, the χ² decrease of the best non-negative amplitudes S/N (templates taken as disjoint).
   * With setFluxes, writes S/N (free sign) to the flux parameters.
   */
  function matchedFilter(v: number, s2: number, setFluxes: boolean): number {
    for (let q = 0; q < nStageLines; q++) {
      mfS[qParam[q]] = 0;
      mfN[qParam[q]] = 0;
    }
    for (let sw = 0; sw < nStageWin; sw++) {
      const w = stageWin[sw];
      const c0 = x[sWinC0[sw]];
      const c1 = x[sWinC0[sw] + 1];
      const start = winGoodStart[w];
      const end = start + winGoodCount[w];
      for (let q = sWinLineStart[sw]; q < sWinLineEnd[sw]; q++) {
        const l = stageLines[q];
        const mu = lineSys[l] * (1 + v / C);
        const so = Math.sqrt(Math.max(s2 + lineInst2[l], lineFloor2[l]));
        const sl = (mu * so) / C;
        const norm = (lineScale[l] * INV_SQRT_2PI) / sl;
        let i = lowerBound(start, end, mu - 4 * sl);
        let sum = 0;
        let sum2 = 0;
        for (; i < end && pixLam[i] <= mu + 4 * sl; i++) {
          const u = (pixLam[i] - mu) / sl;
          const t = norm * Math.exp(-0.5 * u * u);
          const w2 = pixW[i] * pixW[i];
          sum += w2 * (pixData[i] - (c0 + c1 * pixDl[i])) * t;
          sum2 += w2 * t * t;
        }
        mfS[qParam[q]] += sum;
        mfN[qParam[q]] += sum2;
      }
    }
    let score = 0;
    for (let q = 0; q < nStageLines; q++) {
      const j = qParam[q];
      if (mfN[j] <= 0) continue;
      if (setFluxes) x[j] = mfS[j] / mfN[j];
      if (mfS[j] > 0) score += (mfS[j] * mfS[j]) / mfN[j];
      mfN[j] = 0; // count each parameter once
    }
    return score;
  }

  /** First position in the good-pixel list [start, end) with λ ≥ lambda (binary search). */
  function lowerBound(start: number, end: number, lambda: number): number {
    let lo = start;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pixLam[mid] < lambda) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---------- results assembly helpers ----------
  const NAN_KINEMATICS: KinematicsFit = Object.freeze({
    velocityKms: NaN,
    velocityErrKms: NaN,
    velocityErrResidualKms: NaN,
    sigmaKms: NaN,
    sigmaErrKms: NaN,
    sigmaErrResidualKms: NaN,
    sigmaObservedKms: NaN,
    sigmaObservedErrKms: NaN,
    sigmaInstrumentalKms: NaN,
    referenceLine: refLine,
    source: 'none',
    flag: 0,
  });

  function notFittedLine(l: number, flag: number): EmissionLineFit {
    return {
      name: lineNames[l],
      label: lineLabels[l],
      restWavelengthAngstrom: lineRest[l],
      window: windows[lineWin[l]].name,
      fitted: false,
      observedWavelengthAngstrom: NaN,
      flux: NaN,
      fluxErr: NaN,
      fluxErrResidual: NaN,
      snr: NaN,
      ewRestAngstrom: NaN,
      ewRestErrAngstrom: NaN,
      ewRestErrResidualAngstrom: NaN,
      ewSnr: NaN,
      continuumAtLine: NaN,
      sigmaObservedKms: NaN,
      sigmaInstrumentalKms: lineInst[l],
      tiedTo: lineTieParent[l] >= 0 ? lineNames[lineTieParent[l]] : null,
      flag,
    };
  }

  function kinematicsFrom(
    v: number,
    varV: number,
    s2: number,
    varS2: number,
    refL: number,
    scale: number,
    source: 'fitted' | 'tied',
    flag: number,
  ): KinematicsFit {
    const errV = Math.sqrt(varV);
    const errS2 = Math.sqrt(varS2);
    const so = Math.sqrt(Math.max(s2 + lineInst2[refL], lineFloor2[refL]));
    let f = flag;
    let sigma = NaN;
    let sigmaErr = NaN;
    if (s2 > 0) {
      sigma = Math.sqrt(s2);
      sigmaErr = errS2 / (2 * sigma); // δσ = δs² / (2σ)
    } else {
      f |= FIT_FLAG.SIGMA_UNRESOLVED;
    }
    return {
      velocityKms: v,
      velocityErrKms: errV,
      velocityErrResidualKms: errV * scale,
      sigmaKms: sigma,
      sigmaErrKms: sigmaErr,
      sigmaErrResidualKms: sigmaErr * scale,
      sigmaObservedKms: so,
      sigmaObservedErrKms: errS2 / (2 * so),
      sigmaInstrumentalKms: lineInst[refL],
      referenceLine: lineNames[refL],
      source,
      flag: f,
    };
  }

  // ---------- one fit ----------
  function fit(
    flux: ArrayLike<number>,
    error: ArrayLike<number> | null = null,
    mask: ArrayLike<number> | null = null,
    offset = 0,
    stride = 1,
  ): SpectrumFit {
    // 1. good pixels per window
    let pos = 0;
    for (let w = 0; w < W; w++) {
      winGoodStart[w] = pos;
      const ref = winRef[w];
      for (let i = winPixLo[w]; i < winPixHi[w]; i++) {
        const k = offset + i * stride;
        const f = flux[k];
        const e = error ? error[k] : 1;
        const ok = Number.isFinite(f) && Number.isFinite(e) && e > 0 && !(mask && mask[k]);
        goodFlag[i] = ok ? 1 : 0;
        if (!ok) continue;
        pixIndex[pos] = i;
        pixLam[pos] = lam[i];
        pixDl[pos] = lam[i] - ref;
        pixData[pos] = f;
        pixW[pos] = 1 / e;
        pos++;
      }
      winGoodCount[w] = pos - winGoodStart[w];
    }
    // 2. line coverage and gaps
    for (let l = 0; l < L; l++) {
      lineFlag[l] = 0;
      lineActive[l] = 0;
      if (!lineCovered[l]) {
        lineFlag[l] = FIT_FLAG.NOT_COVERED;
        continue;
      }
      let good = 0;
      for (let i = lineCoreLo[l]; i < lineCoreHi[l]; i++) good += goodFlag[i];
      if (good < minLinePixels) lineFlag[l] = FIT_FLAG.LINE_IN_GAP;
      else lineActive[l] = 1;
    }

    const lineResults: (EmissionLineFit | null)[] = new Array(L).fill(null);
    const windowResults: (WindowFit | null)[] = new Array(W).fill(null);
    const windowKin: (KinematicsFit | null)[] = new Array(W).fill(null);
    let totalChi2 = 0;
    let totalDof = 0;

    // 3. stages
    let fittedS2 = NaN; // s² of the last free solve, handed to tied windows without a round trip through σ_obs
    const runStage = (wins: number[], fixed: KinematicsFit | null, extraFlag: number): KinematicsFit | null => {
      // windows of this stage that have active lines and enough pixels
      nStageWin = 0;
      nStageLines = 0;
      let p = fixed ? 0 : 2;
      vIdx = fixed ? -1 : 0;
      pIdx = fixed ? -1 : 1;
      if (fixed) {
        vFixed = fixed.velocityKms;
        s2Fixed = fittedS2;
      }
      const rejected: number[] = [];
      for (const w of wins) {
        let nActive = 0;
        let nFree = 0;
        for (let l = 0; l < L; l++) {
          if (lineWin[l] !== w || !lineActive[l]) continue;
          nActive++;
          const parent = lineTieParent[l];
          if (!(parent >= 0 && lineActive[parent])) nFree++;
        }
        if (nActive === 0) {
          rejected.push(w);
          continue;
        }
        const own = 2 + nFree + (fixed || wins.length > 1 ? 0 : 2);
        if (winGoodCount[w] - own < minDof) {
          for (let l = 0; l < L; l++) if (lineWin[l] === w && lineActive[l]) lineFlag[l] |= FIT_FLAG.TOO_FEW_PIXELS;
          rejected.push(w);
          continue;
        }
        const sw = nStageWin++;
        stageWin[sw] = w;
        sWinC0[sw] = p;
        p += 2;
        sWinLineStart[sw] = nStageLines;
        // free (untied) lines first so that tied ones can point at their parent's parameter
        for (let l = 0; l < L; l++) {
          if (lineWin[l] !== w || !lineActive[l]) continue;
          const parent = lineTieParent[l];
          if (parent >= 0 && lineActive[parent]) continue;
          lineParam[l] = p;
          lineScale[l] = 1;
          p++;
        }
        for (let l = 0; l < L; l++) {
          if (lineWin[l] !== w || !lineActive[l]) continue;
          const parent = lineTieParent[l];
          if (parent >= 0 && lineActive[parent]) {
            lineParam[l] = lineParam[parent];
            lineScale[l] = lineTieScale[l];
          }
          qParam[nStageLines] = lineParam[l];
          stageLines[nStageLines++] = l;
        }
        sWinLineEnd[sw] = nStageLines;
      }
      for (const w of rejected) {
        windowResults[w] = notFittedWindow(w, winGoodCount[w] === 0 ? FIT_FLAG.NO_DATA : winHasLineFlag(w, FIT_FLAG.TOO_FEW_PIXELS));
      }
      if (nStageWin === 0) return null;
      let nPix = 0;
      for (let sw = 0; sw < nStageWin; sw++) nPix += winGoodCount[stageWin[sw]];
      if (nPix - p < minDof) {
        for (let sw = 0; sw < nStageWin; sw++) {
          const w = stageWin[sw];
          for (let l = 0; l < L; l++) if (lineWin[l] === w && lineActive[l]) lineFlag[l] |= FIT_FLAG.TOO_FEW_PIXELS;
          windowResults[w] = notFittedWindow(w, FIT_FLAG.TOO_FEW_PIXELS);
        }
        return null;
      }
      problem.nParameters = p;

      // bounds
      for (let j = 0; j < p; j++) {
        lower[j] = -Infinity;
        upper[j] = Infinity;
      }
      let refL = -1;
      let s2LowStage = 0;
      if (!fixed) {
        lower[0] = -vLimit;
        upper[0] = vLimit;
        let s2Low = -Infinity;
        for (let q = 0; q < nStageLines; q++) {
          const l = stageLines[q];
          s2Low = Math.max(s2Low, lineFloor2[l] - lineInst2[l]);
        }
        s2LowStage = s2Low;
      }
      for (let q = 0; q < nStageLines; q++) {
        const l = stageLines[q];
        if (l === refIndex) refL = l;
      }
      if (refL < 0) refL = stageLines[0];
      refInst2 = lineInst2[refL];
      if (!fixed) {
        // p = σ_obs of the reference line: every line keeps σ_obs,k ≥ its floor, and σ_int ≤ sigmaMax
        lower[1] = Math.sqrt(s2LowStage + refInst2);
        upper[1] = Math.sqrt(sigmaMax * sigmaMax + refInst2);
      }
      if (positiveFlux) for (let q = 0; q < nStageLines; q++) lower[qParam[q]] = 0;

      // initial guesses
      for (let sw = 0; sw < nStageWin; sw++) guessContinuum(stageWin[sw], sWinC0[sw]);
      let v0 = fixed ? vFixed : 0;
      let s20 = fixed ? s2Fixed : sigmaGuess * sigmaGuess;
      if (!fixed) {
        // Matched-filter start (Δχ² of the best-amplitude lines on the continuum guess): velocity on a grid of one
        // reference-line width within ±velocitySearchKms (a template off by ≤ σ/2 keeps ≥ 94 % of the match),
        // refined by a parabola through the best three, then σ_int on a coarse grid at that velocity.
        const s2Min = lower[1] * lower[1] - refInst2;
        const s2Max = upper[1] * upper[1] - refInst2;
        s20 = Math.min(Math.max(s20, s2Min), s2Max);
        const dv = Math.max(5, Math.sqrt(Math.max(s20 + lineInst2[refL], lineFloor2[refL])));
        const vMax = Math.min(vSearch, vLimit);
        let bestScore = 0;
        let prev = NaN;
        let bestPrev = NaN;
        let bestNext = NaN;
        let justBest = false;
        for (let v = -Math.floor(vMax / dv) * dv; v <= vMax + 1e-9; v += dv) {
          const score = matchedFilter(v, s20, false);
          if (justBest) bestNext = score;
          justBest = false;
          if (score > bestScore) {
            bestScore = score;
            v0 = v;
            bestPrev = prev;
            bestNext = NaN;
            justBest = true;
          }
          prev = score;
        }
        if (bestScore > 0 && Number.isFinite(bestPrev) && Number.isFinite(bestNext)) {
          const curvature = bestPrev - 2 * bestScore + bestNext; // vertex of the parabola through three grid points
          if (curvature < 0) v0 += (0.5 * dv * (bestPrev - bestNext)) / curvature;
          bestScore = matchedFilter(v0, s20, false);
        }
        for (const sigma of SIGMA_GRID_KMS) {
          if (sigma > sigmaMax) break;
          const s2 = Math.max(sigma * sigma, s2Min);
          const score = matchedFilter(v0, s2, false);
          if (score > bestScore) {
            bestScore = score;
            s20 = s2;
          }
        }
        v0 = Math.min(Math.max(v0, lower[0]), upper[0]);
        x[0] = v0;
        x[1] = Math.sqrt(s20 + refInst2);
      }
      matchedFilter(v0, s20, true); // flux guesses: the matched-filter amplitudes at the chosen kinematics

      // solve
      const outcome = levenbergMarquardt(problem, x, lower, upper, lm, lmOptions);
      const chi2 = evaluate(x, null, null); // per-window χ² and residuals at the solution
      const covOk = Number.isFinite(chi2) && covarianceInto(lm, p, x, lower, upper, cov);
      const dof = nPix - p;
      const resScale = Math.sqrt(chi2 / dof);
      let stageFlag = extraFlag;
      if (!outcome.converged) stageFlag |= FIT_FLAG.NOT_CONVERGED;
      if (!covOk) stageFlag |= FIT_FLAG.FIT_FAILED;
      let kinAtBound = false;
      if (!fixed) kinAtBound = x[0] <= lower[0] || x[0] >= upper[0] || x[1] <= lower[1] || x[1] >= upper[1];
      if (kinAtBound) stageFlag |= FIT_FLAG.AT_BOUND;
      totalChi2 += chi2;
      totalDof += dof;

      let kin: KinematicsFit;
      if (fixed) {
        // the tied window's own σ_obs/σ_inst are those of its lines; velocity and intrinsic σ are the reference's
        kin = { ...fixed, source: 'tied', flag: fixed.flag | extraFlag };
      } else {
        const s2Fit = x[1] * x[1] - refInst2;
        kin = kinematicsFrom(x[0], cov[0], s2Fit, 4 * x[1] * x[1] * cov[p + 1], refL, resScale, 'fitted', stageFlag); // δs² = 2p δp
        fittedS2 = s2Fit;
      }
      const v = fixed ? vFixed : x[0];
      const s2 = fixed ? s2Fixed : x[1] * x[1] - refInst2;
      const vFree = !fixed;

      for (let sw = 0; sw < nStageWin; sw++) {
        const w = stageWin[sw];
        const c0i = sWinC0[sw];
        let winFlag = stageFlag | (kin.flag & FIT_FLAG.SIGMA_UNRESOLVED);
        if (x[c0i] !== x[c0i] || x[c0i + 1] !== x[c0i + 1]) winFlag |= FIT_FLAG.FIT_FAILED;
        for (let q = sWinLineStart[sw]; q < sWinLineEnd[sw]; q++) {
          const l = stageLines[q];
          const j = lineParam[l];
          const scale = lineScale[l];
          let flag = lineFlag[l] | stageFlag | (kin.flag & FIT_FLAG.SIGMA_UNRESOLVED);
          if (x[j] <= lower[j] || x[j] >= upper[j]) flag |= FIT_FLAG.AT_BOUND;
          const F = x[j] * scale;
          const errF = Math.sqrt(cov[j * p + j]) * scale;
          const mu = lineSys[l] * (1 + v / C);
          const so = Math.sqrt(Math.max(s2 + lineInst2[l], lineFloor2[l]));
          const dl = mu - winRef[w];
          const cont = x[c0i] + x[c0i + 1] * dl;
          let ew = NaN;
          let ewErr = NaN;
          if (cont > 0) {
            // EW_rest = F / C(μ) / (1+z); gradient over (F-param, c0, c1, v)
            const inv1z = 1 / (1 + z);
            ew = (F / cont) * inv1z;
            const idx = [j, c0i, c0i + 1, vFree ? 0 : -1];
            const grad = [
              (scale / cont) * inv1z,
              (-F / (cont * cont)) * inv1z,
              ((-F * dl) / (cont * cont)) * inv1z,
              ((-F * x[c0i + 1] * lineSys[l]) / C / (cont * cont)) * inv1z,
            ];
            let varEw = 0;
            for (let a = 0; a < 4; a++) {
              if (idx[a] < 0) continue;
              for (let b = 0; b < 4; b++) {
                if (idx[b] < 0) continue;
                varEw += grad[a] * grad[b] * cov[idx[a] * p + idx[b]];
              }
            }
            ewErr = Math.sqrt(varEw);
          } else {
            flag |= FIT_FLAG.CONTINUUM_NOT_POSITIVE;
          }
          winFlag |= flag;
          lineResults[l] = {
            name: lineNames[l],
            label: lineLabels[l],
            restWavelengthAngstrom: lineRest[l],
            window: windows[w].name,
            fitted: true,
            observedWavelengthAngstrom: mu,
            flux: F,
            fluxErr: errF,
            fluxErrResidual: errF * resScale,
            snr: F / (errF * resScale),
            ewRestAngstrom: ew,
            ewRestErrAngstrom: ewErr,
            ewRestErrResidualAngstrom: ewErr * resScale,
            ewSnr: ew / (ewErr * resScale),
            continuumAtLine: cont,
            sigmaObservedKms: so,
            sigmaInstrumentalKms: lineInst[l],
            tiedTo: lineScale[l] !== 1 ? lineNames[lineTieParent[l]] : null,
            flag,
          };
        }
        windowResults[w] = {
          name: windows[w].name,
          restRangeAngstrom: windows[w].restRangeAngstrom,
          observedRangeAngstrom: winObs[w],
          fitted: true,
          nPixels: winGoodCount[w],
          nParameters: p,
          degreesOfFreedom: dof,
          chiSquare: sWinChi2[sw],
          reducedChiSquare: chi2 / dof,
          residualRms: Math.sqrt(sWinSS[sw] / winGoodCount[w]),
          continuumC0: x[c0i],
          continuumC1: x[c0i + 1],
          referenceWavelengthAngstrom: winRef[w],
          iterations: outcome.iterations,
          converged: outcome.converged,
          stop: outcome.stop,
          kinematics: kin,
          flag: winFlag,
        };
        windowKin[w] = kin;
      }
      return fixed ? null : kin;
    };

    if (mode === 'joint') {
      runStage(
        Array.from({ length: W }, (_, w) => w),
        null,
        0,
      );
    } else if (mode === 'independent') {
      for (let w = 0; w < W; w++) runStage([w], null, 0);
    } else {
      const refKin = runStage([refWindow], null, 0);
      const usable = refKin !== null && Number.isFinite(refKin.velocityKms) && Number.isFinite(fittedS2);
      for (let w = 0; w < W; w++) {
        if (w === refWindow) continue;
        if (usable) runStage([w], refKin, 0);
        else runStage([w], null, FIT_FLAG.KINEMATICS_UNTIED);
      }
    }

    // 4. assemble
    const lines: Record<string, EmissionLineFit> = {};
    let flag = 0;
    const lineFlagsOfWindow = new Int32Array(W);
    for (let l = 0; l < L; l++) {
      const r = lineResults[l] ?? notFittedLine(l, lineFlag[l]);
      lines[lineNames[l]] = r;
      lineFlagsOfWindow[lineWin[l]] |= r.flag;
      flag |= r.flag;
    }
    const windowList: WindowFit[] = [];
    for (let w = 0; w < W; w++) {
      let r = windowResults[w] ?? notFittedWindow(w, winGoodCount[w] === 0 ? FIT_FLAG.NO_DATA : 0);
      if ((r.flag | lineFlagsOfWindow[w]) !== r.flag) r = { ...r, flag: r.flag | lineFlagsOfWindow[w] };
      windowList.push(r);
      flag |= r.flag;
    }
    const kinematics = windowKin[refWindow] ?? NAN_KINEMATICS;
    return {
      redshift: z,
      medium,
      lines,
      windows: windowList,
      kinematics,
      chiSquare: totalChi2,
      degreesOfFreedom: totalDof,
      reducedChiSquare: totalDof > 0 ? totalChi2 / totalDof : NaN,
      flag,
    };
  }

  function winHasLineFlag(w: number, bit: number): number {
    let f = 0;
    for (let l = 0; l < L; l++) if (lineWin[l] === w) f |= lineFlag[l] & bit;
    return f;
  }

  function notFittedWindow(w: number, flag: number): WindowFit {
    return {
      name: windows[w].name,
      restRangeAngstrom: windows[w].restRangeAngstrom,
      observedRangeAngstrom: winObs[w],
      fitted: false,
      nPixels: winGoodCount[w],
      nParameters: 0,
      degreesOfFreedom: 0,
      chiSquare: NaN,
      reducedChiSquare: NaN,
      residualRms: NaN,
      continuumC0: NaN,
      continuumC1: NaN,
      referenceWavelengthAngstrom: winRef[w],
      iterations: 0,
      converged: false,
      stop: 'not-fitted',
      kinematics: NAN_KINEMATICS,
      flag,
    };
  }

  return {
    fit,
    wavelengthAngstrom: lam,
    redshift: z,
    windows,
    lineNames: Object.freeze(lineNames.slice()),
    systemicWavelengthAngstrom: Object.freeze(systemicByName),
    instrumentalSigmaKms: Object.freeze(instByName),
  };
}
