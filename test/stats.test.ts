// Tests of kernel-lib/src/stats: analytic cases that need no Python, and one batched comparison against
// scipy/numpy (python3-scipy), skipped cleanly when that peer is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bootstrap,
  bootstrapLine,
  bootstrapLineBand,
  evaluateLine,
  fitLine,
  fitLinearModel,
  logGamma,
  mean,
  median,
  pearsonCorrelation,
  quantile,
  regularizedIncompleteBeta,
  rms,
  rmse,
  seededRandom,
  standardDeviation,
  summarizeSamples,
  studentTTwoSidedPValue,
  xoshiro128StarStar,
} from '../kernel-lib/src/stats/index';
import { findPython, runPython, skipWithout } from './helpers/python';
import { assertAllClose, assertClose, relativeError } from './helpers/close';

// ---------- helpers ----------

/** Splits one CSV line, honouring double-quoted fields (the `lines` column holds commas). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** MSA-3D Table 1 (kernel-lib/data/msa3d_table1.csv) rows with a measured gradient: x = log M* − 10, y = grad_kpc, σ = grad_kpc_err. */
function msa3dMassGradient(): { x: number[]; y: number[]; sigma: number[] } {
  const text = readFileSync(join(__dirname, '..', 'kernel-lib', 'data', 'msa3d_table1.csv'), 'utf8');
  const [header, ...rows] = text.trim().split(/\r?\n/);
  const names = splitCsvLine(header);
  const col = (name: string) => names.indexOf(name);
  const x: number[] = [];
  const y: number[] = [];
  const sigma: number[] = [];
  for (const row of rows) {
    const f = splitCsvLine(row);
    if (f[col('grad_kpc')] === '') continue;
    x.push(Number(f[col('logmstar')]) - 10);
    y.push(Number(f[col('grad_kpc')]));
    sigma.push(Number(f[col('grad_kpc_err')]));
  }
  return { x, y, sigma };
}

/** Deterministic synthetic data: y = a + b x + σ·N(0,1), σ varying from point to point. */
function syntheticLine(seed: number, n: number, a: number, b: number) {
  const random = seededRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  const sigma: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = -2 + 4 * random.uniform();
    const s = 0.05 + 0.3 * random.uniform();
    x.push(xi);
    sigma.push(s);
    y.push(a + b * xi + random.normal(0, s));
  }
  return { x, y, sigma };
}

// ---------- random ----------

test('xoshiro128** reproduces the reference C outputs for state (1, 2, 3, 4)', () => {
  // Blackman & Vigna's reference code, as in rand_xoshiro's test `reference_starstar`.
  const state = Uint32Array.of(1, 2, 3, 4);
  const out = Array.from({ length: 10 }, () => xoshiro128StarStar(state));
  assert.deepEqual(out, [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
});

test('seededRandom: same seed → same sequence; different seeds → different sequences', () => {
  const draw = (seed: number) => {
    const r = seededRandom(seed);
    return [r.uint32(), r.uniform(), r.integer(10), r.normal(), r.normal(2, 3), r.uniform()];
  };
  assert.deepEqual(draw(42), draw(42));
  assert.deepEqual(draw(2 ** 40 + 7), draw(2 ** 40 + 7));
  assert.notDeepEqual(draw(42), draw(43));
  assert.notDeepEqual(draw(0), draw(1));
  assert.notDeepEqual(draw(7), draw(2 ** 32 + 7), 'the high 32 bits of the seed matter');
});

test('seededRandom: uniform, integer and normal have the right distributions', () => {
  const r = seededRandom(2024);
  const n = 200000;
  let sum = 0;
  let sum2 = 0;
  let min = 1;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    sum += u;
    sum2 += u * u;
    min = Math.min(min, u);
    max = Math.max(max, u);
  }
  assert.ok(min >= 0 && max < 1);
  assertClose(sum / n, 0.5, 0, 'uniform mean', 0.004);
  assertClose(sum2 / n - (sum / n) ** 2, 1 / 12, 0, 'uniform variance', 0.002);

  const counts = new Array(7).fill(0);
  for (let i = 0; i < 70000; i++) counts[r.integer(7)]++;
  // χ² with 6 dof: the 99.99th percentile is 27.9.
  const chi2 = counts.reduce((s, c) => s + (c - 10000) ** 2 / 10000, 0);
  assert.ok(chi2 < 27.9, `integer(7) χ² = ${chi2}`);
  assert.equal(r.integer(1), 0);

  const g = Float64Array.from({ length: n }, () => r.normal(1, 2));
  assertClose(mean(g), 1, 0, 'normal mean', 0.03);
  assertClose(standardDeviation(g), 2, 0, 'normal sd', 0.03);
  const within1 = g.filter((v) => Math.abs(v - 1) < 2).length / n;
  assertClose(within1, 0.6827, 0, 'normal P(|z| < 1)', 0.005);
});

test('seededRandom: invalid seeds and ranges throw one-line errors', () => {
  for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) {
    assert.throws(() => seededRandom(bad), /seededRandom: seed must be an integer/);
  }
  const r = seededRandom(1);
  assert.throws(() => r.integer(0), /integer: n must be/);
  assert.throws(() => r.integer(2.5), /integer: n must be/);
});

