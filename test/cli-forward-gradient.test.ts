// msa3d analyze --gradient-model paper|forward: the flag's checks (before any work) and a forward fit written to the
// JSON beside the paper's gradient, on a simulated ID10107 cube (23 × 31 spaxels, seed 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { presetFor } from '../kernel-lib/src/simulate/presets';
import { simulateCube } from '../kernel-lib/src/simulate/simulate-cube';
import { writeSimulatedCube } from '../kernel-lib/src/simulate/write-cube';
import { parseArgs, UsageError } from '../kernel-lib/src/cli/args';
import { parseAnalyzeArgs, ANALYZE_FLAGS } from '../kernel-lib/src/cli/analyze-command';
import { listFitsHdus, readFitsImage } from '../kernel-lib/src/io/fits-file';

const BIN = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const p = presetFor('ID10107').params;
const geometryFlags = ['--pa', String(p.positionAngleDeg), '--ba', String(p.axisRatio)];
let dir = '';
let cubeFile = '';

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-forward-'));
  cubeFile = path.join(dir, 'id10107.fits');
  writeSimulatedCube(cubeFile, simulateCube(p, { seed: 1 }), { format: 'msa3d' });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('--gradient-model is an analyze flag (so a batch manifest column), checked before any work', () => {
  assert.ok(ANALYZE_FLAGS.includes('gradient-model'));
  const parse = (...flags: string[]) => parseAnalyzeArgs(parseArgs(['c.fits', '--pa', '10', '--ba', '0.5', ...flags], ['kinematics']));
  assert.equal(parse().forward, null);
  assert.deepEqual(parse('--gradient-model', 'forward', '--seed', '4', '--psf', '0.2,0.08').forward, { seed: 4, psf: { fwhmXArcsec: 0.2, fwhmYArcsec: 0.08 }, lines: 'n2', correlation: 'none', shape: 'linear' });
  assert.ok(ANALYZE_FLAGS.includes('forward-lines') && ANALYZE_FLAGS.includes('forward-o3n2'));
  assert.deepEqual(parse('--gradient-model', 'forward', '--forward-lines', 'n2+o3', '--forward-o3n2', 'm13-o3n2').forward,
    { seed: 1, psf: undefined, lines: 'n2+o3', o3n2Calibration: 'm13-o3n2', correlation: 'none', shape: 'linear' });
  assert.ok(ANALYZE_FLAGS.includes('spaxel-correlation'));
  assert.equal(parse('--gradient-model', 'forward', '--spaxel-correlation', 'residuals').forward?.correlation, 'residuals');
  assert.equal(parse('--spaxel-correlation', 'residuals').meta.spaxelCorrelation, 'residuals');
  assert.ok(ANALYZE_FLAGS.includes('forward-shape'));
  assert.equal(parse('--gradient-model', 'forward', '--forward-shape', 'broken').forward?.shape, 'broken');
  const bad: Array<[string[], RegExp]> = [
    [['--gradient-model', 'bayes'], /--gradient-model must be 'paper'/],
    [['--seed', '3'], /--seed and --psf apply to --kinematics and --gradient-model forward only/],
    [['--gradient-model', 'forward', '--psf', '0.2'], /--psf must be FWHM_X,FWHM_Y/],
    [['--gradient-model', 'forward', '--n-live', '50'], /--n-live applies to --kinematics only/],
    [['--forward-maps', 'm.fits'], /--forward-maps applies to --gradient-model forward only/],
    [['--gradient-model', 'forward', '--forward-maps', 'c.fits'], /forward-maps/],
    [['--forward-lines', 'n2+o3'], /--forward-lines applies to --gradient-model forward only/],
    [['--forward-o3n2', 'm13-o3n2', '--forward-shape', 'broken'], /--forward-o3n2, --forward-shape apply to --gradient-model forward only/],
    [['--gradient-model', 'forward', '--forward-shape', 'curved'], /--forward-shape must be 'linear' or 'broken'/],
    [['--spaxel-correlation', 'kernel'], /--spaxel-correlation must be 'none'/],
    [['--gradient-model', 'forward', '--forward-lines', 'o3'], /--forward-lines must be 'n2'/],
    [['--gradient-model', 'forward', '--forward-o3n2', 'm13-o3n2'], /applies to --forward-lines n2\+o3 only/],
    [['--gradient-model', 'forward', '--forward-lines', 'n2+o3', '--forward-o3n2', 'pp04-n2-cubic'], /--forward-o3n2 must be/],
  ];
  for (const [flags, pattern] of bad) assert.throws(() => parse(...flags), (e: unknown) => e instanceof UsageError && pattern.test(e.message), flags.join(' '));
});

