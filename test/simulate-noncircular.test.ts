// Non-circular motions in the simulator: the field's rms and correlation length (measured), its disk-plane
// anisotropy on the sky, determinism and independence of the noise seed, null → unchanged cube, input checks, the
// truth's bookkeeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonCircularVelocityField, buildEmissionModel, resolveSimulationParams, simulateCube, simulationPreview, truthRows, defaultAgnCore, type SimulationParamsInput } from '../kernel-lib/src/simulate/index';
import { mean, rms, standardDeviation } from '../kernel-lib/src/stats/index';


/** Lag correlation ρ(dx, dy) of a map (row-major, nx × ny) about zero, normalised by its mean square. */
function lagCorrelation(v: Float64Array, nx: number, ny: number, dx: number, dy: number): number {
  let sum = 0;
  let count = 0;
  for (let j = 0; j + dy < ny; j++) for (let i = 0; i + dx < nx; i++) { sum += v[j * nx + i] * v[(j + dy) * nx + i + dx]; count++; }
  return sum / count / rms(v) ** 2;
}

/** ℓ from −ln ρ(r) = r²/2ℓ² (least squares through the origin in r²) at lags 1…k steps of `stepKpc` along x and y. */
function fittedCorrelationKpc(v: Float64Array, nx: number, ny: number, stepKpc: number, lags: number, axes: Array<[number, number]>): number {
  let num = 0;
  let den = 0;
  for (let k = 1; k <= lags; k++) {
    for (const [ax, ay] of axes) {
      const r = k * stepKpc;
      num += r ** 4;
      den += r * r * -Math.log(lagCorrelation(v, nx, ny, k * ax, k * ay));
    }
  }
  return Math.sqrt(num / (2 * den));
}

const meanAndError = (xs: number[]) => ({ mean: mean(xs), se: standardDeviation(xs, { ddof: 1 }) / Math.sqrt(xs.length) });

test('the field has exactly the requested rms and mean 0, and its measured correlation length is ℓ (Monte Carlo over 8 seeds)', () => {
  // a 40 × 40 kpc disk region sampled every 0.3 kpc, offset from the grid nodes so that the interpolation is exercised
  const n = 134;
  const step = 0.3;
  const x = new Float64Array(n * n);
  const y = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { x[j * n + i] = 0.1 + (i - n / 2) * step; y[j * n + i] = 0.1 + (j - n / 2) * step; }
  const ell = 1;
  const estimates: number[] = [];
  for (let seed = 1; seed <= 8; seed++) {
    const f = nonCircularVelocityField({ rmsKms: 30, correlationKpc: ell, seed }, x, y).valuesKms;
    assert.ok(Math.abs(rms(f) - 30) < 1e-9, `rms ${rms(f)} ≠ 30`);
    assert.ok(Math.abs(mean(f)) < 1e-9, `mean ${mean(f)} ≠ 0`);
    estimates.push(fittedCorrelationKpc(f, n, n, step, 5, [[1, 0], [0, 1]]));
  }
  const { mean: meanEll, se } = meanAndError(estimates);
  // tolerance: 3 standard errors of the 8-seed mean (measured se ≈ 0.01 kpc; the mean-removal bias, 2πℓ²/A ≈ 0.4 % in ρ, is far below)
  assert.ok(Math.abs(meanEll - ell) < 3 * se, `measured ℓ = ${meanEll.toFixed(4)} ± ${se.toFixed(4)} kpc, requested ${ell}`);
  // the covariance is Gaussian: at r = 2ℓ, ρ = e^{−2} = 0.135 (an exponential of the same ℓ would give 0.24)
  const f = nonCircularVelocityField({ rmsKms: 30, correlationKpc: ell, seed: 11 }, x, y).valuesKms;
  const rho2 = mean([lagCorrelation(f, n, n, Math.round((2 * ell) / step), 0), lagCorrelation(f, n, n, 0, Math.round((2 * ell) / step))]);
  const r2 = Math.round((2 * ell) / step) * step;
  assert.ok(Math.abs(rho2 - Math.exp(-(r2 * r2) / (2 * ell * ell))) < 0.05, `ρ(${r2.toFixed(1)} kpc) = ${rho2.toFixed(3)}, Gaussian ${Math.exp(-(r2 * r2) / 2).toFixed(3)}`);
});

