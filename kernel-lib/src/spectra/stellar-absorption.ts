// The stellar absorption under the Balmer lines, fitted with the emission: per Balmer line of a window, a Lorentzian
// absorption trough of absorbed flux A ≥ 0 (a linear parameter beside the straight-line continuum), centred on the
// stage's start velocity, its FWHM chosen per spectrum from a grid by the pixels clear of every emission line (only
// shapes with ≥ 25 % of their area there), over the window widened to ±WING_HALF_WIDTH_REST_ANGSTROM about the Balmer
// line so the wings constrain the trough; and the 'auto' rule that turns it on only where the continuum can show one.
// Hα's wings lie under [N II] 6548/6584, so where the fitter also has Hβ's window (absorption on) the Hα trough takes
// Hβ's chosen width and only its depth is fitted (hbTroughShapeFor); otherwise it keeps its own grid choice.
// A ≥ 0 (not free): a free-sign trough fitted broad emission wings of real spectra (SAMI 209807: EW −11 Å under Hα).
//
// Physics (sources, one line each):
// - Balmer absorption of stellar populations has rest EW 2–16 Å (Hβ, Hγ, Hδ; González Delgado, Leitherer & Heckman
//   1999, ApJS 125, 489, abstract), and the troughs with their wings span tens of Å (ibid., their Figs.; the Lick Hβ
//   index's central band alone is 28.75 Å wide, Worthey et al. 1994, ApJS 94, 687, Table 1).
// - Emission fills the trough: F_measured = F_true − A over a straight-line continuum (Groves, Brinchmann & Walcher
//   2012, MNRAS 419, 1402, §2), which is the bias this model removes.
// - The trough's profile: a pseudo-Voigt, Lorentzian only by default (see troughProfile); its observed FWHM adds the LSF in quadrature
//   (convolution of Gaussians); the stellar velocity dispersion (≲ 8 Å FWHM at Hβ for σ_* ≤ 200 km/s) is absorbed in the grid.
// - 'auto' turns it on where a trough of the reference rest EW AUTO_REFERENCE_EW_REST_ANGSTROM (the low end of
//   González Delgado et al. 1999's range) would be detected at ≥ AUTO_MIN_SNR by a matched filter: S/N = A / (e √(2√π σ_λ Δλ))
//   for a Gaussian of flux A on pixels of width Δλ and error e (the matched-filter S/N of a Gaussian, Turin 1960, IRE
//   Trans. IT-6, 311). Continuum-subtracted data (continuum ≈ 0) and faint continua (the MSA-3D regime) stay off.
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import { INV_SQRT_2PI } from './line-model';
import type { FitLayout } from './fit-layout';
import type { FitWorkspace } from './fit-workspace';

const C = SPEED_OF_LIGHT_KMS;

/** 'auto' (on where the continuum can show a trough, see {@link decideStellarAbsorption}), 'on', or 'off'. */
export type StellarAbsorptionMode = 'auto' | 'on' | 'off';

/** Names of the Balmer lines that carry a stellar absorption trough (catalogue names). */
export const BALMER_LINES: readonly string[] = Object.freeze(['ha', 'hb', 'hg', 'hd']);

/**
 * Rest FWHM (Å) of the troughs tried per spectrum, 8–36 Å: the widths of Balmer troughs above (Hβ's Lick band is
 * 28.75 Å), and the Lorentzian fractions η of the pseudo-Voigt tried: 1 only — pressure (Stark) wings dominate the
 * Balmer lines of the A–F stars that make the troughs (Gray 2005, §11); on simulated troughs with a Gaussian core and
 * Lorentzian wings the grid {0, 0.5, 1} recovered Hβ no better (ratio 1.027 against 1.028 at Hβ S/N ≈ 400), so the
 * simpler family stays.
 */
export const TROUGH_FWHM_GRID_REST_ANGSTROM: readonly number[] = Object.freeze([8, 11, 15, 20, 27, 36]);
export const TROUGH_LORENTZ_FRACTION_GRID: readonly number[] = Object.freeze([1]);

