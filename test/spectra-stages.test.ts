// The spectrum fitter's stages alone (spectra/fit-*.ts, window-model.ts, start-guesses.ts): the window model against
// line-model.ts, its Jacobian and Newton Hessian against finite differences, and the start guesses on a noise-free
// spectrum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineWindow, spectrumModel } from '../kernel-lib/src/spectra/index';
import { NII_DOUBLET_RATIO } from '../kernel-lib/src/lines/doublet-ratios';
import { resolveFitSettings } from '../kernel-lib/src/spectra/fit-options';
import { createFitLayout, type FitLayout } from '../kernel-lib/src/spectra/fit-layout';
import { createFitWorkspace, loadSpectrum, type FitWorkspace } from '../kernel-lib/src/spectra/fit-workspace';
import { boundStage, layoutStage } from '../kernel-lib/src/spectra/fit-stage';
import { guessStart } from '../kernel-lib/src/spectra/start-guesses';
import { windowModelChiSquare } from '../kernel-lib/src/spectra/window-model';
import { gaussianLine, linearContinuum, observedCentreAngstrom, sigmaAngstrom } from '../kernel-lib/src/spectra/line-model';
import { seededRandom } from '../kernel-lib/src/stats/random';

const Z = 0.8;
const VELOCITY_KMS = 40;
const SIGMA_KMS = 70;
/** σ_inst rising with λ (≈ 46 km/s at Hβ, 56 km/s at Hα), so the lines' σ_obs differ and every second-order term counts. */
const instrument = (observedAngstrom: number): number => 20 + 0.003 * observedAngstrom;
const WINDOWS = [
  defineWindow('hb-oiii', [4820, 5100], ['hb', 'oiii5007']),
  defineWindow('ha-nii', [6520, 6620], ['nii6548', 'ha', 'nii6584']),
];
const LINE_FLUX: Record<string, number> = { hb: 30, oiii5007: 90, nii6548: 10, ha: 100, nii6584: 29.6 };

/** A 1 Å grid over both windows, the noise-free model (continuum 2 + 0.001 (λ − 10000)) and noise σ = 0.05 added. */
function setUp(noise: number, stellarAbsorption: 'on' | 'off' = 'off'): { layout: FitLayout; ws: FitWorkspace; grid: Float64Array; data: Float64Array; error: Float64Array } {
  const grid = Float64Array.from({ length: Math.round(6700 * (1 + Z) - 4800 * (1 + Z)) }, (_, i) => 4800 * (1 + Z) + i);
  const restOf: Record<string, number> = {};
  for (const w of WINDOWS) for (const l of w.lines) restOf[l.name] = l.restWavelengthAngstrom;
  const data = spectrumModel(grid, {
    redshift: Z,
    velocityKms: VELOCITY_KMS,
    sigmaKms: SIGMA_KMS,
    instrument,
    lines: Object.entries(LINE_FLUX).map(([name, flux]) => ({ restWavelengthAngstrom: restOf[name], flux })),
    continuum: [{ observedRangeAngstrom: [grid[0], grid[grid.length - 1]], c0: 2, c1: 0.001, referenceWavelengthAngstrom: 10000 }],
  });
  const rng = seededRandom(7);
  for (let i = 0; i < data.length; i++) data[i] += noise * rng.normal();
  const error = new Float64Array(grid.length).fill(noise > 0 ? noise : 1);
  const settings = resolveFitSettings({
    redshift: Z,
    instrument,
    windows: WINDOWS,
    kinematics: 'joint',
    doublets: [NII_DOUBLET_RATIO],
    stellarAbsorption,
  });
  const layout = createFitLayout(grid, settings);
  const ws = createFitWorkspace(layout);
  loadSpectrum(layout, ws, data, error, null, 0, 1);
  return { layout, ws, grid, data, error };
}