test('in the cube the field lives in the disk plane: on the sky its correlation along the minor axis is shorter by b/a', () => {
  // PA = 0: the major axis runs along the fine grid's y (north), the minor along x; b/a = 0.5
  const ratios: number[] = [];
  for (let seed = 1; seed <= 4; seed++) {
    const p = resolveSimulationParams({ redshift: 1.2, positionAngleDeg: 0, axisRatio: 0.5, nonCircular: { rmsKms: 30, correlationKpc: 2, seed } });
    const model = buildEmissionModel(p);
    const f = model.fineNonCircularKms!;
    assert.ok(Math.abs(rms(f) - 30) < 1e-9, 'rms over the subpixels is the requested one');
    const subKpc = (model.kpcPerArcsec * p.pixelScaleArcsec) / p.oversampling;
    const major = fittedCorrelationKpc(f, model.opX.nFine, model.opY.nFine, subKpc, 4, [[0, 1]]);
    const minor = fittedCorrelationKpc(f, model.opX.nFine, model.opY.nFine, subKpc, 4, [[1, 0]]);
    ratios.push(minor / major);
  }
  const { mean: meanRatio } = meanAndError(ratios);
  // measured 0.52 (4 seeds, se ≈ 0.008, plus the subpixel sampling of a 1 kpc sky scale); a sky-plane field would give 1
  assert.ok(Math.abs(meanRatio - 0.5) < 0.06, `minor/major correlation length on the sky ${meanRatio.toFixed(3)}, expected b/a = 0.5`);
});

test('same seed → same field and cube; another field seed → another field; the noise seed leaves the field alone', () => {
  const nc = { rmsKms: 25, correlationKpc: 1, seed: 7 };
  const small: SimulationParamsInput = { redshift: 1.4, nx: 9, ny: 11, centreXPix: 4, centreYPix: 5, nonCircular: nc };
  const a = simulateCube(small, { seed: 3 });
  const b = simulateCube(small, { seed: 3 });
  assert.deepEqual(a.flux, b.flux);
  assert.deepEqual(a.truth.spaxels.nonCircularKms, b.truth.spaxels.nonCircularKms);
  const otherNoise = simulateCube(small, { seed: 4 });
  assert.deepEqual(otherNoise.truth.spaxels.nonCircularKms, a.truth.spaxels.nonCircularKms, 'the field does not depend on the noise seed');
  assert.notDeepEqual(otherNoise.flux, a.flux);
  const otherField = simulationPreview({ ...small, nonCircular: { ...nc, seed: 8 } });
  assert.notDeepEqual(otherField.truth.spaxels.nonCircularKms, a.truth.spaxels.nonCircularKms);
  assert.deepEqual(a.truth.global.nonCircular, nc);
});

test('null (or omitted) non-circular motions leave the cube unchanged, and a zero-rms field changes nothing either', () => {
  const base: SimulationParamsInput = { redshift: 1.4, nx: 9, ny: 11, centreXPix: 4, centreYPix: 5 };
  const omitted = simulateCube(base, { seed: 2 });
  const asNull = simulateCube({ ...base, nonCircular: null }, { seed: 2 });
  const zero = simulateCube({ ...base, nonCircular: { rmsKms: 0, correlationKpc: 1, seed: 5 } }, { seed: 2 });
  assert.equal(omitted.params.nonCircular, null);
  assert.deepEqual(asNull.flux, omitted.flux);
  assert.deepEqual(zero.flux, omitted.flux);
  assert.deepEqual(zero.truth.spaxels.velocityKms, omitted.truth.spaxels.velocityKms);
  assert.equal(omitted.truth.spaxels.nonCircularKms, null);
  assert.ok(!('non_circular' in truthRows(omitted.truth.spaxels)[0]), 'no non-circular columns without motions');
  assert.ok('non_circular' in truthRows(zero.truth.spaxels)[0]);
});

