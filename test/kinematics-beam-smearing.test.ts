// The beam-smeared rotation model (kernel-lib/src/kinematics/beam-smearing.ts): exact limits (no PSF; a linear field
// under a symmetric PSF), injection–recovery on the simulator's noise-free beam-smeared velocity field, where the
// intrinsic model is biased and the smeared one is not, the class exclusion of kinematicMapsFromCubeFit, and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SPAXEL_CLASS_CODES } from '../kernel-lib/src/classify/index';
import { MSA3D_PSF } from '../kernel-lib/src/instrument/index';
import { AGN_LIKE_CLASSES, diskVelocityKms, fitRotationCurve, kinematicMapsFromCubeFit, prepareBeamSmearing, smearedVelocityInto } from '../kernel-lib/src/kinematics/index';
import { defaultSimulationParams, simulationPreview } from '../kernel-lib/src/simulate/index';

/** A sky grid like the simulator's: +x west, +y north, 0.08" spaxels. */
function skyGrid(nx: number, ny: number, cx: number, cy: number, kpcPerArcsec: number, scale = 0.08) {
  const eastArcsec = new Float64Array(nx * ny);
  const northArcsec = new Float64Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      eastArcsec[y * nx + x] = -(x - cx) * scale;
      northArcsec[y * nx + x] = (y - cy) * scale;
    }
  }
  return { nx, ny, eastArcsec, northArcsec, kpcPerArcsec };
}

const DEG = Math.PI / 180;

test('no PSF, one subpixel per spaxel: the smeared model is the thin-disk model at the spaxel centres', () => {
  const grid = skyGrid(15, 17, 7, 8, 8);
  const pa = 35;
  const bs = prepareBeamSmearing(grid, pa, { psf: { fwhmXArcsec: 0, fwhmYArcsec: 0 }, weight: new Float64Array(15 * 17).fill(1), oversampling: 1 });
  const index = Int32Array.from({ length: 15 * 17 }, (_, i) => i);
  const out = new Float64Array(index.length);
  const inc = 55;
  const curve = { v0Kms: 7, vcKms: 180, rtKpc: 0.9 };
  smearedVelocityInto(bs, curve.v0Kms, Math.sin(inc * DEG) * (2 / Math.PI) * curve.vcKms, curve.rtKpc, Math.cos(inc * DEG), index, out);
  let worst = 0;
  for (const i of index) {
    const major = (grid.eastArcsec[i] * Math.sin(pa * DEG) + grid.northArcsec[i] * Math.cos(pa * DEG)) * grid.kpcPerArcsec;
    const minor = (grid.eastArcsec[i] * Math.cos(pa * DEG) - grid.northArcsec[i] * Math.sin(pa * DEG)) * grid.kpcPerArcsec;
    worst = Math.max(worst, Math.abs(out[i] - diskVelocityKms(major, minor, curve, inc)));
  }
  assert.ok(worst < 1e-9, `largest difference ${worst} km/s`);
});

test('a linear velocity field (solid body, R_t ≫ R) is unchanged by a symmetric PSF away from the edges', () => {
  const grid = skyGrid(31, 31, 15, 15, 8);
  const bs = prepareBeamSmearing(grid, 20, { psf: { fwhmXArcsec: 0.2, fwhmYArcsec: 0.12 }, weight: new Float64Array(31 * 31).fill(2.5) });
  const interior: number[] = [];
  for (let y = 10; y <= 20; y++) for (let x = 10; x <= 20; x++) interior.push(y * 31 + x);
  const rt = 1e6;
  const amplitude = 1e6 * 0.8; // A atan(R/R_t) cos θ → A x / R_t = 0.8 x (km/s per kpc)
  const smeared = new Float64Array(interior.length);
  smearedVelocityInto(bs, 3, amplitude, rt, Math.cos(40 * DEG), interior, smeared);
  const sharp = prepareBeamSmearing(grid, 20, { psf: { fwhmXArcsec: 0, fwhmYArcsec: 0 }, weight: new Float64Array(31 * 31).fill(1) });
  const intrinsic = new Float64Array(interior.length);
  smearedVelocityInto(sharp, 3, amplitude, rt, Math.cos(40 * DEG), interior, intrinsic);
  let worst = 0;
  let spread = 0;
  for (let k = 0; k < interior.length; k++) {
    worst = Math.max(worst, Math.abs(smeared[k] - intrinsic[k]));
    spread = Math.max(spread, Math.abs(intrinsic[k] - 3));
  }
  assert.ok(spread > 1, 'the field must vary across the interior for the test to mean anything');
  assert.ok(worst < 1e-6, `largest difference ${worst} km/s`);
});

