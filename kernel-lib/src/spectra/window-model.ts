// The model of the current solver stage's windows — per window a straight-line continuum c0 + c1 (λ − λ_ref) (one per
// continuum segment where the stellar absorption is on: local-continua.ts) plus one
// Gaussian per line (line-model.ts), all lines sharing v and σ_int (Ju et al., MSA-3D §2.2) — and its χ² with the
// normal equations A = JᵀWJ, g = JᵀWr (Press et al. 2007, eqs. 15.5.8–15.5.9) and the second-order terms of (v, p)
// for the Newton–LM solver (Dennis & Schnabel 1983, §10.2), from the analytic Jacobian.
//
// Parameters: v (km/s) and p = σ_obs of the stage's reference line (km/s) when free, then per window c0, c1 and the
// fluxes (q after p when the stage splits the widths: fit-options.ts lineWidths; the other group's lines then take
// s² = q² − σ_inst,q² instead). Line k has σ_obs,k² = s² + σ_inst,k² with s² = p² − σ_inst,ref² (floored at the line's σ_obs floor),
// μ_k = λ_sys,k (1 + v/c), σ_λ,k = μ_k σ_obs,k / c; the Gaussian G = F/(√(2π) σ_λ) e^{−u²/2}, u = (λ − μ)/σ_λ, within
// ±6σ_λ (LINE_REACH_SIGMAS); where the window's stellar absorption is on, minus A_j t_j(λ) per Balmer trough, t_j its
// fixed unit profile (stellar-absorption.ts), A_j a linear parameter. Reads the stage from the workspace (fit-stage.ts); allocates nothing.
import { SPEED_OF_LIGHT_KMS } from '../constants/physical';
import type { LeastSquaresProblem } from '../optimize/levenberg-marquardt';
import type { FitLayout } from './fit-layout';
import { firstGoodAtOrAbove, type FitWorkspace } from './fit-workspace';
import { gaussianProfile, INV_SQRT_2PI, LINE_REACH_SIGMAS, observedCentreAngstrom, sigmaAngstrom } from './line-model';

const C = SPEED_OF_LIGHT_KMS;
/**
 * line-model.ts's e^{−u²/2}, bound once at load: when run from the TypeScript sources (tsx: tests, the bench's main
 * thread) an imported function is read through a getter at every call, ≈ 5 % of a fit in the pixel loop; through a
 * module constant V8 inlines it as it does in the built code.
 */
const profile = gaussianProfile;
/** The other imports of the per-evaluation code, bound once for the same reason. */
const centreOf = observedCentreAngstrom;
const sigmaLambdaOf = sigmaAngstrom;
const firstGood = firstGoodAtOrAbove;
const NORM = INV_SQRT_2PI;
const REACH = LINE_REACH_SIGMAS;
const NO_ABSORBERS: readonly number[] = [];

/** Adds one continuum segment's sums Σw², Σw²dl, Σw²dl², Σw²r, Σw²r·dl to A and g at its (c0, c1) = (c0i, c0i + 1). */
function addContinuumBlock(A: Float64Array, g: Float64Array, P: number, c0i: number, s00: number, s01: number, s11: number, g0: number, g1: number): void {
  const c1i = c0i + 1;
  A[c0i * P + c0i] += s00;
  A[c0i * P + c1i] += s01;
  A[c1i * P + c1i] += s11;
  g[c0i] += g0;
  g[c1i] += g1;
}

/** The stage's least-squares problem for the solver: χ² and its derivatives by {@link windowModelChiSquare}. */
export function windowModelProblem(layout: FitLayout, ws: FitWorkspace): LeastSquaresProblem {
  return {
    get nParameters() {
      return ws.nParameters;
    },
    hasSecondOrder: true,
    evaluate: (x, normal, gradient, secondOrder = null) => windowModelChiSquare(layout, ws, x, normal, gradient, secondOrder),
  };
}

/**
 * χ² of the current stage at x, with ws.stageWindowChi2 and ws.stageWindowSumSquares per stage window; with A and g,
 * also the normal equations A = JᵀJ, g = Jᵀr (upper triangle accumulated, then mirrored); with S too (and free
 * kinematics), S = −Σ w² (d − m) ∂²m for (v, p) and their cross terms with the fluxes. Pixels beyond every line's reach
 * take a continuum-only shortcut.
 */
