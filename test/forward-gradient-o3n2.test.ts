// The forward model with [O III] through O3N2 (fitGradientForward lines 'n2+o3', gradient/forward-model.ts): a known
// gradient put through PP04 N2 and O3N2 on a hand-made map is recovered, [O III] narrows the slope's posterior where
// [N II] is faint, and the options are checked before any work. The injection–recovery on the simulated presets:
// scripts/forward-gradient-recovery.ts --lines n2+o3 (numbers in its header).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGradientForward } from '../kernel-lib/src/gradient/fit-gradient-forward';
import { n2FromOhPp04, o3FromOhPp04 } from '../kernel-lib/src/abundance/inverse-calibrations';
import { o3n2InverseCalibration } from '../kernel-lib/src/gradient/forward-model';
import { PP04_O3N2, MARINO13_O3N2 } from '../kernel-lib/src/abundance/calibrations';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { InputError } from '../kernel-lib/src/errors/input-error';
import type { CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { dustTransmission } from '../kernel-lib/src/dust/ccm89';
import { EMISSION_LINES } from '../kernel-lib/src/lines/emission-lines';
import { recoverPresetGradient, forwardRecovery, independentNoiseSeed } from '../kernel-lib/src/recovery';

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));

/**
 * A 20 × 20 map: Hα ∝ exp(−r/3 kpc), Hβ = Hα/2.86, [N II] and [O III] of 8.6 − 0.05 r through PP04 N2 (cubic) and
 * O3N2 as the simulator makes them (simulate/line-ratios.ts), Gaussian noise of the given σ on each line (seeded).
 */
function handMadeFit(seed: number, niiErr: number, oiiiErr: number, o: { hbErr?: number; avMag?: number; noiseFree?: boolean } = {}): { fit: CubeFit; radiusKpc: Float64Array } {
  const hbErr = o.hbErr ?? 1;
  // a uniform CCM89 screen of A_V = avMag on every line (as the simulator's), noise off with noiseFree
  const t = (line: 'ha' | 'nii6584' | 'hb' | 'oiii5007') => dustTransmission(EMISSION_LINES[line].restWavelengthAngstrom, o.avMag ?? 0);
  const noise = (sigma: number) => (o.noiseFree ? 0 : rng.normal(0, sigma));
  const nx = 20;
  const ny = 20;
  const rng = seededRandom(seed);
  const radiusKpc = new Float64Array(nx * ny);
  const map = () => new Float64Array(nx * ny);
  const maps: Record<string, Float64Array> = {
    ha_flux: map(), ha_flux_err: map().fill(1), nii6584_flux: map(), nii6584_flux_err: map().fill(niiErr),
    hb_flux: map(), hb_flux_err: map().fill(hbErr), oiii5007_flux: map(), oiii5007_flux_err: map().fill(oiiiErr),
  };
  for (let s = 0; s < nx * ny; s++) {
    const r = Math.hypot((s % nx) - 9.5, Math.floor(s / nx) - 9.5) * 0.4;
    radiusKpc[s] = r;
    const ha = 200 * Math.exp(-r / 3);
    const oh = 8.6 - 0.05 * r;
    const n2 = n2FromOhPp04(oh);
    maps.ha_flux[s] = ha * t('ha') + noise(1);
    maps.nii6584_flux[s] = ha * t('nii6584') * 10 ** n2 + noise(niiErr);
    maps.hb_flux[s] = (ha / 2.86) * t('hb') + noise(hbErr);
    maps.oiii5007_flux[s] = (ha / 2.86) * t('oiii5007') * 10 ** o3FromOhPp04(oh, n2) + noise(oiiiErr);
  }
  const selected = Uint8Array.from(maps.ha_flux, (h) => (h > 10 ? 1 : 0));
  const fit = { nx, ny, maps, selected, quantities: Object.keys(maps) } as unknown as CubeFit;
  return { fit, radiusKpc };
}

test('o3n2InverseCalibration reads PP04 and M13 O3N2 backwards', () => {
  for (const cal of [PP04_O3N2, MARINO13_O3N2]) {
    const inv = o3n2InverseCalibration(cal);
    for (const o3n2 of [-1, 0, 0.7, 1.9]) {
      const oh = cal.ohFromIndex(o3n2);
      assert.ok(Math.abs(-inv.indexFromOh(oh) - o3n2) < 1e-9, `${cal.name} at O3N2 ${o3n2}`);
      assert.ok(Math.abs(-inv.dOhdIndexAt(oh) - cal.dOhdIndex(o3n2)) < 1e-12);
    }
  }
});