// ---------- special functions (analytic) ----------

test('logGamma matches factorials and Γ(½) = √π', () => {
  let factorial = 1;
  for (let n = 1; n <= 30; n++) {
    assertClose(logGamma(n), Math.log(factorial), 1e-14, `lnΓ(${n})`, 1e-14);
    factorial *= n;
  }
  assertClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 'lnΓ(½)');
  assertClose(logGamma(1.5), Math.log(Math.sqrt(Math.PI) / 2), 1e-13, 'lnΓ(3/2)');
  assert.throws(() => logGamma(0), /logGamma: x must be/);
});

test('regularizedIncompleteBeta matches closed forms', () => {
  for (const x of [1e-8, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-9]) {
    assertClose(regularizedIncompleteBeta(x, 1, 1), x, 1e-13, `I_${x}(1,1)`);
    assertClose(regularizedIncompleteBeta(x, 3, 1), x ** 3, 1e-13, `I_${x}(3,1)`);
    assertClose(regularizedIncompleteBeta(x, 1, 4), -Math.expm1(4 * Math.log1p(-x)), 1e-12, `I_${x}(1,4)`);
    // (2/π) asin √x, written as 1 − (2/π) asin √(1−x) near x = 1 where asin is ill-conditioned.
    const arcsine = x < 0.5 ? (2 / Math.PI) * Math.asin(Math.sqrt(x)) : 1 - (2 / Math.PI) * Math.asin(Math.sqrt(1 - x));
    assertClose(regularizedIncompleteBeta(x, 0.5, 0.5), arcsine, 1e-13, `I_${x}(½,½)`);
  }
  for (const a of [0.5, 2, 7.5, 40]) assertClose(regularizedIncompleteBeta(0.5, a, a), 0.5, 1e-13, `I_½(${a},${a})`);
  assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
  assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
  assert.throws(() => regularizedIncompleteBeta(1.5, 2, 3), /x must be in \[0, 1\]/);
  assert.throws(() => regularizedIncompleteBeta(0.5, 0, 3), /a and b must be/);
  // Student t with 1 dof is Cauchy: P(|T| ≥ t) = 1 − (2/π) atan t.
  for (const t of [0.1, 1, 3, 50]) assertClose(studentTTwoSidedPValue(t, 1), 1 - (2 / Math.PI) * Math.atan(t), 1e-12, `t=${t}, ν=1`);
  // ν = 2: P(|T| ≥ t) = 1 − t/√(2 + t²).
  for (const t of [0.1, 1, 3]) assertClose(studentTTwoSidedPValue(t, 2), 1 - t / Math.sqrt(2 + t * t), 1e-12, `t=${t}, ν=2`);
});

// ---------- least squares (analytic) ----------

test('fitLine recovers an exact line exactly, with zero scaled errors', () => {
  const x = [0, 1, 2, 3, 4, 5.5];
  const y = x.map((v) => -0.0097 - 0.014 * v);
  const fit = fitLine(x, y);
  assertClose(fit.intercept, -0.0097, 1e-13, 'intercept');
  assertClose(fit.slope, -0.014, 1e-13, 'slope');
  assert.ok(fit.slopeErr < 1e-15 && fit.interceptErr < 1e-15);
  assert.equal(fit.absoluteSigma, false);
  assert.equal(fit.dof, 4);
  assert.ok(fit.rmse < 1e-16);
  const model = fitLinearModel([x.map(() => 1), x], y);
  assertAllClose(model.parameters, [-0.0097, -0.014], 1e-12, 'fitLinearModel parameters');
  assertAllClose(evaluateLine(fit, [10]), [-0.0097 - 0.14], 1e-12, 'evaluateLine');
});

