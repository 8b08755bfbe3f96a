// Gradient fitting (Ju et al., MSA-3D §3.2): exact recovery of linear profiles, radial-range selection, refusals with a
// reason, seeded noisy recovery (bias and pull width) for each error convention, PSF-correlated spaxels, binned means.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binnedRadialProfile,
  fitMetallicityGradient,
  fitMetallicityGradientRe,
  MSA3D_ERROR_CONVENTION,
  type GradientFit,
  type GradientFitOptions,
  type GradientResult,
} from '../kernel-lib/src/gradient/index';
import { seededRandom, mean, standardDeviation } from '../kernel-lib/src/stats/index';
import { MSA3D_PSF, spaxelsPerResolutionElement } from '../kernel-lib/src/instrument/index';
import { defaultSkyOrientation, deprojectSpaxels } from '../kernel-lib/src/geometry/index';
import { simulationPreview } from '../kernel-lib/src/simulate/index';
import { close } from './helpers/close';

function ok(result: GradientResult): GradientFit {
  if (!result.ok) assert.fail(`expected a fit, got: ${result.reason}`);
  return result;
}

// ---------- exact profiles ----------

test('an exact linear profile gives the exact slope and intercept, RMSE 0, zero residual error', () => {
  const r = Float64Array.from({ length: 40 }, (_, i) => 0.1 * i); // 0 … 3.9 kpc
  const oh = r.map((x) => 8.6 - 0.025 * x);
  const fit = ok(fitMetallicityGradient(r, oh));
  close(fit.slope, -0.025, 1e-13);
  close(fit.intercept, 8.6, 1e-12);
  close(fit.rmse, 0, 1e-12);
  close(fit.slopeErr, 0, 1e-12);
  assert.equal(fit.nSpaxels, 35, 'R = 0.5 … 3.9 kpc');
  close(fit.rMin, 0.5, 0);
  close(fit.rMax, 3.9, 1e-15, 'default rMax is the edge of the field');
  close(fit.rMinData, 0.5, 1e-15);
  assert.equal(fit.weighted, false);
  assert.equal(fit.errorMethod, 'residual');
  assert.equal(fit.radiusUnit, 'kpc');
  assert.equal(fit.reducedChiSquare, null);
});

test("'absolute' errors: σ/√Sxx for equal σ, weighted or not; propagated σ_i for OLS with unequal σ", () => {
  const r = Float64Array.of(0.5, 1, 1.5, 2, 3, 4);
  const oh = r.map((x) => 8.4 + 0.01 * x);
  const sigma = new Float64Array(r.length).fill(0.2);
  const xm = mean(r);
  const sxx = r.reduce((s, x) => s + (x - xm) ** 2, 0);
  for (const weighted of [false, true]) {
    const fit = ok(fitMetallicityGradient(r, oh, { ohErr: sigma, errorMethod: 'absolute', weighted }));
    close(fit.slope, 0.01, 1e-14);
    close(fit.slopeErr, 0.2 / Math.sqrt(sxx), 1e-14, `weighted ${weighted}`);
    close(fit.interceptErr, 0.2 * Math.sqrt(1 / r.length + (xm * xm) / sxx), 1e-14);
    close(fit.slopeInterceptCov, (-xm * 0.04) / sxx, 1e-14);
    close(fit.reducedChiSquare!, 0, 1e-20);
  }
  // unequal σ, OLS: var b = Σ c_i² σ_i², c_i = (x_i − x̄)/Sxx
  const unequal = Float64Array.of(0.1, 0.2, 0.1, 0.3, 0.2, 0.25);
  const fit = ok(fitMetallicityGradient(r, oh, { ohErr: unequal, errorMethod: 'absolute' }));
  const expected = Math.sqrt(r.reduce((s, x, i) => s + ((x - xm) / sxx) ** 2 * unequal[i] ** 2, 0));
  close(fit.slopeErr, expected, 1e-15);
});

test('R/R_e: the default range is 0.5–2.5 R_e and the unit is R_e', () => {
  const re = Float64Array.from({ length: 31 }, (_, i) => 0.1 * i); // 0 … 3 R_e
  const oh = re.map((x) => (x <= 2.5 ? 8.5 - 0.1 * x : 9)); // a jump outside the range must not matter
  const fit = ok(fitMetallicityGradientRe(re, oh));
  close(fit.slope, -0.1, 1e-12);
  assert.equal(fit.nSpaxels, 21);
  assert.equal(fit.radiusUnit, 'R_e');
  assert.deepEqual([fit.rMin, fit.rMax], [0.5, 2.5]);
  const wider = ok(fitMetallicityGradientRe(re, oh, { rMax: 3 }));
  assert.equal(wider.nSpaxels, 26);
  assert.equal(wider.radiusUnit, 'R_e');
});