/** χ² of the stage at x computed from line-model.ts alone: Σ ((d − continuum − Σ lines)/σ)² over the windows' pixels. */
function chiSquareFromLineModel(layout: FitLayout, ws: FitWorkspace, x: Float64Array, data: Float64Array, error: Float64Array): number {
  const v = x[0];
  const s2 = x[1] * x[1] - ws.referenceInstrumental2;
  let chi2 = 0;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    const win = ws.stageWindows[stageWin];
    const c0 = x[ws.stageWindowC0Param[stageWin]];
    const c1 = x[ws.stageWindowC0Param[stageWin] + 1];
    for (let pixel = layout.windowPixelStart[win]; pixel < layout.windowPixelEnd[win]; pixel++) {
      const lam = layout.wavelengthAngstrom[pixel];
      let model = linearContinuum(lam, c0, c1, layout.windowReferenceAngstrom[win]);
      for (let stageLine = ws.stageWindowLineStart[stageWin]; stageLine < ws.stageWindowLineEnd[stageWin]; stageLine++) {
        const line = ws.stageLines[stageLine];
        const mu = observedCentreAngstrom(layout.lineSystemicAngstrom[line], v);
        const sigmaObs = Math.sqrt(Math.max(s2 + layout.lineInstrumental2[line], layout.lineFloor2[line]));
        model += gaussianLine(lam, x[ws.lineParam[line]] * ws.lineScale[line], mu, sigmaAngstrom(mu, sigmaObs));
      }
      const r = (data[pixel] - model) / error[pixel];
      chi2 += r * r;
    }
  }
  return chi2;
}

/** A noisy spectrum's joint stage, laid out and bounded, with x at a point off the truth. */
function stageAtOffsetPoint(stellarAbsorption: 'on' | 'off' = 'off') {
  const s = setUp(0.05, stellarAbsorption);
  const { layout, ws } = s;
  const nParams = layoutStage(layout, ws, [0, 1], null);
  const troughs = stellarAbsorption === 'on' ? 2 : 0;
  const localContinua = stellarAbsorption === 'on' ? 1 : 0; // [O III] 5007's (local-continua.ts)
  assert.equal(nParams, 2 + 2 * (2 + localContinua) + troughs + 4, "v, p, two continua (+ [O III]'s local continuum) and the Hβ and Hα troughs when on, and 4 fluxes ([N II] 6548 tied to 6584)");
  boundStage(layout, ws);
  guessStart(layout, ws, layout.referenceLine);
  const x = ws.x.slice(0, nParams);
  x[0] += 15; // off the optimum, so the residuals and second-order terms are not small
  x[1] *= 1.2;
  for (let param = 2; param < nParams; param++) x[param] *= 0.9;
  for (let line = 0; line < layout.nLines; line++) if (ws.lineAbsorberParam[line] >= 0) x[ws.lineAbsorberParam[line]] = 3; // a trough to differentiate
  return { ...s, nParams, x };
}

test('window model: χ² equals the one built from line-model.ts (continuum + Gaussians, doublet tie) to 1e-12', () => {
  const { layout, ws, x, data, error } = stageAtOffsetPoint();
  const chi2 = windowModelChiSquare(layout, ws, x, null, null);
  const expected = chiSquareFromLineModel(layout, ws, x, data, error);
  assert.ok(Math.abs(chi2 - expected) <= 1e-12 * expected, `χ² ${chi2} vs ${expected}`);
});

