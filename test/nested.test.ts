// Nested sampling (kernel-lib/src/nested): analytic evidences of Gaussian likelihoods in 2, 5 and 10 dimensions and of a
// correlated and a bimodal one, posterior moments, seeded determinism, the helpers (ESS, weighted quantiles, systematic
// resampling, priors, ellipsoids), and refusals of bad input. Φ⁻¹ against scipy when present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToEvidence, boundingEllipsoid, boundingEllipsoids, checkPriorSpec, kishEffectiveSampleSize, logAddExp, logEvidenceError, logUnitBallVolume, mahalanobisSquared, nestedSample, newEvidenceAccumulator, normalQuantile, priorQuantile, productPrior, resampleEqualWeights, sampleEllipsoid, weightedQuantiles, type NestedSamplingResult } from '../kernel-lib/src/nested/index';
import { quantile, seededRandom } from '../kernel-lib/src/stats/index';
import { normalCdf } from '../kernel-lib/src/stats/normal-cdf';
import { findPython, runPython, skipWithout } from './helpers/python';
import { close } from './helpers/close';

/** ln of the Gaussian mass inside [−h, h] along one axis: ln(Φ((h − μ)/σ) − Φ((−h − μ)/σ)). */
function logMassInBox(mu: number, sigma: number, half: number): number {
  return Math.log(normalCdf((half - mu) / sigma) - normalCdf((-half - mu) / sigma));
}

/** Weighted mean and sd of column j. */
function moments(r: NestedSamplingResult, j: number): { mean: number; sd: number } {
  let m = 0;
  for (let i = 0; i < r.nSamples; i++) m += r.weights[i] * r.samples[i * r.nDim + j];
  let v = 0;
  for (let i = 0; i < r.nSamples; i++) v += r.weights[i] * (r.samples[i * r.nDim + j] - m) ** 2;
  return { mean: m, sd: Math.sqrt(v) };
}

// ---------- analytic evidences ----------

for (const d of [2, 5, 10]) {
  test(`${d}-D normalised Gaussian likelihood in a uniform box: ln Z within 3σ of −d ln 20 + ln(mass in box); moments`, (t) => {
    const half = 10;
    const mu = Array.from({ length: d }, (_, j) => -1 + 0.5 * (j % 5));
    const sigma = Array.from({ length: d }, (_, j) => 0.5 + 0.25 * (j % 3));
    let norm = 0;
    for (let j = 0; j < d; j++) norm -= 0.5 * Math.log(2 * Math.PI * sigma[j] * sigma[j]);
    const logL = (theta: Float64Array) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((theta[j] - mu[j]) / sigma[j]) ** 2;
      return norm - 0.5 * s;
    };
    let truth = -d * Math.log(2 * half);
    for (let j = 0; j < d; j++) truth += logMassInBox(mu[j], sigma[j], half);
    const prior = productPrior(Array.from({ length: d }, () => ({ kind: 'uniform' as const, lo: -half, hi: half })));
    const r = nestedSample(logL, prior, { seed: 11 + d, nLive: 400 });
    const deviation = (r.logZ - truth) / r.logZErr;
    t.diagnostic(`d = ${d}: ln Z = ${r.logZ.toFixed(3)} ± ${r.logZErr.toFixed(3)}, truth ${truth.toFixed(3)}, deviation ${deviation.toFixed(2)}σ; ` +
      `${r.nIterations} iterations, ${r.nCalls} calls, efficiency ${r.efficiency.toFixed(2)}, ESS ${r.effectiveSampleSize.toFixed(0)}, ${r.seconds.toFixed(2)} s`);
    assert.ok(r.converged, r.stopReason);
    assert.ok(Math.abs(deviation) < 3, `ln Z off by ${deviation.toFixed(2)}σ`);
    // √(H/N) with H ≈ Σ ln(20 / (σ √(2πe))) for a Gaussian much narrower than the box
    let h = 0;
    for (let j = 0; j < d; j++) h += Math.log((2 * half) / (sigma[j] * Math.sqrt(2 * Math.PI * Math.E)));
    close(r.information, h, 0.15 * h, 'information H');
    for (let j = 0; j < d; j++) {
      const m = moments(r, j);
      close(m.mean, mu[j], (5 * sigma[j]) / Math.sqrt(r.effectiveSampleSize), `mean of θ${j}`);
      close(m.sd, sigma[j], 0.1 * sigma[j], `sd of θ${j}`);
      const s = r.summaries[j];
      close(s.median, mu[j], (5 * sigma[j]) / Math.sqrt(r.effectiveSampleSize), `median of θ${j}`);
      close(s.p84 - s.p16, 2 * sigma[j], 0.15 * 2 * sigma[j], `16–84 width of θ${j}`);
    }
  });
}

