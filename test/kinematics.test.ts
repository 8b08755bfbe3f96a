// Kinematics (kernel-lib/src/kinematics, Ju et al. §4.2): the arctan model against its analytic values and the
// simulator's velocity field, the pseudo-slit geometry, σ0, v_c/σ0 and its class, M_dyn, refusals of bad input, the
// coverage of v_c's 68 % interval over seeded synthetic fields, and the recovery of a simulated cube's rotation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arctanRotationSpeedKms, arctanVelocityKms, binMajorAxisProfile, diskVelocityKms, dynamicalMassMsun, dynamicalMassPosterior, fitKinematics, fitRotationCurve, G_KPC_KMS2_PER_MSUN, kinematicClassOf, kinematicMapsFromCubeFit, lineOfSightVelocityKms, majorAxisProfile, majorAxisVelocityKms, sigma0, vOverSigma, type KinematicsGeometry } from '../kernel-lib/src/kinematics/index';
import { rotationCurvePlot } from '../kernel-lib/src/plot/index';
import { defaultSkyOrientation, deprojectOffset, deprojectSpaxels, inclinationFromAxisRatioDeg } from '../kernel-lib/src/geometry/index';
import { seededRandom } from '../kernel-lib/src/stats/index';
import { simulateCube, simulatedCubeToCube } from '../kernel-lib/src/simulate/index';
import { fitCube, closeWorkerPool } from '../kernel-lib/src/linemaps/index';
import { close } from './helpers/close';

const DEG = Math.PI / 180;

// ---------- the model ----------

test('arctan curve (eq. 3): V(0) = v0, V(R_t) = v0 + v_c/2, V(∞) → v0 + v_c, odd about v0; projections', () => {
  const curve = { v0Kms: 12, vcKms: 250, rtKpc: 1.5 };
  close(arctanVelocityKms(0, curve), 12, 0);
  close(arctanVelocityKms(1.5, curve), 12 + 125, 1e-12);
  close(arctanVelocityKms(-1.5, curve), 12 - 125, 1e-12);
  close(arctanVelocityKms(1e9, curve), 12 + 250, 1e-4);
  close(arctanRotationSpeedKms(1.5 * Math.sqrt(3), 250, 1.5), (2 / Math.PI) * 250 * (Math.PI / 3), 1e-12, 'arctan √3 = π/3');
  close(majorAxisVelocityKms(1.5, curve, 30), 12 + 0.5 * 125, 1e-12, 'sin 30° = ½');
  close(majorAxisVelocityKms(1.5, curve, 30, -1), 12 - 0.5 * 125, 1e-12, 'sense −1');
  // on the major axis the disk model is the major-axis model; on the minor axis it is v0
  close(diskVelocityKms(2, 0, curve, 60), majorAxisVelocityKms(2, curve, 60), 1e-12);
  close(diskVelocityKms(0, 1.3, curve, 60), 12, 1e-12);
  close(diskVelocityKms(0, 0, curve, 60), 12, 0);
});

test("the disk model is the simulator's velocity field (same PA, sense and deprojection conventions)", () => {
  const rng = seededRandom(21);
  for (let k = 0; k < 200; k++) {
    const pa = 360 * rng.uniform();
    const axisRatio = 0.2 + 0.8 * rng.uniform();
    const east = 6 * rng.normal();
    const north = 6 * rng.normal();
    const curve = { v0Kms: 30 * rng.normal(), vcKms: 300 * rng.uniform(), rtKpc: 0.2 + 3 * rng.uniform() };
    const p = deprojectOffset(east, north, pa, axisRatio);
    const simulated = lineOfSightVelocityKms(curve, p.radius, p.radius > 0 ? p.major / p.radius : 0, Math.sqrt(1 - axisRatio * axisRatio));
    const major = east * Math.sin(pa * DEG) + north * Math.cos(pa * DEG);
    const minor = east * Math.cos(pa * DEG) - north * Math.sin(pa * DEG);
    close(diskVelocityKms(major, minor, curve, Math.acos(axisRatio) / DEG), simulated, 1e-9, `point ${k}`);
  }
});