for (const mode of ['off', 'on'] as const) test(`window model (stellar absorption ${mode}): gradient g = Jᵀr equals −½ ∂χ²/∂x and A + S equals −∂g/∂x (central differences)`, () => {
  const { layout, ws, x, nParams } = stageAtOffsetPoint(mode);
  const P = nParams;
  const A = new Float64Array(P * P);
  const g = new Float64Array(P);
  const S = new Float64Array(P * P);
  windowModelChiSquare(layout, ws, x, A, g, S);
  const gPlus = new Float64Array(P);
  const gMinus = new Float64Array(P);
  const scratchA = new Float64Array(P * P);
  const scratchS = new Float64Array(P * P);
  for (let k = 0; k < P; k++) {
    const h = 1e-5 * Math.max(1, Math.abs(x[k]));
    const xp = x.slice();
    const xm = x.slice();
    xp[k] += h;
    xm[k] -= h;
    // gradient of χ²
    const dChi2 = (windowModelChiSquare(layout, ws, xp, null, null) - windowModelChiSquare(layout, ws, xm, null, null)) / (2 * h);
    assert.ok(Math.abs(g[k] + 0.5 * dChi2) <= 1e-6 * Math.max(1, Math.abs(g[k])) + 1e-5, `g[${k}] ${g[k]} vs −½∂χ² ${-0.5 * dChi2}`);
    // Hessian column k: ∂g/∂x_k = −(A + S)[·][k]
    windowModelChiSquare(layout, ws, xp, scratchA, gPlus, scratchS);
    windowModelChiSquare(layout, ws, xm, scratchA, gMinus, scratchS);
    for (let j = 0; j < P; j++) {
      const numeric = -(gPlus[j] - gMinus[j]) / (2 * h);
      const analytic = A[j * P + k] + S[j * P + k];
      const scale = Math.sqrt(Math.abs(A[j * P + j] * A[k * P + k]));
      assert.ok(Math.abs(analytic - numeric) <= 1e-5 * scale, `(A + S)[${j}][${k}] ${analytic} vs ${numeric}`);
    }
  }
});

test('start guesses on a noise-free spectrum: exact continuum, v and σ_int near the truth, fluxes the matched-filter amplitudes', () => {
  const { layout, ws } = setUp(0);
  const nParams = layoutStage(layout, ws, [0, 1], null);
  assert.ok(nParams > 0);
  const referenceLine = boundStage(layout, ws);
  assert.equal(layout.lineNames[referenceLine], 'ha');
  guessStart(layout, ws, referenceLine);
  const x = ws.x;
  for (let stageWin = 0; stageWin < ws.nStageWindows; stageWin++) {
    const win = ws.stageWindows[stageWin];
    const c0Param = ws.stageWindowC0Param[stageWin];
    const expectedC0 = 2 + 0.001 * (layout.windowReferenceAngstrom[win] - 10000);
    assert.ok(Math.abs(x[c0Param] - expectedC0) < 1e-6, `c0 of window ${win}: ${x[c0Param]} vs ${expectedC0}`);
    assert.ok(Math.abs(x[c0Param + 1] - 0.001) < 1e-8, `c1 of window ${win}: ${x[c0Param + 1]}`);
  }
  const sigmaIntKms = Math.sqrt(x[1] * x[1] - ws.referenceInstrumental2);
  // v: grid of one σ_obs refined by a parabola; σ: the coarse grid 10, 25, 50, 100, … km/s
  assert.ok(Math.abs(x[0] - VELOCITY_KMS) < 10, `start v ${x[0]} km/s`);
  assert.ok(sigmaIntKms >= 50 && sigmaIntKms <= 100, `start σ_int ${sigmaIntKms} km/s`);
  // fluxes: the matched-filter amplitude of a template of σ_t on a line of σ_d is F σ_t √2 / √(σ_d² + σ_t²)
  for (let stageLine = 0; stageLine < ws.nStageLines; stageLine++) {
    const line = ws.stageLines[stageLine];
    const sigmaTemplate = Math.sqrt(sigmaIntKms * sigmaIntKms + layout.lineInstrumental2[line]);
    const sigmaData = Math.hypot(SIGMA_KMS, layout.lineInstrumentalKms[line]);
    const filterGain = (sigmaTemplate * Math.SQRT2) / Math.hypot(sigmaData, sigmaTemplate);
    const flux = x[ws.lineParam[line]] * ws.lineScale[line];
    const expected = LINE_FLUX[layout.lineNames[line]] * filterGain;
    assert.ok(Math.abs(flux / expected - 1) < 0.02, `${layout.lineNames[line]} start flux ${flux} vs ${expected}`);
  }
});