test('fitLine: textbook case with hand-computed errors, both covariance conventions', () => {
  // x = 1..5, y = 2, 4, 5, 4, 5: b = 0.6, a = 2.2, RSS = 2.4, s² = 0.8, Sxx = 10, x̄ = 3.
  const x = [1, 2, 3, 4, 5];
  const y = [2, 4, 5, 4, 5];
  const scaled = fitLine(x, y);
  assertClose(scaled.slope, 0.6, 1e-14, 'slope');
  assertClose(scaled.intercept, 2.2, 1e-14, 'intercept');
  assertClose(scaled.chiSquare, 2.4, 1e-14, 'RSS');
  assertClose(scaled.slopeErr, Math.sqrt(0.8 / 10), 1e-14, 'slope error (scaled)');
  assertClose(scaled.interceptErr, Math.sqrt(0.8 * (1 / 5 + 9 / 10)), 1e-14, 'intercept error (scaled)');
  assertClose(scaled.covariance[0][1], (-0.8 * 3) / 10, 1e-14, 'cov(a, b)');
  // σ = 2 everywhere, absolute: cov = (AᵀWA)⁻¹ = 4 × (AᵀA)⁻¹.
  const absolute = fitLine(x, y, { sigma: [2, 2, 2, 2, 2] });
  assert.equal(absolute.absoluteSigma, true);
  assertClose(absolute.slopeErr, Math.sqrt(4 / 10), 1e-14, 'slope error (absolute)');
  assertClose(absolute.chiSquare, 2.4 / 4, 1e-14, 'χ²');
  // Same σ, relative: the scale of σ cancels, as in curve_fit(absolute_sigma=False).
  const relative = fitLine(x, y, { sigma: [2, 2, 2, 2, 2], absoluteSigma: false });
  assertClose(relative.slopeErr, scaled.slopeErr, 1e-14, 'slope error (relative σ)');
  const byWeights = fitLine(x, y, { weights: [0.25, 0.25, 0.25, 0.25, 0.25] });
  assertClose(byWeights.slopeErr, absolute.slopeErr, 1e-14, 'weights = 1/σ²');
});

test('fitLinearModel agrees with fitLine and fits a parabola', () => {
  const { x, y, sigma } = syntheticLine(7, 30, 0.3, -1.2);
  const ones = x.map(() => 1);
  for (const options of [{}, { sigma }, { sigma, absoluteSigma: false }]) {
    const line = fitLine(x, y, options);
    const model = fitLinearModel([ones, x], y, options);
    assertAllClose(model.parameters, line.parameters, 1e-12, 'parameters');
    assertAllClose(model.standardErrors, line.standardErrors, 1e-12, 'errors');
    assertAllClose(model.covariance[0], line.covariance[0], 1e-12, 'covariance row 0');
    assertClose(model.chiSquare, line.chiSquare, 1e-12, 'χ²');
  }
  const yq = x.map((v) => 1 - 2 * v + 0.5 * v * v);
  const quadratic = fitLinearModel([ones, x, x.map((v) => v * v)], yq);
  assertAllClose(quadratic.parameters, [1, -2, 0.5], 1e-12, 'parabola', 1e-13);
});

test('least squares: clear errors for bad input', () => {
  assert.throws(() => fitLine([1, 2, 3], [1, 2]), /fitLine: x has 3 values but y has 2/);
  assert.throws(() => fitLine([1, 2], [1, 2]), /fitLine: needs at least 3 points .*absoluteSigma = false/);
  assert.doesNotThrow(() => fitLine([1, 2], [1, 2], { sigma: [1, 1] }));
  assert.throws(() => fitLine([1, 2, NaN], [1, 2, 3]), /fitLine: x\[2\] is not a finite number/);
  assert.throws(() => fitLine([1, 2, 3], [1, 2, 3], { sigma: [1, 0, 1] }), /fitLine: sigma\[1\] must be > 0/);
  assert.throws(() => fitLine([1, 2, 3], [1, 2, 3], { sigma: [1, -1, 1] }), /sigma\[1\] must be > 0/);
  assert.throws(() => fitLine([1, 2, 3], [1, 2, 3], { sigma: [1, 1] }), /y has 3 values but sigma has 2/);
  assert.throws(() => fitLine([1, 2, 3], [1, 2, 3], { sigma: [1, 1, 1], weights: [1, 1, 1] }), /sigma or weights, not both/);
  assert.throws(() => fitLine([2, 2, 2], [1, 2, 3]), /all x values are equal/);
  assert.throws(() => fitLinearModel([[1, 1, 1], [2, 2, 2]], [1, 2, 3]), /rank-deficient/);
  assert.throws(() => fitLinearModel([], [1, 2, 3]), /at least one column/);
  assert.throws(() => fitLinearModel([[1, 1, 1], [1, 2]], [1, 2, 3]), /y has 3 values but designColumns\[1\] has 2/);
});

