// The workspace of a spectrum fitter (Ju et al., MSA-3D §2.2): every buffer one fit writes, allocated once per fitter,
// and the first step of a fit, loading a spectrum's good pixels and deciding which lines can be measured.
//
// Indices (with those of fit-layout.ts): `good` indexes the good-pixel list (each window's good pixels in one run,
// windowGoodStart[win] … + windowGoodCount[win]); `param` the parameter vector of the current solve; `stageWin` and
// `stageLine` the windows and lines of the current solver stage (see fit-stage.ts), listed in stageWindows and
// stageLines, window by window.
import { createLevenbergMarquardtWorkspace, type LevenbergMarquardtWorkspace } from '../optimize/levenberg-marquardt';
import { FIT_FLAG } from './fit-flags';
import type { FitLayout } from './fit-layout';
import { decideStellarAbsorption } from './stellar-absorption';
import { MIN_SEGMENT_GOOD_PIXELS } from './local-continua';
import { notMeasuredKinematics, type EmissionLineFit, type KinematicsFit, type WindowFit } from './fit-results';

/** Buffers and state of one fitter; one fit at a time (not reentrant). */
export interface FitWorkspace {
  // ---- solver ----
  readonly lm: LevenbergMarquardtWorkspace;
  /** Parameters, their bounds and covariance (nParameters² row-major) of the current solve. */
  readonly x: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly cov: Float64Array;
  /** Parameters of the current solve: [v, p] when the kinematics are free, then per window c0, c1 (per segment), troughs and fluxes. */
  nParameters: number;
  /** Index of v (km/s) in x, or −1 when the stage's kinematics are fixed. */
  velocityParam: number;
  /** Index of p = σ_obs of the stage's reference line (s² = p² − σ_inst,ref²), or −1 when fixed. */
  widthParam: number;
  /** σ_inst² of the stage's reference line, (km/s)². */
  referenceInstrumental2: number;
  /**
   * Index of q = σ_obs of the other width group's first line when the stage splits the widths (fit-options.ts
   * lineWidths: the lines not in the reference line's group get s² = q² − σ_inst,q²), or −1.
   */
  otherWidthParam: number;
  /** σ_inst² of the line q refers to, (km/s)². */
  otherReferenceInstrumental2: number;
  /** Per stage line: 1 when its width is q's (a split stage's other group), else 0. */
  readonly stageLineOtherWidth: Uint8Array;
  /** v and s² = σ_int² used when the kinematics are fixed (kinematics 'tied'): s² of the reference line's group, and per width group (layout.lineWidthGroup). */
  fixedVelocityKms: number;
  fixedS2: number;
  readonly fixedS2Group: Float64Array;

  // ---- the spectrum: good pixels ----
  /** 1 where the grid pixel is good in the current spectrum. */
  readonly pixelGood: Uint8Array;
  /** Per good pixel: its grid pixel, λ (Å), λ − λ_ref of its window (Å), datum, and weight 1/σ. */
  readonly goodPixel: Int32Array;
  readonly goodLambda: Float64Array;
  readonly goodOffsetAngstrom: Float64Array;
  readonly goodData: Float64Array;
  readonly goodWeight: Float64Array;
  readonly windowGoodStart: Int32Array;
  readonly windowGoodCount: Int32Array;
  /** 1 when the window's stellar absorption is on for this spectrum (its good pixels then span the widened range). */
  readonly windowAbsorptionOn: Uint8Array;
  /**
   * Continuum segments of each window for this spectrum (local-continua.ts): 1, or the layout's segments where the
   * absorption is on and every segment has ≥ MIN_SEGMENT_GOOD_PIXELS good pixels; segment `seg` of window `win` at
   * [win · maxSegments + seg] of segmentReferenceAngstrom (λ_ref) and segmentPixelStart/End (the span of its good
   * pixels; the base segment's may enclose the others').
   */
  readonly windowSegmentCount: Int32Array;
  readonly segmentReferenceAngstrom: Float64Array;
  readonly segmentPixelStart: Int32Array;
  readonly segmentPixelEnd: Int32Array;
  /** Segment (within its window) of each good pixel, and of each line for this spectrum. */
  readonly goodSegment: Int32Array;
  readonly lineSegment: Int32Array;
  /** Scratch: good pixels per segment of a window. */
  readonly segmentGoodCount: Int32Array;