/** Half-width (rest Å) of the window about a Balmer line when the absorption is on: ≥ 2.5 FWHM of the widest trough. */
export const WING_HALF_WIDTH_REST_ANGSTROM = 100;

/** 'auto': the reference absorption (rest EW, Å), its rest FWHM (Å, mid-grid, Gaussian), and the S/N at which its trough counts as detectable. */
export const AUTO_REFERENCE_EW_REST_ANGSTROM = 2;
export const AUTO_REFERENCE_FWHM_REST_ANGSTROM = 15;
export const AUTO_MIN_SNR = 3;

/**
 * A trough shape is tried only when ≥ this fraction of its area (over the window's good pixels) lies on pixels clear
 * of every emission line: its depth is then measured by its wings, not traded for the emission it lies under.
 */
export const MIN_CLEAR_AREA_FRACTION = 0.25;

const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

/**
 * The unit-area trough (negative) at Δλ = λ − μ: the pseudo-Voigt −[η L(Δλ; γ) + (1 − η) G(Δλ; σ)] with one FWHM,
 * γ = FWHM/2, σ = FWHM/2.3548 (Thompson, Cox & Hastings 1987, J. Appl. Cryst. 20, 79): Gaussian (Doppler) core,
 * Lorentzian (Stark) wings of the Balmer lines of A–F stars (Gray 2005, The Observation and Analysis of Stellar
 * Photospheres, §11). The observed FWHM adds the LSF in quadrature to FWHM_rest (1 + z) (Gaussian convolution).
 */
export function troughProfile(deltaAngstrom: number, fwhmAngstrom: number, lorentzFraction: number): number {
  const gamma = 0.5 * fwhmAngstrom;
  const sigma = fwhmAngstrom / FWHM_PER_SIGMA;
  const d2 = deltaAngstrom * deltaAngstrom;
  const lorentz = lorentzFraction > 0 ? gamma / (Math.PI * (d2 + gamma * gamma)) : 0;
  const gauss = lorentzFraction < 1 ? INV_SQRT_2PI * Math.exp((-0.5 * d2) / (sigma * sigma)) / sigma : 0;
  return -(lorentzFraction * lorentz + (1 - lorentzFraction) * gauss);
}

/** The switch and its rule in words, for outputs (JSON, notebooks). */
export function describeStellarAbsorption(mode: StellarAbsorptionMode): { mode: StellarAbsorptionMode; rule: string } {
  const rule = {
    on: "a Lorentzian trough under each Balmer line, fitted with the emission over the window widened to ±100 Å rest (Hα's width taken from Hβ's where both are fitted); with local continua (default) [O III] and [S II] on their own straight continua (±30 Å rest)",
    off: 'straight-line continuum only (no stellar absorption)',
    auto:
      `on for a window whose continuum would show a Balmer trough of rest EW ${AUTO_REFERENCE_EW_REST_ANGSTROM} Å at matched-filter ` +
      `S/N ≥ ${AUTO_MIN_SNR}, else off (continuum-subtracted or faint continua)`,
  }[mode];
  return { mode, rule };
}

/** The fitted trough of one Balmer line. */
export interface StellarAbsorptionFit {
  readonly line: string;
  /** Absorbed flux A (data units × Å, like a line flux), ≥ 0, and its residual-scaled 1σ error. */
  readonly absorbedFlux: number;
  readonly absorbedFluxErr: number;
  /** Rest equivalent width of the trough, A / C(λ) / (1 + z), Å (positive = absorption). */
  readonly ewRestAngstrom: number;
  /** Rest FWHM (Å) and Lorentzian fraction η of the trough (the grid values chosen). */
  readonly fwhmRestAngstrom: number;
  readonly lorentzFraction: number;
}

/**
 * 'auto' decision for window `win` from its good pixels clear of the lines (core range): on when a trough of
 * AUTO_REFERENCE_EW_REST_ANGSTROM on the window's mean continuum would have matched-filter S/N ≥ AUTO_MIN_SNR.
 * `flux`, `error`, `mask` are read as in loadSpectrum; returns false when there is nothing to judge.
 */