export function windowModelChiSquare(
  layout: FitLayout,
  ws: FitWorkspace,
  xv: Float64Array,
  A: Float64Array | null,
  g: Float64Array | null,
  S: Float64Array | null = null,
): number {
  if (A === null && ws.stageBestValid && sameParameters(xv, ws.stageBestX, ws.nParameters)) {
    // the solver's solution, evaluated already: its per-window sums as they were
    for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
      ws.stageWindowChi2[stageWin] = ws.stageBestWindowChi2[stageWin];
      ws.stageWindowSumSquares[stageWin] = ws.stageBestWindowSumSquares[stageWin];
    }
    return ws.stageBestChi2;
  }
  const lineSystemic = layout.lineSystemicAngstrom;
  const lineInstrumental2 = layout.lineInstrumental2;
  const lineFloor2 = layout.lineFloor2;
  const lineScale = ws.lineScale;
  const stageLines = ws.stageLines;
  const stageLineParam = ws.stageLineParam;
  const mus = ws.stageLineMu;
  const invSigmas = ws.stageLineInvSigma;
  const amplitudes = ws.stageLineAmplitude;
  const norms = ws.stageLineNorm;
  const dmuDv = ws.stageLineDmuDv;
  const dslDv = ws.stageLineDslDv;
  const dslDp = ws.stageLineDslDp;
  const dslDvDp = ws.stageLineDslDvDp;
  const dslDpDp = ws.stageLineDslDpDp;
  const reachStart = ws.stageLineGoodStart;
  const reachEnd = ws.stageLineGoodEnd;
  const goodLambda = ws.goodLambda;
  const goodOffset = ws.goodOffsetAngstrom;
  const goodData = ws.goodData;
  const goodWeight = ws.goodWeight;
  const goodSegment = ws.goodSegment;
  const rowParam = ws.rowParam;
  const rowValue = ws.rowValue;
  const rowDv = ws.rowDv;
  const rowDp = ws.rowDp;
  const rowDq = ws.rowDq;
  const lineOther = ws.stageLineOtherWidth;
  const lineWidthGroup = layout.lineWidthGroup;
  const fixedS2Group = ws.fixedS2Group;
  const nStageLines = ws.nStageLines;
  const nGoodTotal = layout.windowPixelTotal;
  const P = ws.nParameters;
  const vI = ws.velocityParam;
  const pI = ws.widthParam;
  const v = vI >= 0 ? xv[vI] : ws.fixedVelocityKms;
  const pw = pI >= 0 ? xv[pI] : 0;
  const s2 = pI >= 0 ? pw * pw - ws.referenceInstrumental2 : ws.fixedS2;
  const qI = ws.otherWidthParam;
  const qw = qI >= 0 ? xv[qI] : 0;
  const s2q = qI >= 0 ? qw * qw - ws.otherReferenceInstrumental2 : 0;
  for (let stageLine = 0; stageLine < nStageLines; stageLine++) {
    const line = stageLines[stageLine];
    const sys = lineSystemic[line];
    const mu = centreOf(sys, v); // μ = λ_sys (1 + v/c)
    const other = lineOther[stageLine] === 1;
    const w = other ? qw : pw; // this line's width parameter
    const s2Line = pI < 0 ? fixedS2Group[lineWidthGroup[line]] : other ? s2q : s2;
    let so2 = s2Line + lineInstrumental2[line]; // σ_obs² = s² + σ_inst²
    if (so2 < lineFloor2[line]) so2 = lineFloor2[line];
    const so = Math.sqrt(so2);
    const sl = sigmaLambdaOf(mu, so); // σ_λ = μ σ_obs / c
    const inv = 1 / sl;
    mus[stageLine] = mu;
    invSigmas[stageLine] = inv;
    norms[stageLine] = lineScale[line] * NORM * inv; // ∂G/∂F per unit e^{−u²/2}
    amplitudes[stageLine] = xv[stageLineParam[stageLine]] * norms[stageLine]; // peak height F/(√(2π) σ_λ)
    dmuDv[stageLine] = sys / C; // ∂μ/∂v
    dslDv[stageLine] = (sys * so) / (C * C); // ∂σ_λ/∂v
    // with w = p (or q for the other group)
    dslDp[stageLine] = (mu * w) / (C * so); // ∂σ_λ/∂w = (μ/c) ∂σ_obs/∂w, σ_obs = √(w² − σ_inst,w² + σ_inst²)
    dslDvDp[stageLine] = (sys * w) / (C * C * so); // ∂²σ_λ/∂v∂w
    dslDpDp[stageLine] = (mu * (so2 - w * w)) / (C * so2 * so); // ∂²σ_λ/∂w² = (μ/c)(σ_obs² − w²)/σ_obs³
  }
  // fixed kinematics: every profile value is the same at each evaluation of the stage, so computed once
  const fixedKinematics = vI < 0;
  const readProfile = fixedKinematics && ws.stageProfileReady;
  const writeProfile = fixedKinematics && !readProfile;
  const stageProfile = ws.stageProfile;
  const jac = A !== null && g !== null;
  // second-order term S = −Σ w² (d − m) ∂²m for the kinematic parameters (v, p) and their cross terms with fluxes
  const hess = jac && S !== null && vI >= 0;
  if (jac) {
    A.fill(0, 0, P * P);
    g.fill(0, 0, P);
  }
  if (S !== null) S.fill(0, 0, P * P);
  let chi2 = 0;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    const win = ws.stageWindows[stageWin];
    const good0 = ws.windowGoodStart[win];
    const good1 = good0 + ws.windowGoodCount[win];
    const lineStart = ws.stageWindowLineStart[stageWin];
    const lineEnd = ws.stageWindowLineEnd[stageWin];
    // each line's reach in the good-pixel list: |u| ≤ 6 (LINE_REACH_SIGMAS)
    for (let stageLine = lineStart; stageLine < lineEnd; stageLine++) {
      const half = REACH / invSigmas[stageLine];
      reachStart[stageLine] = firstGood(goodLambda, good0, good1, mus[stageLine] - half);
      reachEnd[stageLine] = firstGood(goodLambda, reachStart[stageLine], good1, mus[stageLine] + half);
    }
    // pixels outside every line's reach skip the line loop
    let spanStart = good1;
    let spanEnd = good0;
    for (let stageLine = lineStart; stageLine < lineEnd; stageLine++) {
      if (reachStart[stageLine] < spanStart) spanStart = reachStart[stageLine];
      if (reachEnd[stageLine] > spanEnd) spanEnd = reachEnd[stageLine];
    }
    const c0Base = ws.stageWindowC0Param[stageWin];
    const absorbers = ws.windowAbsorptionOn[win] ? layout.windowAbsorberLines[win] : NO_ABSORBERS;
    const nAbsorbers = absorbers.length;
    let winChi2 = 0;
    let winSS = 0;
    // continuum-only sums of the current segment, added to A and g when the segment ends (segments are contiguous)
    const multi = ws.windowSegmentCount[win] > 1;
    let seg = multi ? goodSegment[good0] : 0;
    let c0i = c0Base + 2 * seg;
    let c1i = c0i + 1;
    let c0 = xv[c0i];
    let c1 = xv[c1i];
    let s00 = 0;
    let s01 = 0;
    let s11 = 0;
    let g0 = 0;
    let g1 = 0;
    for (let good = good0; good < good1; good++) {
      if (multi && goodSegment[good] !== seg) {
        if (jac) addContinuumBlock(A!, g!, P, c0i, s00, s01, s11, g0, g1);
        s00 = s01 = s11 = g0 = g1 = 0;
        seg = goodSegment[good];
        c0i = c0Base + 2 * seg;
        c1i = c0i + 1;
        c0 = xv[c0i];
        c1 = xv[c1i];
      }
      const lamI = goodLambda[good];
      const dl = goodOffset[good];
      let m = c0 + c1 * dl;
      let jv = 0;
      let jp = 0;
      let jq = 0;
      let hvv = 0;
      let hvp = 0;
      let hpp = 0;
      let hvq = 0;
      let hqq = 0;
      let nz = 0; // nonzero flux entries of this pixel's Jacobian row: (rowParam, rowValue)
      const lineEndHere = good >= spanStart && good < spanEnd ? lineEnd : lineStart;
      for (let stageLine = lineStart; stageLine < lineEndHere; stageLine++) {
        if (good < reachStart[stageLine] || good >= reachEnd[stageLine]) continue;
        let e: number;
        if (readProfile) e = stageProfile[stageLine * nGoodTotal + good];
        else {
          e = profile((lamI - mus[stageLine]) * invSigmas[stageLine]);
          if (writeProfile) stageProfile[stageLine * nGoodTotal + good] = e;
        }
        const G = amplitudes[stageLine] * e;
        m += G;
        if (jac) {
          const ip = stageLineParam[stageLine];
          const val = norms[stageLine] * e;
          let entry = 0;
          while (entry < nz && rowParam[entry] !== ip) entry++; // a tied doublet shares its parent's parameter
          if (entry === nz) {
            rowParam[nz] = ip;
            rowValue[nz] = val;
            rowDv[nz] = 0;
            rowDq[nz] = 0;
            rowDp[nz++] = 0;
          } else rowValue[entry] += val;
          if (fixedKinematics) continue; // no (v, p) columns
          const u = (lamI - mus[stageLine]) * invSigmas[stageLine];
          const u2 = u * u;
          const inv = invSigmas[stageLine];
          const dGdmu = G * u * inv; // ∂G/∂μ = G u/σ_λ
          const dGdsl = G * (u2 - 1) * inv; // ∂G/∂σ_λ = G (u² − 1)/σ_λ
          const muV = dmuDv[stageLine];
          const slV = dslDv[stageLine];
          const slP = dslDp[stageLine];
          jv += dGdmu * muV + dGdsl * slV;
          const otherWidth = lineOther[stageLine] === 1;
          if (otherWidth) jq += dGdsl * slP;
          else jp += dGdsl * slP;
          if (hess) {
            // ∂²G/∂μ² = G(u²−1)/σ², ∂²G/∂μ∂σ = G u(u²−3)/σ², ∂²G/∂σ² = G(u⁴−5u²+2)/σ² (σ ≡ σ_λ),
            // then the chain rule through μ(v) and σ_λ(v, p)
            const inv2 = inv * inv;
            const gmm = G * (u2 - 1) * inv2;
            const gms = G * u * (u2 - 3) * inv2;
            const gss = G * (u2 * u2 - 5 * u2 + 2) * inv2;
            hvv += gmm * muV * muV + 2 * gms * muV * slV + gss * slV * slV;
            const hvw = gms * muV * slP + gss * slV * slP + dGdsl * dslDvDp[stageLine];
            const hww = gss * slP * slP + dGdsl * dslDpDp[stageLine];
            // ∂²G/∂F∂θ = ∂t/∂θ with t = G/F the line's unit-flux profile
            const tmu = val * u * inv;
            const tsl = val * (u2 - 1) * inv;
            rowDv[entry] += tmu * muV + tsl * slV;
            if (otherWidth) {
              hvq += hvw;
              hqq += hww;
              rowDq[entry] += tsl * slP;
            } else {
              hvp += hvw;
              hpp += hww;
              rowDp[entry] += tsl * slP;
            }
          }
        }
      }
      for (let k = 0; k < nAbsorbers; k++) {
        const line = absorbers[k];
        const ip = ws.lineAbsorberParam[line];
        if (ip < 0 || good < ws.absorberReachStart[line] || good >= ws.absorberReachEnd[line]) continue;
        const t = ws.absorberBasis[line * nGoodTotal + good]; // ∂m/∂A
        m += xv[ip] * t;
        if (jac) {
          rowParam[nz] = ip;
          rowValue[nz] = t;
          rowDv[nz] = 0;
          rowDq[nz] = 0;
          rowDp[nz++] = 0;
        }
      }
      const wt = goodWeight[good];
      const diff = goodData[good] - m;
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
        if (qI >= 0) {
          S![vI * P + qI] += coef * hvq;
          S![qI * P + qI] += coef * hqq;
        }
        for (let entry = 0; entry < nz; entry++) {
          const row = rowParam[entry] * P;
          S![row + vI] += coef * rowDv[entry];
          S![row + pI] += coef * rowDp[entry];
          if (qI >= 0) S![row + qI] += coef * rowDq[entry];
        }
      }
      // the rest of the row: kinematics (if free) and fluxes; pairs go to A[a][b] or A[b][a], summed at the end
      if (vI >= 0) {
        rowParam[nz] = vI;
        rowValue[nz++] = jv;
        rowParam[nz] = pI;
        rowValue[nz++] = jp;
        if (qI >= 0) {
          rowParam[nz] = qI;
          rowValue[nz++] = jq;
        }
      }
      const w2r = w2 * diff; // J·r with J = row·w, r = diff·w
      const w2dl = w2 * dl;
      for (let a = 0; a < nz; a++) {
        const ia = rowParam[a];
        const ja = rowValue[a];
        g![ia] += ja * w2r;
        const jaw2 = ja * w2;
        const row = ia * P;
        A![row + c0i] += jaw2;
        A![row + c1i] += ja * w2dl;
        for (let b = a; b < nz; b++) A![row + rowParam[b]] += jaw2 * rowValue[b];
      }
    }
    if (jac) addContinuumBlock(A!, g!, P, c0i, s00, s01, s11, g0, g1);
    ws.stageWindowChi2[stageWin] = winChi2;
    ws.stageWindowSumSquares[stageWin] = winSS;
    chi2 += winChi2;
  }
  if (writeProfile) ws.stageProfileReady = true;
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
  if (Number.isFinite(chi2) && (!ws.stageBestValid || chi2 < ws.stageBestChi2)) {
    ws.stageBestValid = true;
    ws.stageBestChi2 = chi2;
    for (let j = 0; j < P; j++) ws.stageBestX[j] = xv[j];
    for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
      ws.stageBestWindowChi2[stageWin] = ws.stageWindowChi2[stageWin];
      ws.stageBestWindowSumSquares[stageWin] = ws.stageWindowSumSquares[stageWin];
    }
  }
  return chi2;
}

/** true when the first n entries of a and b are the same numbers (Object.is: −0 ≠ 0). */
function sameParameters(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) if (!Object.is(a[j], b[j])) return false;
  return true;
}