test('inclination: cos i = b/a (b/a = 0.48 → 61.3°, the paper\'s 61°), Hubble thickness formula', () => {
  close(inclinationFromAxisRatioDeg(0.48), Math.acos(0.48) / DEG, 1e-12);
  assert.equal(Math.round(inclinationFromAxisRatioDeg(0.48)), 61);
  close(inclinationFromAxisRatioDeg(1), 0, 0);
  close(inclinationFromAxisRatioDeg(0.2, { q0: 0.2 }), 90, 0);
  close(inclinationFromAxisRatioDeg(0.5, { q0: 0.2 }), Math.acos(Math.sqrt((0.25 - 0.04) / 0.96)) / DEG, 1e-12);
  assert.ok(inclinationFromAxisRatioDeg(0.5, { q0: 0.2 }) > inclinationFromAxisRatioDeg(0.5), 'a thick disk is more inclined at the same b/a');
  assert.throws(() => inclinationFromAxisRatioDeg(0), /b\/a must be in \(0, 1\]/);
  assert.throws(() => inclinationFromAxisRatioDeg(0.5, { q0: 1 }), /q0 must be in \[0, 1\)/);
});

// ---------- pseudo-slit ----------

function grid(nx: number, ny: number, pa: number, axisRatio = 0.5, scale = 0.1): ReturnType<typeof deprojectSpaxels> {
  return deprojectSpaxels({ nx, ny, centreXPix: (nx - 1) / 2, centreYPix: (ny - 1) / 2, positionAngleDeg: pa, axisRatio, orientation: defaultSkyOrientation(scale), redshift: 1, reKpc: 3 });
}

test('pseudo-slit: PA 0 selects the north–south column, PA 90 the east–west row (+x is west), signed radius toward PA', () => {
  const g0 = grid(9, 11, 0);
  const n = 9 * 11;
  const v = Float64Array.from({ length: n }, (_, i) => i);
  const e = new Float64Array(n).fill(5);
  const north = majorAxisProfile(v, e, g0, { slitWidthArcsec: 0.1 });
  assert.equal(north.index.length, 11);
  for (let j = 0; j < 11; j++) {
    const i = north.index[j];
    assert.equal(i % 9, 4, 'the central column');
    close(north.radiusArcsec[j], (Math.floor(i / 9) - 5) * 0.1, 1e-12, 'radius = north offset');
    close(north.radiusKpc[j], north.radiusArcsec[j] * g0.kpcPerArcsec, 1e-12);
  }
  assert.ok(north.radiusArcsec.every((r, j) => j === 0 || r > north.radiusArcsec[j - 1]), 'sorted by radius');
  const east = majorAxisProfile(v, e, grid(9, 11, 90), { slitWidthArcsec: 0.1 });
  assert.equal(east.index.length, 9);
  for (let j = 0; j < 9; j++) {
    const i = east.index[j];
    assert.equal(Math.floor(i / 9), 5, 'the central row');
    close(east.radiusArcsec[j], -((i % 9) - 4) * 0.1, 1e-12, 'east is −x');
  }
  // a 0.3" slit at PA 0 takes three columns; at PA 45 the spaxels within 0.15" of the diagonal (counted directly)
  assert.equal(majorAxisProfile(v, e, g0, { slitWidthArcsec: 0.3 }).index.length, 33);
  const g45 = grid(9, 11, 45);
  let expected = 0;
  for (let i = 0; i < n; i++) if (Math.abs(g45.eastArcsec[i] * Math.cos(45 * DEG) - g45.northArcsec[i] * Math.sin(45 * DEG)) <= 0.15 + 1e-12) expected++;
  const diag = majorAxisProfile(v, e, g45, { slitWidthArcsec: 0.3 });
  assert.equal(diag.index.length, expected);
  assert.ok(diag.acrossArcsec.every((b) => Math.abs(b) <= 0.15 + 1e-12));
  // the positionAngleDeg option overrides the geometry's PA
  assert.deepEqual(majorAxisProfile(v, e, g0, { slitWidthArcsec: 0.1, positionAngleDeg: 90 }).index, east.index);
});

