// The results of a spectrum fit (Ju et al., MSA-3D §2.2): each line's flux, equivalent width and their errors, each
// window's continuum and χ², the kinematics, and their flags — built from a solved stage in the workspace.
//
// Errors: "covariance" errors are √diag(A⁻¹) with A = JᵀWJ from the pipeline errors (Press et al. 2007, eq. 15.5.15);
// "residual" errors are the same scaled by √(χ²/(N − P)) (see fit-spectrum.ts). Rest-frame equivalent width
// EW = F / C(μ) / (1 + z), C(μ) the fitted continuum at the line's observed centre; its error propagates the
// covariance C of (F, c0, c1, v) to first order, σ²(EW) = ∇EWᵀ C ∇EW.
import type { StellarAbsorptionFit } from './stellar-absorption';
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import type { LevenbergMarquardtOutcome, LevenbergMarquardtStop } from '../optimize/levenberg-marquardt';
import { FIT_FLAG } from './fit-flags';
import type { FitLayout } from './fit-layout';
import type { FitWorkspace } from './fit-workspace';
import { observedCentreAngstrom } from './line-model';

const C = SPEED_OF_LIGHT_KMS;

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
  /** Continuum c0 + c1 (λ − λ_ref): c0 in data units, c1 per Å (the base continuum's where there are several). */
  readonly continuumC0: number;
  readonly continuumC1: number;
  readonly referenceWavelengthAngstrom: number;
  /**
   * Where the stellar absorption is on: the local continua of the line groups without a trough, then the base continuum
   * (local-continua.ts); at λ the first segment whose range holds it applies. continuumC0/C1 above are the base's.
   */
  readonly continuumSegments?: readonly ContinuumSegmentFit[];
  readonly iterations: number;
  readonly converged: boolean;
  readonly stop: LevenbergMarquardtStop | 'not-fitted';
  readonly kinematics: KinematicsFit;
  readonly flag: number;
  /** The stellar absorption troughs fitted under the window's Balmer lines (empty when off for this spectrum). */
  readonly stellarAbsorption: readonly StellarAbsorptionFit[];
}

/** One local continuum c0 + c1 (λ − λ_ref) of a window, over an observed range (Å). */
export interface ContinuumSegmentFit {
  readonly observedRangeAngstrom: readonly [number, number];
  readonly c0: number;
  readonly c1: number;
  readonly referenceWavelengthAngstrom: number;
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

/** The kinematics of a window not measured: every number NaN, source 'none' (one frozen object per fitter). */
export function notMeasuredKinematics(layout: FitLayout): KinematicsFit {
  return Object.freeze({
    velocityKms: NaN,
    velocityErrKms: NaN,
    velocityErrResidualKms: NaN,
    sigmaKms: NaN,
    sigmaErrKms: NaN,
    sigmaErrResidualKms: NaN,
    sigmaObservedKms: NaN,
    sigmaObservedErrKms: NaN,
    sigmaInstrumentalKms: NaN,
    referenceLine: layout.referenceLineName,
    source: 'none',
    flag: 0,
  });
}

/** Line `line` not measured (every number NaN except its σ_inst). */
export function notFittedLine(layout: FitLayout, line: number, flag: number): EmissionLineFit {
  const parent = layout.lineTieParent[line];
  return {
    name: layout.lineNames[line],
    label: layout.lineLabels[line],
    restWavelengthAngstrom: layout.lineRestAngstrom[line],
    window: layout.windows[layout.lineWindow[line]].name,
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
    sigmaInstrumentalKms: layout.lineInstrumentalKms[line],
    tiedTo: parent >= 0 ? layout.lineNames[parent] : null,
    flag,
  };
}

/** Window `win` not fitted. */
export function notFittedWindow(layout: FitLayout, ws: FitWorkspace, win: number, flag: number): WindowFit {
  return {
    name: layout.windows[win].name,
    restRangeAngstrom: layout.windows[win].restRangeAngstrom,
    observedRangeAngstrom: layout.windowObservedRangeAngstrom[win],
    fitted: false,
    nPixels: ws.windowGoodCount[win],
    nParameters: 0,
    degreesOfFreedom: 0,
    chiSquare: NaN,
    reducedChiSquare: NaN,
    residualRms: NaN,
    continuumC0: NaN,
    continuumC1: NaN,
    referenceWavelengthAngstrom: layout.windowReferenceAngstrom[win],
    iterations: 0,
    converged: false,
    stop: 'not-fitted',
    kinematics: ws.nanKinematics,
    flag,
    stellarAbsorption: [],
  };
}

/**
 * Kinematics from v, s² = σ_int² and their variances, with `referenceLine`'s σ_inst: σ_int = √s² and δσ = δs²/(2σ)
 * (first-order propagation), σ_obs = √(s² + σ_inst²) (floored) and δσ_obs = δs²/(2σ_obs); s² ≤ 0 gives σ_int NaN and
 * SIGMA_UNRESOLVED. Residual errors are the covariance errors × scale.
 */
export function kinematicsFrom(
  layout: FitLayout,
  v: number,
  varV: number,
  s2: number,
  varS2: number,
  referenceLine: number,
  scale: number,
  source: 'fitted' | 'tied',
  flag: number,
): KinematicsFit {
  const errV = Math.sqrt(varV);
  const errS2 = Math.sqrt(varS2);
  const so = Math.sqrt(Math.max(s2 + layout.lineInstrumental2[referenceLine], layout.lineFloor2[referenceLine]));
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
    sigmaInstrumentalKms: layout.lineInstrumentalKms[referenceLine],
    referenceLine: layout.lineNames[referenceLine],
    source,
    flag: f,
  };
}