test('correlated 3-D Gaussian: ln Z within 3σ, correlations and widths recovered', (t) => {
  const sd = [0.5, 1, 2];
  const rho01 = 0.9;
  const rho12 = -0.3; // det R = 1 − ρ01² − ρ12² = 0.1 > 0
  // Σ = D R D with R = [[1, ρ01, 0], [ρ01, 1, ρ12], [0, ρ12, 1]]
  const R = [[1, rho01, 0], [rho01, 1, rho12], [0, rho12, 1]];
  const cov = R.map((row, i) => row.map((r, j) => r * sd[i] * sd[j]));
  // Cholesky of Σ for the quadratic form and the determinant
  const L = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  const logDet = 2 * (Math.log(L[0][0]) + Math.log(L[1][1]) + Math.log(L[2][2]));
  const norm = -1.5 * Math.log(2 * Math.PI) - 0.5 * logDet;
  const y = new Float64Array(3);
  const logL = (theta: Float64Array) => {
    let q = 0;
    for (let i = 0; i < 3; i++) {
      let s = theta[i];
      for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
      y[i] = s / L[i][i];
      q += y[i] * y[i];
    }
    return norm - 0.5 * q;
  };
  const half = 10; // the box holds all but ~1e-6 of the mass (5σ of the widest axis)
  const truth = -3 * Math.log(2 * half);
  const r = nestedSample(logL, productPrior([0, 1, 2].map(() => ({ kind: 'uniform' as const, lo: -half, hi: half }))), { seed: 3, nLive: 400 });
  const dev = (r.logZ - truth) / r.logZErr;
  const m = [0, 1, 2].map((j) => moments(r, j));
  const corr = (a: number, b: number) => {
    let c = 0;
    for (let i = 0; i < r.nSamples; i++) c += r.weights[i] * (r.samples[i * 3 + a] - m[a].mean) * (r.samples[i * 3 + b] - m[b].mean);
    return c / (m[a].sd * m[b].sd);
  };
  t.diagnostic(`ln Z = ${r.logZ.toFixed(3)} ± ${r.logZErr.toFixed(3)} vs ${truth.toFixed(3)} (${dev.toFixed(2)}σ); ρ01 = ${corr(0, 1).toFixed(3)}, ρ12 = ${corr(1, 2).toFixed(3)}, ρ02 = ${corr(0, 2).toFixed(3)}; ${r.nCalls} calls`);
  assert.ok(Math.abs(dev) < 3);
  close(corr(0, 1), rho01, 0.03, 'ρ01');
  close(corr(1, 2), rho12, 0.06, 'ρ12');
  close(corr(0, 2), 0, 0.08, 'ρ02');
  sd.forEach((s, j) => close(m[j].sd, s, 0.1 * s, `sd ${j}`));
});

