// Tests of kernel-lib/src/linmix: the Gibbs sampler of Kelly 2007 on simulated data with known α, β, σ and
// heteroscedastic errors in x and y — coverage of the 68 % intervals over seeded data sets, small bias where least
// squares is attenuated, the no-error limit (the analytic Bayesian regression), correlated errors, R̂, determinism and
// bad input; the random deviates against their analytic moments. The Python linmix (if installed) is the peer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquareDeviate, dirichletDeviateInto, gammaDeviate, gelmanRubinRHat, fitLinmix, type LinmixResult } from '../kernel-lib/src/linmix/index';
import { fitLine, mean, seededRandom, standardDeviation } from '../kernel-lib/src/stats/index';
import { findPython, runPython, skipWithout } from './helpers/python';

// ---------- simulated data ----------

interface DataSet {
  x: Float64Array;
  y: Float64Array;
  xSigma: Float64Array;
  ySigma: Float64Array;
  xyCovariance: Float64Array;
}

const TRUTH = { alpha: 1, beta: 0.5, sigma: 0.3 };

/**
 * n points: ξ from a two-Gaussian mixture (not the model's K = 3, to test the prior's flexibility), η = α + β ξ + N(0, σ²),
 * errors σ_x ~ U(0.2, 0.6), σ_y ~ U(0.1, 0.4) (heteroscedastic), correlation ρ between the x and y errors.
 */
function simulate(seed: number, n: number, rho = 0): DataSet {
  const r = seededRandom(seed);
  const d: DataSet = { x: new Float64Array(n), y: new Float64Array(n), xSigma: new Float64Array(n), ySigma: new Float64Array(n), xyCovariance: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const xi = r.uniform() < 0.7 ? r.normal(-0.3, 0.8) : r.normal(1.0, 0.5);
    const eta = TRUTH.alpha + TRUTH.beta * xi + r.normal(0, TRUTH.sigma);
    const sx = 0.2 + 0.4 * r.uniform();
    const sy = 0.1 + 0.3 * r.uniform();
    const z1 = r.normal();
    const z2 = rho * z1 + Math.sqrt(1 - rho * rho) * r.normal();
    d.x[i] = xi + sx * z1;
    d.y[i] = eta + sy * z2;
    d.xSigma[i] = sx;
    d.ySigma[i] = sy;
    d.xyCovariance[i] = rho * sx * sy;
  }
  return d;
}

const covers = (s: { p16: number; p84: number }, truth: number) => s.p16 <= truth && truth <= s.p84;
const sdOf = (v: number[]) => standardDeviation(v, { ddof: 1 });

// ---------- coverage and bias over seeded data sets ----------

test('68 % intervals of β and σ cover the truth in 50–85 % of 25 data sets; the slope is unbiased where OLS is attenuated', () => {
  const sets = 25;
  const betaMedians: number[] = [];
  const olsSlopes: number[] = [];
  let betaCovered = 0;
  let sigmaCovered = 0;
  let alphaCovered = 0;
  let notConverged = 0;
  const started = Date.now();
  for (let s = 0; s < sets; s++) {
    const d = simulate(100 + s, 60);
    const fit = fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: s, minIterations: 2000 });
    betaMedians.push(fit.summary.beta.median);
    olsSlopes.push(fitLine(d.x, d.y).slope);
    betaCovered += covers(fit.summary.beta, TRUTH.beta) ? 1 : 0;
    sigmaCovered += covers(fit.summary.sigma, TRUTH.sigma) ? 1 : 0;
    alphaCovered += covers(fit.summary.alpha, TRUTH.alpha) ? 1 : 0;
    notConverged += fit.converged ? 0 : 1;
  }
  const bias = mean(betaMedians) - TRUTH.beta;
  const biasSe = sdOf(betaMedians) / Math.sqrt(sets);
  const olsBias = mean(olsSlopes) - TRUTH.beta;
  console.log(`# ${sets} data sets of 60 points (${((Date.now() - started) / 1000).toFixed(1)} s): 68 % coverage α ${alphaCovered}/${sets}, β ${betaCovered}/${sets}, σ ${sigmaCovered}/${sets}; ` +
    `β bias ${bias.toFixed(4)} ± ${biasSe.toFixed(4)}, OLS bias ${olsBias.toFixed(4)}; not converged: ${notConverged}`);
  for (const [name, k] of [['alpha', alphaCovered], ['beta', betaCovered], ['sigma', sigmaCovered]] as const) {
    assert.ok(k >= 0.5 * sets && k <= 0.85 * sets, `${name}: 68 % interval covered the truth in ${k}/${sets}`);
  }
  assert.ok(Math.abs(bias) < 2.5 * biasSe + 0.01, `β bias ${bias} (± ${biasSe})`);
  assert.ok(olsBias < -5 * biasSe, `the data should attenuate OLS (bias ${olsBias}); else the test proves nothing`);
  assert.equal(notConverged, 0);
});