// ---------- Pearson (analytic) ----------

test('pearsonCorrelation: perfect correlation gives r = ±1, p = 0; n = 2 gives p = 1', () => {
  const x = [1, 2, 3, 4, 5, 6];
  assert.deepEqual(pearsonCorrelation(x, x.map((v) => 3 * v - 1)), { r: 1, pValue: 0, n: 6 });
  // Rounding may leave r one ulp short of −1 (as in scipy); p is then zero to ~30 digits.
  const anti = pearsonCorrelation(x, x.map((v) => -0.5 * v));
  assertClose(anti.r, -1, 0, 'r', 4e-16);
  assert.ok(anti.pValue < 1e-25, `p = ${anti.pValue}`);
  assert.deepEqual(pearsonCorrelation([1, 2], [5, 3]), { r: -1, pValue: 1, n: 2 });
  // Uncorrelated by construction: r = 0, p = 1.
  const zero = pearsonCorrelation([-1, 0, 1, 0], [0, 1, 0, -1]);
  assertClose(zero.r, 0, 0, 'r', 1e-15);
  assertClose(zero.pValue, 1, 1e-12, 'p');
  // p equals the t-test of r: t = r √((n−2)/(1−r²)) with n − 2 dof.
  const { x: sx, y: sy } = syntheticLine(3, 12, 0, 0.4);
  const c = pearsonCorrelation(sx, sy);
  const t = c.r * Math.sqrt((c.n - 2) / (1 - c.r * c.r));
  assertClose(c.pValue, studentTTwoSidedPValue(t, c.n - 2), 1e-12, 'p vs t-test');
});

test('pearsonCorrelation: clear errors', () => {
  assert.throws(() => pearsonCorrelation([1], [2]), /at least 2 points/);
  assert.throws(() => pearsonCorrelation([1, 2, 3], [1, 2]), /x has 3 values but y has 2/);
  assert.throws(() => pearsonCorrelation([1, 1, 1], [1, 2, 3]), /x is constant/);
  assert.throws(() => pearsonCorrelation([1, 2, 3], [4, 4, 4]), /y is constant/);
  assert.throws(() => pearsonCorrelation([1, 2, Infinity], [1, 2, 3]), /x\[2\] is not a finite number/);
});

// ---------- RMS and friends (analytic) ----------

test('rms, rmse, standardDeviation, mean, median, quantile on hand-computed cases', () => {
  assertClose(rms([3, 4]), Math.sqrt(12.5), 1e-15, 'rms');
  assertClose(rms([-2, 2, -2, 2]), 2, 1e-15, 'rms of ±2');
  assertClose(rmse([1, 2, 3], [1, 2, 5]), Math.sqrt(4 / 3), 1e-15, 'rmse');
  assertClose(rmse([1, 2, 3], [1, 2, 5], { ddof: 1 }), Math.sqrt(2), 1e-15, 'rmse ddof 1');
  assertClose(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), 2, 1e-15, 'std (ddof 0)');
  assertClose(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9], { ddof: 1 }), Math.sqrt(32 / 7), 1e-15, 'std (ddof 1)');
  assertClose(mean([1e16, 1, -1e16, 3]), 1, 0, 'mean', 2);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assert.equal(quantile([10, 20], 0.3), 13);
  assert.throws(() => rms([]), /rms: values is empty/);
  assert.throws(() => rmse([1, 2], [1]), /observed has 2 values but predicted has 1/);
  assert.throws(() => standardDeviation([1], { ddof: 1 }), /needs more than ddof = 1 values/);
  assert.throws(() => median([1, NaN]), /median: values\[1\] is not a finite number/);
});

// ---------- bootstrap (analytic / reproducibility) ----------