test('pseudo-slit: selection mask, skipped spaxels, σ carried, binning with medians and s/√n', () => {
  const g = grid(9, 11, 0);
  const n = 99;
  const v = Float64Array.from({ length: n }, (_, i) => 10 * (Math.floor(i / 9) - 5));
  const e = new Float64Array(n).fill(4);
  const s = new Float64Array(n).fill(40);
  const selected = new Uint8Array(n).fill(1);
  selected[5 * 9 + 4] = 0; // the centre
  v[6 * 9 + 4] = NaN;
  e[7 * 9 + 4] = 0;
  const p = majorAxisProfile(v, e, g, { slitWidthArcsec: 0.1, selected, sigmaKms: s });
  assert.equal(p.index.length, 8);
  assert.equal(p.nSkipped, 2);
  assert.ok(p.sigmaKms.every((x) => x === 40));
  // three columns, bins of 0.2": the bin at +0.2" holds rows +1.5 … +2.5 → y offsets +2 (and +1 is out: |0.1/0.2| rounds to 0 or 1)
  const wide = majorAxisProfile(v, new Float64Array(n).fill(4), g, { slitWidthArcsec: 0.3, sigmaKms: s });
  const bins = binMajorAxisProfile(wide, 0.2);
  for (let b = 0; b < bins.centreArcsec.length; b++) {
    const members: number[] = [];
    for (let j = 0; j < wide.radiusArcsec.length; j++) if (Math.round(wide.radiusArcsec[j] / 0.2) === Math.round(bins.centreArcsec[b] / 0.2)) members.push(wide.velocityKms[j]);
    assert.equal(bins.count[b], members.length);
    const sorted = [...members].sort((a, c) => a - c);
    close(bins.velocityKms[b], (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2, 1e-12, 'median');
    const mean = members.reduce((a, c) => a + c, 0) / members.length;
    const sd = Math.sqrt(members.reduce((a, c) => a + (c - mean) ** 2, 0) / (members.length - 1));
    close(bins.velocityErrKms[b], sd / Math.sqrt(members.length), 1e-12, 's/√n');
    close(bins.sigmaKms[b], 40, 0);
  }
  close(bins.centreKpc[1], bins.centreArcsec[1] * g.kpcPerArcsec, 1e-12);
  assert.throws(() => majorAxisProfile(v, e.subarray(1), g), /majorAxisProfile: velocity has 99 spaxels but velocityErr has 98/);
  assert.throws(() => majorAxisProfile(v, e, g, { slitWidthArcsec: 0 }), /slitWidthArcsec must be a finite number > 0/);
  assert.throws(() => binMajorAxisProfile(p, -1), /binMajorAxisProfile: binWidthArcsec must be a finite number > 0/);
});

// ---------- σ0, v/σ, M_dyn ----------

test('σ0: median and s/√N of the spaxels beyond 3 kpc (or √(π/2) s/√N); refusals', () => {
  const rng = seededRandom(8);
  const n = 300;
  const radius = Float64Array.from({ length: n }, () => 8 * rng.uniform());
  const sigma = Float64Array.from(radius, (r) => (r > 3 ? 45 + 6 * rng.normal() : 120));
  sigma[0] = NaN;
  const used = Array.from(sigma).filter((s, i) => radius[i] > 3 && Number.isFinite(s)).sort((a, b) => a - b);
  const m = used.length;
  const median = (used[(m - 1) >> 1] + used[m >> 1]) / 2;
  const mean = used.reduce((a, b) => a + b, 0) / m;
  const sd = Math.sqrt(used.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1));
  const r = sigma0(sigma, radius);
  assert.equal(r.n, m);
  close(r.sigma0Kms, median, 1e-12);
  close(r.sigma0ErrKms, sd / Math.sqrt(m), 1e-12);
  close(r.scatterKms, sd, 1e-12);
  close(sigma0(sigma, radius, { errorMethod: 'median-standard-error' }).sigma0ErrKms, Math.sqrt(Math.PI / 2) * sd / Math.sqrt(m), 1e-12);
  const selected = Uint8Array.from(radius, (x) => (x > 5 ? 1 : 0));
  assert.equal(sigma0(sigma, radius, { selected }).n, Array.from(radius).filter((x, i) => x > 5 && Number.isFinite(sigma[i])).length);
  assert.throws(() => sigma0(sigma, radius, { minRadiusKpc: 100 }), /sigma0: needs at least 2 spaxels with finite σ beyond 100 kpc \(got 0\)/);
  assert.throws(() => sigma0(sigma, radius.subarray(1)), /sigma0: sigma has 300 spaxels but radius has 299/);
  assert.throws(() => sigma0([-1, 40, 40], [4, 4, 4]), /sigma0: sigmaKms\[0\] is negative/);
});