test("the simulator's input gradient comes back exactly from its truth map deprojected by geometry/ (dex/kpc and dex/R_e)", () => {
  const z = 1.3;
  const { params, truth } = simulationPreview({ redshift: z, positionAngleDeg: -40, axisRatio: 0.5, oversampling: 1 });
  const radii = deprojectSpaxels({
    nx: params.nx, ny: params.ny, centreXPix: params.centreXPix, centreYPix: params.centreYPix,
    positionAngleDeg: -40, axisRatio: 0.5, orientation: defaultSkyOrientation(params.pixelScaleArcsec), redshift: z,
    reKpc: params.reContinuumKpc,
  });
  const oh = Float64Array.from(truth.spaxels.oh12, (v, i) => (truth.spaxels.expectedSelected[i] ? v : NaN));
  const kpc = ok(fitMetallicityGradient(radii.radiusKpc, oh));
  close(kpc.slope, truth.global.gradientDexPerKpc, 1e-12);
  const re = ok(fitMetallicityGradientRe(radii.radiusRe!, oh));
  close(re.slope, truth.global.gradientDexPerKpc * params.reContinuumKpc, 1e-12);
});

// ---------- radial ranges ----------

test('range selection: inclusive edges, NaN spaxels skipped (and not the field edge), any range (ID4391-like)', () => {
  // broken profile: −0.074 dex/kpc inside 3.5 kpc, rising beyond 5 kpc
  const r = Float64Array.from({ length: 101 }, (_, i) => 0.1 * i); // 0 … 10 kpc
  const oh = r.map((x) => (x <= 3.5 ? 8.7 - 0.074 * x : x <= 5 ? 8.7 - 0.074 * 3.5 : 8.7 - 0.074 * 3.5 + 0.08 * (x - 5)));
  const inner = ok(fitMetallicityGradient(r, oh, { rMin: 0.5, rMax: 3.5 }));
  close(inner.slope, -0.074, 1e-12);
  assert.equal(inner.nSpaxels, 31, '0.5 and 3.5 both included');
  close(inner.rmse, 0, 1e-12);
  const all = ok(fitMetallicityGradient(r, oh, { rMin: 0.5, rMax: 10 }));
  assert.ok(all.slope > 0 && all.rmse > 0.05, `0.5–10 kpc: slope ${all.slope}, RMSE ${all.rmse}`);

  const holes = Float64Array.from(oh);
  for (let i = 80; i < holes.length; i++) holes[i] = NaN; // nothing usable beyond 7.9 kpc
  const edge = ok(fitMetallicityGradient(r, holes));
  close(edge.rMax, 7.9, 1e-12, 'edge of the field = largest usable radius');
  assert.equal(edge.nSpaxels, 75);
  const withErr = ok(fitMetallicityGradient(r, oh, { ohErr: r.map((x) => (x > 9 ? 0 : 0.2)) }));
  close(withErr.rMax, 9, 1e-12, 'spaxels with error ≤ 0 are not usable');
  assert.deepEqual(Array.from(inner.indices.slice(0, 2)), [5, 6]);
});

test('too few spaxels, equal radii or nothing usable: ok = false with a reason, never a number', () => {
  const r = Float64Array.of(0.1, 0.2, 0.6, 0.9, 1.2);
  const oh = Float64Array.of(8.5, 8.5, 8.4, 8.3, NaN);
  const few = fitMetallicityGradient(r, oh);
  assert.equal(few.ok, false);
  assert.match((few as { reason: string }).reason, /only 2 usable spaxels in 0\.5–0\.9 kpc \(need ≥ 3\)/);
  assert.ok(!('slope' in few));
  const min = fitMetallicityGradient(Float64Array.of(1, 2, 3, 4), Float64Array.of(8, 8.1, 8.2, 8.3), { minSpaxels: 20 });
  assert.equal(min.ok, false);
  assert.match((min as { reason: string }).reason, /only 4 usable spaxels in 0\.5–4 kpc \(need ≥ 20\)/);
  const same = fitMetallicityGradient(Float64Array.of(1, 1, 1, 1), Float64Array.of(8, 8.1, 8.2, 8.3));
  assert.equal(same.ok, false);
  assert.match((same as { reason: string }).reason, /same radius/);
  const none = fitMetallicityGradient(Float64Array.of(1, 2), Float64Array.of(NaN, NaN));
  assert.equal(none.ok, false);
  assert.match((none as { reason: string }).reason, /no usable spaxels/);
});