test('bootstrapLine: same seed → identical output; different seed → different samples', () => {
  const { x, y } = msa3dMassGradient();
  const a = bootstrapLine(x, y, { seed: 1, resamples: 300 });
  const b = bootstrapLine(x, y, { seed: 1, resamples: 300 });
  assert.deepEqual(a, b);
  const c = bootstrapLine(x, y, { seed: 2, resamples: 300 });
  assert.notDeepEqual(a.slopeSamples, c.slopeSamples);
  assert.equal(a.slopeSamples.length, 300);
  assert.equal(a.slope, a.summaries[1].median);
  assert.equal(a.interceptErr, a.summaries[0].sd);
});

test('bootstrap (generic) with a line-fit statistic equals bootstrapLine', () => {
  const { x, y, sigma } = msa3dMassGradient();
  const generic = bootstrap(
    x.length,
    (indices) => {
      const idx = Array.from(indices);
      const xs = idx.map((i) => x[i]);
      if (Math.min(...xs) === Math.max(...xs)) return [NaN, NaN];
      return fitLine(xs, idx.map((i) => y[i]), { sigma: idx.map((i) => sigma[i]) }).parameters;
    },
    { seed: 99, resamples: 200, ddof: 1 },
  );
  const line = bootstrapLine(x, y, { sigma, seed: 99, resamples: 200, ddof: 1 });
  assertAllClose(generic.samples[0], line.interceptSamples, 1e-10, 'intercept samples');
  assertAllClose(generic.samples[1], line.slopeSamples, 1e-10, 'slope samples');
  assertAllClose(generic.summaries.map((s) => s.sd), line.summaries.map((s) => s.sd), 1e-10, 'sd');
});

test('bootstrap: a constant statistic has zero spread; a mean statistic has the standard error spread', () => {
  const values = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
  const constant = bootstrap(values.length, () => 5, { seed: 3, resamples: 50 });
  assert.equal(constant.summaries[0].median, 5);
  assert.equal(constant.summaries[0].sd, 0);
  const meanBoot = bootstrap(values.length, (idx) => idx.reduce((s, i) => s + values[i], 0) / idx.length, { seed: 4, resamples: 4000 });
  // The bootstrap standard error of a mean tends to std(ddof=0)/√n.
  assertClose(meanBoot.summaries[0].sd, standardDeviation(values) / Math.sqrt(values.length), 0.05, 'bootstrap SE of the mean');
  assert.throws(() => bootstrap(5, () => 1, {} as { seed: number }), /options.seed is required/);
  assert.throws(() => bootstrap(5, () => 1, { seed: 1, resamples: 1 }), /resamples must be an integer ≥ 2/);
  assert.throws(() => bootstrapLine([1, 2], [1, 2], { seed: 1 }), /needs at least 3 points/);
});

test('bootstrapLine redraws degenerate resamples (all x equal) and stays finite', () => {
  const result = bootstrapLine([0, 0, 1], [1, 2, 3], { seed: 5, resamples: 500 });
  assert.ok(result.redrawn > 0, 'some resamples had a single distinct x');
  assert.ok(result.slopeSamples.every(Number.isFinite));
});

test('bootstrapLineBand brackets the median line', () => {
  const { x, y } = msa3dMassGradient();
  const boot = bootstrapLine(x, y, { seed: 11, resamples: 400 });
  const band = bootstrapLineBand(boot, [-1, 0, 1]);
  for (let i = 0; i < 3; i++) assert.ok(band.lower[i] < band.median[i] && band.median[i] < band.upper[i]);
  assert.throws(() => bootstrapLineBand(boot, [0], { coverage: 1 }), /coverage must be in \(0, 1\)/);
});

// ---------- scipy / numpy oracle: one Python process for every case ----------

