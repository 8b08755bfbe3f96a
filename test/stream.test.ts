// Streaming (issue 13 item 1): reading a cube by rows, fitting it chunk by chunk from its path, writing the JSON row by
// row — every result equal, bit for bit, to the in-memory path — and a bound on peak memory for a cube of ~500 MB.
// The cubes are SIMULATED MUSE-like cubes written by scripts/make-muse-cube.ts into a temp dir.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readCube, readCubeInfo, type Cube } from '../kernel-lib/src/io/index';
import { fitCube, fitCubeFile, type CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { cubeFitJson, writeCubeFitJson } from '../kernel-lib/src/linemaps/cube-fit-table';
import { closeWorkerPool } from '../kernel-lib/src/linemaps/worker-pool';
import { InputError } from '../kernel-lib/src/errors/input-error';
import { fittingUnit, resolveFitterOptions } from '../kernel-lib/src/linemaps/fit-cube';
import { instrumentFromSpec } from '../kernel-lib/src/linemaps/cube-fit-job';
import { quantityNames, storeSpectrumFit } from '../kernel-lib/src/linemaps/quantities';
import { createSpectrumFitter } from '../kernel-lib/src/spectra/fit-spectrum';
import { analyzeGalaxy } from '../kernel-lib/src/analyze/analyze-galaxy';
import { analyzeGalaxyFile } from '../kernel-lib/src/analyze/analyze-galaxy-file';
import { writeMuseCube, MUSE_REDSHIFT, LSF_FWHM_ANGSTROM } from '../scripts/make-muse-cube';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-stream-'));
const PLAIN = path.join(DIR, 'small.fits');
const GZ = path.join(DIR, 'small.fits.gz');
const SHAPE = { nx: 12, ny: 10, nWave: 1800 };
writeMuseCube(PLAIN, { ...SHAPE, seed: 7 });
writeMuseCube(GZ, { ...SHAPE, seed: 7, gzip: true });
const FIT = { redshift: MUSE_REDSHIFT, instrument: { fwhmAngstrom: LSF_FWHM_ANGSTROM }, progress: 'none' as const, workers: 2 };

after(async () => {
  await closeWorkerPool();
  fs.rmSync(DIR, { recursive: true, force: true });
});

/** Same bytes (so NaN payloads and −0 count too). */
function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function assertSameFit(chunked: CubeFit, whole: CubeFit, what: string): void {
  assert.deepEqual(chunked.quantities, whole.quantities);
  assert.ok(whole.quantities.length > 40, 'every quantity compared');
  for (const q of whole.quantities) assert.ok(sameBits(chunked.maps[q]!, whole.maps[q]!), `${what}: map ${q} differs`);
  assert.ok(sameBits(chunked.selected, whole.selected), `${what}: selection differs`);
  assert.deepEqual(chunked.selection, whole.selection);
  assert.deepEqual([chunked.nx, chunked.ny, chunked.redshift, chunked.medium, chunked.fluxUnit, chunked.instrument], [whole.nx, whole.ny, whole.redshift, whole.medium, whole.fluxUnit, whole.instrument]);
  // the comparison can fail: the galaxy is detected, so the maps hold real numbers
  assert.ok(whole.selection.count > 10 && whole.selection.count < whole.nx * whole.ny, `${what}: ${whole.selection.count} spaxels selected`);
}

test('readCube rows: each chunk equals the same rows of the whole cube; CRPIX2 shifted; readCubeInfo has no pixels', () => {
  for (const file of [PLAIN, GZ]) {
    const whole = readCube(file);
    const info = readCubeInfo(file);
    assert.equal('flux' in info, false);
    assert.deepEqual([info.nx, info.ny, info.nWave], [SHAPE.nx, SHAPE.ny, SHAPE.nWave]);
    assert.ok(sameBits(info.wavelengthAngstrom, whole.wavelengthAngstrom));
    assert.equal(info.source.errorKind, 'variance');
    for (const [y0, y1] of [[0, 3], [3, 7], [9, 10], [0, 10]] as const) {
      const part: Cube = readCube(file, { rows: [y0, y1] });
      assert.equal(part.ny, y1 - y0);
      assert.deepEqual(part.rows, { y0, y1, nyTotal: SHAPE.ny });
      assert.equal(part.header.CRPIX2, (whole.header.CRPIX2 as number) - y0);
      const plane = SHAPE.nx * SHAPE.ny;
      const run = (y1 - y0) * SHAPE.nx;
      for (let k = 0; k < SHAPE.nWave; k += 97) {
        const from = k * plane + y0 * SHAPE.nx;
        assert.ok(sameBits(part.flux.subarray(k * run, (k + 1) * run), whole.flux.subarray(from, from + run)), `${file} flux plane ${k} rows ${y0}..${y1}`);
        assert.ok(sameBits(part.error!.subarray(k * run, (k + 1) * run), whole.error!.subarray(from, from + run)), `${file} error plane ${k}`);
        assert.ok(sameBits(part.mask.subarray(k * run, (k + 1) * run), whole.mask.subarray(from, from + run)), `${file} mask plane ${k}`);
      }
    }
    assert.throws(() => readCube(file, { rows: [4, 4] }), (e: unknown) => e instanceof InputError && /rows \[4, 4\)/.test(e.message));
    assert.throws(() => readCube(file, { rows: [0, 11] }), InputError);
  }
});

/** The maps as fitCube computed them before streaming: the whole cube × factors in float64, each spaxel read in place. */
function referenceMaps(cube: Cube): Record<string, Float64Array> {
  const resolved = resolveFitterOptions(cube, FIT);
  const fitter = createSpectrumFitter(cube.wavelengthAngstrom, { ...resolved, instrument: instrumentFromSpec(resolved.instrument) });
  const { factors } = fittingUnit(cube);
  const plane = cube.nx * cube.ny;
  const flux = new Float64Array(cube.flux.length);
  const error = new Float64Array(cube.flux.length);
  for (let k = 0; k < cube.nWave; k++) {
    for (let i = k * plane; i < (k + 1) * plane; i++) {
      flux[i] = cube.flux[i]! * factors[k]!;
      error[i] = cube.error![i]! * factors[k]!;
    }
  }
  const lineNames = [...fitter.lineNames];
  const quantities = quantityNames(lineNames);
  const results = new Float64Array(quantities.length * plane).fill(NaN);
  for (let s = 0; s < plane; s++) storeSpectrumFit(fitter.fit(flux, error, cube.mask, s, plane), lineNames, results, plane, s);
  return Object.fromEntries(quantities.map((q, i) => [q, results.slice(i * plane, (i + 1) * plane)]));
}

test('fitCube on a path, 3 rows per chunk (4 chunks), equals fitCube on the cube in memory, every map bit for bit: .fits and .fits.gz', async () => {
  const cube = readCube(PLAIN);
  const whole = await fitCube(cube, FIT);
  assert.equal(whole.streaming, undefined);
  // the in-memory fit equals the pre-streaming computation (cube converted whole to float64, spaxels read in place)
  const reference = referenceMaps(cube);
  assert.deepEqual(Object.keys(reference), whole.quantities);
  for (const q of whole.quantities) assert.ok(sameBits(whole.maps[q]!, reference[q]!), `in memory vs pre-streaming: map ${q}`);
  for (const file of [PLAIN, GZ]) {
    const chunked = await fitCube(file, { ...FIT, chunkRows: 3 });
    assert.deepEqual(chunked.streaming && [chunked.streaming.chunkRows, chunked.streaming.chunks], [3, 4]);
    assertSameFit(chunked, whole, path.basename(file));
  }
  // one worker, a memory budget instead of rows: still the same numbers
  const budget = await fitCubeFile(PLAIN, { ...FIT, workers: 1, maxMemoryMb: 1 });
  assert.ok(budget.streaming!.chunks >= 2, `1 MB gives several chunks (${budget.streaming!.chunks})`);
  assertSameFit(budget, whole, 'maxMemoryMb 1');
});

test('chunk options only with a path; writeCubeFitJson writes exactly JSON.stringify(cubeFitJson(fit))', async () => {
  const cube = readCube(PLAIN);
  await assert.rejects(fitCube(cube, { ...FIT, chunkRows: 2 }), (e: unknown) => e instanceof InputError && /path/.test(e.message));
  await assert.rejects(fitCube(PLAIN, { ...FIT, chunkRows: 0 }), InputError);
  const fit = await fitCube(PLAIN, { ...FIT, chunkRows: 4 });
  const out = path.join(DIR, 'fit.json');
  writeCubeFitJson(out, fit);
  assert.equal(fs.readFileSync(out, 'utf8'), JSON.stringify(cubeFitJson(fit)) + '\n');
  assert.deepEqual(fs.readdirSync(DIR).filter((f) => f.endsWith('.tmp')), []);
});

test('analyzeGalaxyFile (chunks of 3 rows) equals analyzeGalaxy on the cube in memory: centre from the continuum, maps, gradient', async () => {
  const meta = { positionAngleDeg: 90, axisRatio: 0.8, minStarFormingSpaxels: 5 };
  const whole = await analyzeGalaxy(readCube(PLAIN), { ...meta, fit: FIT });
  const chunked = await analyzeGalaxyFile(PLAIN, { ...meta, fit: { ...FIT, chunkRows: 3 } });
  assert.equal(whole.geometry.centreSource, 'continuum');
  assert.deepEqual([chunked.geometry.centreXPix, chunked.geometry.centreYPix], [whole.geometry.centreXPix, whole.geometry.centreYPix]);
  assert.deepEqual(chunked.geometry.continuum!.window, whole.geometry.continuum!.window);
  assert.ok(sameBits(chunked.geometry.continuum!.map, whole.geometry.continuum!.map), 'continuum map');
  assertSameFit(chunked.fit, whole.fit, 'analyze');
  for (const key of ['ohMap', 'ohErrMap'] as const) assert.ok(sameBits(chunked[key], whole[key]), key);
  assert.ok(sameBits(chunked.geometry.radiusKpc, whole.geometry.radiusKpc), 'radii');
  assert.deepEqual([chunked.usable.count, chunked.reason, chunked.gradient?.slope, chunked.gradient?.slopeErr], [whole.usable.count, whole.reason, whole.gradient?.slope, whole.gradient?.slopeErr]);
  assert.ok(whole.usable.count > 0, `${whole.usable.count} usable spaxels`);
});

test('msa3d fit on a ~500 MB cube: peak RSS of the child process stays far below the cube size', { timeout: 180_000 }, () => {
  const big = path.join(DIR, 'big.fits');
  const bytes = writeMuseCube(big, { nx: 60, ny: 300, nWave: 3681, seed: 3 });
  const preload = path.join(DIR, 'report-rss.js');
  fs.writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));\n`);
  const bin = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
  /** Peak RSS (MB) of `msa3d fit CUBE` in a child process, with 64 MB chunks, maps and JSON written. */
  const peakRssMb = (cube: string): { peakMb: number; stdout: string } => {
    const rssOut = path.join(DIR, 'rss.txt');
    const run = spawnSync(process.execPath, ['--require', preload, bin, 'fit', cube, '--z', String(MUSE_REDSHIFT), '--lsf-fwhm', String(LSF_FWHM_ANGSTROM), '--air',
      '--workers', '2', '--max-memory-mb', '64', '--overwrite', '--out', path.join(DIR, 'maps.fits'), '--json', path.join(DIR, 'fit-table.json')], { encoding: 'utf8', env: { ...process.env, RSS_OUT: rssOut } });
    assert.equal(run.status, 0, run.stderr);
    return { peakMb: Number(fs.readFileSync(rssOut, 'utf8')) / 1024, stdout: run.stdout };
  };
  const baseline = peakRssMb(PLAIN).peakMb; // Node, the library and two worker threads, on a 1 MB cube
  const { peakMb, stdout } = peakRssMb(big);
  assert.match(stdout, /fitted 18000 spaxels/);
  const cubeMb = bytes / 2 ** 20;
  process.stdout.write(`# peak RSS ${peakMb.toFixed(0)} MB fitting a ${cubeMb.toFixed(0)} MB cube in 64 MB chunks (${baseline.toFixed(0)} MB for a 1 MB cube)\n`);
  // the in-memory path holds the float32 cube and its float64 copy (≈ 3× the file, +1.5 GB here); chunked, the growth
  // over the tiny cube is one chunk (64 MB) plus the maps and their writers (~10 MB of maps here), whatever the cube
  assert.ok(peakMb - baseline < 64 + 96, `peak RSS ${peakMb.toFixed(0)} MB, ${(peakMb - baseline).toFixed(0)} MB over the tiny cube's, for a ${cubeMb.toFixed(0)} MB cube`);
  assert.ok(peakMb < 0.7 * cubeMb, `peak RSS ${peakMb.toFixed(0)} MB for a ${cubeMb.toFixed(0)} MB cube`);
  fs.rmSync(big);
});