  // ---- stellar absorption, per Balmer line (stellar-absorption.ts) ----
  /** Parameter of the line's absorbed flux A in the current solve (−1: none). */
  readonly lineAbsorberParam: Int32Array;
  /** The trough's unit profile (negative) at good pixel `good`: absorberBasis[line · windowPixelTotal + good]. */
  readonly absorberBasis: Float64Array;
  /** Good pixels [start, end) within the trough's reach, its rest FWHM (Å) and Lorentzian fraction. */
  readonly absorberReachStart: Int32Array;
  readonly absorberReachEnd: Int32Array;
  readonly absorberFwhmRestAngstrom: Float64Array;
  readonly absorberLorentzFraction: Float64Array;

  // ---- per fit, per line ----
  /** 1 when the line has enough good pixels to be fitted. */
  readonly lineActive: Uint8Array;
  readonly lineFlag: Int32Array;
  /** Parameter of the line's flux in the current solve, and the factor flux = x[param] × lineScale (doublet ties). */
  readonly lineParam: Int32Array;
  readonly lineScale: Float64Array;

  // ---- the current stage ----
  nStageWindows: number;
  /** Window of each stage window; its c0 parameter (c1 follows); its stage lines [start, end); its χ² and Σ(d − m)². */
  readonly stageWindows: Int32Array;
  readonly stageWindowC0Param: Int32Array;
  readonly stageWindowLineStart: Int32Array;
  readonly stageWindowLineEnd: Int32Array;
  readonly stageWindowChi2: Float64Array;
  readonly stageWindowSumSquares: Float64Array;
  nStageLines: number;
  /** Line of each stage line, and its flux parameter. */
  readonly stageLines: Int32Array;
  readonly stageLineParam: Int32Array;
  // window-model caches per stage line: μ, 1/σ_λ, peak height, ∂G/∂F per unit profile, derivatives of μ and σ_λ,
  // and the good pixels [start, end) within the line's reach
  readonly stageLineMu: Float64Array;
  readonly stageLineInvSigma: Float64Array;
  readonly stageLineAmplitude: Float64Array;
  readonly stageLineNorm: Float64Array;
  readonly stageLineDmuDv: Float64Array;
  readonly stageLineDslDv: Float64Array;
  readonly stageLineDslDp: Float64Array;
  readonly stageLineDslDvDp: Float64Array;
  readonly stageLineDslDpDp: Float64Array;
  readonly stageLineGoodStart: Int32Array;
  readonly stageLineGoodEnd: Int32Array;
  /**
   * e^{−u²/2} of stage line l at good pixel i, at [l · windowPixelTotal + i], within the line's reach: computed once
   * per stage when the kinematics are fixed (they do not change between the solver's evaluations), valid while
   * stageProfileReady.
   */
  readonly stageProfile: Float64Array;
  stageProfileReady: boolean;
  /**
   * The stage's evaluation of lowest χ² so far — the solver's current point, since it accepts a step only when χ²
   * drops — with its parameters and per-window χ² and Σ(d − m)², so that the evaluation at the solution is not repeated.
   */
  stageBestValid: boolean;
  /** A free stage's solution with shared widths, kept while 'auto' tries them apart (fit-stage.ts). */
  readonly stageSharedX: Float64Array;
  stageBestChi2: number;
  readonly stageBestX: Float64Array;
  readonly stageBestWindowChi2: Float64Array;
  readonly stageBestWindowSumSquares: Float64Array;

  // ---- scratch ----
  /** One pixel's nonzero Jacobian entries: parameter, value, and ∂/∂v, ∂/∂p, ∂/∂q of the flux entries (window model). */
  readonly rowParam: Int32Array;
  readonly rowValue: Float64Array;
  readonly rowDv: Float64Array;
  readonly rowDp: Float64Array;
  readonly rowDq: Float64Array;
  /** Matched filter sums S = Σ w²(d − c)t and N = Σ w²t² per flux parameter (start guesses). */
  readonly filterSignal: Float64Array;
  readonly filterNorm: Float64Array;
  /**
   * The matched filter's template shapes e^{−u²/2} of each line at the velocity-scan steps (start-guesses.ts), which are the
   * same (v, s²) for every spectrum of a stage kind: for line l and scan step k < SCAN_TEMPLATE_SLOTS,
   * scanTemplate[l · SCAN_TEMPLATE_SLOTS + k] over the window's widest grid range (NaN = not computed yet), valid for
   * (scanTemplateV, scanTemplateS2) of that slot.
   */
  readonly scanTemplate: (Float64Array | null)[];
  readonly scanTemplateV: Float64Array;
  readonly scanTemplateS2: Float64Array;
  /** The four parameters of an equivalent width (flux, c0, c1, v) and its gradient over them (results). */
  readonly ewParam: Int32Array;
  readonly ewGradient: Float64Array;
  /** OR of the line flags of each window (results). */
  readonly windowLineFlags: Int32Array;

