// One solver stage of a spectrum fit (Ju et al., MSA-3D §2.2): a set of windows solved together — the parameter
// layout, the bounds, the start (start-guesses.ts), the bounded Newton–LM solve of the window model (window-model.ts;
// optimize/levenberg-marquardt.ts), the Gauss–Newton covariance (Press et al. 2007, eq. 15.5.15), and the results.
//
// Parameters: [v, p] when the kinematics are free (p = σ_obs of the stage's reference line), and q (σ_obs of the first
// line of the other width group) when the stage splits the widths (fit-options.ts lineWidths), then per window [c0, c1]
// per continuum segment (one, or one per line group where the stellar absorption is on: local-continua.ts),
// the absorbed flux of each Balmer trough when its stellar absorption is on (stellar-absorption.ts), and its free
// (untied) line fluxes; a doublet partner tied by a fixed ratio shares its parent's parameter.
// Bounds: |v| ≤ velocityLimitKms; p (and q) such that every line of its group keeps σ_obs,k ≥ its floor and σ_int ≤ sigmaMaxKms;
// fluxes ≥ 0 with fluxSign 'positive'; absorbed fluxes ≥ 0; the continuum free.
import { covarianceInto, levenbergMarquardt, type LeastSquaresProblem } from '../optimize/levenberg-marquardt';
import { FIT_FLAG } from './fit-flags';
import type { FitLayout } from './fit-layout';
import { collectStageResults, kinematicsFrom, notFittedWindow, type KinematicsFit } from './fit-results';
import type { FitWorkspace } from './fit-workspace';
import type { LineWidthsMode } from './fit-options';
import { guessStart } from './start-guesses';
import { windowModelChiSquare } from './window-model';

/**
 * Fits the windows `wins` together: with `fixed` kinematics (from the reference window, kinematics 'tied', with s² from
 * ws.fittedS2) or free ones (fixed null). `extraFlag` is ORed into every result. Writes the stage's results into the
 * workspace (not-fitted windows too) and adds its χ² and degrees of freedom to the totals; returns the fitted
 * kinematics of a free stage, else null.
 */
