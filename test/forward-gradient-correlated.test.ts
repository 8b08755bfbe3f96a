// The forward-modelled gradient on spatially correlated noise (gradient/fit-gradient-forward.ts, noiseCorrelationArea):
// hand-made 24 × 24 maps of a known gradient whose Hα and [N II] noise are Gaussian fields correlated by a kernel of
// σ = 1 spaxel (stats/correlated-field.ts; a resampled cube's noise is of this kind). The model's likelihood takes the
// spaxels as independent, so its errors are too small by √area; tempered by the correlation area — the kernel's, or
// the one read from the fit's own residuals (residualCorrelationArea) — the pulls come back to width ≈ 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGradientForward, residualCorrelationArea } from '../kernel-lib/src/gradient/fit-gradient-forward';
import { n2FromOhPp04 } from '../kernel-lib/src/abundance/inverse-calibrations';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { correlatedNormalField, kernelCorrelationArea } from '../kernel-lib/src/stats/correlated-field';
import type { CubeFit } from '../kernel-lib/src/linemaps/fit-cube';

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));
const SLOPE = -0.05;
const NX = 24;

/** Hα ∝ exp(−r/3 kpc), [N II] from 8.6 − 0.05 r through PP04 N2; noise σ 1 and 2 correlated by a kernel of σ = kernelPx. */
function correlatedMap(seed: number, kernelPx: number): { fit: CubeFit; radiusKpc: Float64Array } {
  const rng = seededRandom(seed);
  const n = NX * NX;
  const noiseHa = correlatedNormalField(NX, NX, kernelPx, rng);
  const noiseNii = correlatedNormalField(NX, NX, kernelPx, rng);
  const radiusKpc = new Float64Array(n);
  const maps: Record<string, Float64Array> = {
    ha_flux: new Float64Array(n), ha_flux_err: new Float64Array(n).fill(1),
    nii6584_flux: new Float64Array(n), nii6584_flux_err: new Float64Array(n).fill(2),
  };
  for (let s = 0; s < n; s++) {
    const r = Math.hypot((s % NX) - 11.5, Math.floor(s / NX) - 11.5) * 0.4;
    radiusKpc[s] = r;
    const ha = 200 * Math.exp(-r / 3);
    maps.ha_flux[s] = ha + noiseHa[s];
    maps.nii6584_flux[s] = ha * 10 ** n2FromOhPp04(8.6 + SLOPE * r) + 2 * noiseNii[s];
  }
  const fit = { nx: NX, ny: NX, maps, selected: new Uint8Array(n).fill(1), quantities: Object.keys(maps) } as unknown as CubeFit;
  return { fit, radiusKpc };
}

// 'own' Hα selection: the neighbours' rule assumes independent noise (fit-gradient-forward.ts)
const OPTIONS = { nLive: 100, haSelection: 'own' as const };

test('kernelCorrelationArea: 1 for independent values, 4πσ² for a wide Gaussian kernel (the continuous limit)', () => {
  assert.equal(kernelCorrelationArea(0), 1);
  for (const s of [1, 2]) {
    const area = kernelCorrelationArea(s);
    assert.ok(Math.abs(area / (4 * Math.PI * s * s) - 1) < 0.01, `σ ${s}: area ${area}`);
  }
  assert.throws(() => kernelCorrelationArea(-1), /sigmaPx/);
});

test('forward model on correlated noise: errors too small as if independent; tempered by the correlation area (the kernel\'s or the residuals\') the pulls have width ≈ 1', { timeout: 5 * 60_000 }, () => {
  const area = kernelCorrelationArea(1);
  const [plain, byKernel, byResiduals, areas]: number[][] = [[], [], [], []];
  for (let seed = 1; seed <= 20; seed++) {
    const { fit, radiusKpc } = correlatedMap(seed, 1);
    const a = fitGradientForward(fit, { radiusKpc }, { ...OPTIONS, seed });
    assert.ok(a.ok);
    const kResiduals = residualCorrelationArea(a);
    const b = fitGradientForward(fit, { radiusKpc }, { ...OPTIONS, seed, noiseCorrelationArea: area });
    const c = fitGradientForward(fit, { radiusKpc }, { ...OPTIONS, seed, noiseCorrelationArea: kResiduals });
    assert.ok(b.ok && c.ok);
    assert.ok(b.notes.some((note) => /tempered/.test(note)), b.notes.join('; '));
    assert.equal(b.noiseCorrelationArea, area);
    plain.push((a.slope - SLOPE) / a.slopeErr);
    byKernel.push((b.slope - SLOPE) / b.slopeErr);
    byResiduals.push((c.slope - SLOPE) / c.slopeErr);
    areas.push(kResiduals);
  }
  console.log(`# kernel σ 1: area ${area.toFixed(2)}, from the residuals ${mean(areas).toFixed(2)} ± ${sd(areas).toFixed(2)}; pull width as if independent ${sd(plain).toFixed(2)}, tempered by the kernel's area ${sd(byKernel).toFixed(2)}, by the residuals' ${sd(byResiduals).toFixed(2)}`);
  assert.ok(sd(plain) > 2, `as if independent: width ${sd(plain)} (expected ≈ √area = ${Math.sqrt(area).toFixed(2)})`);
  for (const [name, p] of [['kernel', byKernel], ['residuals', byResiduals]] as const) {
    assert.ok(sd(p) > 0.7 && sd(p) < 1.3, `${name}: width ${sd(p)}`);
    assert.ok(Math.abs(mean(p)) < 0.5, `${name}: mean ${mean(p)}`);
  }
  assert.ok(Math.abs(mean(areas) / area - 1) < 0.2, `area from the residuals ${mean(areas)} vs ${area}`);
});

test('forward model on independent noise: the residuals\' correlation area stays near 1', { timeout: 2 * 60_000 }, () => {
  const areas: number[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    const { fit, radiusKpc } = correlatedMap(seed, 0);
    const a = fitGradientForward(fit, { radiusKpc }, { ...OPTIONS, seed });
    assert.ok(a.ok);
    assert.equal(a.noiseCorrelationArea, 1);
    areas.push(residualCorrelationArea(a));
  }
  console.log(`# independent noise: area from the residuals ${mean(areas).toFixed(2)}, max ${Math.max(...areas).toFixed(2)}`);
  assert.ok(mean(areas) < 1.2 && Math.max(...areas) < 1.5, areas.map((v) => v.toFixed(2)).join(', '));
  const { fit, radiusKpc } = correlatedMap(1, 0);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, noiseCorrelationArea: 0.5 }), /noiseCorrelationArea/);
});