test('bimodal 2-D likelihood (two equal Gaussians 6σ apart): multi-ellipsoid bound splits, ln Z within 3σ, half the mass in each mode', (t) => {
  const s = 0.3;
  const centres = [[-2, 0], [2, 1]];
  const logL = (theta: Float64Array) => {
    let total = -Infinity;
    for (const c of centres) {
      const q = ((theta[0] - c[0]) ** 2 + (theta[1] - c[1]) ** 2) / (s * s);
      total = logAddExp(total, Math.log(0.5) - Math.log(2 * Math.PI * s * s) - 0.5 * q);
    }
    return total;
  };
  const truth = -2 * Math.log(10); // box [−5, 5]², both modes fully inside
  const r = nestedSample(logL, productPrior([{ kind: 'uniform', lo: -5, hi: 5 }, { kind: 'uniform', lo: -5, hi: 5 }]), { seed: 5, nLive: 300 });
  let left = 0;
  for (let i = 0; i < r.nSamples; i++) if (r.samples[i * 2] < 0) left += r.weights[i];
  const dev = (r.logZ - truth) / r.logZErr;
  t.diagnostic(`ln Z = ${r.logZ.toFixed(3)} ± ${r.logZErr.toFixed(3)} vs ${truth.toFixed(3)} (${dev.toFixed(2)}σ); weight in the left mode ${left.toFixed(3)}; ellipsoids at the end ${r.lastBoundEllipsoids}; efficiency ${r.efficiency.toFixed(2)}`);
  assert.ok(Math.abs(dev) < 3);
  close(left, 0.5, 0.08, 'posterior mass of the left mode');
  assert.ok(r.lastBoundEllipsoids >= 2, 'the bound should have split into the two modes');
});

// ---------- determinism and stopping ----------

test('same seed → identical run; another seed → a different run; tolerance controls the stop', () => {
  const logL = (theta: Float64Array) => -0.5 * ((theta[0] - 0.3) ** 2 + theta[1] ** 2) / 0.01;
  const prior = productPrior([{ kind: 'uniform', lo: -1, hi: 1 }, { kind: 'uniform', lo: -1, hi: 1 }]);
  const a = nestedSample(logL, prior, { seed: 42, nLive: 100 });
  const b = nestedSample(logL, prior, { seed: 42, nLive: 100 });
  const c = nestedSample(logL, prior, { seed: 43, nLive: 100 });
  assert.equal(a.logZ, b.logZ);
  assert.deepEqual(a.equalWeightSamples, b.equalWeightSamples);
  assert.deepEqual(a.samples, b.samples);
  assert.notEqual(a.logZ, c.logZ);
  const loose = nestedSample(logL, prior, { seed: 42, nLive: 100, tolerance: 0.5 });
  assert.ok(loose.nIterations < a.nIterations, 'a looser tolerance stops earlier');
  // after the stop the live points could add at most tolerance·Z; the final sum includes them
  assert.ok(Math.abs(loose.logZ - a.logZ) < 3 * Math.hypot(a.logZErr, loose.logZErr) + Math.log1p(0.5));
  close(a.weights.reduce((s, w) => s + w, 0), 1, 1e-12, 'weights sum to 1');
});

test('onProgress: fractions in [0, 1], never decreasing, ending at 1; the run is the same with or without it', () => {
  const logL = (theta: Float64Array) => -0.5 * ((theta[0] - 0.3) ** 2 + theta[1] ** 2) / 0.01;
  const prior = productPrior([{ kind: 'uniform', lo: -1, hi: 1 }, { kind: 'uniform', lo: -1, hi: 1 }]);
  const fractions: number[] = [];
  const a = nestedSample(logL, prior, { seed: 42, nLive: 100, onProgress: (f) => fractions.push(f) });
  const b = nestedSample(logL, prior, { seed: 42, nLive: 100 });
  assert.deepEqual(a.samples, b.samples);
  assert.ok(fractions.length >= 3, `${fractions.length} reports`);
  assert.ok(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])), fractions.join(', '));
  assert.equal(fractions[fractions.length - 1], 1);
  // halfway through the iterations the estimate is neither at its start nor at its end
  const mid = fractions[Math.floor(fractions.length / 2)];
  assert.ok(mid > 0.1 && mid < 0.95, `fraction ${mid} at half the reports`);
});

