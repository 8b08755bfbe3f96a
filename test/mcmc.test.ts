// Tests of kernel-lib/src/mcmc: the FFT against a direct DFT, τ of an AR(1) process against its analytic value,
// the stretch-move sampler on correlated 2-D and 5-D Gaussians against their analytic moments (tolerances from τ and
// the sample count), determinism and bad input; then τ and the posterior moments against emcee (python3-emcee),
// skipped cleanly when emcee is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fftInPlace, initialBall, integratedAutocorrelationTime, parameterSamples, sampleEnsemble, summarizeChain } from '../kernel-lib/src/mcmc/index';
import { seededRandom, summarizeSamples } from '../kernel-lib/src/stats/index';
import type { EnsembleChain } from '../kernel-lib/src/mcmc/index';
import { findPython, runPython, skipWithout } from './helpers/python';

// ---------- targets ----------

/** A correlated Gaussian with covariance Σ = L Lᵀ (L lower triangular, row-major n × n) and mean μ. */
function gaussianTarget(L: number[], mu: number[]) {
  const n = mu.length;
  const y = new Float64Array(n);
  // ln p = −½ |L⁻¹(x − μ)|² by forward substitution; no allocation per call.
  const logProb = (x: Float64Array): number => {
    let q = 0;
    for (let i = 0; i < n; i++) {
      let s = x[i] - mu[i];
      for (let j = 0; j < i; j++) s -= L[i * n + j] * y[j];
      y[i] = s / L[i * n + i];
      q += y[i] * y[i];
    }
    return -0.5 * q;
  };
  const sd = mu.map((_, i) => {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L[i * n + j] ** 2;
    return Math.sqrt(s);
  });
  return { logProb, sd, n };
}

/** 2-D: σ = (1, 3), correlation 0.8, mean (0, 5). */
const rho = 0.8;
const L2 = [1, 0, 3 * rho, 3 * Math.sqrt(1 - rho * rho)];
const MU2 = [0, 5];

/** 5-D: a seeded random lower-triangular L with scales spanning 0.1–10 (tests affine invariance), mean 1…5. */
function fiveDimL(): number[] {
  const r = seededRandom(77);
  const n = 5;
  const scales = [0.1, 1, 10, 0.5, 3];
  const L = new Array(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) L[i * n + j] = 0.6 * scales[i] * r.normal(0, 1);
    L[i * n + i] = scales[i];
  }
  return L;
}
const L5 = fiveDimL();
const MU5 = [1, 2, 3, 4, 5];

function run(target: ReturnType<typeof gaussianTarget>, mu: number[], seed: number, nSteps: number, nWalkers = 32): EnsembleChain {
  const initial = initialBall(mu.map((m) => m + 0.5), target.sd.map((s) => 0.01 * s), { nWalkers, seed: seed + 1000 });
  return sampleEnsemble(target.logProb, { initial, nDim: target.n, nSteps, seed, burnIn: Math.floor(nSteps / 5) });
}

/** Checks means and widths of every parameter against the truth, within k Monte-Carlo standard errors. */
function assertMoments(r: EnsembleChain, mu: number[], sd: number[], k = 4): void {
  const summaries = summarizeChain(r);
  const nUsed = (r.nSteps - r.burnIn) * r.nWalkers;
  for (let d = 0; d < mu.length; d++) {
    const tau = r.autocorrelation.tau[d];
    const nEff = nUsed / tau;
    const seMean = sd[d] / Math.sqrt(nEff);
    const seSd = sd[d] / Math.sqrt(2 * nEff);
    const s = summaries[d];
    assert.ok(Math.abs(s.mean - mu[d]) < k * seMean, `param ${d}: mean ${s.mean} vs ${mu[d]} (± ${k} × ${seMean.toExponential(2)}, τ = ${tau.toFixed(1)})`);
    assert.ok(Math.abs(s.sd - sd[d]) < k * seSd, `param ${d}: sd ${s.sd} vs ${sd[d]} (± ${k} × ${seSd.toExponential(2)})`);
    // 16/84 percentiles of a Gaussian sit at μ ∓ 0.9945σ; allow the sd tolerance plus the quantile's own error.
    const halfWidth = (s.p84 - s.p16) / 2;
    assert.ok(Math.abs(halfWidth - 0.99446 * sd[d]) < 1.5 * k * seSd, `param ${d}: (p84 − p16)/2 = ${halfWidth} vs ${0.99446 * sd[d]}`);
  }
}