/**
 * 1σ error (covariance) of EW_rest = F/C(μ)/(1 + z) of line `line` in the stage window whose c0 is x[c0Param], with
 * C(μ) = c0 + c1 (μ − λ_ref) = `continuum` > 0, dl = μ − λ_ref and F = x[fluxParam] × fluxScale: the gradient over
 * (flux parameter, c0, c1, v) — v only when the stage fits it — contracted with the covariance.
 */
export function restEquivalentWidthErr(
  layout: FitLayout,
  ws: FitWorkspace,
  line: number,
  fluxParam: number,
  fluxScale: number,
  c0Param: number,
  flux: number,
  continuum: number,
  dl: number,
): number {
  const { x, cov, ewParam, ewGradient } = ws;
  const P = ws.nParameters;
  const inv1z = 1 / (1 + layout.settings.redshift);
  const cont = continuum;
  ewParam[0] = fluxParam;
  ewParam[1] = c0Param;
  ewParam[2] = c0Param + 1;
  ewParam[3] = ws.velocityParam;
  ewGradient[0] = (fluxScale / cont) * inv1z; // ∂EW/∂x_F
  ewGradient[1] = (-flux / (cont * cont)) * inv1z; // ∂EW/∂c0
  ewGradient[2] = ((-flux * dl) / (cont * cont)) * inv1z; // ∂EW/∂c1
  ewGradient[3] = ((-flux * x[c0Param + 1] * layout.lineSystemicAngstrom[line]) / C / (cont * cont)) * inv1z; // ∂EW/∂v via μ
  let varEw = 0;
  for (let a = 0; a < 4; a++) {
    if (ewParam[a] < 0) continue;
    for (let b = 0; b < 4; b++) {
      if (ewParam[b] < 0) continue;
      varEw += ewGradient[a] * ewGradient[b] * cov[ewParam[a] * P + ewParam[b]];
    }
  }
  return Math.sqrt(varEw);
}

/**
 * The results of the solved stage in the workspace — its χ² `chi2` over `dof` degrees of freedom, the solver's
 * outcome, the stage flag and kinematics `kin` — into ws.lineResults, ws.windowResults and ws.windowKinematics.
 */