test('a likelihood plateau cannot be climbed: the run stops at maxCalls with converged false, not a hang', () => {
  const r = nestedSample(() => 0, productPrior([{ kind: 'uniform', lo: 0, hi: 1 }]), { seed: 1, nLive: 20, maxCalls: 2000 });
  assert.equal(r.converged, false);
  assert.match(r.stopReason, /maxCalls/);
  assert.ok(r.nCalls <= 2000);
});

// ---------- helpers ----------

test('Kish ESS, weighted quantiles (= numpy for equal weights), systematic resampling', () => {
  assert.equal(kishEffectiveSampleSize([1, 1, 1, 1]), 4);
  assert.equal(kishEffectiveSampleSize([0, 0, 3, 0]), 1);
  close(kishEffectiveSampleSize([1, 1, 2]), 16 / 6, 1e-15);
  assert.throws(() => kishEffectiveSampleSize([0, 0]), /kishEffectiveSampleSize: weights must not all be zero/);
  const rng = seededRandom(9);
  const x = Float64Array.from({ length: 37 }, () => rng.normal());
  const ones = new Float64Array(37).fill(1);
  for (const p of [0, 0.16, 0.5, 0.84, 1]) close(weightedQuantiles(x, ones, [p])[0], quantile(x, p), 1e-12, `p = ${p}`);
  // integer weights act as repeats for the median of a two-valued sample
  close(weightedQuantiles([1, 2], [3, 1], [0.5])[0], weightedQuantiles([1, 1, 1, 2], [1, 1, 1, 1], [0.5])[0], 0.5);
  assert.throws(() => weightedQuantiles([1, 2], [1], [0.5]), /weightedQuantiles: 2 values but 1 weights/);

  const samples = Float64Array.of(10, 20, 30);
  const w = [0.1, 0.2, 0.7];
  const m = 10000;
  const eq = resampleEqualWeights(samples, 1, w, { count: m, seed: 7 });
  const counts = [10, 20, 30].map((v) => eq.filter((s) => s === v).length);
  counts.forEach((c, k) => assert.ok(Math.abs(c - m * w[k]) <= 1, `systematic resampling: count ${c} vs ${m * w[k]}`));
  assert.deepEqual(resampleEqualWeights(samples, 1, w, { count: 50, seed: 7 }), resampleEqualWeights(samples, 1, w, { count: 50, seed: 7 }));
  assert.notDeepEqual(resampleEqualWeights(samples, 1, w, { count: 50, seed: 7 }), resampleEqualWeights(samples, 1, w, { count: 50, seed: 8 }));
  // shuffled: the first tenth is not all the lowest value
  assert.ok(eq.subarray(0, 1000).some((s) => s !== 10));
});

test('evidence accumulator reproduces the direct sum and Sivia–Skilling H; √(H/N)', () => {
  const logL = [-3, -1, 0.5, 1.2];
  const logW = [-0.2, -1, -2, -3];
  const acc = newEvidenceAccumulator();
  for (let i = 0; i < 4; i++) addToEvidence(acc, logL[i], logW[i]);
  const z = logL.reduce((s, l, i) => s + Math.exp(l + logW[i]), 0);
  close(acc.logZ, Math.log(z), 1e-14, 'ln Z');
  // H = Σ (L w / Z) ln L − ln Z for weights that sum to X = Σ w (the discretised ∫ P ln(L/Z))
  const h = logL.reduce((s, l, i) => s + (Math.exp(l + logW[i]) / z) * l, 0) - Math.log(z);
  close(acc.information, h, 1e-12, 'H');
  addToEvidence(acc, -Infinity, 0);
  close(acc.logZ, Math.log(z), 1e-14, 'a zero-likelihood point adds nothing');
  close(logEvidenceError(4, 100), 0.2, 1e-15);
  close(logAddExp(Math.log(2), Math.log(3)), Math.log(5), 1e-15);
  assert.equal(logAddExp(-Infinity, -Infinity), -Infinity);
  close(logAddExp(1000, 1000), 1000 + Math.log(2), 1e-12, 'no overflow');
});