// ---------- FFT and autocorrelation ----------

test('fftInPlace matches a direct DFT on a random complex vector', () => {
  const r = seededRandom(5);
  const n = 64;
  const re = Float64Array.from({ length: n }, () => r.normal(0, 1));
  const im = Float64Array.from({ length: n }, () => r.normal(0, 1));
  const outRe = re.slice();
  const outIm = im.slice();
  fftInPlace(outRe, outIm);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const ang = (-2 * Math.PI * j * k) / n;
      sr += re[j] * Math.cos(ang) - im[j] * Math.sin(ang);
      si += re[j] * Math.sin(ang) + im[j] * Math.cos(ang);
    }
    assert.ok(Math.abs(outRe[k] - sr) < 1e-10 && Math.abs(outIm[k] - si) < 1e-10, `bin ${k}`);
  }
  assert.throws(() => fftInPlace(new Float64Array(12), new Float64Array(12)), /power of two/);
});

test('integrated autocorrelation time of AR(1) chains matches (1 + φ)/(1 − φ)', () => {
  // x_t = φ x_{t−1} + ε: ρ(t) = φ^t, τ = 1 + 2 Σ φ^t = (1 + φ)/(1 − φ) (Sokal 1997 eq. 2.11).
  const phi = 0.9;
  const truth = (1 + phi) / (1 - phi);
  const nSteps = 20000;
  const nWalkers = 8;
  const r = seededRandom(11);
  const chain = new Float64Array(nSteps * nWalkers);
  for (let w = 0; w < nWalkers; w++) {
    let x = r.normal(0, 1 / Math.sqrt(1 - phi * phi));
    for (let s = 0; s < nSteps; s++) {
      x = phi * x + r.normal(0, 1);
      chain[s * nWalkers + w] = x;
    }
  }
  const est = integratedAutocorrelationTime(chain, { nSteps, nWalkers, nDim: 1 });
  // Relative error of τ̂ with window M ≈ 5τ is about √(2(2M+1)/N) / … ≈ √(4M/(N·nWalkers)) (Sokal 1997 eq. 2.23): ~2 %.
  const relTol = 4 * Math.sqrt((4 * 5 * truth) / (nSteps * nWalkers));
  assert.ok(Math.abs(est.tau[0] / truth - 1) < relTol, `τ = ${est.tau[0]} vs ${truth} (rel tol ${relTol.toFixed(3)})`);
  assert.equal(est.reliable, true);
});

// ---------- sampler on analytic posteriors ----------

test('stretch move recovers a correlated 2-D Gaussian (means, widths, 16/84 percentiles)', () => {
  const target = gaussianTarget(L2, MU2);
  const r = run(target, MU2, 1, 6000);
  assert.equal(r.chain.length, 6000 * 32 * 2);
  assert.equal(r.logProb.length, 6000 * 32);
  assertMoments(r, MU2, target.sd);
  // The sample correlation coefficient: its standard error is (1 − ρ²)/√N_eff.
  const a = parameterSamples(r, 0, { discard: r.burnIn });
  const b = parameterSamples(r, 1, { discard: r.burnIn });
  const sa = summarizeSamples(a);
  const sb = summarizeSamples(b);
  let cov = 0;
  for (let i = 0; i < a.length; i++) cov += (a[i] - sa.mean) * (b[i] - sb.mean);
  const corr = cov / a.length / (sa.sd * sb.sd);
  const nEff = a.length / Math.max(...r.autocorrelation.tau);
  assert.ok(Math.abs(corr - rho) < (4 * (1 - rho * rho)) / Math.sqrt(nEff), `correlation ${corr}`);
  assert.ok(r.meanAcceptanceFraction > 0.3 && r.meanAcceptanceFraction < 0.9, `acceptance ${r.meanAcceptanceFraction}`);
  assert.equal(r.convergence.converged, true, r.convergence.reasons.join('; '));
});

test('stretch move recovers a 5-D Gaussian with scales from 0.1 to 10 (affine invariance)', () => {
  const target = gaussianTarget(L5, MU5);
  const r = run(target, MU5, 2, 8000, 40);
  assertMoments(r, MU5, target.sd);
  assert.equal(r.convergence.converged, true, r.convergence.reasons.join('; '));
});