export function collectStageResults(
  layout: FitLayout,
  ws: FitWorkspace,
  outcome: LevenbergMarquardtOutcome,
  chi2: number,
  dof: number,
  stageFlag: number,
  kin: KinematicsFit,
): void {
  const { x, lower, upper, cov, lineParam, lineScale, lineFlag } = ws;
  const z = layout.settings.redshift;
  const P = ws.nParameters;
  const resScale = Math.sqrt(chi2 / dof);
  const inv1z = 1 / (1 + z);
  const free = ws.velocityParam >= 0;
  const v = free ? x[0] : ws.fixedVelocityKms;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    const win = ws.stageWindows[stageWin];
    const c0Base = ws.stageWindowC0Param[stageWin];
    const nSeg = ws.windowSegmentCount[win];
    const maxSeg = layout.maxSegments;
    let winFlag = stageFlag | (kin.flag & FIT_FLAG.SIGMA_UNRESOLVED);
    for (let param = c0Base; param < c0Base + 2 * nSeg; param++) if (x[param] !== x[param]) winFlag |= FIT_FLAG.FIT_FAILED;
    for (let stageLine = ws.stageWindowLineStart[stageWin]; stageLine < ws.stageWindowLineEnd[stageWin]; stageLine++) {
      const line = ws.stageLines[stageLine];
      const fluxParam = lineParam[line];
      const scale = lineScale[line];
      let flag = lineFlag[line] | stageFlag | (kin.flag & FIT_FLAG.SIGMA_UNRESOLVED);
      if (x[fluxParam] <= lower[fluxParam] || x[fluxParam] >= upper[fluxParam]) flag |= FIT_FLAG.AT_BOUND;
      const F = x[fluxParam] * scale;
      const errF = Math.sqrt(cov[fluxParam * P + fluxParam]) * scale;
      const mu = observedCentreAngstrom(layout.lineSystemicAngstrom[line], v);
      const s2 = stageLineS2(layout, ws, x, stageLine); // its width group's
      const so = Math.sqrt(Math.max(s2 + layout.lineInstrumental2[line], layout.lineFloor2[line]));
      const c0i = c0Base + 2 * ws.lineSegment[line]; // the line's continuum segment
      const dl = mu - ws.segmentReferenceAngstrom[win * maxSeg + ws.lineSegment[line]];
      const cont = x[c0i] + x[c0i + 1] * dl;
      let ew = NaN;
      let ewErr = NaN;
      if (cont > 0) {
        ew = (F / cont) * inv1z; // EW_rest = F / C(μ) / (1 + z)
        ewErr = restEquivalentWidthErr(layout, ws, line, fluxParam, scale, c0i, F, cont, dl);
      } else {
        flag |= FIT_FLAG.CONTINUUM_NOT_POSITIVE;
      }
      winFlag |= flag;
      ws.lineResults[line] = {
        name: layout.lineNames[line],
        label: layout.lineLabels[line],
        restWavelengthAngstrom: layout.lineRestAngstrom[line],
        window: layout.windows[win].name,
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
        sigmaInstrumentalKms: layout.lineInstrumentalKms[line],
        tiedTo: lineScale[line] !== 1 ? layout.lineNames[layout.lineTieParent[line]] : null,
        flag,
      };
    }
    ws.windowResults[win] = {
      name: layout.windows[win].name,
      restRangeAngstrom: layout.windows[win].restRangeAngstrom,
      observedRangeAngstrom: layout.windowObservedRangeAngstrom[win],
      fitted: true,
      nPixels: ws.windowGoodCount[win],
      nParameters: P,
      degreesOfFreedom: dof,
      chiSquare: ws.stageWindowChi2[stageWin],
      reducedChiSquare: chi2 / dof,
      residualRms: Math.sqrt(ws.stageWindowSumSquares[stageWin] / ws.windowGoodCount[win]),
      continuumC0: x[c0Base],
      continuumC1: x[c0Base + 1],
      referenceWavelengthAngstrom: ws.segmentReferenceAngstrom[win * maxSeg],
      ...(nSeg > 1 ? { continuumSegments: continuumSegmentsOf(layout, ws, win, c0Base) } : {}),
      iterations: outcome.iterations,
      converged: outcome.converged,
      stop: outcome.stop,
      kinematics: kin,
      flag: winFlag,
      stellarAbsorption: troughsOf(layout, ws, win, c0Base, v, resScale),
    };
    ws.windowKinematics[win] = kin;
  }
}

/**
 * The window's continua (local-continua.ts), each over the observed span of its good pixels: the local ones first, the
 * base (whose span encloses them) last, so that the first segment containing λ is the one fitted there.
 */
function continuumSegmentsOf(layout: FitLayout, ws: FitWorkspace, win: number, c0Base: number): ContinuumSegmentFit[] {
  const lam = layout.wavelengthAngstrom;
  const out: ContinuumSegmentFit[] = [];
  const nSeg = ws.windowSegmentCount[win];
  for (let k = 1; k <= nSeg; k++) {
    const seg = k % nSeg; // 1, 2, …, then the base 0
    const at = win * layout.maxSegments + seg;
    out.push({
      observedRangeAngstrom: [lam[ws.segmentPixelStart[at]], lam[ws.segmentPixelEnd[at] - 1]],
      c0: ws.x[c0Base + 2 * seg],
      c1: ws.x[c0Base + 2 * seg + 1],
      referenceWavelengthAngstrom: ws.segmentReferenceAngstrom[at],
    });
  }
  return out;
}

