// Geometry (Ju et al., MSA-3D §3.2): thin-disk deprojection against analytic cases, pixel → sky orientation from the
// WCS, agreement with the simulator's independent disk geometry, kpc and R/R_e scales, and the continuum-peak centre.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  continuumCentre,
  defaultSkyOrientation,
  deprojectOffset,
  diskToSkyOffset,
  axisRatioFromInclinationDeg,
  deprojectSpaxels,
  galaxyGeometry,
  NoContinuumWindowError,
  pixelOffsetToSky,
  skyOrientationFromHeader,
  skyOrientationOf,
  inclinationFromAxisRatioDeg,
  type SkyOrientation,
} from '../kernel-lib/src/geometry/index';
import { kpcPerArcsec, flatLambdaCdm } from '../kernel-lib/src/cosmology/index';
import { seededRandom } from '../kernel-lib/src/stats/index';
import { simulateCube, simulatedCubeToCube, simulationPreview } from '../kernel-lib/src/simulate/index';
import { close } from './helpers/close';

const DEG = Math.PI / 180;
/** Angles equal modulo 360°. */
const closeAngle = (actual: number, expected: number, tol: number, what = '') =>
  close(Math.abs(((actual - expected + 540) % 360) - 180), 0, tol, `${what} ${actual}° vs ${expected}°:`);
/** Unit vector toward position angle θ (from north through east) as (east, north). */
const toward = (paDeg: number, length: number) => ({ east: length * Math.sin(paDeg * DEG), north: length * Math.cos(paDeg * DEG) });

// ---------- analytic deprojection ----------

test('points on the major axis keep their offset as radius, on either side', () => {
  for (const pa of [0, 30, 90, 137, 200, -45]) {
    for (const ba of [1, 0.7, 0.3, 0.05]) {
      for (const side of [0, 180]) {
        const p = toward(pa + side, 2.5);
        const d = deprojectOffset(p.east, p.north, pa, ba);
        close(d.radius, 2.5, 1e-12, `PA ${pa} b/a ${ba}`);
        close(d.major, side === 0 ? 2.5 : -2.5, 1e-12);
        close(d.minor, 0, 1e-12);
        closeAngle(d.azimuthDeg, side, 1e-9);
        assert.ok(d.azimuthDeg >= 0 && d.azimuthDeg < 360);
      }
    }
  }
});

test('points on the minor axis are stretched by 1/(b/a)', () => {
  for (const pa of [0, 30, 90, 137, 290]) {
    for (const ba of [1, 0.7, 0.48, 0.2]) {
      for (const side of [90, 270]) {
        const p = toward(pa + side, 0.4);
        const d = deprojectOffset(p.east, p.north, pa, ba);
        close(d.radius, 0.4 / ba, 1e-12, `PA ${pa} b/a ${ba}`);
        closeAngle(d.azimuthDeg, side, 1e-9, 'azimuth');
      }
    }
  }
});

test('a general point: R² = a² + (b/(b/a))² from its components along PA and PA + 90°', () => {
  const pa = 30;
  const ba = 0.5;
  // 1 along the major axis and 1 along the minor axis (sky): R = √(1 + 4)
  const a = toward(pa, 1);
  const b = toward(pa + 90, 1);
  const d = deprojectOffset(a.east + b.east, a.north + b.north, pa, ba);
  close(d.radius, Math.sqrt(5), 1e-12);
  close(d.azimuthDeg, Math.atan2(2, 1) / DEG, 1e-9);
});

test('face-on (b/a = 1) radii are circular and independent of PA', () => {
  const rng = seededRandom(11);
  for (let t = 0; t < 200; t++) {
    const e = rng.normal();
    const n = rng.normal();
    const pa = 360 * rng.uniform();
    close(deprojectOffset(e, n, pa, 1).radius, Math.hypot(e, n), 1e-12);
  }
});