test("v_c/σ0 with propagated error reproduces the paper's ID9960 value; classes; M_dyn = V²R/G", () => {
  const id9960 = vOverSigma(250, (6 + 5) / 2, 48.9, 1.6);
  close(id9960.ratio, 5.13, 0.03, 'v/σ (paper 5.13)');
  close(id9960.ratioErr, 0.2, 0.005, 'error (paper 0.20)');
  assert.equal(id9960.kinematicClass, 'well-settled');
  const id4391 = vOverSigma(82, 3.5, 42.7, 1.8);
  close(id4391.ratio, 1.91, 0.02, 'v/σ (paper 1.91)');
  assert.equal(id4391.kinematicClass, 'disturbed');
  assert.equal(id4391.rotationSupported, true);
  assert.equal(kinematicClassOf(3.0001), 'well-settled');
  assert.equal(kinematicClassOf(3), 'disturbed');
  assert.equal(kinematicClassOf(1), 'dispersion-dominated');
  assert.equal(vOverSigma(30, 1, 40, 1).rotationSupported, false);
  assert.throws(() => vOverSigma(100, 1, 0, 1), /vOverSigma: sigma0Kms must be > 0/);
  // G from the IAU nominal GM☉ and the parsec (analytic constants)
  close(G_KPC_KMS2_PER_MSUN, 1.3271244e20 / 3.0856775814913673e19 / 1e6, 1e-14); // GM☉ [m³ s⁻²] / kpc [m] / (m/km)²
  close(dynamicalMassMsun(200, 10), (200 * 200 * 10) / G_KPC_KMS2_PER_MSUN, 1);
  // the paper's "≈ 10¹¹ M☉ within 6 kpc" for v_c = 250 km/s: within 0.3 dex for any R_t ≤ 2 kpc (V²R/G ≤ 10^10.94 as R_t → 0)
  for (const rt of [0.5, 1, 2]) {
    const m = dynamicalMassPosterior([250], [rt], 6);
    assert.ok(Math.abs(m.log10MassMsun.median - 11) < 0.3, `log M = ${m.log10MassMsun.median}`);
  }
  const post = dynamicalMassPosterior([190, 200, 210], [1, 1, 1], 5);
  close(post.massMsun.median, dynamicalMassMsun(arctanRotationSpeedKms(5, 200, 1), 5), 1e-3);
  assert.ok(post.massMsun.p16 < post.massMsun.median && post.massMsun.p84 > post.massMsun.median);
  assert.throws(() => dynamicalMassPosterior([200], [1, 2], 5), /dynamicalMassPosterior: needs equal, non-zero numbers/);
});

