// InputError: every public entry point refuses bad input with a typed error, a stable code and a one-line message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, type InputErrorCode } from '../kernel-lib/src/errors/input-error';
import { checkFiniteNumber, checkInteger, checkOneOf, checkSeed } from '../kernel-lib/src/errors/check-options';
import type { Cube } from '../kernel-lib/src/io/cube';
import { fitCube } from '../kernel-lib/src/linemaps/fit-cube';
import { createSpectrumFitter } from '../kernel-lib/src/spectra/fit-spectrum';
import { constantDispersion } from '../kernel-lib/src/instrument/line-spread-function';
import { analyzeGalaxy } from '../kernel-lib/src/analyze/analyze-galaxy';
import { fitMetallicityGradient } from '../kernel-lib/src/gradient/fit-gradient';
import { fitKinematics, type KinematicMaps, type KinematicsGeometry } from '../kernel-lib/src/kinematics/fit-kinematics';
import { fitRotationCurve } from '../kernel-lib/src/kinematics/rotation-fit';
import { simulateCube } from '../kernel-lib/src/simulate/simulate-cube';
import { nestedSample } from '../kernel-lib/src/nested/nested-sample';
import { sampleEnsemble } from '../kernel-lib/src/mcmc/ensemble-sampler';
import { initialBall } from '../kernel-lib/src/mcmc/initial-ball';
import { inferMetallicity } from '../kernel-lib/src/bayes-metallicity/infer-metallicity';
import { fitLinmix } from '../kernel-lib/src/linmix/linmix';
import { bootstrap, bootstrapLine } from '../kernel-lib/src/stats/bootstrap';
import { voronoiBinning } from '../kernel-lib/src/voronoi/voronoi-binning';

/** A predicate for assert.throws / assert.rejects: an InputError with this code, a one-line message naming `where`. */
function inputError(code: InputErrorCode, where: string) {
  return (e: unknown) => {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.name, 'InputError');
    assert.ok(e.message.startsWith(`${where}: `), e.message);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  };
}

test('the option checks return the value or throw InputError with the right code', () => {
  assert.equal(checkFiniteNumber('f', 'x', 2, { min: 0 }), 2);
  assert.throws(() => checkFiniteNumber('f', 'x', NaN), inputError('not-finite', 'f'));
  assert.throws(() => checkFiniteNumber('f', 'x', -1, { min: 0 }), /f: x must be a finite number ≥ 0 \(got -1\)/);
  assert.throws(() => checkFiniteNumber('f', 'x', 1, { above: 1 }), inputError('out-of-range', 'f'));
  assert.equal(checkInteger('f', 'n', 3, { min: 1 }), 3);
  assert.throws(() => checkInteger('f', 'n', 2.5), inputError('not-integer', 'f'));
  assert.throws(() => checkInteger('f', 'n', 0, { min: 1 }), /f: n must be an integer ≥ 1 \(got 0\)/);
  assert.equal(checkOneOf('f', 'mode', 'a', ['a', 'b']), 'a');
  assert.throws(() => checkOneOf('f', 'mode', 'c', ['a', 'b']), /f: mode must be one of 'a', 'b' \(got 'c'\)/);
  assert.equal(checkSeed('f', { seed: 7 }), 7);
  assert.throws(() => checkSeed('f', undefined), inputError('missing', 'f'));
  assert.throws(() => checkSeed('f', { seed: -1 }), inputError('out-of-range', 'f'));
  assert.throws(() => checkSeed('f', { seed: 0.5 }), inputError('not-integer', 'f'));
});

test('fitCube and createSpectrumFitter refuse bad options with InputError', async () => {
  const cube = { flux: new Float64Array(8), redshift: null, source: { path: 'fake.fits' } } as unknown as Cube;
  await assert.rejects(fitCube(cube, { redshift: 1, workers: -1 }), inputError('out-of-range', 'fitCube'));
  await assert.rejects(fitCube(cube, { redshift: 1, workers: 1.5 }), inputError('not-integer', 'fitCube'));
  await assert.rejects(fitCube(cube, { redshift: 1, progress: 'loud' as never }), inputError('not-one-of', 'fitCube'));
  await assert.rejects(fitCube(cube, { redshift: NaN }), inputError('not-finite', 'fitCube'));
  await assert.rejects(fitCube(null as unknown as Cube), inputError('missing', 'fitCube'));
  await assert.rejects(fitCube(cube, { workers: 0, progress: 'none' }), inputError('missing', 'fake.fits'));
  const lam = [6000, 6001, 6002];
  assert.throws(() => createSpectrumFitter(lam, { redshift: -2, instrument: constantDispersion(0) }), inputError('out-of-range', 'createSpectrumFitter'));
  assert.throws(() => createSpectrumFitter(lam, { redshift: 1 } as never), inputError('missing', 'createSpectrumFitter'));
  assert.throws(() => createSpectrumFitter([6000], { redshift: 1, instrument: constantDispersion(0) }), inputError('too-few', 'createSpectrumFitter'));
  assert.throws(() => createSpectrumFitter(lam, { redshift: 1, instrument: constantDispersion(0), kinematics: 'free' as never }), inputError('not-one-of', 'createSpectrumFitter'));
});