const SCIPY_ORACLE = String.raw`
import json, sys
import numpy as np
from scipy import optimize, special, stats

data = json.load(sys.stdin)
out = {"lines": [], "models": [], "pearson": [], "betainc": [], "gammaln": [], "rms": [], "bootstrap": []}

def line(x, a, b):
    return a + b * x

for case in data["lines"]:
    x = np.array(case["x"]); y = np.array(case["y"])
    sigma = np.array(case["sigma"]) if case["sigma"] is not None else None
    # The exact Jacobian makes curve_fit's pcov exact too (its finite-difference one is good to ~1e-6 only).
    jac = lambda x, a, b: np.vstack([np.ones_like(x), x]).T
    popt, pcov = optimize.curve_fit(line, x, y, p0=[0.0, 0.0], sigma=sigma, absolute_sigma=case["absoluteSigma"], jac=jac)
    # numpy's linear algebra as a second opinion on the parameters
    w = np.ones_like(y) if sigma is None else 1 / sigma
    A = np.vstack([np.ones_like(x), x]).T
    beta = np.linalg.lstsq(A * w[:, None], y * w, rcond=None)[0]
    out["lines"].append({"popt": popt.tolist(), "pcov": pcov.tolist(), "lstsq": beta.tolist()})

for case in data["models"]:
    A = np.array(case["columns"]).T; y = np.array(case["y"])
    sigma = np.array(case["sigma"]) if case["sigma"] is not None else None
    f = lambda Aunused, *p: A @ np.array(p)
    popt, pcov = optimize.curve_fit(f, None, y, p0=np.zeros(A.shape[1]), sigma=sigma,
                                    absolute_sigma=case["absoluteSigma"], jac=lambda Aunused, *p: A)
    out["models"].append({"popt": popt.tolist(), "pcov": pcov.tolist()})

for case in data["pearson"]:
    res = stats.pearsonr(case["x"], case["y"])
    out["pearson"].append([float(res[0]), float(res[1])])

for x, a, b in data["betainc"]:
    out["betainc"].append(float(special.betainc(a, b, x)))
for x in data["gammaln"]:
    out["gammaln"].append(float(special.gammaln(x)))

for case in data["rms"]:
    v = np.array(case["values"]); m = np.array(case["model"])
    out["rms"].append({
        "rms": float(np.sqrt(np.mean(v ** 2))),
        "rmse": float(np.sqrt(np.mean((v - m) ** 2))),
        "std0": float(np.std(v)), "std1": float(np.std(v, ddof=1)),
        "mean": float(np.mean(v)), "median": float(np.median(v)),
        "q": [float(np.quantile(v, q)) for q in (0.0, 0.1, 0.16, 0.5, 0.84, 0.975, 1.0)],
    })

for samples in data["bootstrap"]:
    s = np.array(samples)
    out["bootstrap"].append({"median": float(np.median(s)), "std0": float(np.std(s)), "std1": float(np.std(s, ddof=1))})

print(json.dumps(out))
`;