test("forward model 'n2+o3' recovers a known gradient through O3N2, and [O III] narrows it where [N II] is faint", () => {
  // [N II] noise σ = 6 (its outer S/N < 1), [O III] σ = 2: the [O III] carries most of the outer information
  const { fit, radiusKpc } = handMadeFit(5, 6, 2);
  const n2 = fitGradientForward(fit, { radiusKpc }, { seed: 1 });
  const both = fitGradientForward(fit, { radiusKpc }, { seed: 1, lines: 'n2+o3' });
  assert.ok(n2.ok && both.ok);
  console.log(`# hand-made map: n2 ${n2.slope.toFixed(4)} ± ${n2.slopeErr.toFixed(4)}, n2+o3 ${both.slope.toFixed(4)} ± ${both.slopeErr.toFixed(4)} (injected −0.05)`);
  assert.ok(Math.abs(both.slope + 0.05) < 3 * both.slopeErr, `slope ${both.slope} ± ${both.slopeErr}`);
  assert.ok(Math.abs(both.intercept - 8.6) < 0.1, `intercept ${both.intercept}`);
  assert.ok(both.slopeErr < 0.8 * n2.slopeErr, `error n2+o3 ${both.slopeErr} vs n2 ${n2.slopeErr}`);
  assert.deepEqual(both.linesEntered, ['ha', 'nii6584', 'hb', 'oiii5007']);
  assert.equal(both.o3n2Calibration, 'pp04-o3n2');
  assert.equal(both.nO3Spaxels, both.nSpaxels);
  assert.ok('scatterO3Dex' in both.posterior && both.posterior.scatterO3Dex.p84 <= PP04_O3N2.systematicDex);
  assert.ok(both.chiSquareOiii !== null && both.modelOiiiFluxMap !== null);
  // the N2 model says so
  assert.deepEqual(n2.linesEntered, ['ha', 'nii6584']);
  assert.equal(n2.o3n2Calibration, null);
  assert.equal(n2.chiSquareOiii, null);
});

test("forward model 'n2+o3': noise-free reddened maps with faint Hβ give the injected gradient and A_V back", () => {
  // Hβ errors of 10 (S/N 7 at the centre, < 1 at the edge): the flat-prior marginal over the true Hβ would pull the
  // outer [O III]/Hβ low (forward-model.ts); A_V = 1.5 reddens [O III]/Hβ by 0.026 dex
  const { fit, radiusKpc } = handMadeFit(7, 3, 2, { hbErr: 10, avMag: 1.5, noiseFree: true });
  const f = fitGradientForward(fit, { radiusKpc }, { seed: 1, lines: 'n2+o3' });
  assert.ok(f.ok);
  console.log(`# noise-free, A_V 1.5, faint Hβ: n2+o3 ${f.slope.toFixed(4)} (injected −0.05), A_V ${f.o3DustAvMag?.toFixed(3)}`);
  assert.ok(Math.abs(f.o3DustAvMag! - 1.5) < 0.01, `A_V ${f.o3DustAvMag}`);
  assert.ok(Math.abs(f.slope + 0.05) < 0.001, `slope ${f.slope}`);
  assert.ok(Math.abs(f.intercept - 8.6) < 0.01, `intercept ${f.intercept}`);
  // without the dust term the two lines' intercepts disagree
  const g = fitGradientForward(fit, { radiusKpc }, { seed: 1, lines: 'n2+o3', o3Dust: 'none' });
  assert.ok(g.ok && g.o3DustAvMag === 0 && Math.abs(g.intercept - 8.6) > Math.abs(f.intercept - 8.6));
});

test("forward model 'n2+o3' with the PSF term recovers a known gradient", () => {
  // no blur in the maps, a small PSF in the model: a check that the PSF path runs and stays near the truth
  const { fit, radiusKpc } = handMadeFit(6, 3, 2);
  const f = fitGradientForward(fit, { radiusKpc }, { seed: 2, lines: 'n2+o3', psf: { fwhmXArcsec: 0.01, fwhmYArcsec: 0.01 }, pixelScaleArcsec: 0.1 });
  assert.ok(f.ok);
  assert.ok(Math.abs(f.slope + 0.05) < 3 * f.slopeErr, `slope ${f.slope} ± ${f.slopeErr}`);
});

