// The forward-modelled gradient (gradient/fit-gradient-forward.ts): its model on a hand-made map (the PSF-free
// prediction of a known gradient is recovered), its checks, and injection–recovery on a seeded subset of the 69-galaxy
// set of test/recovery.test.ts: the first 16 of the 23 linear, clump-free Table 1 galaxies (Table 1 order, not chosen
// by result), noise seed 1 — 16 simulated cubes fit in ≈ 2 min on one core. The full set: scripts/forward-gradient-recovery.ts.
//
// Issue 15's targets — pull (fitted − injected)/error with |mean| < 0.1 and width 0.9–1.1, with and without the PSF
// term — are asserted below as TODO tests while they do not hold (numbers in their names, measured on the full set by
// the script); what the forward model does achieve is asserted for real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGradientForward } from '../kernel-lib/src/gradient/fit-gradient-forward';
import { n2FromOhPp04 } from '../kernel-lib/src/abundance/inverse-calibrations';
import { recoverPresetGradient, forwardRecovery, type ForwardRecoveryRow } from '../kernel-lib/src/recovery';
import { presetIds } from '../kernel-lib/src/simulate/presets';
import { seededRandom } from '../kernel-lib/src/stats/random';
import type { CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { azimuthalNullDistribution, azimuthalResidualStatistic } from '../kernel-lib/src/gradient/azimuthal-residuals';

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));

/** A 20 × 20 map: Hα ∝ exp(−r/3 kpc), [N II] from 8.6 − 0.05 r through PP04, Gaussian noise (seeded). */
function handMadeFit(seed: number, niiErr: number): { fit: CubeFit; radiusKpc: Float64Array } {
  const nx = 20;
  const ny = 20;
  const rng = seededRandom(seed);
  const radiusKpc = new Float64Array(nx * ny);
  const maps: Record<string, Float64Array> = {
    ha_flux: new Float64Array(nx * ny), ha_flux_err: new Float64Array(nx * ny).fill(1),
    nii6584_flux: new Float64Array(nx * ny), nii6584_flux_err: new Float64Array(nx * ny).fill(niiErr),
  };
  for (let s = 0; s < nx * ny; s++) {
    const r = Math.hypot((s % nx) - 9.5, Math.floor(s / nx) - 9.5) * 0.4;
    radiusKpc[s] = r;
    const ha = 200 * Math.exp(-r / 3);
    maps.ha_flux[s] = ha + rng.normal(0, 1);
    maps.nii6584_flux[s] = ha * 10 ** n2FromOhPp04(8.6 - 0.05 * r) + rng.normal(0, niiErr);
  }
  const selected = Uint8Array.from(maps.ha_flux, (h) => (h > 10 ? 1 : 0));
  const fit = { nx, ny, maps, selected, quantities: Object.keys(maps) } as unknown as CubeFit;
  return { fit, radiusKpc };
}

test('forward model recovers a known gradient from noisy [N II] (non-detections included)', () => {
  const { fit, radiusKpc } = handMadeFit(3, 3);
  const f = fitGradientForward(fit, { radiusKpc }, { seed: 1 });
  assert.ok(f.ok);
  assert.ok(Math.abs(f.slope + 0.05) < 3 * f.slopeErr, `slope ${f.slope} ± ${f.slopeErr}`);
  assert.ok(Math.abs(f.intercept - 8.6) < 0.1, `intercept ${f.intercept}`);
  assert.ok(f.nNiiDetected < f.nSpaxels, 'some [N II] below S/N 3 are in the fit');
  assert.ok(Number.isFinite(f.logZ));
  // the same seed gives the same answer
  const g = fitGradientForward(fit, { radiusKpc }, { seed: 1 });
  assert.ok(g.ok && g.slope === f.slope);
});