/** The fitted troughs of window `win` (stellar-absorption.ts): A, its residual error, rest EW = A / C(μ) / (1 + z), σ. */
function troughsOf(layout: FitLayout, ws: FitWorkspace, win: number, c0Base: number, v: number, resScale: number): StellarAbsorptionFit[] {
  const out: StellarAbsorptionFit[] = [];
  if (!ws.windowAbsorptionOn[win]) return out;
  const { x, cov } = ws;
  const P = ws.nParameters;
  for (const line of layout.windowAbsorberLines[win]) {
    const param = ws.lineAbsorberParam[line];
    if (param < 0) continue;
    const mu = observedCentreAngstrom(layout.lineSystemicAngstrom[line], v);
    const seg = ws.lineSegment[line];
    const c0i = c0Base + 2 * seg;
    const cont = x[c0i] + x[c0i + 1] * (mu - ws.segmentReferenceAngstrom[win * layout.maxSegments + seg]);
    out.push({
      line: layout.lineNames[line],
      absorbedFlux: x[param],
      absorbedFluxErr: Math.sqrt(cov[param * P + param]) * resScale,
      ewRestAngstrom: cont > 0 ? x[param] / cont / (1 + layout.settings.redshift) : NaN,
      fwhmRestAngstrom: ws.absorberFwhmRestAngstrom[line],
      lorentzFraction: ws.absorberLorentzFraction[line],
    });
  }
  return out;
}

/** The spectrum's fit from the workspace's results: lines and windows not fitted get NaN results with their flags. */
export function assembleSpectrumFit(layout: FitLayout, ws: FitWorkspace): SpectrumFit {
  const lines: Record<string, EmissionLineFit> = {};
  let flag = 0;
  const lineFlagsOfWindow = ws.windowLineFlags;
  lineFlagsOfWindow.fill(0);
  for (let line = 0; line < layout.nLines; line++) {
    const r = ws.lineResults[line] ?? notFittedLine(layout, line, ws.lineFlag[line]);
    lines[layout.lineNames[line]] = r;
    lineFlagsOfWindow[layout.lineWindow[line]] |= r.flag;
    flag |= r.flag;
  }
  const windowList: WindowFit[] = [];
  for (let win = 0; win < layout.nWindows; win++) {
    let r = ws.windowResults[win] ?? notFittedWindow(layout, ws, win, ws.windowGoodCount[win] === 0 ? FIT_FLAG.NO_DATA : 0);
    if ((r.flag | lineFlagsOfWindow[win]) !== r.flag) r = { ...r, flag: r.flag | lineFlagsOfWindow[win] };
    windowList.push(r);
    flag |= r.flag;
  }
  const kinematics = ws.windowKinematics[layout.referenceWindow] ?? ws.nanKinematics;
  const totalChi2 = ws.chiSquare;
  const totalDof = ws.degreesOfFreedom;
  return {
    redshift: layout.settings.redshift,
    medium: layout.settings.medium,
    lines,
    windows: windowList,
    kinematics,
    chiSquare: totalChi2,
    degreesOfFreedom: totalDof,
    reducedChiSquare: totalDof > 0 ? totalChi2 / totalDof : NaN,
    flag,
  };
}

/**
 * s² = σ_int² of stage line `stageLine` at parameters x: the fixed s² of its width group when the kinematics are fixed,
 * else from p (or from q for a split stage's other group).
 */
function stageLineS2(layout: FitLayout, ws: FitWorkspace, x: Float64Array, stageLine: number): number {
  if (ws.widthParam < 0) return ws.fixedS2Group[layout.lineWidthGroup[ws.stageLines[stageLine]]];
  if (ws.stageLineOtherWidth[stageLine]) return x[ws.otherWidthParam] * x[ws.otherWidthParam] - ws.otherReferenceInstrumental2;
  return x[ws.widthParam] * x[ws.widthParam] - ws.referenceInstrumental2;
}