  // ---- per fit, results ----
  readonly lineResults: (EmissionLineFit | null)[];
  readonly windowResults: (WindowFit | null)[];
  readonly windowKinematics: (KinematicsFit | null)[];
  chiSquare: number;
  degreesOfFreedom: number;
  /** s² of the last free solve (the reference line's), handed to tied windows without a round trip through σ_obs. */
  fittedS2: number;
  /** s² of the last free solve per width group (both the same when its widths were shared). */
  readonly fittedS2Group: Float64Array;
  /** The kinematics of a window not measured (all NaN), shared by every result. */
  readonly nanKinematics: KinematicsFit;
}

/** Allocates every buffer of a fitter with `layout`. */
export function createFitWorkspace(layout: FitLayout): FitWorkspace {
  const W = layout.nWindows;
  const L = layout.nLines;
  const maxParams = 3 + 2 * W * layout.maxSegments + 2 * L; // kinematics (v, p, q), continua, fluxes and troughs
  const nGood = layout.windowPixelTotal;
  return {
    lm: createLevenbergMarquardtWorkspace(maxParams),
    x: new Float64Array(maxParams),
    lower: new Float64Array(maxParams),
    upper: new Float64Array(maxParams),
    cov: new Float64Array(maxParams * maxParams),
    nParameters: 0,
    velocityParam: -1,
    widthParam: -1,
    referenceInstrumental2: 0,
    otherWidthParam: -1,
    otherReferenceInstrumental2: 0,
    stageLineOtherWidth: new Uint8Array(L),
    fixedVelocityKms: 0,
    fixedS2: 0,
    fixedS2Group: new Float64Array(2),
    pixelGood: new Uint8Array(layout.nPixels),
    goodPixel: new Int32Array(nGood),
    goodLambda: new Float64Array(nGood),
    goodOffsetAngstrom: new Float64Array(nGood),
    goodData: new Float64Array(nGood),
    goodWeight: new Float64Array(nGood),
    windowGoodStart: new Int32Array(W),
    windowGoodCount: new Int32Array(W),
    windowAbsorptionOn: new Uint8Array(W),
    windowSegmentCount: new Int32Array(W).fill(1),
    segmentReferenceAngstrom: new Float64Array(W * layout.maxSegments),
    segmentPixelStart: new Int32Array(W * layout.maxSegments),
    segmentPixelEnd: new Int32Array(W * layout.maxSegments),
    goodSegment: new Int32Array(nGood),
    lineSegment: new Int32Array(L),
    segmentGoodCount: new Int32Array(layout.maxSegments),
    lineAbsorberParam: new Int32Array(L).fill(-1),
    absorberBasis: new Float64Array(L * nGood),
    absorberReachStart: new Int32Array(L),
    absorberReachEnd: new Int32Array(L),
    absorberFwhmRestAngstrom: new Float64Array(L).fill(NaN),
    absorberLorentzFraction: new Float64Array(L).fill(NaN),
    lineActive: new Uint8Array(L),
    lineFlag: new Int32Array(L),
    lineParam: new Int32Array(L),
    lineScale: new Float64Array(L),
    nStageWindows: 0,
    stageWindows: new Int32Array(W),
    stageWindowC0Param: new Int32Array(W),
    stageWindowLineStart: new Int32Array(W),
    stageWindowLineEnd: new Int32Array(W),
    stageWindowChi2: new Float64Array(W),
    stageWindowSumSquares: new Float64Array(W),
    nStageLines: 0,
    stageLines: new Int32Array(L),
    stageLineParam: new Int32Array(L),
    stageLineMu: new Float64Array(L),
    stageLineInvSigma: new Float64Array(L),
    stageLineAmplitude: new Float64Array(L),
    stageLineNorm: new Float64Array(L),
    stageLineDmuDv: new Float64Array(L),
    stageLineDslDv: new Float64Array(L),
    stageLineDslDp: new Float64Array(L),
    stageLineDslDvDp: new Float64Array(L),
    stageLineDslDpDp: new Float64Array(L),
    stageLineGoodStart: new Int32Array(L),
    stageLineGoodEnd: new Int32Array(L),
    stageProfile: new Float64Array(L * nGood),
    stageProfileReady: false,
    stageBestValid: false,
    stageSharedX: new Float64Array(maxParams),
    stageBestChi2: NaN,
    stageBestX: new Float64Array(maxParams),
    stageBestWindowChi2: new Float64Array(W),
    stageBestWindowSumSquares: new Float64Array(W),
    rowParam: new Int32Array(maxParams),
    rowValue: new Float64Array(maxParams),
    rowDv: new Float64Array(maxParams),
    rowDp: new Float64Array(maxParams),
    rowDq: new Float64Array(maxParams),
    filterSignal: new Float64Array(maxParams),
    filterNorm: new Float64Array(maxParams),
    scanTemplate: new Array<Float64Array | null>(L * SCAN_TEMPLATE_SLOTS).fill(null),
    scanTemplateV: new Float64Array(L * SCAN_TEMPLATE_SLOTS).fill(NaN),
    scanTemplateS2: new Float64Array(L * SCAN_TEMPLATE_SLOTS).fill(NaN),
    ewParam: new Int32Array(4),
    ewGradient: new Float64Array(4),
    windowLineFlags: new Int32Array(W),
    lineResults: new Array<EmissionLineFit | null>(L).fill(null),
    windowResults: new Array<WindowFit | null>(W).fill(null),
    windowKinematics: new Array<KinematicsFit | null>(W).fill(null),
    chiSquare: 0,
    degreesOfFreedom: 0,
    fittedS2: NaN,
    fittedS2Group: new Float64Array(2).fill(NaN),
    nanKinematics: notMeasuredKinematics(layout),
  };
}

