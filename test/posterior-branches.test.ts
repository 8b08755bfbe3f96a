// Tests of bayes-metallicity/posterior-branches: the Maiolino 2008 [O III]/Hβ turnover against a numerical maximum of
// the polynomial, and the two-mode rule on seeded samples with known structure (one mode, two modes, a lopsided pair).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAIOLINO2008_O3HB, expectedRatioToHbeta, maiolino2008O3HbTurnoverOh, posteriorBranches } from '../kernel-lib/src/bayes-metallicity/index';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { InputError } from '../kernel-lib/src/errors/input-error';

test('the branch split is the maximum of the M08 [O III]/Hβ curve, found by a grid search', () => {
  assert.equal(MAIOLINO2008_O3HB.length, 4);
  let best = -Infinity;
  let bestOh = NaN;
  for (let oh = 7.0; oh <= 9.2; oh += 1e-4) {
    const r = expectedRatioToHbeta('OIII5007', oh);
    if (r > best) { best = r; bestOh = oh; }
  }
  assert.ok(Math.abs(maiolino2008O3HbTurnoverOh() - bestOh) < 2e-4, `${maiolino2008O3HbTurnoverOh()} vs grid ${bestOh}`);
});

function draw(seed: number, parts: { n: number; mean: number; sd: number }[]): Float64Array {
  const random = seededRandom(seed);
  const out: number[] = [];
  for (const p of parts) for (let i = 0; i < p.n; i++) out.push(random.normal(p.mean, p.sd));
  return Float64Array.from(out);
}

test('one mode on the upper branch is not bimodal and is reported as upper', () => {
  const b = posteriorBranches(draw(1, [{ n: 20000, mean: 8.5, sd: 0.08 }]));
  assert.equal(b.bimodal, false);
  assert.equal(b.reportedBranch, 'upper');
  assert.ok(b.upperFraction > 0.999);
  assert.ok(Math.abs(b.upperMedian - 8.5) < 0.01);
});

test('two separated modes are bimodal; the reported branch follows the median', () => {
  const b = posteriorBranches(draw(2, [{ n: 7000, mean: 7.45, sd: 0.08 }, { n: 13000, mean: 8.45, sd: 0.08 }]));
  assert.equal(b.bimodal, true);
  assert.equal(b.reportedBranch, 'upper');
  assert.ok(Math.abs(b.lowerFraction - 0.35) < 0.01, `${b.lowerFraction}`);
  assert.ok(Math.abs(b.lowerMedian - 7.45) < 0.01 && Math.abs(b.upperMedian - 8.45) < 0.01);
  const flipped = posteriorBranches(draw(3, [{ n: 13000, mean: 7.45, sd: 0.08 }, { n: 7000, mean: 8.45, sd: 0.08 }]));
  assert.equal(flipped.reportedBranch, 'lower');
});

test('a broad single mode straddling the split is not bimodal; a 2 % tail is not a branch', () => {
  assert.equal(posteriorBranches(draw(4, [{ n: 20000, mean: 7.9, sd: 0.3 }])).bimodal, false);
  const tail = posteriorBranches(draw(5, [{ n: 400, mean: 7.4, sd: 0.05 }, { n: 19600, mean: 8.5, sd: 0.05 }]));
  assert.equal(tail.bimodal, false);
  assert.ok(tail.lowerFraction > 0.015 && tail.lowerFraction < 0.025);
});

test('bad input is refused', () => {
  assert.throws(() => posteriorBranches([NaN]), InputError);
  assert.throws(() => posteriorBranches([8.1], { binWidthDex: 0 }), InputError);
});