test('the truth holds the motions: v − nonCircular is the circular cube, at the spaxel centres and beam-smeared', () => {
  const base: SimulationParamsInput = { redshift: 1.4, nx: 9, ny: 11, centreXPix: 4, centreYPix: 5, agn: { ...defaultAgnCore(), centralHalphaFraction: 0.5 } };
  const circular = simulationPreview(base).truth.spaxels;
  const moving = simulationPreview({ ...base, nonCircular: { rmsKms: 40, correlationKpc: 0.8, seed: 2 } }).truth.spaxels;
  let maxSmeared = 0;
  let maxCentre = 0;
  for (let i = 0; i < circular.velocityKms.length; i++) {
    maxSmeared = Math.max(maxSmeared, Math.abs(moving.velocityKms[i] - moving.nonCircularKms![i] - circular.velocityKms[i]));
    maxCentre = Math.max(maxCentre, Math.abs(moving.velocityModelKms[i] - moving.nonCircularModelKms![i] - circular.velocityModelKms[i]));
  }
  assert.ok(maxSmeared < 1e-9 && maxCentre < 1e-9, `differences ${maxSmeared}, ${maxCentre} km/s`);
  assert.ok(rms(moving.nonCircularKms!) > 1, 'the motions reach the spaxels');
  // beam smearing and the Hα weighting average the field down, and motions broaden the lines
  assert.ok(rms(moving.nonCircularKms!) < 40);
  const broader = moving.sigmaKms.filter((s, i) => s > circular.sigmaKms[i]).length;
  assert.ok(broader > 0.9 * moving.sigmaKms.length, `${broader} of ${moving.sigmaKms.length} spaxels broader`);
});

test('bad non-circular inputs throw one-line errors naming the field', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ rmsKms: -1, correlationKpc: 1, seed: 1 }, /nonCircular\.rmsKms/],
    [{ rmsKms: NaN, correlationKpc: 1, seed: 1 }, /nonCircular\.rmsKms/],
    [{ rmsKms: 10, correlationKpc: 0, seed: 1 }, /nonCircular\.correlationKpc/],
    [{ rmsKms: 10, correlationKpc: Infinity, seed: 1 }, /nonCircular\.correlationKpc/],
    [{ rmsKms: 10, correlationKpc: 1, seed: 1.5 }, /nonCircular\.seed/],
    [{ rmsKms: 10, correlationKpc: 1, seed: -1 }, /nonCircular\.seed/],
    ['fast', /nonCircular must be an object/],
  ];
  for (const [nonCircular, pattern] of bad) {
    assert.throws(() => resolveSimulationParams({ redshift: 1, nonCircular: nonCircular as never }), pattern);
  }
  assert.throws(() => simulationPreview({ redshift: 1, nonCircular: { rmsKms: 10, correlationKpc: 1e-3, seed: 1 } }), /correlationKpc = 0.001 is too small/);
  const spec = { rmsKms: 10, correlationKpc: 1, seed: 1 };
  assert.throws(() => nonCircularVelocityField(spec, [0, 1, 2], [0, 1]), /xDiskKpc has 3 points but yDiskKpc has 2/);
  assert.throws(() => nonCircularVelocityField(spec, [0], [0]), /at least 2 points/);
  assert.throws(() => nonCircularVelocityField(spec, [0, NaN], [0, 1]), /point 1 is not finite/);
  assert.throws(() => nonCircularVelocityField(spec, [1, 1], [2, 2]), /no variance/);
  const field = nonCircularVelocityField(spec, [0, 3], [0, 3]);
  assert.throws(() => field.at(5, 0), /outside the sampled region/);
});
