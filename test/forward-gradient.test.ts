// The forward-modelled gradient (gradient/fit-gradient-forward.ts): its model on a hand-made map (the PSF-free
// prediction of a known gradient is recovered), its checks, and issue 15's injection–recovery validation on the
// 23 linear, clump-free Table 1 galaxies × rounds 1–6 (138 draws; test/recovery.test.ts's set is rounds 1–3), each
// galaxy its own noise draw (independentNoiseSeed): the model with the PSF term on cubes made with the MSA-3D PSF
// (≈ 1.2 s a draw on one free core), the model without it on the same galaxies made without a PSF (≈ 0.5 s a draw).
// The same sets and more: scripts/forward-gradient-recovery.ts --independent (and --sharp for cubes without a PSF).
//
// Issue 15's targets — pull (fitted − injected)/error with |mean| < 0.1 and width 0.9–1.1, and an error no larger
// than the paper method's where that method handles [N II] well — are asserted for both models, each on the cubes it
// describes (see the measured numbers above the validation tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitGradientForward } from '../kernel-lib/src/gradient/fit-gradient-forward';
import { n2FromOhPp04 } from '../kernel-lib/src/abundance/inverse-calibrations';
import { recoverPresetGradient, forwardRecovery, independentNoiseSeed, type ForwardRecoveryRow } from '../kernel-lib/src/recovery';
import { presetIds } from '../kernel-lib/src/simulate/presets';
import { seededRandom } from '../kernel-lib/src/stats/random';
import type { CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { azimuthalNullDistribution, azimuthalResidualStatistic } from '../kernel-lib/src/gradient/azimuthal-residuals';
import { richardsonLucy } from '../kernel-lib/src/instrument/richardson-lucy';
import { separablePsfMatrices, applySeparablePsf } from '../kernel-lib/src/instrument/psf-operator';
import { classifyGalaxy } from '../kernel-lib/src/analyze/classify-galaxy';
import { confidentlyNotStarForming } from '../kernel-lib/src/analyze/forward-gradient';
import type { GalaxyAnalysis } from '../kernel-lib/src/analyze/analyze-galaxy';

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

test('forward model: without the PSF term the neighbours of an excluded spaxel leave the likelihood too (a margin of 1 spaxel), with it they stay', () => {
  const { fit, radiusKpc } = handMadeFit(3, 3);
  const exclude = new Uint8Array(400);
  exclude[10 * 20 + 10] = 1; // one excluded spaxel near the centre: its 8 neighbours have Hα signal
  const plain = fitGradientForward(fit, { radiusKpc }, { seed: 1, nLive: 50, rMin: 0 });
  const noPsf = fitGradientForward(fit, { radiusKpc }, { seed: 1, nLive: 50, rMin: 0, exclude });
  const noMargin = fitGradientForward(fit, { radiusKpc }, { seed: 1, nLive: 50, rMin: 0, exclude, excludeBufferSpaxels: 0 });
  const psf = fitGradientForward(fit, { radiusKpc }, { seed: 1, nLive: 50, rMin: 0, exclude, psf: { fwhmXArcsec: 0.1, fwhmYArcsec: 0.1 }, pixelScaleArcsec: 0.1 });
  assert.ok(plain.ok && noPsf.ok && noMargin.ok && psf.ok);
  assert.equal(noPsf.excludeBufferSpaxels, 1);
  assert.equal(noPsf.nBufferExcluded, 8);
  assert.equal(noPsf.nSpaxels, plain.nSpaxels - 9);
  assert.ok(noPsf.notes.some((n) => /8 spaxels within 1 spaxel of an excluded one/.test(n)), noPsf.notes.join('; '));
  assert.equal(noMargin.nSpaxels, plain.nSpaxels - 1);
  assert.equal(psf.excludeBufferSpaxels, 0);
  assert.equal(psf.nSpaxels, plain.nSpaxels - 1);
  assert.throws(() => fitGradientForward(fit, { radiusKpc }, { seed: 1, exclude, excludeBufferSpaxels: -1 }), /excludeBufferSpaxels/);
  // with the default rMin (0.5 kpc) the margin's spaxels inside it were never in the fit: not counted as left out
  const inRange = fitGradientForward(fit, { radiusKpc }, { seed: 1, nLive: 50 });
  const margin = fitGradientForward(fit, { radiusKpc }, { seed: 1, nLive: 50, exclude });
  assert.ok(inRange.ok && margin.ok);
  const inner = Array.from(radiusKpc).filter((r, s) => r < 0.5 && Math.max(Math.abs((s % 20) - 10), Math.abs(Math.floor(s / 20) - 10)) <= 1).length;
  assert.ok(inner > 0, 'some of the margin lies inside 0.5 kpc');
  assert.equal(margin.nBufferExcluded, inRange.nSpaxels - margin.nSpaxels, 'exactly the spaxels the margin took out of the fit');
  assert.equal(margin.nBufferExcluded, 9 - inner, 'the margin and the excluded spaxel, less those inside rMin');
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

test('Richardson–Lucy: a blurred point source comes back sharper, its flux kept, and blurred again it matches the data', () => {
  const [nx, ny] = [15, 11];
  const psf = separablePsfMatrices(nx, ny, { psf: { fwhmXArcsec: 0.2, fwhmYArcsec: 0.08 }, pixelScaleArcsec: 0.08, oversampling: 1 });
  const point = new Float64Array(nx * ny);
  point[5 * nx + 7] = 100;
  const blurred = new Float64Array(nx * ny);
  applySeparablePsf(psf, point, blurred, new Float64Array(nx * ny));
  const u = richardsonLucy(psf, blurred, 20);
  const sum = (m: ArrayLike<number>) => Array.from(m).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum(u) - sum(blurred)) < 1e-6 * sum(blurred), `flux ${sum(u)} vs ${sum(blurred)}`);
  assert.ok(u[5 * nx + 7] > 1.5 * blurred[5 * nx + 7], `peak ${u[5 * nx + 7]} vs blurred ${blurred[5 * nx + 7]}`);
  // blurred again, the deconvolved map reproduces the data far better than the data blurred once more (the double blur)
  const misfit = (m: Float64Array) => {
    const again = new Float64Array(nx * ny);
    applySeparablePsf(psf, m, again, new Float64Array(nx * ny));
    return Math.max(...Array.from(again, (v, i) => Math.abs(v - blurred[i])));
  };
  assert.ok(misfit(u) < 0.25 * misfit(blurred), `re-blurred misfit ${misfit(u)} vs ${misfit(blurred)} without deconvolution`);
  assert.throws(() => richardsonLucy(psf, new Float64Array(3), 5), /map has 3 values/);
});

test('forward model exclusion: a bright AGN spaxel is excluded, a faint one whose [N II] scattered over the line is kept', () => {
  // WHAN (Cid Fernandes et al. 2011): EW(Hα) ≥ 6 Å and log([N II]/Hα) > −0.4 is an AGN
  const maps: Record<string, Float64Array> = {
    ha_flux: Float64Array.of(100, 100, 100), ha_flux_err: Float64Array.of(1, 1, 1),
    nii6584_flux: Float64Array.of(60, 45, 20), nii6584_flux_err: Float64Array.of(1, 10, 1),
    ha_ew: Float64Array.of(50, 50, 50), ha_ew_err: Float64Array.of(1, 1, 1),
  };
  const fit = { nx: 3, ny: 1, maps, selected: Uint8Array.of(1, 1, 1) } as unknown as CubeFit;
  const classification = classifyGalaxy(fit, { diagnostic: 'whan' });
  assert.deepEqual(Array.from(classification.classCode).map((c) => c === 1), [false, false, true], 'the plain classification calls the first two AGN');
  const analysis = { fit, classification, bins: null, diagnostic: 'whan' } as unknown as GalaxyAnalysis;
  assert.deepEqual(Array.from(confidentlyNotStarForming(analysis)), [1, 0, 0]);
});

/** The Table 1 galaxies of the validation: the 23 linear, clump-free ones. */
const VALIDATION_IDS = () => presetIds().filter((id) => id !== 'ID4391' && id !== 'ID9424');
/** Rounds of the validation: 6 × 23 = 138 draws, so that the pull width is known to ≈ ±0.06 (σ/√(2n)); 69 give ±0.085. */
const ROUNDS = [1, 2, 3, 4, 5, 6];
const rowsCache = new Map<string, Promise<ForwardRecoveryRow[]>>();
/**
 * The validation set of one model, each galaxy its own noise draw: 'psf' fits the model with the PSF term to cubes
 * made with the MSA-3D PSF; 'sharp' fits the model without it to the same galaxies made without a PSF (where it is
 * the right model).
 */
function validationRows(model: 'psf' | 'sharp'): Promise<ForwardRecoveryRow[]> {
  if (!rowsCache.has(model)) {
    rowsCache.set(model, (async () => {
      const rows: ForwardRecoveryRow[] = [];
      const sharp = model === 'sharp';
      // one seed for all would give every galaxy the same noise cube (same shape and wavelength grid): independentNoiseSeed
      for (const round of ROUNDS) {
        for (const id of VALIDATION_IDS()) {
          const seed = independentNoiseSeed(round, id);
          const r = await recoverPresetGradient(id, {
            seed, meta: { fit: { workers: 1 } },
            ...(sharp ? { editParams: (p) => ({ ...p, psf: { fwhmXArcsec: 0, fwhmYArcsec: 0 } }) } : {}),
          });
          rows.push(forwardRecovery(r, { seed, withPsf: !sharp }).row);
        }
      }
      return rows;
    })());
  }
  return rowsCache.get(model)!;
}

async function pulls(model: 'psf' | 'sharp') {
  const rows = (await validationRows(model)).filter((r) => Number.isFinite(r.forwardPull));
  const fp = rows.map((r) => r.forwardPull);
  const pp = rows.map((r) => r.paperPull);
  console.log(`# ${LABEL[model]}, ${rows.length} draws: forward pull mean ${mean(fp).toFixed(3)} ± ${(sd(fp) / Math.sqrt(fp.length)).toFixed(3)} width ${sd(fp).toFixed(3)}; paper pull mean ${mean(pp).toFixed(3)} width ${sd(pp).toFixed(3)}`);
  return { rows, fp, pp };
}

const LABEL = { psf: 'with the PSF term (cubes made with the PSF)', sharp: 'without the PSF term (cubes made without a PSF)' } as const;

// Measured (scripts/forward-gradient-recovery.ts --independent; --sharp for cubes without a PSF), forward pull mean ±
// its standard error / width, on rounds 1–3 and 4–6 (69 draws each; the test runs both):
// - with the PSF term: +0.013 ± 0.131 / 1.088 and +0.047 ± 0.105 / 0.873; 138 draws +0.030 ± 0.084 / 0.986
//   (faint [N II], 94 of them: −0.005 / 0.964);
// - without it, on cubes made without a PSF, with the margin of one spaxel around excluded spaxels
//   (fit-gradient-forward.ts): −0.047 ± 0.128 / 1.066 and +0.060 ± 0.106 / 0.882; 138 draws +0.007 ± 0.083 / 0.980
//   (faint [N II], 99: −0.023 / 0.929).
//   Before the margin, rounds 1–3: −0.128 ± 0.136 / 1.129, ID9960's pulls −2.16, −1.56, −2.04 (its AGN core's
//   neighbours kept as star-forming; now −0.68, +0.27, +0.30).
// - the paper's method: −0.624 / 1.154 (rounds 1–3, PSF cubes).
// Each set of 69 gives the width to ±0.085 only: the two halves differ by 2σ of that, which is why the test runs 138.
// Without the PSF term on cubes made with a PSF the model is misspecified — beam smearing flattens the bright
// galaxies by more than their errors (noise-free: ID8576 −0.0256, ID29470 −0.0216 for −0.0313, −0.0244) — and its
// pulls are +0.244 / 1.362 (rounds 1–3), +0.373 / 1.238 (4–6): not a target; the CLI applies the PSF whenever known.
// What moved the mean with the PSF term (analyze/forward-gradient.ts, forward-model.ts, fit-gradient-forward.ts):
// - the exclusion of spaxels classified as not star-forming selected on the [N II] noise (a faint [N II] that
//   scattered up reads as composite/AGN): seed 2, −0.33 → −0.10 with only the true AGN spaxels excluded;
// - ID9960's AGN [N II] blurred into its neighbours: mean pull over seeds 1–3 −3.8 → +0.1 with the measured [N II]
//   of the excluded spaxels in the PSF sum;
// - the model's PSF applied the pixel box twice and the Hα weights inside the PSF were blurred once more: on
//   noise-free maps ID8576 (errors ≈ 0.0013 dex/kpc) came back −0.0325 for −0.0313 injected, now −0.0313.
for (const model of ['psf', 'sharp'] as const) {
  test(`forward model ${LABEL[model]}: every draw fitted; where the paper's method handles [N II] well, its error is no larger`, { timeout: 15 * 60_000 }, async () => {
    const { rows } = await pulls(model);
    assert.equal(rows.length, ROUNDS.length * VALIDATION_IDS().length);
    // "handles well": ≥ 90 % of the fitted spaxels have [N II] S/N > 3, so the log of the ratio is not biased
    const bright = rows.filter((r) => r.nNiiDetected >= 0.9 * r.nSpaxels);
    const ratios = bright.map((r) => r.forwardErrDexPerKpc / r.paperErrDexPerKpc).sort((a, b) => a - b);
    console.log(`# ${LABEL[model]}: forward/paper slope error on ${bright.length} draws, median ${ratios[ratios.length >> 1].toFixed(2)}`);
    assert.ok(bright.length >= 3, `only ${bright.length} bright draws`);
    assert.ok(ratios[ratios.length >> 1] <= 1, `median error ratio ${ratios[ratios.length >> 1]}`);
  });

  test(`forward model ${LABEL[model]}: |mean pull| < 0.1, and smaller than the paper method's (issue 15)`, { timeout: 15 * 60_000 }, async () => {
    const { fp, pp } = await pulls(model);
    assert.ok(Math.abs(mean(fp)) < 0.1, `mean pull ${mean(fp).toFixed(3)}`);
    assert.ok(Math.abs(mean(fp)) < Math.abs(mean(pp)), `forward ${mean(fp).toFixed(3)} vs paper ${mean(pp).toFixed(3)}`);
  });

  test(`forward model ${LABEL[model]}: pull width 0.9–1.1 (issue 15)`, { timeout: 15 * 60_000 }, async () => {
    const { fp } = await pulls(model);
    assert.ok(sd(fp) > 0.9 && sd(fp) < 1.1, `pull width ${sd(fp).toFixed(3)}`);
  });

  test(`forward model ${LABEL[model]}, the faint draws: |mean pull| < 0.1 and width 0.9–1.1 (issue 15)`, { timeout: 15 * 60_000 }, async () => {
    // faint: < 90 % of the fitted spaxels have [N II] S/N > 3 (the complement of "handled well" above)
    const faint = (await pulls(model)).rows.filter((r) => r.nNiiDetected < 0.9 * r.nSpaxels).map((r) => r.forwardPull);
    console.log(`# ${LABEL[model]}, ${faint.length} faint draws: pull mean ${mean(faint).toFixed(3)} width ${sd(faint).toFixed(3)}`);
    assert.ok(faint.length >= 30, `only ${faint.length} faint draws`);
    assert.ok(Math.abs(mean(faint)) < 0.1, `mean pull ${mean(faint).toFixed(3)}`);
    assert.ok(sd(faint) > 0.9 && sd(faint) < 1.1, `pull width ${sd(faint).toFixed(3)}`);
  });
}