test('analyzeGalaxy checks its metadata before fitting the cube', async () => {
  const cube = { flux: new Float64Array(8), redshift: 1, source: { path: 'fake.fits' } } as unknown as Cube;
  await assert.rejects(analyzeGalaxy(cube, { positionAngleDeg: 10, axisRatio: 1.5 }), inputError('out-of-range', 'analyzeGalaxy'));
  await assert.rejects(analyzeGalaxy(cube, { positionAngleDeg: NaN, axisRatio: 0.5 }), inputError('not-finite', 'analyzeGalaxy'));
  await assert.rejects(analyzeGalaxy(cube, { positionAngleDeg: 10, axisRatio: 0.5, gradientWeighting: 'chi2' as never }), inputError('not-one-of', 'analyzeGalaxy'));
  await assert.rejects(analyzeGalaxy(cube, { positionAngleDeg: 10, axisRatio: 0.5, diagnostic: 'o3n2' as never }), inputError('not-one-of', 'analyzeGalaxy'));
  await assert.rejects(analyzeGalaxy(cube, undefined as never), inputError('missing', 'analyzeGalaxy'));
});

test('fitMetallicityGradient, fitKinematics and fitRotationCurve refuse bad options with InputError', () => {
  const r = [1, 2, 3, 4];
  const oh = [8.5, 8.4, 8.3, 8.2];
  assert.throws(() => fitMetallicityGradient(r, oh.slice(1)), inputError('length-mismatch', 'fitMetallicityGradient'));
  assert.throws(() => fitMetallicityGradient(r, oh, { errorMethod: 'bootstrap' }), inputError('missing', 'fitMetallicityGradient'));
  assert.throws(() => fitMetallicityGradient(r, oh, { errorMethod: 'jackknife' as never }), inputError('not-one-of', 'fitMetallicityGradient'));
  assert.throws(() => fitMetallicityGradient(r, oh, { rMin: 3, rMax: 2 }), inputError('inconsistent', 'fitMetallicityGradient'));
  const maps = { velocityKms: [1, 2], velocityErrKms: [1, 1], sigmaKms: [30, 30] } as unknown as KinematicMaps;
  const geometry = { radiusKpc: [1, 2] } as unknown as KinematicsGeometry;
  assert.throws(() => fitKinematics(maps, geometry, {} as never), inputError('missing', 'fitKinematics'));
  assert.throws(() => fitKinematics(maps, geometry, { seed: 1, method: 'ring' as never }), inputError('not-one-of', 'fitKinematics'));
  assert.throws(() => fitKinematics({ ...maps, sigmaKms: [30] } as never, geometry, { seed: 1 }), inputError('length-mismatch', 'fitKinematics'));
  const data = { majorKpc: [1, 2, 3, 4, 5, 6], velocityKms: [1, 2, 3, 4, 5, 6], velocityErrKms: [1, 1, 1, 1, 1, 1] };
  assert.throws(() => fitRotationCurve(data, { inclinationDeg: 50 } as never), inputError('missing', 'fitRotationCurve'));
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationDeg: 95 }), inputError('out-of-range', 'fitRotationCurve'));
});

test('simulateCube takes its seed as an option and refuses bad parameters with InputError', () => {
  assert.throws(() => simulateCube({ redshift: 1.3 }, undefined as never), inputError('missing', 'simulateCube'));
  assert.throws(() => simulateCube({ redshift: 1.3 }, { seed: -3 }), inputError('out-of-range', 'simulateCube'));
  assert.throws(() => simulateCube({ redshift: 20 }, { seed: 1 }), inputError('out-of-range', 'simulateCube'));
  assert.throws(() => simulateCube({ redshift: 1.3, nx: 2 }, { seed: 1 }), inputError('out-of-range', 'simulateCube'));
});