test('forward model, broken profile: the break radius and both slopes of a broken gradient come back', () => {
  const { fit, radiusKpc } = handMadeFit(4, 0.5);
  // the [N II] of a profile falling at −0.1 dex/kpc to 2 kpc and flat beyond, noise σ = 0.5 (seeded)
  const rng = seededRandom(9);
  const nii = Float64Array.from(fit.maps.ha_flux, (ha, s) => {
    const oh = 8.7 - 0.1 * Math.min(radiusKpc[s], 2);
    return ha * 10 ** n2FromOhPp04(oh) + rng.normal(0, 0.5);
  });
  const broken = { ...fit, maps: { ...fit.maps, nii6584_flux: nii } } as CubeFit;
  const f = fitGradientForward(broken, { radiusKpc }, { seed: 1, shape: 'broken' });
  assert.ok(f.ok);
  const { breakRadiusKpc, outerSlope } = f.posterior;
  console.log(`# broken: inner ${f.slope.toFixed(3)} ± ${f.slopeErr.toFixed(3)}, r_b ${breakRadiusKpc.median.toFixed(2)}, outer ${outerSlope.median.toFixed(3)}`);
  assert.ok(Math.abs(f.slope + 0.1) < 3 * f.slopeErr + 0.01, `inner slope ${f.slope}`);
  assert.ok(Math.abs(breakRadiusKpc.median - 2) < 0.5, `break ${breakRadiusKpc.median}`);
  assert.ok(Math.abs(outerSlope.median) < 3 * outerSlope.sd + 0.01, `outer slope ${outerSlope.median}`);
});

test('forward model refuses bad options before any work', () => {
  const { fit, radiusKpc } = handMadeFit(3, 3);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, {} as never), /seed/);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, calibration: 'pp04-o3n2' }), /N2 calibration/);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, psf: { fwhmXArcsec: 0.2, fwhmYArcsec: 0.08 } }), /pixelScaleArcsec/);
  assert.throws(() => fitGradientForward(fit, { radiusKpc: new Float64Array(3) }, { seed: 1 }), /radiusKpc/);
  const few = fitGradientForward(fit, { radiusKpc }, { seed: 1, rMin: 0, rMax: 0.3 });
  assert.equal(few.ok, false);
});

test('azimuthal residual statistic: a metal-poor wedge stands out of its noise-only null, a smooth disk does not', () => {
  const { fit, radiusKpc } = handMadeFit(5, 1);
  const azimuthDeg = Float64Array.from(radiusKpc, (_, s) => (Math.atan2(Math.floor(s / 20) - 9.5, (s % 20) - 9.5) * 180) / Math.PI + 180);
  const geometry = { radiusKpc, azimuthDeg };
  const smooth = fitGradientForward(fit, geometry, { seed: 1, nLive: 100 });
  assert.ok(smooth.ok);
  const nullSmooth = azimuthalNullDistribution(fit, geometry, smooth, { seed: 2, nDraws: 9, fitOptions: { nLive: 100 } });
  // a wedge of 45° with [N II] lowered by 30 % (≈ −0.15 dex in O/H) beyond 1 kpc
  const wedge = { ...fit, maps: { ...fit.maps, nii6584_flux: Float64Array.from(fit.maps.nii6584_flux, (v, s) => (azimuthDeg[s] < 45 && radiusKpc[s] > 1 ? 0.7 * v : v)) } } as CubeFit;
  const clumpy = fitGradientForward(wedge, geometry, { seed: 1, nLive: 100 });
  assert.ok(clumpy.ok);
  const nullClumpy = azimuthalNullDistribution(wedge, geometry, clumpy, { seed: 2, nDraws: 9, fitOptions: { nLive: 100 } });
  console.log(`# smooth χ²_az ${nullSmooth.observed.chiSquare.toFixed(1)} (p ${nullSmooth.pValue.toFixed(2)}), wedge ${nullClumpy.observed.chiSquare.toFixed(1)} (p ${nullClumpy.pValue.toFixed(2)}); null max ${Math.max(...nullClumpy.chiSquare).toFixed(1)}`);
  assert.equal(nullClumpy.pValue, 0.1, 'the wedge exceeds every one of the 9 null draws');
  assert.ok(nullSmooth.pValue > 0.1, `smooth disk p ${nullSmooth.pValue}`);
  assert.ok(nullClumpy.observed.sectorMeanSigma[0] < -1, 'the wedge sector runs negative');
  assert.throws(() => azimuthalResidualStatistic([1], [0, 1], [1]), /same length/);
});

let rowsCache: Promise<ForwardRecoveryRow[]> | null = null;
function subsetRows(): Promise<ForwardRecoveryRow[]> {
  rowsCache ??= (async () => {
    const ids = presetIds().filter((id) => id !== 'ID4391' && id !== 'ID9424').slice(0, 16);
    const rows: ForwardRecoveryRow[] = [];
    for (const id of ids) {
      const r = await recoverPresetGradient(id, { seed: 1, meta: { fit: { workers: 1 } } });
      for (const withPsf of [false, true]) rows.push(forwardRecovery(r, { seed: 1, withPsf }).row);
    }
    return rows;
  })();
  return rowsCache;
}