test('rotating the galaxy and the point together by the same angle changes nothing', () => {
  const rng = seededRandom(12);
  for (let t = 0; t < 200; t++) {
    const r = 3 * rng.uniform();
    const theta = 360 * rng.uniform(); // position angle of the point on the sky
    const pa = 360 * rng.uniform();
    const ba = 0.1 + 0.9 * rng.uniform();
    const turn = 360 * rng.uniform();
    const p = toward(theta, r);
    const q = toward(theta + turn, r);
    const d1 = deprojectOffset(p.east, p.north, pa, ba);
    const d2 = deprojectOffset(q.east, q.north, pa + turn, ba);
    close(d2.radius, d1.radius, 1e-12);
    close(Math.cos(d2.azimuthDeg * DEG), Math.cos(d1.azimuthDeg * DEG), 1e-12);
    close(deprojectOffset(p.east, p.north, pa + 180, ba).radius, d1.radius, 1e-12, 'PA and PA + 180 are the same axis');
  }
});

test('cos i = b/a: i = 61° for b/a = 0.48 (ID9960, Ju et al. §4.2.1), 0 for face-on; b/a outside (0, 1] is refused', () => {
  close(inclinationFromAxisRatioDeg(0.48), 61.31, 0.01);
  assert.equal(inclinationFromAxisRatioDeg(1), 0);
  assert.throws(() => inclinationFromAxisRatioDeg(0), /b\/a must be in \(0, 1\]/);
  assert.throws(() => deprojectOffset(1, 1, 30, 1.2), /b\/a must be in \(0, 1\]/);
});

// ---------- the one sign convention, and agreement with the simulator ----------

test('the sign convention: major toward PA, minor toward PA + 90° (east of the major axis for PA = 0), azimuth in the sense of PA', () => {
  const rng = seededRandom(13);
  for (let t = 0; t < 500; t++) {
    const pa = 720 * rng.uniform() - 360;
    const ba = 0.05 + 0.95 * rng.uniform();
    const r = 0.1 + 2 * rng.uniform();
    // a point r along PA + 90° on the sky: minor = +r, deprojected r / (b/a), azimuth 90°
    const e = r * Math.sin((pa + 90) * DEG);
    const n = r * Math.cos((pa + 90) * DEG);
    const d = deprojectOffset(e, n, pa, ba);
    close(d.major, 0, 1e-12);
    close(d.minor, r / ba, 1e-12 * (1 + r / ba));
    close(d.azimuthDeg, 90, 1e-9);
  }
  const d = deprojectOffset(1, 0, 0, 0.5); // PA = 0 (north): due east is the +minor side
  assert.ok(d.minor > 0 && Math.abs(d.major) < 1e-15);
});

test('diskToSkyOffset inverts deprojectOffset; axisRatioFromInclinationDeg inverts cos i = b/a', () => {
  const rng = seededRandom(17);
  for (let t = 0; t < 200; t++) {
    const e = 2 * rng.normal();
    const n = 2 * rng.normal();
    const pa = 720 * rng.uniform() - 360;
    const ba = 0.05 + 0.95 * rng.uniform();
    const d = deprojectOffset(e, n, pa, ba);
    const back = diskToSkyOffset(d.major, d.minor, pa, ba);
    close(back.east, e, 1e-12 * (1 + d.radius));
    close(back.north, n, 1e-12 * (1 + d.radius));
  }
  close(inclinationFromAxisRatioDeg(axisRatioFromInclinationDeg(67)), 67, 1e-12);
  assert.throws(() => axisRatioFromInclinationDeg(90), /inclination must be in/);
});

test('deprojectSpaxels reproduces the simulator truth radii for several PA and b/a (default = MSA-3D orientation)', () => {
  for (const [pa, ba, cx, cy] of [[30, 0.6, 11, 15], [-70, 0.3, 8, 20], [145, 0.9, 12.5, 14.25]] as const) {
    const z = 1.1;
    const { params, truth } = simulationPreview({ redshift: z, positionAngleDeg: pa, axisRatio: ba, centreXPix: cx, centreYPix: cy, oversampling: 1 });
    const radii = deprojectSpaxels({
      nx: params.nx, ny: params.ny, centreXPix: cx, centreYPix: cy, positionAngleDeg: pa, axisRatio: ba,
      orientation: defaultSkyOrientation(params.pixelScaleArcsec), redshift: z,
    });
    let worst = 0;
    for (let i = 0; i < radii.radiusKpc.length; i++) worst = Math.max(worst, Math.abs(radii.radiusKpc[i] - truth.spaxels.radiusKpc[i]));
    assert.ok(worst < 1e-9, `PA ${pa} b/a ${ba}: worst |ΔR| = ${worst} kpc`);
  }
});

