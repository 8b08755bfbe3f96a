// fitCube: every spaxel of a cube, on worker threads or in this thread, with units converted and the paper's selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readCube, type Cube } from '../kernel-lib/src/io/cube';
import { megajanskyPerSteradianToErgFactor } from '../kernel-lib/src/io/units';
import { fitCube, cubeFitMap } from '../kernel-lib/src/linemaps/fit-cube';
import { cubeFitRows, cubeFitJson, cubeFitFrame } from '../kernel-lib/src/linemaps/cube-fit-table';
import { writeCubeFitMaps, readCubeFitMap } from '../kernel-lib/src/linemaps/cube-fit-maps';
import { defineWindow } from '../kernel-lib/src/spectra/windows';
import { seededRandom } from '../kernel-lib/src/stats/random';

const SAMI = path.join(__dirname, '..', 'data', 'sami-485885', 'sami_485885_ha_nii.fits');
const SAMI_OPTIONS = {
  redshift: 0,
  instrument: { fwhmAngstrom: 1.61 },
  medium: 'air' as const,
  windows: [defineWindow('ha-nii', [6520, 6600], ['nii6548', 'ha', 'nii6584'])],
  selection: { minEwSnr: null },
  progress: 'none' as const,
};

test('the real SAMI cube gives at least 450 spaxels with Hα S/N > 10, the same on two workers as in one thread', async () => {
  const cube = readCube(SAMI);
  const before = Buffer.from(cube.flux.buffer.slice(0));
  const one = await fitCube(cube, { ...SAMI_OPTIONS, workers: 0 });
  const two = await fitCube(cube, { ...SAMI_OPTIONS, workers: 2 });
  assert.ok(one.selection.count >= 450, `only ${one.selection.count} spaxels pass`);
  assert.equal(two.workers, 2);
  for (const q of one.quantities) assert.deepEqual(two.maps[q], one.maps[q], `map ${q} differs between 1 and 2 workers`);
  assert.deepEqual(Buffer.from(cube.flux.buffer), before, 'the input cube was modified');
  // The cube stops at 6595 Å: [S II] is not in the window set, and EWs of a continuum-subtracted cube are NaN, not 0.
  const centre = 15 * one.nx + 13;
  assert.ok(one.maps.ha_flux[centre] > 0);
  assert.ok(Number.isNaN(one.maps.ha_ew[centre]));
});

/** A small MJy/sr cube with one Hα + [NII] spectrum per spaxel of known flux (erg/s/cm²) and noise. */
function syntheticMJyCube(seed: number): { cube: Cube; haFluxErg: number } {
  const nx = 3, ny = 2, z = 1.5, pixelScaleArcsec = 0.08;
  const wavelengthAngstrom = Float64Array.from({ length: 400 }, (_, k) => 16300 + 2.4 * k);
  const nWave = wavelengthAngstrom.length;
  const flux = new Float32Array(nx * ny * nWave);
  const error = new Float32Array(nx * ny * nWave);
  const rng = seededRandom(seed);
  const haFluxErg = 1.3383e-18;
  const sigmaA = 6564.61 * (1 + z) * 80 / 299792.458;
  for (let k = 0; k < nWave; k++) {
    const lam = wavelengthAngstrom[k];
    const toMJy = 1 / megajanskyPerSteradianToErgFactor(lam, pixelScaleArcsec);
    const g = (centre: number, f: number) => (f / (Math.sqrt(2 * Math.PI) * sigmaA)) * Math.exp(-0.5 * ((lam - centre) / sigmaA) ** 2);
    const fLambda = 3e-20 + g(6564.61 * (1 + z), haFluxErg) + g(6585.27 * (1 + z), 0.3 * haFluxErg) + g(6549.86 * (1 + z), 0.1 * haFluxErg);
    const noise = 2e-21;
    for (let s = 0; s < nx * ny; s++) {
      flux[k * nx * ny + s] = (fLambda + noise * rng.normal()) * toMJy;
      error[k * nx * ny + s] = noise * toMJy;
    }
  }
  const cube: Cube = {
    flux, error, mask: new Uint8Array(flux.length), nx, ny, nWave, wavelengthAngstrom, airWavelengths: false,
    pixelScaleArcsec, fluxUnit: 'MJy/sr', redshift: z, header: { INSTRUME: 'NIRSPEC', GRATING: 'G140H' },
    source: { path: 'synthetic.fits', fluxHdu: 0, errorHdu: 2, errorKind: 'error', dqHdu: null },
  };
  return { cube, haFluxErg };
}