async function pulls(withPsf: boolean) {
  const rows = (await subsetRows()).filter((r) => r.withPsf === withPsf && Number.isFinite(r.forwardPull));
  const fp = rows.map((r) => r.forwardPull);
  const pp = rows.map((r) => r.paperPull);
  console.log(`# ${withPsf ? 'with' : 'without'} PSF, ${rows.length} galaxies: forward pull mean ${mean(fp).toFixed(3)} width ${sd(fp).toFixed(3)}; paper pull mean ${mean(pp).toFixed(3)} width ${sd(pp).toFixed(3)}`);
  return { rows, fp, pp };
}

// Measured on the full 69 (scripts/forward-gradient-recovery.ts, seeds 1–3), forward pull mean / width:
//   with the PSF term −0.45 / 0.98; without −0.06… +0.06 / 1.47; the paper's method −0.41 / 1.29.
// On this subset (seed 1, an unlucky draw for both methods): with PSF −1.01 / 1.04, without −0.54 / 1.68, paper −1.00.
// What limits the mean with the PSF term (measured on 9 galaxies × seed 2 unless said): the [N II] noise —
// with its noise-free value the mean pull goes from −0.44 to −0.17, with noise-free Hα it stays −0.47; not the
// scatter term (fixed at 0: −0.45), not the per-spaxel error estimates (a constant error: −0.40), not the skew of the
// posterior (maximum likelihood instead of the median: same within 0.02). Over three seeds two galaxies pull most:
// ID9960 (mean −2.2: its AGN's [N II], blurred by the PSF into star-forming neighbours the model treats as pure
// H II) and ID8576 (−1.3, not understood). Without them the mean is ≈ −0.33.
for (const withPsf of [false, true]) {
  const label = withPsf ? 'with the PSF term' : 'without the PSF term';
  test(`forward model ${label}: every galaxy of the subset fitted; where the paper's method handles [N II] well, its error is no larger`, { timeout: 10 * 60_000 }, async () => {
    const { rows } = await pulls(withPsf);
    assert.equal(rows.length, 16);
    // "handles well": ≥ 90 % of the fitted spaxels have [N II] S/N > 3, so the log of the ratio is not biased
    const bright = rows.filter((r) => r.nNiiDetected >= 0.9 * r.nSpaxels);
    const ratios = bright.map((r) => r.forwardErrDexPerKpc / r.paperErrDexPerKpc).sort((a, b) => a - b);
    console.log(`# ${label}: forward/paper slope error on ${bright.map((r) => r.id).join(', ')}: ${ratios.map((v) => v.toFixed(2)).join(', ')}`);
    assert.ok(bright.length >= 3, `only ${bright.length} bright galaxies`);
    assert.ok(ratios[ratios.length >> 1] <= 1, `median error ratio ${ratios[ratios.length >> 1]}`);
  });
}

test('forward model with the PSF term: pull width 0.9–1.1 (issue 15; full set 0.98)', { timeout: 10 * 60_000 }, async () => {
  const { fp } = await pulls(true);
  assert.ok(sd(fp) > 0.9 && sd(fp) < 1.1, `pull width ${sd(fp).toFixed(3)}`);
});

test('forward model with the PSF term: |mean pull| < 0.1 (issue 15)', { todo: 'measured −0.45 on the full 69 and −1.01 on this subset: slopes steeper than injected, see notes' }, async () => {
  const { fp } = await pulls(true);
  assert.ok(Math.abs(mean(fp)) < 0.1, `mean pull ${mean(fp).toFixed(3)}`);
});

test('forward model without the PSF term: |mean pull| < 0.1 (issue 15)', { todo: 'holds on the full 69 (+0.06) but not on this subset (−0.54)' }, async () => {
  const { fp } = await pulls(false);
  assert.ok(Math.abs(mean(fp)) < 0.1, `mean pull ${mean(fp).toFixed(3)}`);
});

test('forward model without the PSF term: pull width 0.9–1.1 (issue 15)', { todo: 'measured 1.47 on the full 69, 1.68 on this subset: the model without the PSF is misspecified by a different amount per galaxy' }, async () => {
  const { fp } = await pulls(false);
  assert.ok(sd(fp) > 0.9 && sd(fp) < 1.1, `pull width ${sd(fp).toFixed(3)}`);
});