test('a simulated cube: the continuum peak finds the true centre and the radii match the truth', () => {
  const sim = simulateCube({ redshift: 1.2, centreXPix: 9, centreYPix: 17, positionAngleDeg: 55, axisRatio: 0.45 }, { seed: 21 });
  const cube = simulatedCubeToCube(sim);
  const g = galaxyGeometry(cube, { redshift: 1.2, positionAngleDeg: 55, axisRatio: 0.45, reKpc: 3 });
  assert.equal(g.centreSource, 'continuum');
  assert.equal(g.continuum!.window.restCentreAngstrom, 5500);
  assert.deepEqual([g.centreXPix, g.centreYPix], [9, 17]);
  assert.equal(g.orientation.source, 'header');
  let worst = 0;
  for (let i = 0; i < g.radiusKpc.length; i++) worst = Math.max(worst, Math.abs(g.radiusKpc[i] - sim.truth.spaxels.radiusKpc[i]));
  assert.ok(worst < 1e-9, `worst |ΔR| = ${worst} kpc`);
});

// ---------- pixel → sky orientation ----------

test('default orientation: +x is west, +y north, so a spaxel at Δx = −1 is east of the centre', () => {
  const o = defaultSkyOrientation(0.08);
  assert.deepEqual(pixelOffsetToSky(-1, 0, o), { eastArcsec: 0.08, northArcsec: 0 });
  assert.deepEqual(pixelOffsetToSky(0, 2, o), { eastArcsec: 0, northArcsec: 0.16 });
  const at = (pa: number, ba: number) =>
    deprojectSpaxels({ nx: 5, ny: 5, centreXPix: 2, centreYPix: 2, positionAngleDeg: pa, axisRatio: ba, orientation: o, redshift: 1 });
  const east = 2 * 5 + 1; // (x = 1, y = 2)
  close(at(90, 0.5).radiusArcsec[east], 0.08, 1e-15, 'PA 90°: major axis east–west');
  close(at(0, 0.5).radiusArcsec[east], 0.16, 1e-15, 'PA 0°: east is on the minor axis');
  close(at(90, 0.5).azimuthDeg[east], 0, 1e-12, 'toward PA');
  close(at(-90, 0.5).azimuthDeg[east], 180, 1e-12, 'away from PA');
});

test('orientation from the WCS: the simulator header, a rotated CD matrix, swapped axes, and LINEAR axes', () => {
  const sim = { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CUNIT1: 'deg', CUNIT2: 'deg', CDELT1: -0.08 / 3600, CDELT2: 0.08 / 3600 };
  const o = skyOrientationFromHeader(sim)!;
  assert.equal(o.source, 'header');
  close(o.eastPerXArcsec, -0.08, 1e-15);
  close(o.northPerYArcsec, 0.08, 1e-15);
  close(o.eastPerYArcsec, 0, 0);
  close(o.northPerXArcsec, 0, 0);

  // a cube rotated so that +y points 30° east of north: CD = s·[[−cos, sin], [sin, cos]] (east, north per x, y)
  const s = 0.1 / 3600;
  const c = Math.cos(30 * DEG);
  const sn = Math.sin(30 * DEG);
  const rotated = { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CD1_1: -s * c, CD1_2: s * sn, CD2_1: s * sn, CD2_2: s * c };
  const r = skyOrientationFromHeader(rotated)!;
  const up = pixelOffsetToSky(0, 1, r);
  close(Math.atan2(up.eastArcsec, up.northArcsec) / DEG, 30, 1e-9, '+y direction PA');
  // a galaxy with PA = 30° then has its major axis along +y: the spaxel at Δy = 1 is on it
  const g = deprojectSpaxels({ nx: 3, ny: 3, centreXPix: 1, centreYPix: 1, positionAngleDeg: 30, axisRatio: 0.3, orientation: r, redshift: 1 });
  close(g.radiusArcsec[2 * 3 + 1], 0.1, 1e-12);
  close(g.radiusArcsec[1 * 3 + 2], 0.1 / 0.3, 1e-12);

  const swapped = skyOrientationFromHeader({ CTYPE1: 'DEC--TAN', CTYPE2: 'RA---TAN', CDELT1: 0.1 / 3600, CDELT2: -0.1 / 3600 })!;
  close(swapped.northPerXArcsec, 0.1, 1e-15);
  close(swapped.eastPerYArcsec, -0.1, 1e-15);

  const linear = { CTYPE1: 'LINEAR', CTYPE2: 'LINEAR', CUNIT1: 'arcsec', CUNIT2: 'arcsec', CDELT1: 0.5, CDELT2: 0.5 };
  assert.equal(skyOrientationFromHeader(linear), null);
  const fallback = skyOrientationOf({ header: linear, pixelScaleArcsec: 0.5 });
  assert.equal(fallback.source, 'default');
  assert.equal(fallback.eastPerXArcsec, -0.5);
  assert.match(fallback.description, /assumed/);
  assert.throws(() => skyOrientationOf({ header: linear, pixelScaleArcsec: null }), /no celestial WCS and no spaxel size/);
});

