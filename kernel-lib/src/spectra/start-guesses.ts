// Start guesses of a solver stage (Ju et al., MSA-3D §2.2 fit): each window's continuum by weighted least squares
// away from the lines, then a matched-filter scan (the χ² decrease of the best-amplitude lines; e.g. Turin 1960, IRE
// Trans. IT-6, 311) for v and σ_int, and the matched-filter amplitudes as the flux guesses.
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import type { FitLayout } from './fit-layout';
import { firstGoodAtOrAbove, SCAN_TEMPLATE_SLOTS, type FitWorkspace } from './fit-workspace';
import { guessAbsorption } from './stellar-absorption';
import { gaussianProfile, INV_SQRT_2PI, observedCentreAngstrom, sigmaAngstrom } from './line-model';

/** line-model.ts's e^{−u²/2}, bound once at load so V8 inlines it in the loop (see window-model.ts). */
const profile = gaussianProfile;
/** The other imports of the matched filter, bound once for the same reason. */
const centreOf = observedCentreAngstrom;
const sigmaLambdaOf = sigmaAngstrom;
const firstGood = firstGoodAtOrAbove;
const NORM = INV_SQRT_2PI;

/** Intrinsic σ values (km/s) tried by the matched-filter start. */
export const SIGMA_GRID_KMS = [10, 25, 50, 100, 200, 400] as const;

/**
 * Writes the start of the current stage (laid out and bounded by fit-stage.ts) into ws.x: each window's continuum
 * ({@link guessContinuum}); when the kinematics are free, v on a grid of one reference-line width within
 * ±velocitySearchKms (a template off by ≤ σ/2 keeps ≥ 94 % of the match) refined by a parabola through the best three,
 * then σ_int on a coarse grid at that velocity; and the fluxes, the matched-filter amplitudes at the chosen kinematics
 * (the fixed ones when tied).
 */
export function guessStart(layout: FitLayout, ws: FitWorkspace, referenceLine: number): void {
  const { x, lower, upper } = ws;
  const settings = layout.settings;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    const win = ws.stageWindows[stageWin];
    for (let seg = 0; seg < ws.windowSegmentCount[win]; seg++) guessContinuum(layout, ws, win, seg, ws.stageWindowC0Param[stageWin] + 2 * seg);
  }
  const free = ws.velocityParam >= 0;
  let v0 = free ? 0 : ws.fixedVelocityKms;
  let s20 = free ? settings.sigmaGuessKms * settings.sigmaGuessKms : ws.fixedS2;
  if (free) {
    const refInst2 = ws.referenceInstrumental2;
    const s2Min = lower[1] * lower[1] - refInst2;
    const s2Max = upper[1] * upper[1] - refInst2;
    s20 = Math.min(Math.max(s20, s2Min), s2Max);
    const dv = Math.max(5, Math.sqrt(Math.max(s20 + layout.lineInstrumental2[referenceLine], layout.lineFloor2[referenceLine])));
    const vMax = Math.min(settings.velocitySearchKms, settings.velocityLimitKms);
    let bestScore = 0;
    let prev = NaN;
    let bestPrev = NaN;
    let bestNext = NaN;
    let justBest = false;
    let step = 0;
    for (let v = -Math.floor(vMax / dv) * dv; v <= vMax + 1e-9; v += dv) {
      const score = matchedFilter(layout, ws, v, s20, false, step++);
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
      bestScore = matchedFilter(layout, ws, v0, s20, false);
    }
    for (const sigma of SIGMA_GRID_KMS) {
      if (sigma > settings.sigmaMaxKms) break;
      const s2 = Math.max(sigma * sigma, s2Min);
      const score = matchedFilter(layout, ws, v0, s2, false);
      if (score > bestScore) {
        bestScore = score;
        s20 = s2;
      }
    }
    v0 = Math.min(Math.max(v0, lower[0]), upper[0]);
    x[0] = v0;
    x[1] = Math.sqrt(s20 + refInst2);
    const q = ws.otherWidthParam; // a split stage's other width group starts at the same σ_int
    if (q >= 0) x[q] = Math.min(Math.max(Math.sqrt(Math.max(s20 + ws.otherReferenceInstrumental2, 0)), lower[q]), upper[q]);
  }
  // the Balmer troughs (where on) at the chosen velocity, refitting the continuum beside them
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    if (ws.windowAbsorptionOn[ws.stageWindows[stageWin]]) guessAbsorption(layout, ws, stageWin, v0);
  }
  matchedFilter(layout, ws, v0, s20, true); // flux guesses: the matched-filter amplitudes at the chosen kinematics
}

/**
 * Continuum guess of segment `seg` of window `win`: weighted least-squares straight line (Press et al. 2007, eq. 15.2.6)
 * through its good pixels farther than velocitySearchKms + 300 km/s from every line of the window (all its good pixels
 * if fewer than 4 remain); writes x[c0Param], x[c0Param + 1].
 */