test('correlated x–y errors: giving xyCovariance removes the bias that ignoring it leaves', () => {
  const sets = 20;
  const withCov: number[] = [];
  const without: number[] = [];
  for (let s = 0; s < sets; s++) {
    const d = simulate(300 + s, 60, 0.8);
    withCov.push(fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, xyCovariance: d.xyCovariance, seed: s, minIterations: 1500, components: 2 }).summary.beta.median);
    without.push(fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: s, minIterations: 1500, components: 2 }).summary.beta.median);
  }
  const biasWith = mean(withCov) - TRUTH.beta;
  const biasWithout = mean(without) - TRUTH.beta;
  console.log(`# ρ = 0.8, ${sets} sets: β bias with covariance ${biasWith.toFixed(4)} ± ${(sdOf(withCov) / Math.sqrt(sets)).toFixed(4)}, ignoring it ${biasWithout.toFixed(4)}`);
  assert.ok(Math.abs(biasWith) < 2.5 * sdOf(withCov) / Math.sqrt(sets) + 0.01, `bias with covariance ${biasWith}`);
  assert.ok(biasWithout > biasWith + 0.03, `ignoring a positive covariance should steepen the slope (${biasWithout} vs ${biasWith})`);
});

// ---------- the no-error limit ----------

test('without measurement errors the posterior is the analytic one under Kelly\'s uniform prior on (α, β, σ²)', () => {
  // With ξ = x and η = y fixed, the Gibbs steps 6–7 (Kelly 2007, eqs. 75–80: σ² | α, β ~ Scaled-Inv-χ²(n − 2, ·)) sample
  // p(α, β, σ²) ∝ likelihood (a flat prior on σ²). Integrating (α, β) out: σ² ~ Scaled-Inv-χ²(n − 4, RSS/(n − 4)), so
  // E σ² = RSS/(n − 6), and β ~ t_{n−4}(β_OLS, √(RSS/((n − 4) Sxx))), whose sd is SE_OLS √((n − 2)/(n − 6)).
  const d = simulate(7, 40);
  const ols = fitLine(d.x, d.y); // SE with s² = RSS/(n − 2)
  const n = d.x.length;
  const rss = ols.residualVariance * (n - 2);
  const check = (fit: LinmixResult, label: string) => {
    const b = fit.summary.beta;
    const expectedSd = ols.slopeErr * Math.sqrt((n - 2) / (n - 6));
    const meanS2 = fit.sigmaSquared.reduce((a, v) => a + v, 0) / fit.draws;
    console.log(`# ${label}: β median ${b.median.toFixed(4)} (OLS ${ols.slope.toFixed(4)}), sd ${b.sd.toFixed(4)} (analytic ${expectedSd.toFixed(4)}); ` +
      `E σ² ${meanS2.toFixed(4)} (analytic ${(rss / (n - 6)).toFixed(4)})`);
    assert.ok(Math.abs(b.median - ols.slope) < 0.05 * ols.slopeErr, `${label}: β median ${b.median} vs OLS ${ols.slope}`);
    assert.ok(Math.abs(b.sd / expectedSd - 1) < 0.04, `${label}: β sd ${b.sd} vs ${expectedSd}`);
    assert.ok(Math.abs(fit.summary.alpha.median - ols.intercept) < 0.05 * ols.interceptErr, `${label}: α`);
    assert.ok(Math.abs(meanS2 / (rss / (n - 6)) - 1) < 0.03, `${label}: mean σ² ${meanS2}`);
  };
  check(fitLinmix(d.x, d.y, { seed: 1, minIterations: 10000 }), 'no errors given');
  check(fitLinmix(d.x, d.y, { seed: 2, minIterations: 10000, xSigma: d.x.map(() => 1e-6), ySigma: d.y.map(() => 1e-6) }), 'errors of 1e-6');
});