test('priors as unit-cube transforms: uniform, log-uniform, normal, truncated normal; bad specs refused', () => {
  close(priorQuantile({ kind: 'uniform', lo: 2, hi: 6 }, 0.25), 3, 1e-15);
  close(priorQuantile({ kind: 'log-uniform', lo: 1, hi: 100 }, 0.5), 10, 1e-12);
  close(priorQuantile({ kind: 'normal', mean: 1, sd: 2 }, 0.975), 1 + 2 * 1.959963984540054, 1e-12);
  close(normalQuantile(0.5), 0, 0);
  close(normalQuantile(0.8413447460685429), 1, 1e-12);
  assert.equal(normalQuantile(0), -Infinity);
  // truncated to [0, ∞): the median of a half-normal is σ Φ⁻¹(0.75)
  close(priorQuantile({ kind: 'normal', mean: 0, sd: 3, lo: 0 }, 0.5), 3 * normalQuantile(0.75), 1e-5);
  const t = { kind: 'normal' as const, mean: 60, sd: 5, lo: 50, hi: 65 };
  assert.ok(priorQuantile(t, 0) >= 50 && priorQuantile(t, 1) <= 65);
  assert.throws(() => checkPriorSpec({ kind: 'uniform', lo: 3, hi: 1 }, 'x', 'f'), /f: uniform prior x needs finite lo < hi/);
  assert.throws(() => checkPriorSpec({ kind: 'log-uniform', lo: 0, hi: 1 }, 'x', 'f'), /0 < lo < hi/);
  assert.throws(() => checkPriorSpec({ kind: 'normal', mean: 0, sd: 0 }, 'x', 'f'), /sd > 0/);
  assert.throws(() => checkPriorSpec({ kind: 'normal', mean: 0, sd: 1, lo: 50 }, 'x', 'f'), /no mass/);
  assert.throws(() => productPrior([]), /productPrior: needs at least one prior/);
  assert.throws(() => normalQuantile(1.5), /normalQuantile: p must be in \[0, 1\]/);
});

test('ellipsoids: unit-ball volumes, every point inside its bounding ellipsoid, draws inside, two clusters split', () => {
  close(Math.exp(logUnitBallVolume(2)), Math.PI, 1e-13);
  close(Math.exp(logUnitBallVolume(3)), (4 * Math.PI) / 3, 1e-13);
  const rng = seededRandom(4);
  const n = 200;
  const pts = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    pts[i * 3] = 0.5 + 0.1 * a;
    pts[i * 3 + 1] = 0.5 + 0.08 * a + 0.02 * rng.normal();
    pts[i * 3 + 2] = 0.3 + 0.05 * rng.normal();
  }
  const idx = Uint32Array.from({ length: n }, (_, k) => k);
  const e = boundingEllipsoid(pts, 3, idx);
  const work = new Float64Array(3);
  let maxR2 = 0;
  for (let i = 0; i < n; i++) maxR2 = Math.max(maxR2, mahalanobisSquared(e, pts, i * 3, work));
  assert.ok(maxR2 <= 1 && maxR2 > 0.999, `outermost point at r² = ${maxR2}`);
  const x = new Float64Array(3);
  for (let k = 0; k < 500; k++) {
    sampleEllipsoid(e, rng, x, work);
    assert.ok(mahalanobisSquared(e, x, 0, work) <= 1 + 1e-12);
  }
  const bigger = boundingEllipsoid(pts, 3, idx, e.logVolume + 1);
  close(bigger.logVolume, e.logVolume + 1, 1e-12, 'minimum volume enforced');
  // two well-separated clusters → two ellipsoids, each smaller than half of the single one
  const two = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const c = i < n / 2 ? 0.2 : 0.8;
    two[i * 2] = c + 0.03 * rng.normal();
    two[i * 2 + 1] = c + 0.03 * rng.normal();
  }
  const single = boundingEllipsoid(two, 2, idx);
  const union = boundingEllipsoids(two, 2, idx);
  assert.equal(union.ellipsoids.length, 2);
  assert.ok(union.logVolume < single.logVolume + Math.log(0.5));
  assert.equal(boundingEllipsoids(two, 2, idx, { split: false }).ellipsoids.length, 1);
});