// ---------- physical and normalised radii ----------

test('radii in kpc use kpcPerArcsec(z) and R/R_e divides by R_e; the cosmology can be changed', () => {
  const o: SkyOrientation = defaultSkyOrientation(0.08);
  const base = { nx: 7, ny: 9, centreXPix: 3, centreYPix: 4, positionAngleDeg: 20, axisRatio: 0.55, orientation: o, redshift: 1.51 };
  const g = deprojectSpaxels({ ...base, reKpc: 6 });
  const scale = kpcPerArcsec(1.51);
  assert.equal(g.kpcPerArcsec, scale);
  for (let i = 0; i < g.radiusArcsec.length; i++) {
    close(g.radiusKpc[i], g.radiusArcsec[i] * scale, 1e-12);
    close(g.radiusRe![i], g.radiusKpc[i] / 6, 1e-12);
  }
  assert.equal(g.radiusArcsec[4 * 7 + 3], 0, 'the centre spaxel is at R = 0');
  assert.equal(deprojectSpaxels(base).radiusRe, null, 'no R_e, no R/R_e');
  const other = deprojectSpaxels({ ...base, cosmology: flatLambdaCdm(70, 0.3) });
  close(other.kpcPerArcsec, kpcPerArcsec(1.51, flatLambdaCdm(70, 0.3)), 0);
  assert.throws(() => deprojectSpaxels({ ...base, redshift: 0 }), /redshift must be > 0/);
});

// ---------- continuum centre ----------

/** A small synthetic cube: Gaussian continuum blob at (x0, y0) and a bright emission line elsewhere, linear λ grid. */
function syntheticCube(opts: { x0: number; y0: number; lo: number; hi: number; nWave?: number; z?: number; sigmaPix?: number }) {
  const nx = 9;
  const ny = 11;
  const nWave = opts.nWave ?? 400;
  const plane = nx * ny;
  const wavelengthAngstrom = new Float64Array(nWave);
  for (let k = 0; k < nWave; k++) wavelengthAngstrom[k] = opts.lo + ((opts.hi - opts.lo) * k) / (nWave - 1);
  const flux = new Float64Array(nWave * plane);
  const mask = new Uint8Array(nWave * plane);
  const s = opts.sigmaPix ?? 1.5;
  const z = opts.z ?? 1;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const blob = Math.exp(-((x - opts.x0) ** 2 + (y - opts.y0) ** 2) / (2 * s * s));
      for (let k = 0; k < nWave; k++) {
        // a strong Hα line at spaxel (1, 1), far brighter than the continuum peak, outside both windows
        const line = x === 1 && y === 1 ? 100 * Math.exp(-(((wavelengthAngstrom[k] - 6563 * (1 + z)) / 5) ** 2)) : 0;
        flux[k * plane + y * nx + x] = blob + line;
      }
    }
  }
  return { flux, mask, nx, ny, nWave, wavelengthAngstrom, redshift: z as number | null, pixelScaleArcsec: 0.08 as number | null, header: {} };
}