// ---------- convergence bookkeeping, determinism ----------

test('runs at least minIterations, stops on R̂ < 1.1, keeps the second half of every chain; maxIterations caps it', () => {
  const d = simulate(11, 30);
  const fit = fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: 5, minIterations: 1000, chains: 3, components: 2 });
  assert.ok(fit.converged);
  assert.ok(fit.iterations >= 1000 && fit.iterations % 100 === 0);
  assert.equal(fit.draws, 3 * fit.iterations / 2);
  assert.equal(fit.alpha.length, fit.draws);
  for (const r of Object.values(fit.rHat)) assert.ok(r < 1.1, `R̂ ${r}`);
  const capped = fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: 5, minIterations: 200, maxIterations: 400, rHatThreshold: 1.000001 });
  assert.equal(capped.iterations, 400);
  assert.equal(capped.converged, false);
});

test('same seed → identical draws; another seed → different draws; inputs not modified', () => {
  const d = simulate(12, 25);
  const before = d.x.slice();
  const a = fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: 42, minIterations: 500 });
  const b = fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: 42, minIterations: 500 });
  const c = fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: 43, minIterations: 500 });
  assert.deepEqual(a.beta, b.beta);
  assert.deepEqual(a.sigma, b.sigma);
  assert.notDeepEqual(a.beta, c.beta);
  assert.deepEqual(d.x, before);
});

test('Gelman–Rubin R̂ is ≈ 1 for chains from one distribution and large for chains that disagree', () => {
  const r = seededRandom(3);
  const same = Array.from({ length: 4 }, () => Float64Array.from({ length: 2000 }, () => r.normal()));
  const shifted = same.map((c, j) => c.map((v) => v + 2 * j));
  const rSame = gelmanRubinRHat(same, 1000, 2000);
  const rShifted = gelmanRubinRHat(shifted, 1000, 2000);
  assert.ok(rSame > 0.99 && rSame < 1.01, `R̂ ${rSame}`);
  assert.ok(rShifted > 2, `R̂ ${rShifted}`);
  assert.ok(Number.isNaN(gelmanRubinRHat([same[0]], 0, 100)));
});

// ---------- random deviates and summaries ----------

test('gamma, χ² and Dirichlet deviates have their analytic means and variances', () => {
  const r = seededRandom(9);
  const m = 40000;
  for (const shape of [0.4, 1, 2.7, 30]) {
    const v = Array.from({ length: m }, () => gammaDeviate(r, shape));
    const sampleMean = mean(v);
    const variance = sdOf(v) ** 2;
    assert.ok(Math.abs(sampleMean - shape) < 4 * Math.sqrt(shape / m), `Gamma(${shape}) mean ${sampleMean}`);
    assert.ok(Math.abs(variance / shape - 1) < 0.06, `Gamma(${shape}) variance ${variance}`);
  }
  const chi = Array.from({ length: m }, () => chiSquareDeviate(r, 5));
  assert.ok(Math.abs(mean(chi) - 5) < 4 * Math.sqrt(10 / m));
  const out = new Float64Array(3);
  const sums = new Float64Array(3);
  for (let i = 0; i < m; i++) {
    dirichletDeviateInto(r, [1, 2, 5], out);
    assert.ok(Math.abs(out[0] + out[1] + out[2] - 1) < 1e-12);
    for (let k = 0; k < 3; k++) sums[k] += out[k] / m;
  }
  [1 / 8, 2 / 8, 5 / 8].forEach((e, k) => assert.ok(Math.abs(sums[k] - e) < 0.005, `Dirichlet mean ${k}: ${sums[k]}`));
});


// ---------- bad input ----------