export function decideStellarAbsorption(
  layout: FitLayout,
  win: number,
  flux: ArrayLike<number>,
  error: ArrayLike<number> | null,
  mask: ArrayLike<number> | null,
  offset: number,
  stride: number,
): boolean {
  const lam = layout.wavelengthAngstrom;
  const start = layout.windowPixelStart[win];
  const end = layout.windowPixelEnd[win];
  let sw = 0;
  let sy = 0;
  let count = 0;
  for (let pixel = start; pixel < end; pixel++) {
    if (layout.pixelNearLine[pixel]) continue;
    const at = offset + pixel * stride;
    const f = flux[at];
    const e = error ? error[at] : 1;
    if (!(Number.isFinite(f) && Number.isFinite(e) && e > 0) || (mask && mask[at])) continue;
    const w = 1 / (e * e);
    sw += w;
    sy += w * f;
    count++;
  }
  if (count < 4 || !(sw > 0)) return false;
  const continuum = sy / sw; // inverse-variance mean continuum
  const e = Math.sqrt(count / sw); // rms error per pixel (from the mean inverse variance)
  const z = layout.settings.redshift;
  for (const line of layout.windowAbsorberLines[win]) {
    const sys = layout.lineSystemicAngstrom[line];
    const pixel = Math.min(Math.max(lowerIndex(lam, sys), 1), lam.length - 1);
    const dLambda = lam[pixel] - lam[pixel - 1];
    const instA = (sys * layout.lineInstrumentalKms[line]) / C;
    const sigmaObs = Math.hypot((AUTO_REFERENCE_FWHM_REST_ANGSTROM * (1 + z)) / FWHM_PER_SIGMA, instA);
    const absorbed = AUTO_REFERENCE_EW_REST_ANGSTROM * (1 + z) * continuum;
    const snr = absorbed / (e * Math.sqrt(2 * Math.sqrt(Math.PI) * sigmaObs * dLambda));
    if (snr >= AUTO_MIN_SNR) return true;
  }
  return false;
}