test('a short chain is judged not converged, with the reason', () => {
  const target = gaussianTarget(L5, MU5);
  const r = run(target, MU5, 3, 200, 20);
  assert.equal(r.convergence.converged, false);
  assert.ok(r.convergence.reasons.some((s) => /too short|not finite/.test(s)), r.convergence.reasons.join('; '));
});

test('same seed → identical chain; another seed → a different one; vectorised = per-walker; input untouched', () => {
  const target = gaussianTarget(L2, MU2);
  const initial = initialBall([0.1, 5.1], [0.01, 0.01], { nWalkers: 16, seed: 9 });
  const copy = initial.slice();
  const a = sampleEnsemble(target.logProb, { initial, nDim: 2, nSteps: 300, seed: 42 });
  const b = sampleEnsemble(target.logProb, { initial, nDim: 2, nSteps: 300, seed: 42 });
  const c = sampleEnsemble(target.logProb, { initial, nDim: 2, nSteps: 300, seed: 43 });
  assert.deepEqual(initial, copy);
  assert.deepEqual(a.chain, b.chain);
  assert.deepEqual(a.logProb, b.logProb);
  assert.notDeepEqual(a.chain, c.chain);
  const theta = new Float64Array(2);
  const batch = (thetas: Float64Array, count: number, out: Float64Array) => {
    for (let k = 0; k < count; k++) {
      theta[0] = thetas[2 * k];
      theta[1] = thetas[2 * k + 1];
      out[k] = target.logProb(theta);
    }
  };
  const v = sampleEnsemble(batch, { initial, nDim: 2, nSteps: 300, seed: 42, vectorized: true });
  assert.deepEqual(v.chain, a.chain);
});

test('proposals outside the prior (ln p = −∞) are rejected: the chain never leaves the support', () => {
  // Half-normal on x > 0: mean √(2/π), sd √(1 − 2/π).
  const logProb = (t: Float64Array) => (t[0] > 0 && Math.abs(t[1]) < 1 ? -0.5 * t[0] * t[0] : -Infinity);
  const initial = initialBall([1, 0], [0.1, 0.1], { nWalkers: 16, seed: 4, accept: (t) => t[0] > 0 && Math.abs(t[1]) < 1 });
  const r = sampleEnsemble(logProb, { initial, nDim: 2, nSteps: 4000, seed: 8 });
  const x = parameterSamples(r, 0);
  assert.ok(x.every((v) => v > 0));
  const s = summarizeChain(r)[0];
  const nEff = ((r.nSteps - r.burnIn) * r.nWalkers) / r.autocorrelation.tau[0];
  assert.ok(Math.abs(s.mean - Math.sqrt(2 / Math.PI)) < (4 * Math.sqrt(1 - 2 / Math.PI)) / Math.sqrt(nEff), `mean ${s.mean}`);
});

test('bad input → one-line errors naming sampleEnsemble', () => {
  const lp = (t: Float64Array) => -0.5 * t[0] * t[0];
  const ok = new Float64Array([0.1, 0.2, 0.3, 0.4]);
  assert.throws(() => sampleEnsemble(lp, { initial: ok, nDim: 3, nSteps: 10, seed: 1 }), /sampleEnsemble: initial has 4 values, not a multiple/);
  assert.throws(() => sampleEnsemble(lp, { initial: ok, nDim: 4, nSteps: 10, seed: 1 }), /sampleEnsemble: need at least 2 × nDim/);
  assert.throws(() => sampleEnsemble(lp, { initial: new Float64Array([0.1, 0.2, 0.3]), nDim: 1, nSteps: 10, seed: 1 }), /must be even/);
  assert.throws(() => sampleEnsemble(lp, { initial: new Float64Array([0.1, NaN]), nDim: 1, nSteps: 10, seed: 1 }), /initial\[1\] is not a finite number/);
  assert.throws(() => sampleEnsemble(() => -Infinity, { initial: ok, nDim: 1, nSteps: 10, seed: 1 }), /walker 0 starts where ln p is not finite/);
  assert.throws(() => sampleEnsemble(lp, { initial: ok, nDim: 1, nSteps: 1, seed: 1 }), /nSteps must be an integer ≥ 2/);
  assert.throws(() => sampleEnsemble(lp, { initial: ok, nDim: 1, nSteps: 10, seed: -1 }), /seed/);
  assert.throws(() => sampleEnsemble(lp, { initial: ok, nDim: 1, nSteps: 10, seed: 1, stretchScale: 1 }), /stretchScale/);
  assert.throws(() => integratedAutocorrelationTime(new Float64Array(5), { nSteps: 2, nWalkers: 2, nDim: 1 }), /chain has 5 values/);
});