test('analyze --gradient-model forward writes gradient_forward (slope, posterior, ln Z, model maps) beside the paper gradient', { timeout: 120_000 }, () => {
  const json = path.join(dir, 'out.json');
  const maps = path.join(dir, 'forward-maps.fits');
  const r = run('analyze', cubeFile, ...geometryFlags, '--gradient-model', 'forward', '--psf', '0.2,0.08', '--seed', '2', '--workers', '1', '--json', json,
    '--forward-maps', maps);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /forward-modelled gradient -?\d\.\d{4} ± \d\.\d{4} dex\/kpc/);
  const out = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.ok(out.gradient, 'the paper gradient is still there');
  const f = out.gradient_forward;
  assert.equal(f.ok, true);
  assert.ok(Number.isFinite(f.slope) && f.slope_err > 0 && Number.isFinite(f.log_z));
  assert.deepEqual(Object.keys(f.posterior).sort(), ['intercept', 'scatter_dex', 'slope']);
  assert.deepEqual(f.lines_entered, ['ha', 'nii6584']);
  assert.deepEqual(f.psf_fwhm_arcsec, [0.2, 0.08]);
  assert.equal(f.spaxels.length, f.n_spaxels);
  // spaxels taken as independent (the default), the residuals' correlation reported; no margin with the PSF term
  assert.equal(f.noise_correlation_area, 1);
  assert.ok(Number.isFinite(f.residual_neighbour_correlation) && Math.abs(f.residual_neighbour_correlation) < 0.2, `residual lag-1 correlation ${f.residual_neighbour_correlation} on a cube of independent noise`);
  assert.doesNotMatch(r.stderr, /correlate at/);
  assert.equal(f.exclude_buffer_spaxels, 0);
  // within 4σ of the injected gradient (a loose sanity bound on one cube; the calibration is test/forward-gradient)
  assert.equal(p.metallicity.kind, 'linear');
  const injected = p.metallicity.kind === 'linear' ? p.metallicity.gradientDexPerKpc : NaN;
  assert.ok(Math.abs(f.slope - injected) < 4 * f.slope_err, `slope ${f.slope} ± ${f.slope_err} vs injected ${injected}`);
  // --forward-maps: the same fit's maps as FITS images (the residual finite exactly where the spaxel was used)
  const primary = listFitsHdus(maps)[0].header;
  assert.equal(primary.NCORAREA, 1);
  assert.equal(primary.NBUFEXCL, 0, 'with the PSF term no margin around excluded spaxels');
  assert.ok(Number.isFinite(primary.RESIDRHO) && Math.abs(Number(primary.RESIDRHO) - f.residual_neighbour_correlation) < 1e-9, `RESIDRHO ${primary.RESIDRHO}`);
  const used = readFitsImage(maps, 'USED').data;
  const resid = readFitsImage(maps, 'RESID_SIGMA').data;
  assert.equal(Array.from(used).reduce((a, b) => a + b, 0), f.n_spaxels);
  for (let i = 0; i < used.length; i++) assert.equal(Number.isFinite(resid[i]), used[i] === 1, `spaxel ${i}`);
});