// ---------- the fit ----------

test('fitRotationCurve: noise-free data recovered; free inclination; seeded; refusals', () => {
  const truth = { v0Kms: 8, vcKms: 180, rtKpc: 1.2 };
  const x = Float64Array.from({ length: 41 }, (_, k) => -8 + 0.4 * k);
  const v = x.map((r) => majorAxisVelocityKms(r, truth, 55));
  const err = new Float64Array(41).fill(5);
  const fit = fitRotationCurve({ majorKpc: x, velocityKms: v, velocityErrKms: err }, { seed: 1, inclinationDeg: 55, scatter: false, nLive: 200 });
  assert.equal(fit.sense, 1);
  assert.ok(fit.vcKms.p16 < 180 && fit.vcKms.p84 > 180, `v_c interval ${fit.vcKms.p16}–${fit.vcKms.p84}`);
  close(fit.vcKms.median, 180, 4);
  close(fit.rtKpc.median, 1.2, 0.08);
  close(fit.v0Kms.median, 8, 1.5);
  assert.ok(fit.rmseKms < 1, `rmse ${fit.rmseKms} of noise-free data`);
  assert.ok(fit.band.p16Kms.every((lo, g) => lo <= fit.band.medianKms[g] && fit.band.medianKms[g] <= fit.band.p84Kms[g]));
  // the other sense: flip the data
  const flipped = fitRotationCurve({ majorKpc: x, velocityKms: v.map((u) => 16 - u), velocityErrKms: err }, { seed: 1, inclinationDeg: 55, scatter: false, nLive: 100 });
  assert.equal(flipped.sense, -1);
  close(flipped.vcKms.median, 180, 6);
  // same seed → same numbers
  const again = fitRotationCurve({ majorKpc: x, velocityKms: v, velocityErrKms: err }, { seed: 1, inclinationDeg: 55, scatter: false, nLive: 200 });
  assert.equal(again.vcKms.median, fit.vcKms.median);
  assert.equal(again.logZ, fit.logZ);
  // free inclination on the major axis: only v_c sin i is measured, so i follows its prior
  const free = fitRotationCurve({ majorKpc: x, velocityKms: v, velocityErrKms: err }, { seed: 2, inclinationPrior: { kind: 'normal', mean: 55, sd: 4 }, scatter: false, nLive: 150 });
  assert.equal(free.inclinationFree, true);
  close(free.inclinationDeg.median, 55, 1.5);
  close(free.inclinationDeg.p84 - free.inclinationDeg.p16, 8, 1.5, 'prior width ±4°');
  close(free.vcKms.median * Math.sin(free.inclinationDeg.median * DEG), 180 * Math.sin(55 * DEG), 4, 'v_c sin i');

  const data = { majorKpc: x, velocityKms: v, velocityErrKms: err };
  assert.throws(() => fitRotationCurve(data, { seed: 1 }), /fitRotationCurve: give exactly one of inclinationDeg \(fixed\) and inclinationPrior \(free\)/);
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationDeg: 50, inclinationPrior: { kind: 'uniform', lo: 10, hi: 80 } }), /exactly one/);
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationDeg: 95 }), /inclinationDeg must be in \(0, 90\]/);
  assert.throws(() => fitRotationCurve({ ...data, velocityErrKms: err.map((e, k) => (k === 3 ? 0 : e)) }, { seed: 1, inclinationDeg: 50 }), /fitRotationCurve: velocityErrKms\[3\] must be > 0/);
  assert.throws(() => fitRotationCurve({ ...data, velocityKms: v.map((u, k) => (k === 2 ? NaN : u)) }, { seed: 1, inclinationDeg: 50 }), /velocityKms\[2\] is not a finite number/);
  assert.throws(() => fitRotationCurve({ ...data, majorKpc: x.subarray(1) }, { seed: 1, inclinationDeg: 50 }), /majorKpc must have 41 values \(got 40\)/);
  assert.throws(() => fitRotationCurve({ majorKpc: [1, 2, 3], velocityKms: [1, 2, 3], velocityErrKms: [1, 1, 1] }, { seed: 1, inclinationDeg: 50 }), /needs more data points than the 4 free parameters \(got 3\)/);
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationDeg: 50, priors: { rtKpc: { kind: 'uniform', lo: 0, hi: 5 } } }), /the R_t prior must be > 0/);
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationDeg: 50, priors: { vcKms: { kind: 'uniform', lo: -100, hi: 300 } } }), /the v_c prior must be ≥ 0/);
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationDeg: 50, model: 'ring' as never }), /model must be 'major-axis' or 'disk'/);
  assert.throws(() => fitRotationCurve(data, { seed: 1, inclinationPrior: { kind: 'uniform', lo: 10, hi: 120 } }), /inclination prior must lie within \[0, 90\]/);
});