test('misuse throws: mismatched lengths, weights or absolute errors without ohErr, bootstrap without seed, rMin > rMax', () => {
  const r = Float64Array.of(1, 2, 3, 4);
  const oh = Float64Array.of(8, 8.1, 8.2, 8.3);
  assert.throws(() => fitMetallicityGradient(r, oh.subarray(1)), /radius has 4 values but oh has 3/);
  assert.throws(() => fitMetallicityGradient(r, oh, { weighted: true }), /weighted needs ohErr/);
  assert.throws(() => fitMetallicityGradient(r, oh, { errorMethod: 'absolute' }), /'absolute' needs ohErr/);
  assert.throws(() => fitMetallicityGradient(r, oh, { errorMethod: 'bootstrap' }), /needs a seed/);
  assert.throws(() => fitMetallicityGradient(r, oh, { rMin: 3, rMax: 2 }), /rMin = 3 exceeds rMax = 2/);
  assert.throws(() => fitMetallicityGradient(r, oh, { spaxelsPerResolutionElement: 0.5 }), /≥ 1/);
});

// ---------- noisy recovery ----------

/** Slopes and pulls over `trials` seeded galaxies of n spaxels at R ∈ [0, 6] kpc with independent Gaussian noise. */
function recovery(
  trials: number,
  n: number,
  options: (sigma: Float64Array) => GradientFitOptions,
  noise: (rng: ReturnType<typeof seededRandom>) => number,
  seed: number,
) {
  const rng = seededRandom(seed);
  const slopes = new Float64Array(trials);
  const pulls = new Float64Array(trials);
  const trueSlope = -0.02;
  for (let t = 0; t < trials; t++) {
    const r = new Float64Array(n);
    const oh = new Float64Array(n);
    const sigma = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      r[i] = 6 * rng.uniform();
      sigma[i] = noise(rng);
      oh[i] = 8.5 + trueSlope * r[i] + sigma[i] * rng.normal();
    }
    const fit = ok(fitMetallicityGradient(r, oh, options(sigma)));
    slopes[t] = fit.slope;
    pulls[t] = (fit.slope - trueSlope) / fit.slopeErr;
  }
  const spread = standardDeviation(slopes, { ddof: 1 });
  return { biasInSigma: (mean(slopes) - trueSlope) / spread, pullSigma: standardDeviation(pulls, { ddof: 1 }), pullMean: mean(pulls) };
}

const checkRecovery = (what: string, s: { biasInSigma: number; pullSigma: number; pullMean: number }) => {
  assert.ok(Math.abs(s.biasInSigma) < 0.1, `${what}: bias ${s.biasInSigma.toFixed(3)} σ`);
  assert.ok(s.pullSigma > 0.8 && s.pullSigma < 1.2, `${what}: pull σ ${s.pullSigma.toFixed(3)}`);
};

test('noisy recovery, default (unweighted, residual errors): bias < 0.1σ, pull σ in 0.8–1.2', () => {
  checkRecovery('default', recovery(2000, 60, () => ({}), () => 0.08, 101));
});

test("noisy recovery with unequal known errors: weighted and unweighted 'absolute' errors have unit pulls", () => {
  const noise = (rng: ReturnType<typeof seededRandom>) => 0.04 + 0.16 * rng.uniform();
  checkRecovery('weighted absolute', recovery(1500, 60, (s) => ({ ohErr: s, weighted: true, errorMethod: 'absolute' }), noise, 102));
  checkRecovery('OLS absolute', recovery(1500, 60, (s) => ({ ohErr: s, errorMethod: 'absolute' }), noise, 103));
  checkRecovery('weighted residual', recovery(1500, 60, (s) => ({ ohErr: s, weighted: true }), noise, 104));
});