export function guessContinuum(layout: FitLayout, ws: FitWorkspace, win: number, seg: number, c0Param: number): void {
  const { x, goodPixel, goodWeight, goodOffsetAngstrom, goodData, goodSegment } = ws;
  const nearLine = layout.pixelNearLine;
  const start = ws.windowGoodStart[win];
  const end = start + ws.windowGoodCount[win];
  let pass = 0;
  for (; pass < 2; pass++) {
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let count = 0;
    for (let good = start; good < end; good++) {
      if (goodSegment[good] !== seg || (pass === 0 && nearLine[goodPixel[good]])) continue;
      const w2 = goodWeight[good] * goodWeight[good];
      const dl = goodOffsetAngstrom[good];
      const y = goodData[good];
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
      x[c0Param] = (sxx * sy - sx * sxy) / det;
      x[c0Param + 1] = (sw * sxy - sx * sy) / det;
    } else {
      x[c0Param] = count > 0 ? sy / sw : 0;
      x[c0Param + 1] = 0;
    }
    return;
  }
}

/**
 * Matched filter of the current stage's lines at (v, s²) on the continuum guess in x: for each flux parameter
 * S = Σ w²(d − c) t, N = Σ w² t² over ±4σ_λ, with t the unit-flux Gaussian (× the tie scale); returns
 * Σ S²/N over S > 0, the χ² decrease of the best non-negative amplitudes S/N (templates taken as disjoint).
 * With setFluxes, writes S/N (free sign) to the flux parameters. `scanStep` ≥ 0 (the velocity scan's step) keeps the
 * templates in the workspace for the next spectrum, where the same step has the same (v, s²).
 */
export function matchedFilter(layout: FitLayout, ws: FitWorkspace, v: number, s2: number, setFluxes: boolean, scanStep = -1): number {
  const { x, filterSignal, filterNorm, stageLineParam, goodLambda, goodWeight, goodData, goodOffsetAngstrom, goodSegment, goodPixel } = ws;
  const lineSystemic = layout.lineSystemicAngstrom;
  for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) {
    filterSignal[stageLineParam[stageLine]] = 0;
    filterNorm[stageLineParam[stageLine]] = 0;
  }
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    const win = ws.stageWindows[stageWin];
    const c0Base = ws.stageWindowC0Param[stageWin];
    const start = ws.windowGoodStart[win];
    const end = start + ws.windowGoodCount[win];
    for (let stageLine = ws.stageWindowLineStart[stageWin]; stageLine < ws.stageWindowLineEnd[stageWin]; stageLine++) {
      const line = ws.stageLines[stageLine];
      const mu = centreOf(lineSystemic[line], v);
      const so = Math.sqrt(Math.max(s2 + layout.lineInstrumental2[line], layout.lineFloor2[line]));
      const sl = sigmaLambdaOf(mu, so);
      const norm = (ws.lineScale[line] * NORM) / sl;
      const cache = scanStep >= 0 && scanStep < SCAN_TEMPLATE_SLOTS ? scanTemplate(layout, ws, line, scanStep, v, s2) : null;
      const cacheStart = layout.windowWidePixelStart[win];
      let good = firstGood(goodLambda, start, end, mu - 4 * sl);
      let sum = 0;
      let sum2 = 0;
      for (; good < end && goodLambda[good] <= mu + 4 * sl; good++) {
        let t: number;
        if (cache === null) t = norm * profile((goodLambda[good] - mu) / sl);
        else {
          const at = goodPixel[good] - cacheStart;
          let e = cache[at];
          if (e !== e) e = cache[at] = profile((goodLambda[good] - mu) / sl);
          t = norm * e;
        }
        const w2 = goodWeight[good] * goodWeight[good];
        const c0i = c0Base + 2 * goodSegment[good];
        sum += w2 * (goodData[good] - (x[c0i] + x[c0i + 1] * goodOffsetAngstrom[good])) * t;
        sum2 += w2 * t * t;
      }
      filterSignal[stageLineParam[stageLine]] += sum;
      filterNorm[stageLineParam[stageLine]] += sum2;
    }
  }
  let score = 0;
  for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) {
    const param = stageLineParam[stageLine];
    if (filterNorm[param] <= 0) continue;
    if (setFluxes) x[param] = filterSignal[param] / filterNorm[param];
    if (filterSignal[param] > 0) score += (filterSignal[param] * filterSignal[param]) / filterNorm[param];
    filterNorm[param] = 0; // count each parameter once
  }
  return score;
}

/** The kept template shapes e^{−u²/2} (without the flux normalisation, which depends on the tie) of `line` at velocity-scan step `scanStep`, cleared (NaN) when that step's (v, s²) changed. */
function scanTemplate(layout: FitLayout, ws: FitWorkspace, line: number, scanStep: number, v: number, s2: number): Float64Array {
  const slot = line * SCAN_TEMPLATE_SLOTS + scanStep;
  const win = layout.lineWindow[line];
  let cache = ws.scanTemplate[slot];
  if (cache === null) {
    cache = new Float64Array(layout.windowWidePixelEnd[win] - layout.windowWidePixelStart[win]).fill(NaN);
    ws.scanTemplate[slot] = cache;
  } else if (!(ws.scanTemplateV[slot] === v && ws.scanTemplateS2[slot] === s2)) cache.fill(NaN);
  ws.scanTemplateV[slot] = v;
  ws.scanTemplateS2[slot] = s2;
  return cache;
}