export function fitStage(
  layout: FitLayout,
  ws: FitWorkspace,
  problem: LeastSquaresProblem,
  wins: readonly number[],
  fixed: KinematicsFit | null,
  extraFlag: number,
): KinematicsFit | null {
  const widths = fixed ? WIDTHS_SHARED : widthsOfStage(layout, ws, wins);
  let nParams = layoutStage(layout, ws, wins, fixed, widths === WIDTHS_SPLIT);
  if (nParams < 0) return null;
  let referenceLine = boundStage(layout, ws);
  guessStart(layout, ws, referenceLine);
  const { x, lower, upper, cov, lm } = ws;
  const solver = layout.settings.solver;

  // solve
  let outcome = levenbergMarquardt(problem, x, lower, upper, lm, solver);
  let chi2 = windowModelChiSquare(layout, ws, x, null, null); // per-window χ² and residuals at the solution
  if (widths === WIDTHS_TEST && Number.isFinite(chi2)) {
    // 'auto': the widths apart, from the shared solution (so χ² can only drop), kept when the drop passes the
    // likelihood-ratio test of one more parameter (LINE_WIDTH_SPLIT_MIN_DELTA_CHI2); else the shared solution again
    const shared = ws.stageSharedX;
    const nShared = nParams;
    shared.set(x.subarray(0, nShared));
    const sharedOutcome = { ...outcome }; // the solver's outcome object is reused by the next solve
    const s2Shared = x[1] * x[1] - ws.referenceInstrumental2;
    const nSplit = layoutStage(layout, ws, wins, fixed, true);
    let kept = false;
    if (nSplit === nShared + 1 && ws.otherWidthParam === 2) {
      referenceLine = boundStage(layout, ws);
      x[0] = shared[0];
      x[1] = shared[1];
      for (let param = 2; param < nShared; param++) x[param + 1] = shared[param];
      x[2] = Math.min(Math.max(Math.sqrt(Math.max(s2Shared + ws.otherReferenceInstrumental2, 0)), lower[2]), upper[2]);
      const outcomeSplit = levenbergMarquardt(problem, x, lower, upper, lm, solver);
      const chi2Split = windowModelChiSquare(layout, ws, x, null, null);
      let nPixSplit = 0;
      for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) nPixSplit += ws.windowGoodCount[ws.stageWindows[stageWin]];
      const scale2 = chi2Split / (nPixSplit - nSplit); // the residual scale², as the residual errors use it
      if (Number.isFinite(chi2Split) && scale2 > 0 && (chi2 - chi2Split) / scale2 >= LINE_WIDTH_SPLIT_MIN_DELTA_CHI2) {
        kept = true;
        outcome = outcomeSplit;
        chi2 = chi2Split;
        nParams = nSplit;
      }
    }
    if (!kept) {
      // back to the shared layout and solution, exactly: its normal matrix JᵀWJ recomputed at it for the covariance
      nParams = layoutStage(layout, ws, wins, fixed, false);
      referenceLine = boundStage(layout, ws);
      x.set(shared.subarray(0, nParams));
      windowModelChiSquare(layout, ws, x, lm.normal, lm.gradient);
      chi2 = windowModelChiSquare(layout, ws, x, null, null);
      outcome = sharedOutcome;
    }
  }
  const covOk = Number.isFinite(chi2) && covarianceInto(lm, nParams, x, lower, upper, cov);
  let nPix = 0;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) nPix += ws.windowGoodCount[ws.stageWindows[stageWin]];
  const dof = nPix - nParams;
  let stageFlag = extraFlag;
  if (!outcome.converged) stageFlag |= FIT_FLAG.NOT_CONVERGED;
  if (!covOk) stageFlag |= FIT_FLAG.FIT_FAILED;
  let kinAtBound = false;
  if (!fixed) kinAtBound = x[0] <= lower[0] || x[0] >= upper[0] || x[1] <= lower[1] || x[1] >= upper[1];
  const q = ws.otherWidthParam;
  if (q >= 0 && (x[q] <= lower[q] || x[q] >= upper[q])) kinAtBound = true;
  if (kinAtBound) stageFlag |= FIT_FLAG.AT_BOUND;
  ws.chiSquare += chi2;
  ws.degreesOfFreedom += dof;

  let kin: KinematicsFit;
  if (fixed) {
    // the tied window's own σ_obs/σ_inst are those of its lines; velocity and intrinsic σ are the reference's
    kin = { ...fixed, source: 'tied', flag: fixed.flag | extraFlag };
  } else {
    const resScale = Math.sqrt(chi2 / dof);
    const s2Fit = x[1] * x[1] - ws.referenceInstrumental2;
    // δs² = 2p δp
    kin = kinematicsFrom(layout, x[0], cov[0], s2Fit, 4 * x[1] * x[1] * cov[nParams + 1], referenceLine, resScale, 'fitted', stageFlag);
    ws.fittedS2 = s2Fit;
    const refGroup = layout.lineWidthGroup[referenceLine];
    ws.fittedS2Group[refGroup] = s2Fit;
    ws.fittedS2Group[1 - refGroup] = q >= 0 ? x[q] * x[q] - ws.otherReferenceInstrumental2 : s2Fit;
  }
  collectStageResults(layout, ws, outcome, chi2, dof, stageFlag, kin);
  return fixed ? null : kin;
}

/**
 * Lays out the stage's parameters in the workspace: the windows of `wins` with active lines and enough pixels (the
 * others get not-fitted results, their lines TOO_FEW_PIXELS when short of pixels), their c0 parameters and flux
 * parameters (free lines first, so tied ones can point at their parent's parameter). Returns the number of parameters,
 * or −1 when nothing can be fitted.
 */