// ---------- against emcee ----------

const EMCEE = skipWithout(['emcee', 'numpy'], 'python3-emcee');

test('τ equals emcee.autocorr.integrated_time on the same chain', { skip: EMCEE }, () => {
  const target = gaussianTarget(L5, MU5);
  const r = run(target, MU5, 21, 3000, 20);
  const python = findPython(['emcee', 'numpy'])!;
  const post = r.chain.subarray(r.burnIn * r.nWalkers * r.nDim);
  const theirs = runPython<number[]>(
    python,
    `
import json, sys
import numpy as np
from emcee.autocorr import integrated_time
d = json.load(sys.stdin)
x = np.array(d['chain']).reshape(d['n'], d['w'], d['k'])
print(json.dumps(integrated_time(x, c=5, tol=0, quiet=True).tolist()))
`,
    { chain: Array.from(post), n: r.nSteps - r.burnIn, w: r.nWalkers, k: r.nDim },
  );
  for (let d = 0; d < r.nDim; d++) {
    assert.ok(Math.abs(r.autocorrelation.tau[d] - theirs[d]) < 1e-9 * theirs[d], `τ[${d}] ${r.autocorrelation.tau[d]} vs emcee ${theirs[d]}`);
  }
});

test('posterior means and widths agree with emcee on the same 5-D target within Monte-Carlo error', { skip: EMCEE }, () => {
  const target = gaussianTarget(L5, MU5);
  const r = run(target, MU5, 31, 6000, 40);
  const ours = summarizeChain(r);
  const python = findPython(['emcee', 'numpy'])!;
  const theirs = runPython<{ mean: number[]; sd: number[]; tau: number[]; n: number }>(
    python,
    `
import json, sys
import numpy as np
import emcee
d = json.load(sys.stdin)
L = np.array(d['L']).reshape(5, 5); mu = np.array(d['mu'])
def log_prob(x):
    y = np.linalg.solve(L, (x - mu).T)   # vectorised over walkers: x has shape (nwalkers, 5)
    return -0.5 * np.sum(y * y, axis=0)
rng = np.random.default_rng(d['seed'])
p0 = mu + 0.5 + 0.01 * np.array(d['sd']) * rng.standard_normal((40, 5))
np.random.seed(d['seed'])
s = emcee.EnsembleSampler(40, 5, log_prob, vectorize=True)
s.run_mcmc(p0, 6000)
ch = s.get_chain(discard=1200, flat=True)
tau = emcee.autocorr.integrated_time(s.get_chain(discard=1200), quiet=True)
print(json.dumps({'mean': ch.mean(0).tolist(), 'sd': ch.std(0).tolist(), 'tau': tau.tolist(), 'n': len(ch)}))
`,
    { L: L5, mu: MU5, sd: target.sd, seed: 5 },
  );
  const nOurs = (r.nSteps - r.burnIn) * r.nWalkers;
  for (let d = 0; d < 5; d++) {
    const seOurs = target.sd[d] / Math.sqrt(nOurs / r.autocorrelation.tau[d]);
    const seTheirs = target.sd[d] / Math.sqrt(theirs.n / theirs.tau[d]);
    const seMean = Math.hypot(seOurs, seTheirs);
    const seSd = seMean / Math.SQRT2;
    assert.ok(Math.abs(ours[d].mean - theirs.mean[d]) < 4 * seMean, `param ${d}: mean ${ours[d].mean} vs emcee ${theirs.mean[d]} (4 × ${seMean.toExponential(2)})`);
    assert.ok(Math.abs(ours[d].sd - theirs.sd[d]) < 4 * seSd, `param ${d}: sd ${ours[d].sd} vs emcee ${theirs.sd[d]} (4 × ${seSd.toExponential(2)})`);
    // τ is a property of the algorithm, not of the implementation: ours and emcee's should be alike (±30 %).
    assert.ok(Math.abs(r.autocorrelation.tau[d] / theirs.tau[d] - 1) < 0.3, `param ${d}: τ ${r.autocorrelation.tau[d]} vs emcee ${theirs.tau[d]}`);
  }
});