test('analyze --gradient-model forward --spaxel-correlation residuals --forward-shape broken: refitted with the area read from the residuals (said on stderr), a break radius and outer slope', { timeout: 120_000 }, () => {
  const json = path.join(dir, 'out-correlation.json');
  const r = run('analyze', cubeFile, ...geometryFlags, '--gradient-model', 'forward', '--spaxel-correlation', 'residuals', '--forward-shape', 'broken', '--workers', '1', '--json', json);
  assert.equal(r.status, 0, r.stderr);
  // k > 1 (the residuals correlate above 0): refitted; else no refit, k = 1 — either way stderr says which
  const said = /residuals of neighbouring spaxels correlate at (-?\d\.\d\d)(?:: refitted with the likelihood tempered by 1\/(\d+\.\d\d)| \(not above 0\): no refit, k = 1)/.exec(r.stderr);
  assert.ok(said, r.stderr);
  const f = JSON.parse(fs.readFileSync(json, 'utf8')).gradient_forward;
  assert.equal(f.ok, true);
  // independent noise: an area near 1 (test/forward-gradient-correlated.test.ts holds the correlated case)
  assert.ok(f.noise_correlation_area >= 1 && f.noise_correlation_area < 1.6, `area ${f.noise_correlation_area}`);
  assert.equal(said[2] !== undefined, f.noise_correlation_area > 1, 'refitted exactly when k > 1');
  if (said[2] !== undefined) assert.equal(said[2], f.noise_correlation_area.toFixed(2));
  const g = JSON.parse(fs.readFileSync(json, 'utf8')).gradient;
  assert.ok(g.error_inflation >= 1 && g.error_inflation < Math.sqrt(1.6), `paper gradient's error inflation ${g.error_inflation}`);
  assert.deepEqual(f.psf_fwhm_arcsec, null, 'no --psf and none in the header of this cube');
  assert.equal(f.exclude_buffer_spaxels, 1, 'no PSF term: a margin of one spaxel around excluded spaxels');
  // --forward-shape broken: the break radius and the outer slope in the posterior, and on stdout
  assert.equal(f.shape, 'broken');
  assert.deepEqual(Object.keys(f.posterior).sort(), ['break_radius_kpc', 'intercept', 'outer_slope', 'scatter_dex', 'slope']);
  assert.match(r.stdout, /dex\/kpc \(inner; broken at \d+\.\d\d kpc, outer slope -?\d\.\d{4} dex\/kpc\)/);
});

test('analyze --gradient-model forward --forward-lines n2+o3 adds [O III] through O3N2 and says so', { timeout: 120_000 }, () => {
  // ID2145 is at z = 1.17: Hβ and [O III]5007 fall well inside the simulated G140H range (ID10107's Hβ, at z = 1.01,
  // sits at the range's blue edge and is not measured)
  const p2 = presetFor('ID2145').params;
  const cube2 = path.join(dir, 'id2145.fits');
  writeSimulatedCube(cube2, simulateCube(p2, { seed: 1 }), { format: 'msa3d' });
  const json = path.join(dir, 'out-o3.json');
  const r = run('analyze', cube2, '--pa', String(p2.positionAngleDeg), '--ba', String(p2.axisRatio), '--gradient-model', 'forward',
    '--forward-lines', 'n2+o3', '--psf', `${p2.psf.fwhmXArcsec},${p2.psf.fwhmYArcsec}`, '--seed', '2', '--workers', '1', '--json', json);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[O III\] through pp04-o3n2 on \d+\), lines ha, nii6584, hb, oiii5007/);
  const f = JSON.parse(fs.readFileSync(json, 'utf8')).gradient_forward;
  assert.equal(f.ok, true);
  assert.deepEqual(f.lines_entered, ['ha', 'nii6584', 'hb', 'oiii5007']);
  assert.equal(f.o3n2_calibration, 'pp04-o3n2');
  assert.ok(f.n_o3_spaxels > 0 && f.n_o3_spaxels <= f.n_spaxels);
  assert.ok(f.o3_dust_av_mag >= 0);
  assert.deepEqual(Object.keys(f.posterior).sort(), ['intercept', 'scatter_dex', 'scatter_o3_dex', 'slope']);
  assert.ok(f.spaxels.some((s: { model_oiii5007_flux: number | null }) => s.model_oiii5007_flux !== null));
  const injected = p2.metallicity.kind === 'linear' ? p2.metallicity.gradientDexPerKpc : NaN;
  assert.ok(Math.abs(f.slope - injected) < 4 * f.slope_err, `slope ${f.slope} ± ${f.slope_err}, injected ${injected}`);
});