test('an MJy/sr cube is fitted in 1e-20 erg/s/cm² per spaxel; the redshift comes from the header', async () => {
  const { cube, haFluxErg } = syntheticMJyCube(7);
  const fit = await fitCube(cube, { workers: 0, progress: 'none' });
  assert.equal(fit.fluxUnit, '1e-20 erg s-1 cm-2');
  assert.equal(fit.redshift, 1.5);
  const flux = cubeFitMap(fit, 'ha_flux');
  const err = cubeFitMap(fit, 'ha_flux_err');
  for (let s = 0; s < flux.length; s++) {
    const pull = (flux[s] - haFluxErg * 1e20) / err[s];
    assert.ok(Math.abs(pull) < 5, `spaxel ${s}: ${flux[s]} ± ${err[s]} vs ${haFluxErg * 1e20}`);
  }
  assert.equal(fit.selection.count, 6, 'every bright spaxel passes the paper cuts');
  assert.ok(Math.abs(cubeFitMap(fit, 'sigma_obs')[0] - 80) < 5, 'observed σ of the injected 80 km/s lines');
  assert.ok(cubeFitMap(fit, 'sigma')[0] < cubeFitMap(fit, 'sigma_obs')[0], 'intrinsic σ has the instrumental width removed');
  assert.throws(() => cubeFitMap(fit, 'nope'), /no map 'nope'; available: hb_flux/);
});

test('fit tables: rows with 0-based x, y; JSON with nulls for unmeasured values; DataFrame; FITS maps', async () => {
  const { cube } = syntheticMJyCube(8);
  const fit = await fitCube(cube, { workers: 0, progress: 'none' });
  const rows = cubeFitRows(fit);
  assert.equal(rows.length, 6);
  assert.deepEqual([rows[4].x, rows[4].y], [1, 1]);
  const json = JSON.parse(JSON.stringify(cubeFitJson(fit))) as { spaxels: Record<string, unknown>[] };
  for (const key of ['x', 'y', 'selected', 'ha_flux', 'ha_flux_err', 'ha_ew', 'ha_ew_err', 'nii6584_flux', 'velocity', 'velocity_err', 'sigma', 'sigma_err', 'flag']) {
    assert.ok(key in json.spaxels[0], `JSON lacks ${key}`);
  }
  assert.equal(json.spaxels[0].hb_flux, null, 'Hβ is outside this cube: null, never 0');
  assert.deepEqual(cubeFitFrame(fit).shape, [6, 3 + fit.quantities.length]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-maps-'));
  const file = path.join(dir, 'maps.fits');
  writeCubeFitMaps(file, fit);
  const ha = readCubeFitMap(file, 'EMLINE_GFLUX', 'ha');
  assert.deepEqual(Array.from(ha.data), Array.from(fit.maps.ha_flux, Math.fround), 'float32 maps of the fitted fluxes');
});

test('a cube without a redshift is refused with a one-line message', async () => {
  const { cube } = syntheticMJyCube(9);
  await assert.rejects(fitCube({ ...cube, redshift: null }, { workers: 0, progress: 'none' }), /synthetic\.fits: no redshift in the header; pass one/);
});

test('msa3d fit writes JSON and maps for the SAMI cube, and refuses to overwrite without --overwrite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-fitcli-'));
  const json = path.join(dir, 'fit.json');
  const bin = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
  const args = [bin, 'fit', SAMI, '--z', '0', '--lsf-fwhm', '1.61', '--air', '--min-ew-snr', 'none', '--json', json, '--workers', '2'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /fitted 837 spaxels at z = 0 .* with 2 worker\(s\); \d+ pass S\/N\(ha flux\) > 10; table →/);
  const parsed = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(parsed.spaxels.length, 837);
  const again = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(again.status, 2);
  assert.match(again.stderr, /exists; pass --overwrite/);
  const bad = spawnSync(process.execPath, [bin, 'fit', SAMI, '--z', 'one'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^msa3d: --z needs a number, got 'one'/);
});