test('bad input throws one-line errors naming fitLinmix', () => {
  const d = simulate(13, 10);
  const x = Array.from(d.x);
  const y = Array.from(d.y);
  const nanX = x.slice();
  nanX[2] = NaN;
  const negative = Array.from(d.ySigma);
  negative[4] = -0.1;
  const cov = Array.from(d.xSigma, (sx, i) => 1.2 * sx * d.ySigma[i]);
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['no seed', () => fitLinmix(x, y, {} as never), /options\.seed is required/],
    ['NaN x', () => fitLinmix(nanX, y, { seed: 1 }), /x\[2\] is not a finite number/],
    ['lengths', () => fitLinmix(x, y.slice(1), { seed: 1 }), /x has 10 values but y has 9/],
    ['negative σ', () => fitLinmix(x, y, { seed: 1, ySigma: negative }), /ySigma\[4\] must be ≥ 0/],
    ['|ρ| ≥ 1', () => fitLinmix(x, y, { seed: 1, xSigma: d.xSigma, ySigma: d.ySigma, xyCovariance: cov }), /\|ρ\| must be < 1/],
    ['covariance without errors', () => fitLinmix(x, y, { seed: 1, xyCovariance: cov }), /needs non-zero xSigma and ySigma/],
    ['too few points', () => fitLinmix([1, 2], [1, 2], { seed: 1 }), /needs at least 3 points/],
    ['all x equal', () => fitLinmix([1, 1, 1, 1], [1, 2, 3, 4], { seed: 1 }), /all x values are equal/],
    ['components', () => fitLinmix(x, y, { seed: 1, components: 0 }), /components must be an integer ≥ 1/],
    ['chains', () => fitLinmix(x, y, { seed: 1, chains: 1 }), /chains must be an integer ≥ 2/],
    ['iterations', () => fitLinmix(x, y, { seed: 1, minIterations: 500, maxIterations: 100 }), /maxIterations \(100\) < minIterations \(500\)/],
    ['seed', () => fitLinmix(x, y, { seed: -1 }), /fitLinmix: options\.seed must be an integer ≥ 0/],
  ];
  for (const [what, run, message] of cases) {
    assert.throws(run, (e: Error) => message.test(e.message) && !e.message.includes('\n'), what);
  }
});

// ---------- the peer: the Python linmix, when installed ----------

test('agrees with the Python linmix (jmeyers314) on the posterior medians and widths', { skip: skipWithout(['linmix', 'numpy'], 'python3-numpy; linmix itself is on PyPI only') }, () => {
  const python = findPython(['linmix', 'numpy'])!;
  const d = simulate(21, 50);
  const peer = runPython<{ beta: number[]; sigma: number[] }>(python, `
import contextlib, io, json, sys
import numpy as np
import linmix
d = json.load(sys.stdin)
lm = linmix.LinMix(d['x'], d['y'], d['xsig'], d['ysig'], K=3, seed=3, parallelize=False)
with contextlib.redirect_stdout(io.StringIO()):  # silent=True never advances its counter past miniter
    lm.run_mcmc(miniter=5000, maxiter=100000, silent=False)
b = lm.chain['beta']; s = np.sqrt(lm.chain['sigsqr'])
print(json.dumps({'beta': [float(np.median(b)), float(np.std(b))], 'sigma': [float(np.median(s)), float(np.std(s))]}))
`, { x: Array.from(d.x), y: Array.from(d.y), xsig: Array.from(d.xSigma), ysig: Array.from(d.ySigma) });
  const ours = fitLinmix(d.x, d.y, { xSigma: d.xSigma, ySigma: d.ySigma, seed: 3 });
  console.log(`# β: ours ${ours.summary.beta.median.toFixed(4)} ± ${ours.summary.beta.sd.toFixed(4)}, linmix ${peer.beta[0].toFixed(4)} ± ${peer.beta[1].toFixed(4)}`);
  assert.ok(Math.abs(ours.summary.beta.median - peer.beta[0]) < 0.1 * peer.beta[1], 'β median within 0.1 posterior sd');
  assert.ok(Math.abs(ours.summary.beta.sd / peer.beta[1] - 1) < 0.1, 'β sd within 10 %');
  assert.ok(Math.abs(ours.summary.sigma.median - peer.sigma[0]) < 0.1 * peer.sigma[1], 'σ median within 0.1 posterior sd');
});