/** A noisy synthetic velocity field from the disk model on a 23 × 31 grid of 0.08" spaxels (the MSA-3D field). */
function syntheticField(seed: number, extraScatterKms = 0) {
  const rng = seededRandom(7000 + seed);
  const pa = 180 * rng.uniform();
  const axisRatio = 0.3 + 0.5 * rng.uniform();
  const geometry = deprojectSpaxels({ nx: 23, ny: 31, centreXPix: 11, centreYPix: 15, positionAngleDeg: pa, axisRatio, orientation: defaultSkyOrientation(0.08), redshift: 1.2, reKpc: 4 });
  const truth = { v0Kms: 20 * rng.normal(), vcKms: 100 + 150 * rng.uniform(), rtKpc: 0.5 + 2 * rng.uniform() };
  const n = 23 * 31;
  const velocityKms = new Float64Array(n);
  const velocityErrKms = new Float64Array(n);
  const sigmaKms = new Float64Array(n);
  const selected = new Uint8Array(n);
  const inc = Math.acos(axisRatio) / DEG;
  for (let i = 0; i < n; i++) {
    const major = geometry.eastArcsec[i] * Math.sin(pa * DEG) + geometry.northArcsec[i] * Math.cos(pa * DEG);
    const minor = geometry.eastArcsec[i] * Math.cos(pa * DEG) - geometry.northArcsec[i] * Math.sin(pa * DEG);
    velocityErrKms[i] = 8 + 12 * rng.uniform();
    velocityKms[i] = diskVelocityKms(major * geometry.kpcPerArcsec, minor * geometry.kpcPerArcsec, truth, inc) + velocityErrKms[i] * rng.normal() + extraScatterKms * rng.normal();
    sigmaKms[i] = 45 + 8 * rng.normal();
    selected[i] = geometry.radiusKpc[i] < 9 ? 1 : 0; // the S/N cut of a real map: an elliptical aperture
  }
  return { maps: { velocityKms, velocityErrKms, sigmaKms, selected }, geometry, truth };
}

function coverage(t: { diagnostic: (s: string) => void }, label: string, method: 'major-axis' | 'disk', slitWidthArcsec: number, nSeeds: number) {
  let inside = 0;
  const pulls: number[] = [];
  let seconds = 0;
  for (let seed = 0; seed < nSeeds; seed++) {
    const { maps, geometry, truth } = syntheticField(seed);
    const r = fitKinematics(maps, geometry, { seed, method, slitWidthArcsec, scatter: false, nLive: 150 });
    seconds += r.rotation.nested.seconds;
    if (truth.vcKms >= r.vcKms.p16 && truth.vcKms <= r.vcKms.p84) inside++;
    pulls.push((r.vcKms.median - truth.vcKms) / ((r.vcKms.p84 - r.vcKms.p16) / 2));
  }
  const mean = pulls.reduce((a, b) => a + b, 0) / nSeeds;
  const sd = Math.sqrt(pulls.reduce((a, b) => a + (b - mean) ** 2, 0) / (nSeeds - 1));
  t.diagnostic(`${label}: v_c inside its 16–84 % interval in ${inside}/${nSeeds} = ${(inside / nSeeds).toFixed(2)}; pull mean ${mean.toFixed(2)}, sd ${sd.toFixed(2)}; ${seconds.toFixed(1)} s of sampling`);
  return inside / nSeeds;
}