test('the samplers (nested, ensemble MCMC, LINMIX, bootstrap) refuse bad options with InputError', () => {
  const prior = { nDim: 1, transform: (u: Float64Array, th: Float64Array) => void (th[0] = u[0]) };
  const ok = () => 0;
  assert.throws(() => nestedSample(ok, prior, undefined as never), inputError('missing', 'nestedSample'));
  assert.throws(() => nestedSample(ok, prior, { seed: 1.5 }), inputError('not-integer', 'nestedSample'));
  assert.throws(() => nestedSample(ok, prior, { seed: 1, tolerance: 0 }), inputError('out-of-range', 'nestedSample'));
  assert.throws(() => nestedSample(ok, prior, { seed: 1, nLive: 1 }), inputError('out-of-range', 'nestedSample'));
  assert.throws(() => nestedSample(ok, prior, { seed: 1, bound: 'box' as never }), inputError('not-one-of', 'nestedSample'));
  const initial = new Float64Array([0.1, 0.2]);
  assert.throws(() => sampleEnsemble(ok, { initial, nDim: 1, nSteps: 10 } as never), inputError('missing', 'sampleEnsemble'));
  assert.throws(() => sampleEnsemble(ok, { initial, nDim: 1, nSteps: 1, seed: 1 }), inputError('out-of-range', 'sampleEnsemble'));
  assert.throws(() => sampleEnsemble(ok, { initial, nDim: 0.5, nSteps: 10, seed: 1 }), inputError('not-integer', 'sampleEnsemble'));
  assert.throws(() => initialBall([0], [1], { nWalkers: 4 } as never), inputError('missing', 'initialBall'));
  assert.throws(() => initialBall([0], [1, 2], { nWalkers: 4, seed: 1 }), inputError('length-mismatch', 'initialBall'));
  const lines = { Hbeta: { flux: 10, error: 1 }, OIII5007: { flux: 30, error: 1 } };
  assert.throws(() => inferMetallicity(lines, {} as never), inputError('missing', 'inferMetallicity'));
  assert.throws(() => inferMetallicity(lines, { seed: 1, nWalkers: 5 }), inputError('out-of-range', 'inferMetallicity'));
  assert.throws(() => inferMetallicity({ ...lines, Foo: { flux: 1, error: 1 } } as never, { seed: 1 }), inputError('not-one-of', 'inferMetallicity'));
  const x = [1, 2, 3, 4, 5];
  const y = [2, 4, 5, 8, 9];
  assert.throws(() => fitLinmix(x, y, {} as never), inputError('missing', 'fitLinmix'));
  assert.throws(() => fitLinmix(x, y, { seed: 1, components: 0 }), inputError('out-of-range', 'fitLinmix'));
  assert.throws(() => fitLinmix(x, y, { seed: 1, components: 21 }), inputError('out-of-range', 'fitLinmix'));
  assert.throws(() => fitLinmix(x, y.slice(1), { seed: 1 }), inputError('length-mismatch', 'fitLinmix'));
  assert.throws(() => bootstrap(5, () => 1, {} as never), inputError('missing', 'bootstrap'));
  assert.throws(() => bootstrap(5, () => 1, { seed: 1, resamples: 1 }), inputError('out-of-range', 'bootstrap'));
  assert.throws(() => bootstrapLine([1, 2], [1, 2], { seed: 1 }), inputError('too-few', 'bootstrapLine'));
});

test('voronoiBinning refuses bad input with InputError', () => {
  const x = [0, 1, 2];
  const y = [0, 0, 0];
  const signal = [1, 1, 1];
  const noise = [1, 1, 1];
  assert.throws(() => voronoiBinning(x, y, signal, noise, -1), inputError('out-of-range', 'voronoiBinning'));
  assert.throws(() => voronoiBinning(x, y.slice(1), signal, noise, 5), inputError('length-mismatch', 'voronoiBinning'));
  assert.throws(() => voronoiBinning(x, y, [1, NaN, 1], noise, 5), inputError('not-finite', 'voronoiBinning'));
  assert.throws(() => voronoiBinning(x, y, signal, [1, 0, 1], 5), inputError('out-of-range', 'voronoiBinning'));
});