test('noisy recovery with bootstrap errors (seeded): bias < 0.1σ, pull σ in 0.8–1.2, and reproducible', () => {
  checkRecovery('bootstrap', recovery(300, 60, () => ({ errorMethod: 'bootstrap', seed: 7, resamples: 200 }), () => 0.08, 105));
  const r = Float64Array.from({ length: 30 }, (_, i) => 0.5 + 0.1 * i);
  const rng = seededRandom(1);
  const oh = r.map((x) => 8.5 - 0.02 * x + 0.05 * rng.normal());
  const a = ok(fitMetallicityGradient(r, oh, { errorMethod: 'bootstrap', seed: 3, resamples: 300 }));
  const b = ok(fitMetallicityGradient(r, oh, { errorMethod: 'bootstrap', seed: 3, resamples: 300 }));
  assert.equal(a.slopeErr, b.slopeErr);
  assert.equal(a.slope, ok(fitMetallicityGradient(r, oh)).slope, 'the point estimate is the direct fit');
});

test('the paper convention (0.18 dex in quadrature, absolute) is conservative: pulls ≈ σ_stat/σ_total, χ²_red ≪ 1', () => {
  const s = recovery(1000, 60, (sigma) => ({ ohErr: sigma.map((e) => Math.hypot(e, 0.18)), ...MSA3D_ERROR_CONVENTION }), () => 0.06, 106);
  close(s.pullSigma, 0.06 / Math.hypot(0.06, 0.18), 0.05, 'pull σ');
  assert.ok(Math.abs(s.biasInSigma) < 0.1);
  const r = Float64Array.from({ length: 50 }, (_, i) => 0.5 + 0.1 * i);
  const rng = seededRandom(2);
  const oh = r.map((x) => 8.5 - 0.02 * x + 0.06 * rng.normal());
  const fit = ok(fitMetallicityGradient(r, oh, { ohErr: new Float64Array(50).fill(Math.hypot(0.06, 0.18)), ...MSA3D_ERROR_CONVENTION }));
  assert.ok(fit.reducedChiSquare! < 0.2, `χ²_red ${fit.reducedChiSquare}`);
  assert.equal(fit.weighted, true);
});

test('PSF-correlated spaxels: residual errors are too small by √k; spaxelsPerResolutionElement = k restores unit pulls', () => {
  const k = 4;
  const run = (inflate: boolean) => {
    const rng = seededRandom(107);
    const pulls = new Float64Array(1500);
    for (let t = 0; t < pulls.length; t++) {
      const groups = 25;
      const r = new Float64Array(groups * k);
      const oh = new Float64Array(groups * k);
      for (let g = 0; g < groups; g++) {
        const rg = 0.5 + 5.5 * rng.uniform();
        const e = 0.08 * rng.normal(); // one noise value shared by the k spaxels of a resolution element
        for (let j = 0; j < k; j++) {
          r[g * k + j] = rg + 0.01 * j;
          oh[g * k + j] = 8.5 - 0.02 * r[g * k + j] + e;
        }
      }
      const fit = ok(fitMetallicityGradient(r, oh, inflate ? { spaxelsPerResolutionElement: k } : {}));
      pulls[t] = (fit.slope + 0.02) / fit.slopeErr;
      if (inflate) close(fit.errorInflation, 2, 0);
    }
    return standardDeviation(pulls, { ddof: 1 });
  };
  const naive = run(false);
  const honest = run(true);
  assert.ok(naive > 1.6, `independent-spaxel errors: pull σ ${naive.toFixed(2)}`);
  assert.ok(honest > 0.8 && honest < 1.2, `inflated: pull σ ${honest.toFixed(2)}`);
});

test('spaxels per resolution element: π FWHM_x FWHM_y / (4 ln 2 p²), at least 1', () => {
  close(spaxelsPerResolutionElement(MSA3D_PSF, 0.08), (Math.PI * 0.2 * 0.08) / (4 * Math.LN2 * 0.0064), 1e-12);
  close(spaxelsPerResolutionElement(MSA3D_PSF, 0.08), 2.833, 0.001);
  assert.equal(spaxelsPerResolutionElement({ fwhmXArcsec: 0.01, fwhmYArcsec: 0.01 }, 0.5), 1);
  assert.throws(() => spaxelsPerResolutionElement({ fwhmXArcsec: 0, fwhmYArcsec: 1 }, 1), /psf\.fwhmXArcsec must be/);
});

// ---------- binned profile ----------