test('coverage over 50 seeded 2-D fields, full-field disk model: v_c inside its 68 % interval ≥ 60 % of the time', (t) => {
  assert.ok(coverage(t, "method 'disk'", 'disk', 0.24, 50) >= 0.6);
});

test("coverage over 50 seeded 2-D fields, the paper's major-axis profile in a one-spaxel (0.08\") slit: ≥ 60 %", (t) => {
  assert.ok(coverage(t, "method 'major-axis', 0.08\" slit", 'major-axis', 0.08, 50) >= 0.6);
});

test('fitKinematics: one typed summary (σ0, v/σ, class, M_dyn, notes), seeded, 2-D inclination prior; bad input refused', () => {
  const { maps, geometry, truth } = syntheticField(3);
  const r = fitKinematics(maps, geometry, { seed: 4, nLive: 150 });
  assert.equal(r.method, 'major-axis');
  assert.equal(r.sense, 1);
  close(r.recedingPositionAngleDeg, geometry.positionAngleDeg, 1e-12);
  close(r.inclinationDeg.median, Math.acos(geometry.axisRatio) / DEG, 1e-9, 'inclination from b/a');
  assert.equal(r.inclinationFree, false);
  const s = sigma0(maps.sigmaKms, geometry.radiusKpc, { selected: maps.selected });
  assert.equal(r.sigma0Kms, s.sigma0Kms);
  assert.equal(r.sigma0ErrKms, s.sigma0ErrKms);
  const ratio = vOverSigma(r.vcKms.median, (r.vcKms.p84 - r.vcKms.p16) / 2, s.sigma0Kms, s.sigma0ErrKms);
  assert.equal(r.vcOverSigma0, ratio.ratio);
  assert.equal(r.kinematicClass, ratio.kinematicClass);
  assert.ok(r.mdyn !== null && r.mdyn.radiusKpc === 4, 'M_dyn within R_e by default');
  assert.ok(r.scatterKms !== null, 'scatter fitted by default');
  assert.ok(r.rmseKms > 5 && r.rmseKms < 40);
  assert.deepEqual(fitKinematics(maps, geometry, { seed: 4, nLive: 150 }).vcKms, r.vcKms);
  const bins = fitKinematics(maps, geometry, { seed: 4, nLive: 150, fitTo: 'bins' });
  assert.equal(bins.nFitted, bins.bins.centreKpc.length);
  // the 2-D field constrains i: a broad prior narrows around the truth
  const free = fitKinematics(maps, geometry, { seed: 5, nLive: 150, method: 'disk', scatter: false, inclination: { prior: { kind: 'uniform', lo: 20, hi: 85 } } });
  const inc = Math.acos(geometry.axisRatio) / DEG;
  assert.ok(free.inclinationDeg.p84 - free.inclinationDeg.p16 < 20, 'the field constrains i');
  assert.ok(Math.abs(free.inclinationDeg.median - inc) < 3 * (free.inclinationDeg.p84 - free.inclinationDeg.p16), `i = ${free.inclinationDeg.median} vs ${inc}`);
  assert.ok(Math.abs(free.vcKms.median - truth.vcKms) < 3 * (free.vcKms.p84 - free.vcKms.p16));
  const noRadius = fitKinematics(maps, { ...geometry, reKpc: null } as KinematicsGeometry, { seed: 4, nLive: 100 });
  assert.equal(noRadius.mdyn, null);
  assert.ok(noRadius.notes.some((n) => /no dynamical mass/.test(n)));
  const tiny = fitKinematics(maps, geometry, { seed: 4, nLive: 100, sigma0MinRadiusKpc: 50 });
  assert.equal(tiny.sigma0Kms, null);
  assert.equal(tiny.kinematicClass, null);
  assert.throws(() => fitKinematics({ ...maps, sigmaKms: maps.sigmaKms.subarray(2) }, geometry, { seed: 1 }), /fitKinematics: sigmaKms has 711 spaxels but velocityKms has 713/);
  assert.throws(() => fitKinematics(maps, geometry, { seed: 1, method: 'disk', fitTo: 'bins' }), /fitTo 'bins' applies to the major-axis method only/);
  assert.throws(() => fitKinematics(maps, geometry, { seed: 1, inclination: 'photometric' as never }), /inclination must be 'axis-ratio', \{ fixedDeg \} or \{ prior \}/);
  assert.throws(() => kinematicMapsFromCubeFit({ maps: {}, selected: new Uint8Array(0) }), /the fit has no 'velocity' map/);

  const fig = rotationCurvePlot({ radiusKpc: r.profile.radiusKpc, velocityKms: r.profile.velocityKms, velocityErrKms: r.profile.velocityErrKms, sigmaKms: r.profile.sigmaKms, bins: r.bins, band: r.rotation.band, title: 'synthetic' });
  assert.equal((fig.svg.match(/<circle/g) ?? []).length, r.profile.radiusKpc.length * 2 + r.bins.centreKpc.length);
  assert.match(fig.svg, /<path/);
});