export function layoutStage(layout: FitLayout, ws: FitWorkspace, wins: readonly number[], fixed: KinematicsFit | null, splitWidths = false): number {
  const L = layout.nLines;
  const split = splitWidths && !fixed;
  const { lineWindow, lineTieParent, lineTieScale } = layout;
  const { lineActive, lineFlag, lineParam, lineScale } = ws;
  const minDof = layout.settings.minDegreesOfFreedom;
  ws.nStageWindows = 0;
  ws.nStageLines = 0;
  ws.stageProfileReady = false; // window-model caches of the previous stage
  ws.stageBestValid = false;
  const nKinematic = fixed ? 0 : split ? 3 : 2;
  let nParams = nKinematic;
  ws.velocityParam = fixed ? -1 : 0;
  ws.widthParam = fixed ? -1 : 1;
  ws.otherWidthParam = split ? 2 : -1;
  if (fixed) {
    ws.fixedVelocityKms = fixed.velocityKms;
    ws.fixedS2 = ws.fittedS2;
    ws.fixedS2Group.set(ws.fittedS2Group);
  }
  for (const win of wins) {
    let nActive = 0;
    let nFree = 0;
    for (let line = 0; line < L; line++) {
      if (lineWindow[line] !== win || !lineActive[line]) continue;
      nActive++;
      const parent = lineTieParent[line];
      if (!(parent >= 0 && lineActive[parent])) nFree++;
    }
    if (nActive === 0) {
      ws.windowResults[win] = notFittedWindow(layout, ws, win, ws.windowGoodCount[win] === 0 ? FIT_FLAG.NO_DATA : 0);
      continue;
    }
    let nAbsorbers = 0;
    for (const line of layout.windowAbsorberLines[win]) {
      ws.lineAbsorberParam[line] = -1;
      if (ws.windowAbsorptionOn[win] && lineActive[line]) nAbsorbers++;
    }
    const nSeg = ws.windowSegmentCount[win];
    const own = 2 * nSeg + nAbsorbers + nFree + (wins.length > 1 ? 0 : nKinematic);
    if (ws.windowGoodCount[win] - own < minDof) {
      for (let line = 0; line < L; line++) if (lineWindow[line] === win && lineActive[line]) lineFlag[line] |= FIT_FLAG.TOO_FEW_PIXELS;
      ws.windowResults[win] = notFittedWindow(layout, ws, win, ws.windowGoodCount[win] === 0 ? FIT_FLAG.NO_DATA : FIT_FLAG.TOO_FEW_PIXELS);
      continue;
    }
    const stageWin = ws.nStageWindows++;
    ws.stageWindows[stageWin] = win;
    ws.stageWindowC0Param[stageWin] = nParams;
    nParams += 2 * nSeg; // (c0, c1) per continuum segment
    if (nAbsorbers > 0) for (const line of layout.windowAbsorberLines[win]) if (lineActive[line]) ws.lineAbsorberParam[line] = nParams++;
    ws.stageWindowLineStart[stageWin] = ws.nStageLines;
    // free (untied) lines first so that tied ones can point at their parent's parameter
    for (let line = 0; line < L; line++) {
      if (lineWindow[line] !== win || !lineActive[line]) continue;
      const parent = lineTieParent[line];
      if (parent >= 0 && lineActive[parent]) continue;
      lineParam[line] = nParams;
      lineScale[line] = 1;
      nParams++;
    }
    for (let line = 0; line < L; line++) {
      if (lineWindow[line] !== win || !lineActive[line]) continue;
      const parent = lineTieParent[line];
      if (parent >= 0 && lineActive[parent]) {
        lineParam[line] = lineParam[parent];
        lineScale[line] = lineTieScale[line];
      }
      ws.stageLineParam[ws.nStageLines] = lineParam[line];
      ws.stageLines[ws.nStageLines++] = line;
    }
    ws.stageWindowLineEnd[stageWin] = ws.nStageLines;
  }
  if (ws.nStageWindows === 0) return -1;
  if (split) {
    // a window left out may have taken one group's only lines: then one width
    let groups = 0;
    for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) groups |= 1 << layout.lineWidthGroup[ws.stageLines[stageLine]];
    if (groups !== 3) return layoutStage(layout, ws, wins, fixed, false);
  }
  let nPix = 0;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) nPix += ws.windowGoodCount[ws.stageWindows[stageWin]];
  if (nPix - nParams < minDof) {
    for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
      const win = ws.stageWindows[stageWin];
      for (let line = 0; line < L; line++) if (lineWindow[line] === win && lineActive[line]) lineFlag[line] |= FIT_FLAG.TOO_FEW_PIXELS;
      ws.windowResults[win] = notFittedWindow(layout, ws, win, FIT_FLAG.TOO_FEW_PIXELS);
    }
    return -1;
  }
  ws.nParameters = nParams;
  return nParams;
}

/** How a free stage treats the widths of its Balmer and other lines (fit-options.ts lineWidths). */
const WIDTHS_SHARED = 0;
const WIDTHS_SPLIT = 1;
const WIDTHS_TEST = 2;

/**
 * Δχ² (in units of the residual scale²) by which splitting the widths must improve a stage's fit for 'auto' to keep it:
 * the likelihood-ratio test of nested models one parameter apart, Δχ² ~ χ²₁ under the null (Wilks 1938, Ann. Math.
 * Stat. 9, 60; Press et al. 2007, §15.6.5), at 3σ (p = 0.0027), the significance 'auto' asks of a stellar trough too.
 */
export const LINE_WIDTH_SPLIT_MIN_DELTA_CHI2 = 9;