test('stats agree with scipy/numpy (curve_fit, lstsq, pearsonr, betainc, gammaln, numpy RMS)', { skip: skipWithout(['scipy', 'numpy'], 'python3-scipy') }, () => {
  const python = findPython(['scipy', 'numpy'])!;
  const msa = msa3dMassGradient();
  assert.equal(msa.x.length, 25, 'MSA-3D Table 1 has 25 gradients');
  const synth = syntheticLine(101, 40, 1.5, -0.7);
  const small = syntheticLine(202, 6, -3, 2);

  type LineCase = { x: number[]; y: number[]; sigma: number[] | null; absoluteSigma: boolean };
  const lines: LineCase[] = [
    { x: msa.x, y: msa.y, sigma: null, absoluteSigma: false },
    { x: msa.x, y: msa.y, sigma: msa.sigma, absoluteSigma: true },
    { x: msa.x, y: msa.y, sigma: msa.sigma, absoluteSigma: false },
    { x: synth.x, y: synth.y, sigma: null, absoluteSigma: false },
    { x: synth.x, y: synth.y, sigma: synth.sigma, absoluteSigma: true },
    { x: synth.x, y: synth.y, sigma: synth.sigma, absoluteSigma: false },
    { x: small.x, y: small.y, sigma: small.sigma, absoluteSigma: true },
  ];
  const x2 = synth.x.map((v) => v * v);
  const ones = synth.x.map(() => 1);
  const yq = synth.x.map((v, i) => 0.2 + 0.5 * v - 0.3 * v * v + (synth.y[i] - (1.5 - 0.7 * v)));
  type ModelCase = { columns: number[][]; y: number[]; sigma: number[] | null; absoluteSigma: boolean };
  const models: ModelCase[] = [
    { columns: [ones, synth.x, x2], y: yq, sigma: null, absoluteSigma: false },
    { columns: [ones, synth.x, x2], y: yq, sigma: synth.sigma, absoluteSigma: true },
    { columns: [ones, synth.x, x2, synth.x.map((v) => Math.cos(v))], y: yq, sigma: synth.sigma, absoluteSigma: false },
  ];
  const strong = syntheticLine(303, 200, 0, 1);
  const pearsonCases = [
    { x: msa.x, y: msa.y },
    { x: synth.x, y: synth.y },
    { x: small.x, y: small.y },
    { x: strong.x, y: strong.y }, // r ≈ 0.98, p ≈ 1e-140: tests the tiny-p tail
    { x: synth.x, y: synth.sigma }, // weak correlation, p of order 0.1–1
    { x: [1, 2, 3], y: [1, 3, 2] },
  ];
  const betaGrid: [number, number, number][] = [];
  for (const x of [1e-6, 0.01, 0.3, 0.5, 0.8, 0.999]) {
    for (const [a, b] of [[0.5, 0.5], [11.5, 0.5], [2, 5], [30, 2], [0.1, 8], [98, 0.5], [200, 180]]) betaGrid.push([x, a, b]);
  }
  const gammaGrid = [1e-8, 0.001, 0.1, 0.5, 1.7, 3.14159, 10.5, 99.5, 1234.5, 1e6];
  const rmsCases = [
    { values: msa.y, model: evaluateLine(fitLine(msa.x, msa.y), msa.x) },
    { values: synth.y, model: synth.x.map((v) => 1.5 - 0.7 * v) },
  ];
  const boot = bootstrapLine(msa.x, msa.y, { seed: 20250101, resamples: 1000 });

  const oracle = runPython<{
    lines: { popt: number[]; pcov: number[][]; lstsq: number[] }[];
    models: { popt: number[]; pcov: number[][] }[];
    pearson: [number, number][];
    betainc: number[];
    gammaln: number[];
    rms: { rms: number; rmse: number; std0: number; std1: number; mean: number; median: number; q: number[] }[];
    bootstrap: { median: number; std0: number; std1: number }[];
  }>(python, SCIPY_ORACLE, {
    lines,
    models,
    pearson: pearsonCases,
    betainc: betaGrid,
    gammaln: gammaGrid,
    rms: rmsCases.map((c) => ({ values: c.values, model: Array.from(c.model) })),
    bootstrap: [Array.from(boot.interceptSamples), Array.from(boot.slopeSamples)],
  });

  const worst: Record<string, number> = {};
  const track = (key: string, actual: number, expected: number) => {
    worst[key] = Math.max(worst[key] ?? 0, relativeError(actual, expected));
  };

  lines.forEach((c, k) => {
    const fit = fitLine(c.x, c.y, c.sigma ? { sigma: c.sigma, absoluteSigma: c.absoluteSigma } : { absoluteSigma: c.absoluteSigma });
    const ref = oracle.lines[k];
    // curve_fit is iterative (Levenberg–Marquardt), converged to ~1e-8 relative; lstsq is a direct solve.
    assertAllClose(fit.parameters, ref.popt, 1e-6, `line case ${k} parameters vs curve_fit`);
    assertAllClose(fit.parameters, ref.lstsq, 1e-11, `line case ${k} parameters vs lstsq`);
    for (let i = 0; i < 2; i++) assertAllClose(fit.covariance[i], ref.pcov[i], 1e-6, `line case ${k} covariance row ${i}`);
    fit.parameters.forEach((v, i) => track('line parameters vs lstsq', v, ref.lstsq[i]));
    fit.covariance.forEach((row, i) => row.forEach((v, j) => track('line covariance vs curve_fit', v, ref.pcov[i][j])));
  });
  models.forEach((c, k) => {
    const fit = fitLinearModel(c.columns, c.y, c.sigma ? { sigma: c.sigma, absoluteSigma: c.absoluteSigma } : {});
    const ref = oracle.models[k];
    assertAllClose(fit.parameters, ref.popt, 1e-6, `model case ${k} parameters`);
    fit.covariance.forEach((row, i) => assertAllClose(row, ref.pcov[i], 1e-6, `model case ${k} covariance row ${i}`));
    fit.covariance.forEach((row, i) => row.forEach((v, j) => track('model covariance vs curve_fit', v, ref.pcov[i][j])));
  });

  pearsonCases.forEach((c, k) => {
    const { r, pValue } = pearsonCorrelation(c.x, c.y);
    const [rRef, pRef] = oracle.pearson[k];
    assertClose(r, rRef, 1e-13, `pearson case ${k} r`, 1e-15);
    assertClose(pValue, pRef, 1e-9, `pearson case ${k} p`);
    track('pearson r', r, rRef);
    track('pearson p', pValue, pRef);
  });

  betaGrid.forEach(([x, a, b], k) => {
    const v = regularizedIncompleteBeta(x, a, b);
    assertClose(v, oracle.betainc[k], 1e-11, `I_${x}(${a}, ${b})`, 1e-300);
    track('betainc', v, oracle.betainc[k]);
  });
  gammaGrid.forEach((x, k) => {
    const v = logGamma(x);
    assertClose(v, oracle.gammaln[k], 1e-13, `lnΓ(${x})`, 2e-15);
    track('gammaln', v, oracle.gammaln[k]);
  });

  rmsCases.forEach((c, k) => {
    const ref = oracle.rms[k];
    assertClose(rms(c.values), ref.rms, 1e-14, `rms case ${k}`);
    assertClose(rmse(c.values, c.model), ref.rmse, 1e-14, `rmse case ${k}`);
    assertClose(standardDeviation(c.values), ref.std0, 1e-14, `std ddof 0 case ${k}`);
    assertClose(standardDeviation(c.values, { ddof: 1 }), ref.std1, 1e-14, `std ddof 1 case ${k}`);
    assertClose(mean(c.values), ref.mean, 1e-14, `mean case ${k}`);
    assertClose(median(c.values), ref.median, 1e-15, `median case ${k}`);
    [0, 0.1, 0.16, 0.5, 0.84, 0.975, 1].forEach((q, i) => assertClose(quantile(c.values, q), ref.q[i], 1e-14, `quantile ${q} case ${k}`));
  });
  assertClose(fitLine(msa.x, msa.y).rmse, oracle.rms[0].rmse, 1e-14, 'LineFit.rmse');

  // The bootstrap summaries are numpy's median and std of the very same samples.
  [0, 1].forEach((j) => {
    assertClose(boot.summaries[j].median, oracle.bootstrap[j].median, 1e-15, `bootstrap median ${j}`);
    assertClose(boot.summaries[j].sd, oracle.bootstrap[j].std0, 1e-12, `bootstrap std ${j}`);
    const ddof1 = bootstrapLine(msa.x, msa.y, { seed: 20250101, resamples: 1000, ddof: 1 });
    assertClose(ddof1.summaries[j].sd, oracle.bootstrap[j].std1, 1e-12, `bootstrap std ddof 1, ${j}`);
  });

  // For the record (run with --test-reporter=spec to see it): worst relative errors and the MSA-3D numbers.
  const unweighted = fitLine(msa.x, msa.y);
  const corr = pearsonCorrelation(msa.x, msa.y);
  console.log(
    `stats vs scipy: ${Object.entries(worst).map(([k, v]) => `${k} ${v.toExponential(1)}`).join('; ')}\n` +
      `MSA-3D Table 1 (n=25): slope ${unweighted.slope.toFixed(6)} ± ${unweighted.slopeErr.toFixed(6)}, intercept ` +
      `${unweighted.intercept.toFixed(6)} ± ${unweighted.interceptErr.toFixed(6)}; r ${corr.r.toFixed(5)}, p ${corr.pValue.toFixed(5)}; ` +
      `bootstrap(1000, seed 20250101): slope ${boot.slope.toFixed(4)} ± ${boot.slopeErr.toFixed(4)}, intercept ` +
      `${boot.intercept.toFixed(4)} ± ${boot.interceptErr.toFixed(4)}`,
  );
});

test('summarizeSamples gives the median, the 16/84 percentiles (numpy), mean, sd (ddof 1) and ±, leaving the input alone', () => {
  const draws = [5, 1, 4, 2, 3];
  const s = summarizeSamples(draws);
  assert.deepEqual(draws, [5, 1, 4, 2, 3]);
  assert.equal(s.median, 3);
  assert.ok(Math.abs(s.p16 - 1.64) < 1e-12); // numpy.percentile([1..5], 16) = 1.64
  assert.ok(Math.abs(s.p84 - 4.36) < 1e-12);
  assert.ok(Math.abs(s.errPlus - 1.36) < 1e-12 && Math.abs(s.errMinus - 1.36) < 1e-12);
  assert.equal(s.mean, 3);
  assert.ok(Math.abs(s.sd - Math.sqrt(2.5)) < 1e-12);
  assert.throws(() => summarizeSamples([1]), /summarizeSamples: needs at least 2 draws/);
  assert.throws(() => summarizeSamples([1, NaN]), /non-finite/);
});