test('a simulated cube (simulateCube → fitCube, no PSF) gives back its injected rotation, sense and σ0', async (t) => {
  const truth = { v0Kms: 15, vcKms: 200, rtKpc: 1 };
  const params = {
    redshift: 1.2, positionAngleDeg: 50, axisRatio: 0.5, rotation: truth, reContinuumKpc: 3,
    halpha: { kind: 'total-flux' as const, fluxErg: 6e-16 }, psf: { fwhmXArcsec: 0, fwhmYArcsec: 0 },
  };
  const fit = await fitCube(simulatedCubeToCube(simulateCube(params, { seed: 3 })), { progress: 'none' });
  await closeWorkerPool();
  const geometry = deprojectSpaxels({ nx: 23, ny: 31, centreXPix: 11, centreYPix: 15, positionAngleDeg: 50, axisRatio: 0.5, orientation: defaultSkyOrientation(0.08), redshift: 1.2, reKpc: 3 });
  for (const method of ['major-axis', 'disk'] as const) {
    const r = fitKinematics(kinematicMapsFromCubeFit(fit), geometry, { seed: 1, method, nLive: 200 });
    t.diagnostic(`${method}: ${r.nFitted} points, v_c = ${r.vcKms.median.toFixed(1)} (${r.vcKms.p16.toFixed(1)}–${r.vcKms.p84.toFixed(1)}) km/s (injected 200), R_t = ${r.rtKpc.median.toFixed(2)} kpc (1), ` +
      `v0 = ${r.v0Kms.median.toFixed(1)} (15), σ0 = ${r.sigma0Kms!.toFixed(1)} ± ${r.sigma0ErrKms!.toFixed(1)} (40), v/σ = ${r.vcOverSigma0!.toFixed(2)}, RMSE ${r.rmseKms.toFixed(1)} km/s`);
    assert.equal(r.sense, 1, 'the half at PA recedes, as the simulator builds it');
    close(r.vcKms.median, 200, 0.03 * 200, `${method} v_c`);
    close(r.v0Kms.median, 15, 2, `${method} v0`);
    close(r.sigma0Kms!, 40, 0.05 * 40, 'σ0');
    assert.equal(r.kinematicClass, 'well-settled');
  }
});