/** The line-width mode and its rule in words, for outputs (JSON, notebooks). */
export function describeLineWidths(mode: LineWidthsMode): { mode: LineWidthsMode; rule: string } {
  const rule = {
    shared: 'one intrinsic σ for every line (the MSA-3D model)',
    'balmer-forbidden': 'one intrinsic σ for the Balmer lines, another for the forbidden lines, one velocity (idlspec2d emlines.par)',
    auto:
      `Balmer and forbidden widths apart where a window's stellar absorption is on and the split lowers χ² by ≥ ` +
      `${LINE_WIDTH_SPLIT_MIN_DELTA_CHI2} × the residual scale² (likelihood-ratio test, 3σ), else one σ`,
  }[mode];
  return { mode, rule };
}

/**
 * How a free stage over `wins` treats the widths: shared with 'shared', or without active lines of both groups; split
 * with 'balmer-forbidden'; with 'auto', tested (fitStage) where one of its windows has its stellar absorption on for
 * this spectrum, else shared.
 */
function widthsOfStage(layout: FitLayout, ws: FitWorkspace, wins: readonly number[]): number {
  const mode = layout.settings.lineWidths;
  if (mode === 'shared') return WIDTHS_SHARED;
  let groups = 0;
  let absorption = false;
  for (const win of wins) {
    for (let line = 0; line < layout.nLines; line++) {
      if (layout.lineWindow[line] === win && ws.lineActive[line]) groups |= 1 << layout.lineWidthGroup[line];
    }
    if (ws.windowAbsorptionOn[win]) absorption = true;
  }
  if (groups !== 3) return WIDTHS_SHARED;
  if (mode === 'balmer-forbidden') return WIDTHS_SPLIT;
  return absorption ? WIDTHS_TEST : WIDTHS_SHARED;
}

/**
 * Sets the bounds of the laid-out stage and its reference line (the fitter's reference line when in the stage, else
 * the stage's first line) with its σ_inst² in ws.referenceInstrumental2; in a stage that splits the widths, marks the
 * lines of the other group (ws.stageLineOtherWidth) and sets q's line's σ_inst² (ws.otherReferenceInstrumental2).
 * Returns the reference line.
 */
export function boundStage(layout: FitLayout, ws: FitWorkspace): number {
  const { lower, upper, stageLines } = ws;
  const settings = layout.settings;
  const free = ws.velocityParam >= 0;
  const q = ws.otherWidthParam;
  for (let param = 0; param < ws.nParameters; param++) {
    lower[param] = -Infinity;
    upper[param] = Infinity;
  }
  let referenceLine = -1;
  for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) {
    const line = stageLines[stageLine];
    if (line === layout.referenceLine) referenceLine = line;
  }
  if (referenceLine < 0) referenceLine = stageLines[0];
  const refGroup = layout.lineWidthGroup[referenceLine];
  let otherLine = -1;
  let s2LowRef = -Infinity;
  let s2LowOther = -Infinity;
  for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) {
    const line = stageLines[stageLine];
    const other = q >= 0 && layout.lineWidthGroup[line] !== refGroup;
    ws.stageLineOtherWidth[stageLine] = other ? 1 : 0;
    if (other && otherLine < 0) otherLine = line;
    const s2Low = layout.lineFloor2[line] - layout.lineInstrumental2[line];
    if (other) s2LowOther = Math.max(s2LowOther, s2Low);
    else s2LowRef = Math.max(s2LowRef, s2Low);
  }
  const refInst2 = layout.lineInstrumental2[referenceLine];
  ws.referenceInstrumental2 = refInst2;
  if (free) {
    lower[0] = -settings.velocityLimitKms;
    upper[0] = settings.velocityLimitKms;
    // p = σ_obs of the reference line: every line of its group keeps σ_obs,k ≥ its floor, and σ_int ≤ sigmaMax
    lower[1] = Math.sqrt(s2LowRef + refInst2);
    upper[1] = Math.sqrt(settings.sigmaMaxKms * settings.sigmaMaxKms + refInst2);
    if (q >= 0) {
      const otherInst2 = layout.lineInstrumental2[otherLine];
      ws.otherReferenceInstrumental2 = otherInst2;
      lower[q] = Math.sqrt(s2LowOther + otherInst2);
      upper[q] = Math.sqrt(settings.sigmaMaxKms * settings.sigmaMaxKms + otherInst2);
    }
  }
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    for (const line of layout.windowAbsorberLines[ws.stageWindows[stageWin]]) if (ws.lineAbsorberParam[line] >= 0) lower[ws.lineAbsorberParam[line]] = 0;
  }
  if (settings.positiveFlux) for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) lower[ws.stageLineParam[stageLine]] = 0;
  return referenceLine;
}