// ---------- bad input ----------

test('bad input → one-line errors naming nestedSample and the problem', () => {
  const prior = productPrior([{ kind: 'uniform', lo: 0, hi: 1 }, { kind: 'uniform', lo: 0, hi: 1 }]);
  const ok = () => 0;
  assert.throws(() => nestedSample(ok, prior, { seed: 1, nLive: 2 }), /nestedSample: nLive must be an integer ≥ 3/);
  assert.throws(() => nestedSample(ok, prior, { seed: -1 }), /nestedSample: seed must be a non-negative integer/);
  assert.throws(() => nestedSample(ok, prior, undefined as never), /nestedSample: options with a seed are required/);
  assert.throws(() => nestedSample(ok, prior, { seed: 1, tolerance: 0 }), /nestedSample: tolerance must be in \(0, 1\)/);
  assert.throws(() => nestedSample(ok, prior, { seed: 1, enlarge: 0.5 }), /nestedSample: enlarge must be a finite number ≥ 1/);
  assert.throws(() => nestedSample(ok, prior, { seed: 1, bound: 'cube' as never }), /nestedSample: bound must be 'multi' or 'single'/);
  assert.throws(() => nestedSample(() => NaN, prior, { seed: 1 }), /nestedSample: logLikelihood returned NaN at θ = \[/);
  assert.throws(() => nestedSample(() => Infinity, prior, { seed: 1 }), /nestedSample: logLikelihood returned Infinity/);
  assert.throws(() => nestedSample(() => -Infinity, prior, { seed: 1, nLive: 50 }), /nestedSample: logLikelihood is −∞ at all 50 initial prior draws/);
  assert.throws(() => nestedSample(ok, { nDim: 1, transform: (_u, th) => (th[0] = NaN) }, { seed: 1 }), /nestedSample: prior transform gave p0 = NaN/);
  assert.throws(() => nestedSample(ok, { nDim: 0, transform: () => {} }, { seed: 1 }), /nestedSample: prior.nDim must be an integer ≥ 1/);
  assert.throws(() => nestedSample(ok, { nDim: 2, transform: () => {}, names: ['a'] }, { seed: 1 }), /nestedSample: prior.names has 1 names for 2 dimensions/);
  assert.throws(() => nestedSample('x' as never, prior, { seed: 1 }), /nestedSample: logLikelihood must be a function/);
});

// ---------- peer ----------

test('Φ⁻¹ agrees with scipy.special.ndtri to 1e-15 relative over 1e-300 … 1 − 1e-12', { skip: skipWithout(['scipy'], 'python3-scipy') }, () => {
  const ps = [1e-300, 1e-50, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.1, 0.3, 0.425, 0.5, 0.7, 0.9, 0.975, 0.999999, 1 - 1e-12];
  const ref = runPython<number[]>(findPython(['scipy'])!, 'import json,sys; from scipy.special import ndtri; print(json.dumps([float(ndtri(p)) for p in json.load(sys.stdin)]))', ps);
  ps.forEach((p, k) => {
    const ours = normalQuantile(p);
    assert.ok(Math.abs(ours - ref[k]) <= 2e-15 * Math.max(1, Math.abs(ref[k])), `p = ${p}: ${ours} vs ${ref[k]}`);
  });
});
