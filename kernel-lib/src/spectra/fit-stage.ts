// One solver stage of a spectrum fit (Ju et al., MSA-3D §2.2): a set of windows solved together — the parameter
// layout, the bounds, the start (start-guesses.ts), the bounded Newton–LM solve of the window model (window-model.ts;
// optimize/levenberg-marquardt.ts), the Gauss–Newton covariance (Press et al. 2007, eq. 15.5.15), and the results.
//
// Parameters: [v, p] when the kinematics are free (p = σ_obs of the stage's reference line), then per window [c0, c1]
// per continuum segment (one, or one per line group where the stellar absorption is on: local-continua.ts),
// the absorbed flux of each Balmer trough when its stellar absorption is on (stellar-absorption.ts), and its free
// (untied) line fluxes; a doublet partner tied by a fixed ratio shares its parent's parameter.
// Bounds: |v| ≤ velocityLimitKms; p such that every line keeps σ_obs,k ≥ its floor and σ_int ≤ sigmaMaxKms;
// fluxes ≥ 0 with fluxSign 'positive'; absorbed fluxes ≥ 0; the continuum free.
import { covarianceInto, levenbergMarquardt, type LeastSquaresProblem } from '../optimize/levenberg-marquardt';
import { FIT_FLAG } from './fit-flags';
import type { FitLayout } from './fit-layout';
import { collectStageResults, kinematicsFrom, notFittedWindow, type KinematicsFit } from './fit-results';
import type { FitWorkspace } from './fit-workspace';
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
  const nParams = layoutStage(layout, ws, wins, fixed);
  if (nParams < 0) return null;
  const referenceLine = boundStage(layout, ws);
  guessStart(layout, ws, referenceLine);
  const { x, lower, upper, cov, lm } = ws;

  // solve
  const outcome = levenbergMarquardt(problem, x, lower, upper, lm, layout.settings.solver);
  const chi2 = windowModelChiSquare(layout, ws, x, null, null); // per-window χ² and residuals at the solution
  const covOk = Number.isFinite(chi2) && covarianceInto(lm, nParams, x, lower, upper, cov);
  let nPix = 0;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) nPix += ws.windowGoodCount[ws.stageWindows[stageWin]];
  const dof = nPix - nParams;
  let stageFlag = extraFlag;
  if (!outcome.converged) stageFlag |= FIT_FLAG.NOT_CONVERGED;
  if (!covOk) stageFlag |= FIT_FLAG.FIT_FAILED;
  let kinAtBound = false;
  if (!fixed) kinAtBound = x[0] <= lower[0] || x[0] >= upper[0] || x[1] <= lower[1] || x[1] >= upper[1];
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
export function layoutStage(layout: FitLayout, ws: FitWorkspace, wins: readonly number[], fixed: KinematicsFit | null): number {
  const L = layout.nLines;
  const { lineWindow, lineTieParent, lineTieScale } = layout;
  const { lineActive, lineFlag, lineParam, lineScale } = ws;
  const minDof = layout.settings.minDegreesOfFreedom;
  ws.nStageWindows = 0;
  ws.nStageLines = 0;
  ws.stageProfileReady = false; // window-model caches of the previous stage
  ws.stageBestValid = false;
  let nParams = fixed ? 0 : 2;
  ws.velocityParam = fixed ? -1 : 0;
  ws.widthParam = fixed ? -1 : 1;
  if (fixed) {
    ws.fixedVelocityKms = fixed.velocityKms;
    ws.fixedS2 = ws.fittedS2;
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
    const own = 2 * nSeg + nAbsorbers + nFree + (fixed || wins.length > 1 ? 0 : 2);
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

/**
 * Sets the bounds of the laid-out stage and its reference line (the fitter's reference line when in the stage, else
 * the stage's first line) with its σ_inst² in ws.referenceInstrumental2; returns that line.
 */
export function boundStage(layout: FitLayout, ws: FitWorkspace): number {
  const { lower, upper, stageLines } = ws;
  const settings = layout.settings;
  const free = ws.velocityParam >= 0;
  for (let param = 0; param < ws.nParameters; param++) {
    lower[param] = -Infinity;
    upper[param] = Infinity;
  }
  let referenceLine = -1;
  let s2LowStage = 0;
  if (free) {
    lower[0] = -settings.velocityLimitKms;
    upper[0] = settings.velocityLimitKms;
    let s2Low = -Infinity;
    for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) {
      const line = stageLines[stageLine];
      s2Low = Math.max(s2Low, layout.lineFloor2[line] - layout.lineInstrumental2[line]);
    }
    s2LowStage = s2Low;
  }
  for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) {
    const line = stageLines[stageLine];
    if (line === layout.referenceLine) referenceLine = line;
  }
  if (referenceLine < 0) referenceLine = stageLines[0];
  const refInst2 = layout.lineInstrumental2[referenceLine];
  ws.referenceInstrumental2 = refInst2;
  if (free) {
    // p = σ_obs of the reference line: every line keeps σ_obs,k ≥ its floor, and σ_int ≤ sigmaMax
    lower[1] = Math.sqrt(s2LowStage + refInst2);
    upper[1] = Math.sqrt(settings.sigmaMaxKms * settings.sigmaMaxKms + refInst2);
  }
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    for (const line of layout.windowAbsorberLines[ws.stageWindows[stageWin]]) if (ws.lineAbsorberParam[line] >= 0) lower[ws.lineAbsorberParam[line]] = 0;
  }
  if (settings.positiveFlux) for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) lower[ws.stageLineParam[stageLine]] = 0;
  return referenceLine;
}