test("the simulator's noise-free beam-smeared field: the smeared model recovers v_c and R_t, the intrinsic model does not", () => {
  const p = { ...defaultSimulationParams(1.2), addNoise: false };
  const { truth } = simulationPreview(p);
  const t = truth.spaxels;
  const g = truth.global;
  const grid = skyGrid(p.nx, p.ny, p.centreXPix, p.centreYPix, g.kpcPerArcsec, p.pixelScaleArcsec);
  const pa = p.positionAngleDeg * DEG;
  const index: number[] = [];
  for (let i = 0; i < t.velocityKms.length; i++) if (t.expectedSelected[i]) index.push(i);
  assert.ok(index.length > 100, `${index.length} selected spaxels`);
  const data = {
    majorKpc: index.map((i) => (grid.eastArcsec[i] * Math.sin(pa) + grid.northArcsec[i] * Math.cos(pa)) * g.kpcPerArcsec),
    minorKpc: index.map((i) => (grid.eastArcsec[i] * Math.cos(pa) - grid.northArcsec[i] * Math.sin(pa)) * g.kpcPerArcsec),
    velocityKms: index.map((i) => t.velocityKms[i]),
    velocityErrKms: index.map(() => 5),
    spaxelIndex: index,
  };
  const options = { seed: 3, model: 'disk' as const, inclinationDeg: g.inclinationDeg, scatter: false, nLive: 150 };
  const plain = fitRotationCurve(data, options);
  const bs = prepareBeamSmearing(grid, p.positionAngleDeg, { psf: p.psf, weight: t.haFlux });
  const smeared = fitRotationCurve(data, { ...options, beamSmearing: bs });
  const vc = p.rotation.vcKms;
  // measured: intrinsic model 157.6 (R_t 1.5), smeared 150.0 (R_t 1.2) for the injected 150, 1.2
  assert.ok(Math.abs(smeared.vcKms.median - vc) < 0.01 * vc, `smeared v_c ${smeared.vcKms.median} vs ${vc}`);
  assert.ok(Math.abs(smeared.rtKpc.median - p.rotation.rtKpc) < 0.05 * p.rotation.rtKpc, `smeared R_t ${smeared.rtKpc.median}`);
  assert.ok(plain.vcKms.median - vc > 0.03 * vc, `the intrinsic model should be biased high here (got ${plain.vcKms.median})`);
  assert.ok(smeared.rmseKms < plain.rmseKms / 3, `RMSE smeared ${smeared.rmseKms} vs intrinsic ${plain.rmseKms}`);
  assert.equal(smeared.beamSmeared, true);
  assert.equal(plain.beamSmeared, false);
});

test('kinematicMapsFromCubeFit drops the spaxels of excluded classes without touching the fit', () => {
  const n = 4;
  const fit = {
    maps: { velocity: new Float64Array(n), velocity_err: new Float64Array(n).fill(1), sigma: new Float64Array(n) },
    selected: Uint8Array.from([1, 1, 0, 1]),
  };
  const classCode = Uint8Array.from([SPAXEL_CLASS_CODES.sf, SPAXEL_CLASS_CODES.sagn, SPAXEL_CLASS_CODES.sagn, SPAXEL_CLASS_CODES.retired]);
  const maps = kinematicMapsFromCubeFit(fit, { classCode, excludeClasses: AGN_LIKE_CLASSES });
  assert.deepEqual(Array.from(maps.selected!), [1, 0, 0, 1]);
  assert.deepEqual(Array.from(fit.selected), [1, 1, 0, 1]);
  assert.throws(() => kinematicMapsFromCubeFit(fit, { excludeClasses: ['sagn'] }), /classCode/);
});

test('refusals: bad grid, weights, PSF, missing spaxel indices, spaxels without light', () => {
  const grid = skyGrid(9, 9, 4, 4, 8);
  const weight = new Float64Array(81).fill(1);
  assert.throws(() => prepareBeamSmearing({ ...grid, nx: 1 }, 0, { psf: MSA3D_PSF, weight }), /nx, ny/);
  assert.throws(() => prepareBeamSmearing(grid, 0, { psf: MSA3D_PSF, weight: weight.subarray(1) }), /weight map/);
  assert.throws(() => prepareBeamSmearing(grid, 0, { psf: { fwhmXArcsec: -1, fwhmYArcsec: 0.08 }, weight }), /psf\.fwhmXArcsec must be/);
  assert.throws(() => prepareBeamSmearing(grid, 0, { psf: MSA3D_PSF, weight: new Float64Array(81).fill(NaN) }), /no spaxel/);
  const data = { majorKpc: [0.1, 0.2, 0.3, -0.1, -0.2, -0.3], velocityKms: [1, 2, 3, -1, -2, -3], velocityErrKms: [1, 1, 1, 1, 1, 1] };
  const bs = prepareBeamSmearing(grid, 0, { psf: { fwhmXArcsec: 0, fwhmYArcsec: 0 }, weight: Float64Array.from(weight, (_, i) => (i === 0 ? 0 : 1)) });
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationDeg: 60, beamSmearing: bs }), /spaxelIndex/);
  assert.throws(() => fitRotationCurve({ ...data, spaxelIndex: [0, 1, 2, 3, 4, 5] }, { seed: 1, inclinationDeg: 60, beamSmearing: bs }), /no light/);
  assert.throws(() => fitRotationCurve({ ...data, spaxelIndex: [1, 2, 3, 4, 5, 81] }, { seed: 1, inclinationDeg: 60, beamSmearing: bs }), /not a spaxel/);
});