/** Velocity-scan steps of the matched filter whose templates are kept between spectra (the scan has ~10 at the defaults). */
export const SCAN_TEMPLATE_SLOTS = 32;

/**
 * Starts a fit: reads pixel `pixel` of the spectrum at offset + pixel·stride of flux, error (null: unit weights) and
 * mask (nonzero = bad) into the good-pixel lists (non-finite flux or error, or error ≤ 0, is bad too), marks each line
 * active, NOT_COVERED or LINE_IN_GAP (< minLinePixels good pixels within ±lineCoreKms), and clears the results.
 */
export function loadSpectrum(
  layout: FitLayout,
  ws: FitWorkspace,
  flux: ArrayLike<number>,
  error: ArrayLike<number> | null,
  mask: ArrayLike<number> | null,
  offset: number,
  stride: number,
): void {
  const lam = layout.wavelengthAngstrom;
  const { pixelGood, goodPixel, goodLambda, goodOffsetAngstrom, goodData, goodWeight, windowGoodStart, windowGoodCount } = ws;
  // 1. good pixels per window (over the widened range where the stellar absorption is on), with their continuum segment
  const absorption = layout.settings.stellarAbsorption;
  const { goodSegment, segmentReferenceAngstrom, segmentPixelStart, segmentPixelEnd } = ws;
  const maxSeg = layout.maxSegments;
  let good = 0;
  for (let win = 0; win < layout.nWindows; win++) {
    windowGoodStart[win] = good;
    const on =
      layout.windowAbsorberLines[win].length > 0 &&
      (absorption === 'on' || (absorption === 'auto' && decideStellarAbsorption(layout, win, flux, error, mask, offset, stride)));
    ws.windowAbsorptionOn[win] = on ? 1 : 0;
    const pixelStart = on ? layout.windowWidePixelStart[win] : layout.windowPixelStart[win];
    const pixelEnd = on ? layout.windowWidePixelEnd[win] : layout.windowPixelEnd[win];
    const pixelSegment = layout.windowPixelSegmentOn[win];
    const wideStart = layout.windowWidePixelStart[win];
    let nSeg = on && layout.settings.localContinua ? layout.windowSegmentReferenceOn[win].length : 1;
    if (nSeg > 1) {
      // every segment needs MIN_SEGMENT_GOOD_PIXELS good pixels, else one line for the window
      const counts = ws.segmentGoodCount;
      counts.fill(0, 0, nSeg);
      for (let pixel = pixelStart; pixel < pixelEnd; pixel++) if (pixelIsGood(flux, error, mask, offset + pixel * stride)) counts[pixelSegment[pixel - wideStart]]++;
      for (let s = 0; s < nSeg; s++) if (counts[s] < MIN_SEGMENT_GOOD_PIXELS) nSeg = 1;
    }
    for (let s = 0; s < nSeg; s++) {
      segmentPixelStart[win * maxSeg + s] = pixelEnd;
      segmentPixelEnd[win * maxSeg + s] = pixelStart;
    }
    for (let pixel = pixelStart; pixel < pixelEnd; pixel++) {
      const at = offset + pixel * stride;
      const ok = pixelIsGood(flux, error, mask, at);
      pixelGood[pixel] = ok ? 1 : 0;
      if (!ok) continue;
      const seg = nSeg > 1 ? pixelSegment[pixel - wideStart] : 0;
      goodPixel[good] = pixel;
      goodLambda[good] = lam[pixel];
      goodSegment[good] = seg;
      goodData[good] = flux[at];
      goodWeight[good] = error ? 1 / error[at] : 1;
      good++;
      const at2 = win * maxSeg + seg;
      if (pixel < segmentPixelStart[at2]) segmentPixelStart[at2] = pixel;
      if (pixel + 1 > segmentPixelEnd[at2]) segmentPixelEnd[at2] = pixel + 1;
    }
    ws.windowSegmentCount[win] = nSeg;
    for (let s = 0; s < nSeg; s++) segmentReferenceAngstrom[win * maxSeg + s] = nSeg > 1 ? layout.windowSegmentReferenceOn[win][s] : layout.windowReferenceAngstrom[win];
    for (let g = windowGoodStart[win]; g < good; g++) goodOffsetAngstrom[g] = goodLambda[g] - segmentReferenceAngstrom[win * maxSeg + goodSegment[g]];
    windowGoodCount[win] = good - windowGoodStart[win];
  }
  for (let line = 0; line < layout.nLines; line++) ws.lineSegment[line] = ws.windowSegmentCount[layout.lineWindow[line]] > 1 ? layout.lineSegmentOn[line] : 0;
  // 2. line coverage and gaps
  const minLinePixels = layout.settings.minLinePixels;
  for (let line = 0; line < layout.nLines; line++) {
    ws.lineFlag[line] = 0;
    ws.lineActive[line] = 0;
    if (!layout.lineCovered[line]) {
      ws.lineFlag[line] = FIT_FLAG.NOT_COVERED;
      continue;
    }
    let nGood = 0;
    for (let pixel = layout.lineCorePixelStart[line]; pixel < layout.lineCorePixelEnd[line]; pixel++) nGood += pixelGood[pixel];
    if (nGood < minLinePixels) ws.lineFlag[line] = FIT_FLAG.LINE_IN_GAP;
    else ws.lineActive[line] = 1;
  }
  // 3. no results yet
  ws.lineResults.fill(null);
  ws.windowResults.fill(null);
  ws.windowKinematics.fill(null);
  ws.chiSquare = 0;
  ws.degreesOfFreedom = 0;
  ws.fittedS2 = NaN;
  ws.fittedS2Group.fill(NaN);
}

/** Whether the datum at `at` is usable: finite flux, finite error > 0 (or no errors), not masked. */
function pixelIsGood(flux: ArrayLike<number>, error: ArrayLike<number> | null, mask: ArrayLike<number> | null, at: number): boolean {
  const f = flux[at];
  const e = error ? error[at] : 1;
  return Number.isFinite(f) && Number.isFinite(e) && e > 0 && !(mask && mask[at]);
}

/** First position in the good-pixel list [start, end) with λ ≥ lambda (binary search). */
export function firstGoodAtOrAbove(goodLambda: Float64Array, start: number, end: number, lambda: number): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (goodLambda[mid] < lambda) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