test('continuum peak at rest 5500 Å, ignoring a bright emission line elsewhere; or a given centre', () => {
  const cube = syntheticCube({ x0: 6, y0: 3, lo: 10000, hi: 14000 });
  const c = continuumCentre(cube);
  assert.deepEqual([c.xPix, c.yPix, c.peakXPix, c.peakYPix], [6, 3, 6, 3]);
  assert.equal(c.window.restCentreAngstrom, 5500);
  assert.deepEqual(c.skipped, []);
  assert.ok(c.window.nChannels > 3);
  close(c.peakValue, 1, 1e-12);
  const given = galaxyGeometry(cube, { redshift: 1, positionAngleDeg: 0, axisRatio: 1, centre: { xPix: 2, yPix: 2 } });
  assert.equal(given.centreSource, 'given');
  assert.equal(given.continuum, null);
  assert.equal(given.radiusArcsec[2 * 9 + 2], 0);
  assert.equal(given.orientation.source, 'default');
});

test('falls back to 6500 Å when 5500 Å is not covered or is all masked, and says why', () => {
  const red = syntheticCube({ x0: 2, y0: 8, lo: 12500, hi: 14000 });
  const c = continuumCentre(red);
  assert.equal(c.window.restCentreAngstrom, 6500);
  assert.deepEqual([c.xPix, c.yPix], [2, 8]);
  assert.match(c.skipped[0], /rest 5500 ± 25 Å .* not covered \(0 channels/);

  const masked = syntheticCube({ x0: 4, y0: 5, lo: 10000, hi: 14000 });
  const plane = masked.nx * masked.ny;
  for (let k = 0; k < masked.nWave; k++) {
    const w = masked.wavelengthAngstrom[k];
    if (w > 10900 && w < 11100) for (let i = 0; i < plane; i++) masked.mask[k * plane + i] = 1;
  }
  const m = continuumCentre(masked);
  assert.equal(m.window.restCentreAngstrom, 6500);
  assert.match(m.skipped[0], /masked or not finite in every spaxel/);
});

test('no usable window: a NoContinuumWindowError naming both windows (e.g. a continuum-subtracted Hα cube)', () => {
  const narrow = syntheticCube({ x0: 4, y0: 5, lo: 6535, hi: 6595, z: 0 });
  assert.throws(
    () => continuumCentre(narrow),
    (e: unknown) =>
      e instanceof NoContinuumWindowError && e.reasons.length === 2 && /5500/.test(e.message) && /6500/.test(e.message) && /centre explicitly/.test(e.message),
  );
  assert.throws(() => galaxyGeometry(narrow, { redshift: 0.05, positionAngleDeg: 0, axisRatio: 1, continuum: { redshift: 0 } }), NoContinuumWindowError);
  const noZ = { ...syntheticCube({ x0: 4, y0: 5, lo: 10000, hi: 14000 }), redshift: null };
  assert.throws(() => continuumCentre(noZ), /needs the redshift/);
});

test('median map resists a hot pixel that fools the mean; parabolic refinement finds a sub-spaxel peak', () => {
  const cube = syntheticCube({ x0: 4, y0: 5, lo: 10000, hi: 14000 });
  const plane = cube.nx * cube.ny;
  const k = cube.wavelengthAngstrom.findIndex((w) => w > 11000);
  cube.flux[k * plane + 0] = 1e4; // one hot channel in the corner spaxel (0, 0)
  assert.deepEqual([continuumCentre(cube).xPix, continuumCentre(cube).yPix], [4, 5]);
  const mean = continuumCentre(cube, { statistic: 'mean' });
  assert.deepEqual([mean.xPix, mean.yPix], [0, 0]);

  const off = syntheticCube({ x0: 4.3, y0: 5.2, lo: 10000, hi: 14000, sigmaPix: 1.2 });
  const plain = continuumCentre(off);
  assert.deepEqual([plain.xPix, plain.yPix], [4, 5]);
  const fine = continuumCentre(off, { refine: 'parabolic' });
  close(fine.xPix, 4.3, 0.05, 'x');
  close(fine.yPix, 5.2, 0.05, 'y');
});