test('binned means, standard deviations and standard errors match a hand computation', () => {
  const r = Float64Array.of(0.1, 0.4, 0.6, 0.7, 0.9, 1.0, 1.6, NaN, 2.0, 0.2);
  const oh = Float64Array.of(8.6, 8.4, 8.5, 8.3, 8.4, 8.2, 8.1, 8.0, NaN, 8.5);
  const p = binnedRadialProfile(r, oh, { edges: [0, 0.5, 1.0, 1.5, 2.0] });
  assert.deepEqual(Array.from(p.count), [3, 3, 1, 1], 'r = 1.0 goes in [1.0, 1.5); NaN radius and NaN value skipped');
  // bin 0: 8.6, 8.4, 8.5 → mean 8.5, s = 0.1, SEM = 0.1/√3
  close(p.mean[0], 8.5, 1e-12);
  close(p.std[0], 0.1, 1e-12);
  close(p.sem[0], 0.1 / Math.sqrt(3), 1e-12);
  close(p.rMean[0], (0.1 + 0.4 + 0.2) / 3, 1e-12);
  // bin 1: 8.5, 8.3, 8.4 → mean 8.4, s = 0.1
  close(p.mean[1], 8.4, 1e-12);
  close(p.sem[1], 0.1 / Math.sqrt(3), 1e-12);
  // single spaxels: a mean, no spread
  close(p.mean[2], 8.2, 1e-12);
  assert.ok(Number.isNaN(p.sem[2]) && Number.isNaN(p.std[2]));
  close(p.mean[3], 8.1, 1e-12, 'r = 1.6 in the last bin');
  assert.deepEqual(Array.from(p.rCentre), [0.25, 0.75, 1.25, 1.75]);

  const auto = binnedRadialProfile(r, oh, { binWidth: 1 });
  assert.deepEqual(Array.from(auto.edges), [0, 1, 2]);
  assert.deepEqual(Array.from(auto.count), [6, 2]);
  const empty = binnedRadialProfile(Float64Array.of(0.2), Float64Array.of(8.5), { edges: [0, 1, 2] });
  assert.ok(Number.isNaN(empty.mean[1]));
  assert.equal(empty.count[1], 0);
  assert.throws(() => binnedRadialProfile(r, oh, { edges: [0, 1, 1] }), /strictly increasing/);
});

test('intrinsicScatter: s solves χ²/(n − 2) = 1, recovers an injected scatter, is 0 when the errors suffice, and leaves the inputs alone', () => {
  const rng = seededRandom(7);
  const n = 400;
  const r = new Float64Array(n);
  const oh = new Float64Array(n);
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = 0.5 + 5 * rng.uniform();
    err[i] = 0.02 + 0.1 * rng.uniform();
    oh[i] = 8.6 - 0.03 * r[i] + rng.normal(0, Math.hypot(err[i], 0.05)); // injected intrinsic scatter 0.05 dex
  }
  const errCopy = err.slice();
  const fit = fitMetallicityGradient(r, oh, { ohErr: err, intrinsicScatter: true });
  assert.ok(fit.ok);
  assert.deepEqual(err, errCopy);
  assert.ok(Math.abs(fit.intrinsicScatterDex! - 0.05) < 0.01, `s = ${fit.intrinsicScatterDex}`);
  assert.ok(Math.abs(fit.reducedChiSquare! - 1) < 1e-4, `χ²/dof = ${fit.reducedChiSquare}`);
  assert.ok(Math.abs(fit.slope + 0.03) < 3 * fit.slopeErr, `slope ${fit.slope} ± ${fit.slopeErr}`);
  // the same as a weighted fit with the errors √(σ² + s²)
  const eff = Float64Array.from(err, (e) => Math.hypot(e, fit.intrinsicScatterDex!));
  const same = fitMetallicityGradient(r, oh, { ohErr: eff, weighted: true, errorMethod: 'absolute' });
  assert.ok(same.ok && Math.abs(same.slope - fit.slope) < 1e-12 && Math.abs(same.slopeErr / fit.slopeErr - 1) < 1e-5);
  // errors larger than the scatter: s = 0
  const big = Float64Array.from(err, (e) => e + 0.3);
  const none = fitMetallicityGradient(r, oh, { ohErr: big, intrinsicScatter: true });
  assert.ok(none.ok && none.intrinsicScatterDex === 0);
  assert.throws(() => fitMetallicityGradient(r, oh, { intrinsicScatter: true }), /intrinsicScatter needs ohErr/);
});