test("forward model 'n2+o3' without measured Hβ/[O III] falls back to N2 and says so", () => {
  const { fit, radiusKpc } = handMadeFit(5, 3, 2);
  const nan = () => new Float64Array(fit.nx * fit.ny).fill(NaN);
  const outside = { ...fit, maps: { ...fit.maps, hb_flux: nan(), oiii5007_flux: nan() } } as CubeFit;
  const f = fitGradientForward(outside, { radiusKpc }, { seed: 1, lines: 'n2+o3' });
  const g = fitGradientForward(fit, { radiusKpc }, { seed: 1 });
  assert.ok(f.ok && g.ok);
  assert.deepEqual(f.linesEntered, ['ha', 'nii6584']);
  assert.equal(f.nO3Spaxels, 0);
  assert.ok(f.notes.some((n) => n.includes('Hβ and [O III]')));
  assert.equal(f.slope, g.slope, 'the same N2 model as lines n2');
});

test("forward model options: lines and o3n2Calibration checked before any work", () => {
  const { fit, radiusKpc } = handMadeFit(5, 3, 2);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, lines: 'o3' as never }), InputError);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, lines: 'n2+o3', o3n2Calibration: 'pp04-n2-cubic' }), /O3N2 calibration/);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, o3n2Calibration: 'm13-o3n2' }), /applies to lines 'n2\+o3' only/);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, o3Dust: 'none' }), /applies to lines 'n2\+o3' only/);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, lines: 'n2+o3', o3Dust: 'calzetti' as never }), InputError);
  const { hb_flux: _, ...noHb } = fit.maps;
  assert.throws(() => fitGradientForward({ ...fit, maps: noHb } as CubeFit, { radiusKpc }, { seed: 1, lines: 'n2+o3' }), /hb_flux/);
  const m = fitGradientForward(fit, { radiusKpc }, { seed: 1, lines: 'n2+o3', o3n2Calibration: 'm13-o3n2' });
  assert.ok(m.ok && m.o3n2Calibration === 'm13-o3n2');
});

// The 9 Table 1 presets whose Hβ and [O III]5007 both fall inside the simulated cube and outside the detector gap
// (z ≳ 1.0; scripts/forward-gradient-recovery.ts --lines n2,n2+o3 lists which), round 1 of the independent draws.
const O3_PRESETS = ['ID2145', 'ID7314', 'ID8365', 'ID8512', 'ID8576', 'ID11225', 'ID11944', 'ID12015', 'ID29470'];

test("'n2+o3' on the simulated presets (PSF term): noise-free fluxes give the injected slope, and [O III] shrinks the error", { timeout: 600_000 }, async () => {
  const ratios: number[] = [];
  const pulls: number[] = [];
  for (const id of O3_PRESETS) {
    const seed = independentNoiseSeed(1, id);
    const r = await recoverPresetGradient(id, { seed, meta: { fit: { workers: 1 } } });
    const n2 = forwardRecovery(r, { seed, withPsf: true });
    const both = forwardRecovery(r, { seed, withPsf: true, lines: 'n2+o3' });
    assert.ok(n2.fit.ok && both.fit.ok, id);
    assert.ok(both.row.nO3Spaxels > 0, `${id}: [O III] entered`);
    ratios.push(both.row.forwardErrDexPerKpc / n2.row.forwardErrDexPerKpc);
    pulls.push(both.row.forwardPull);
    if (id === 'ID2145' || id === 'ID8512') {
      // the simulator's noise-free line fluxes (after the PSF and dust) in place of the measured ones
      const maps = r.analysis.fit.maps;
      const truth = r.sim.truth.spaxels.lineFlux;
      for (const line of ['ha', 'nii6584', 'hb', 'oiii5007'] as const) maps[`${line}_flux`] = Float64Array.from(truth[line]);
      const f = forwardRecovery(r, { seed, withPsf: true, lines: 'n2+o3', mask: both.fit.used }).fit;
      assert.ok(f.ok);
      const off = (f.slope - r.row.injectedDexPerKpc) / both.row.forwardErrDexPerKpc;
      console.log(`# ${id} noise-free: n2+o3 ${f.slope.toFixed(4)} for ${r.row.injectedDexPerKpc} injected (${off.toFixed(2)} σ of the noisy fit)`);
      assert.ok(Math.abs(off) < 0.2, `${id}: ${off} σ`);
    }
  }
  const m = mean(pulls);
  const w = sd(pulls);
  console.log(`# ${O3_PRESETS.length} presets, round 1: n2+o3 pull mean ${m.toFixed(2)} width ${w.toFixed(2)}; error n2+o3/n2 ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`);
  assert.ok(Math.max(...ratios) < 0.8, `error ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}`);
  assert.ok(Math.abs(m) < 3 * w / Math.sqrt(pulls.length) && w < 1.6, `pull mean ${m}, width ${w}`);
});