function lowerIndex(lam: Float64Array, value: number): number {
  let lo = 0;
  let hi = lam.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lam[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The trough shape of one Balmer line chosen on line-free pixels (chooseTroughShape), with its start fit. */
interface TroughShape {
  fwhmRest: number;
  eta: number;
  c0: number;
  c1: number;
  A: number;
}

/**
 * The (FWHM, η) among `fwhmGrid` × `etaGrid` that best fits (weighted least squares of
 * c0 + c1 (λ − λ_ref) + A t(λ), A ≥ 0) the good pixels of window `win` clear of every emission line, for the trough of
 * `line` at velocity `v` (km/s); with `requireClearArea`, only shapes with ≥ MIN_CLEAR_AREA_FRACTION of their area on
 * those pixels. null when no shape can be fitted.
 */
function chooseTroughShape(
  layout: FitLayout,
  ws: FitWorkspace,
  win: number,
  line: number,
  v: number,
  fwhmGrid: readonly number[],
  etaGrid: readonly number[],
  requireClearArea: boolean,
): TroughShape | null {
  const { goodPixel, goodLambda, goodData, goodWeight } = ws;
  const nearLine = layout.pixelNearLine;
  const good0 = ws.windowGoodStart[win];
  const good1 = good0 + ws.windowGoodCount[win];
  const z = layout.settings.redshift;
  const ref = layout.windowReferenceAngstrom[win];
  const sys = layout.lineSystemicAngstrom[line];
  const mu = sys * (1 + v / C);
  const instFwhm = (FWHM_PER_SIGMA * sys * layout.lineInstrumentalKms[line]) / C;
  let best: TroughShape | null = null;
  let bestChi2 = Infinity;
  for (const fwhmRest of fwhmGrid) {
    const fwhm = Math.hypot(fwhmRest * (1 + z), instFwhm);
    for (const eta of etaGrid) {
      // normal equations of (c0, c1, A) over the pixels clear of the lines
      let s00 = 0, s01 = 0, s02 = 0, s11 = 0, s12 = 0, s22 = 0, b0 = 0, b1 = 0, b2 = 0, yy = 0;
      let areaClear = 0;
      let areaAll = 0;
      for (let good = good0; good < good1; good++) {
        const t = troughProfile(goodLambda[good] - mu, fwhm, eta);
        areaAll -= t;
        if (nearLine[goodPixel[good]]) continue;
        areaClear -= t;
        const w2 = goodWeight[good] * goodWeight[good];
        const dl = goodLambda[good] - ref;
        const y = goodData[good];
        s00 += w2;
        s01 += w2 * dl;
        s02 += w2 * t;
        s11 += w2 * dl * dl;
        s12 += w2 * dl * t;
        s22 += w2 * t * t;
        b0 += w2 * y;
        b1 += w2 * dl * y;
        b2 += w2 * t * y;
        yy += w2 * y * y;
      }
      // a shape with too little of its area clear of the emission lines would trade its depth for the emission flux
      if (requireClearArea && !(areaClear >= MIN_CLEAR_AREA_FRACTION * areaAll)) continue;
      // the 3 × 3 solve (Cramer's rule); A < 0 falls back to the line alone with A = 0
      const det = s00 * (s11 * s22 - s12 * s12) - s01 * (s01 * s22 - s12 * s02) + s02 * (s01 * s12 - s11 * s02);
      let c0 = NaN, c1 = NaN, A = NaN;
      if (det > 0 && s22 > 0) {
        c0 = (b0 * (s11 * s22 - s12 * s12) - s01 * (b1 * s22 - s12 * b2) + s02 * (b1 * s12 - s11 * b2)) / det;
        c1 = (s00 * (b1 * s22 - s12 * b2) - b0 * (s01 * s22 - s12 * s02) + s02 * (s01 * b2 - b1 * s02)) / det;
        A = (s00 * (s11 * b2 - b1 * s12) - s01 * (s01 * b2 - b1 * s02) + b0 * (s01 * s12 - s11 * s02)) / det;
      }
      if (!(A > 0)) {
        const d2 = s00 * s11 - s01 * s01;
        if (!(d2 > 0)) continue;
        c0 = (s11 * b0 - s01 * b1) / d2;
        c1 = (s00 * b1 - s01 * b0) / d2;
        A = 0;
      }
      // χ² = Σw²y² − 2 θ·b + θᵀSθ
      const chi2 =
        yy - 2 * (c0 * b0 + c1 * b1 + A * b2) +
        (c0 * c0 * s00 + c1 * c1 * s11 + A * A * s22 + 2 * (c0 * c1 * s01 + c0 * A * s02 + c1 * A * s12));
      if (chi2 < bestChi2) {
        bestChi2 = chi2;
        best = { fwhmRest, eta, c0, c1, A };
      }
    }
  }
  return best;
}

/**
 * The rest FWHM (Å) the Hα trough takes from the Hβ trough of the same spectrum, or NaN (then Hα's own grid choice
 * stands): Hβ's shape chosen on its own window's line-free pixels at velocity `v`, where that window is in the
 * fitter and its stellar absorption is on for this spectrum. Assumption (stated): the two troughs are made by the
 * same stars, so they share one rest width — the simplest form of the common-trough assumption of Balmer absorption
 * corrections (one absorption EW for every Balmer line, Olive & Skillman 2001, New Astron. 6, 119, App. A; here
 * only the width is shared and Hα's depth stays free). Hα's own wings lie under [N II] 6548/6584 and cannot choose a
 * width (only the widest grid shape passes MIN_CLEAR_AREA_FRACTION there, with little depth under the line).
 * Costs, measured: Hα's error now carries its covariance with the trough's depth (SDSS spec-0352-51694-0030: Hα S/N
 * 16.5 → 9.4), and Hα follows Hβ's width choice, which the line-free pixels pin poorly (1-D injections at continuum
 * S/N 40, scripts/balmer-trough-recovery.ts: a 10 Å trough is given 11 Å in most seeds but 36 Å in about a quarter;
 * the errors leave that choice out).
 */
function hbTroughShapeFor(layout: FitLayout, ws: FitWorkspace, v: number): TroughShape | null {
  const hb = layout.lineNames.indexOf('hb');
  if (hb < 0) return null;
  const hbWin = layout.lineWindow[hb];
  if (!ws.windowAbsorptionOn[hbWin] || !layout.windowAbsorberLines[hbWin].includes(hb)) return null;
  return chooseTroughShape(layout, ws, hbWin, hb, v, TROUGH_FWHM_GRID_REST_ANGSTROM, TROUGH_LORENTZ_FRACTION_GRID, true);
}

/**
 * The start of the troughs of stage window `stageWin` at velocity `v` (km/s): for each of its absorbers, the shape
 * chosen by chooseTroughShape on the window's line-free pixels — for Hα, Hβ's rest FWHM where the fitter has Hβ's
 * window with its absorption on (hbTroughFwhmFor); writes the chosen unit profile t into ws.absorberBasis, its shape,
 * and the start values of c0, c1 and A into ws.x.
 */
export function guessAbsorption(layout: FitLayout, ws: FitWorkspace, stageWin: number, v: number): void {
  const win = ws.stageWindows[stageWin];
  const { x, goodLambda } = ws;
  const good0 = ws.windowGoodStart[win];
  const good1 = good0 + ws.windowGoodCount[win];
  const z = layout.settings.redshift;
  const nGood = layout.windowPixelTotal;
  for (const line of layout.windowAbsorberLines[win]) {
    const param = ws.lineAbsorberParam[line];
    if (param < 0) continue;
    // the shape is chosen against one straight line over the whole widened window (its wings need the wide baseline);
    // with local continua (local-continua.ts) only A's start is kept, the segments keep their own continuum guesses
    const single = ws.windowSegmentCount[win] === 1;
    const c0i = ws.stageWindowC0Param[stageWin];
    const tied = layout.lineNames[line] === 'ha' ? hbTroughShapeFor(layout, ws, v) : null;
    const shape = tied
      ? chooseTroughShape(layout, ws, win, line, v, [tied.fwhmRest], [tied.eta], false)
      : chooseTroughShape(layout, ws, win, line, v, TROUGH_FWHM_GRID_REST_ANGSTROM, TROUGH_LORENTZ_FRACTION_GRID, true);
    if (!shape) {
      // no shape can be measured by its wings here: no trough (A fixed at 0 by its bounds)
      ws.absorberBasis.fill(0, line * nGood + good0, line * nGood + good1);
      ws.absorberReachStart[line] = good0;
      ws.absorberReachEnd[line] = good0;
      ws.absorberFwhmRestAngstrom[line] = NaN;
      ws.absorberLorentzFraction[line] = NaN;
      x[param] = 0;
      ws.upper[param] = 0;
      continue;
    }
    // the chosen trough's unit profile over every good pixel of the window
    const sys = layout.lineSystemicAngstrom[line];
    const mu = sys * (1 + v / C);
    const instFwhm = (FWHM_PER_SIGMA * sys * layout.lineInstrumentalKms[line]) / C;
    const fwhm = Math.hypot(shape.fwhmRest * (1 + z), instFwhm);
    for (let good = good0; good < good1; good++) ws.absorberBasis[line * nGood + good] = troughProfile(goodLambda[good] - mu, fwhm, shape.eta);
    ws.absorberReachStart[line] = good0;
    ws.absorberReachEnd[line] = good1;
    ws.absorberFwhmRestAngstrom[line] = shape.fwhmRest;
    ws.absorberLorentzFraction[line] = shape.eta;
    if (single && Number.isFinite(shape.c0) && Number.isFinite(shape.c1)) {
      x[c0i] = shape.c0;
      x[c0i + 1] = shape.c1;
    }
    x[param] = Number.isFinite(shape.A) ? shape.A : 0;
  }
}
