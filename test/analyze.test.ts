// analyzeGalaxy and `msa3d analyze`: the chain from a cube to a gradient, its JSON, and the no-gradient case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { presetFor } from '../kernel-lib/src/simulate/presets';
import { simulateCube } from '../kernel-lib/src/simulate/simulate-cube';
import { simulatedCubeToCube, writeSimulatedCube } from '../kernel-lib/src/simulate/write-cube';
import { analyzeGalaxy } from '../kernel-lib/src/analyze/analyze-galaxy';
import { classifyGalaxy } from '../kernel-lib/src/analyze/classify-galaxy';
import { analysisJson, analysisFrame, kinematicsJson } from '../kernel-lib/src/analyze/analysis-json';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { MSA3D_PSF } from '../kernel-lib/src/instrument/psf';

const preset = presetFor('9812');
const sim = simulateCube(preset.params, { seed: 3 });
const meta = { positionAngleDeg: preset.params.positionAngleDeg, axisRatio: preset.params.axisRatio, reKpc: preset.params.reContinuumKpc, fit: { workers: 0, progress: 'none' as const } };
const CLASSES = [null, 'sf', 'composite', 'agn', 'sagn', 'wagn', 'retired', 'passive'];

test('a simulated galaxy gives a gradient, the JSON the CLI documents, and a DataFrame of its spaxels', async () => {
  const a = await analyzeGalaxy(simulatedCubeToCube(sim), meta);
  assert.ok(a.gradient, `no gradient: ${a.reason}`);
  assert.ok(a.usable.count >= 20);
  assert.equal(a.geometry.centreSource, 'continuum');
  assert.deepEqual([a.geometry.centreXPix, a.geometry.centreYPix], [preset.params.centreXPix, preset.params.centreYPix]);
  const json = JSON.parse(JSON.stringify(analysisJson(a))) as Record<string, any>;
  for (const key of ['slope', 'slope_err', 'intercept', 'rmse', 'n_spaxels', 'r_min_kpc', 'r_max_kpc']) assert.ok(key in json.gradient, `gradient.${key}`);
  for (const key of ['slope', 'slope_err', 'n_spaxels', 'r_min_re', 'r_max_re']) assert.ok(key in json.gradient_re, `gradient_re.${key}`);
  assert.ok(json.diagnostic === 'bpt' || json.diagnostic === 'whan');
  assert.equal(json.gradient.r_min_kpc, 0.5);
  assert.equal(json.spaxels.length, sim.nx * sim.ny);
  for (const s of json.spaxels) {
    assert.ok(CLASSES.includes(s.class), `class ${s.class}`);
    for (const key of ['x', 'y', 'selected', 'ha_flux', 'oh', 'oh_err', 'r_kpc']) assert.ok(key in s, key);
    if (s.used_in_gradient) assert.ok(s.class === 'sf' && s.selected && s.oh !== null && s.oh_err_stat <= 0.25);
  }
  assert.equal(json.spaxels.filter((s: any) => s.used_in_gradient).length, json.gradient.n_spaxels + json.spaxels.filter((s: any) => s.used_in_gradient && s.r_kpc < 0.5).length);
  assert.equal(analysisFrame(a, { usedOnly: true }).shape[0], a.usable.count);
});

test('classifyGalaxy: BPT for the galaxy when enough spaxels are placed on it, else WHAN; what analyzeGalaxy uses', async () => {
  const a = await analyzeGalaxy(simulatedCubeToCube(sim), meta);
  const c = classifyGalaxy(a.fit);
  assert.deepEqual(c.classCode, a.classification.classCode);
  const bpt = classifyGalaxy(a.fit, { minSpaxels: 0 });
  assert.equal(bpt.diagnosticCounts.whan, 0);
  const placedOnBpt = bpt.considered - bpt.counts.unclassified;
  const chosen = classifyGalaxy(a.fit, { minSpaxels: placedOnBpt + 1 });
  assert.equal(chosen.diagnosticCounts.bpt, 0);
  assert.ok(chosen.diagnosticCounts.whan > 0);
  assert.equal(c.diagnostic, placedOnBpt >= 20 ? 'bpt' : 'whan');
  // the MSA-3D cube has BPT's and WHAN's inputs: the N2-only fallback never runs, and the provenance names the rule
  assert.equal(c.diagnosticCounts.n2, 0);
  assert.equal(a.provenance.diagnostic!.value, c.diagnostic);
  assert.match(a.provenance.diagnostic!.source, /^(BPT|WHAN) for the galaxy: \d+ spaxels placed/);
  assert.equal(a.diagnosticAssumption, null);
  assert.deepEqual(classifyGalaxy(a.fit, { diagnostic: 'whan' }).classCode, chosen.classCode);
});

test('a cube without emission lines still gets its maps, with gradient null and a reason', async () => {
  const cube = simulatedCubeToCube(sim);
  const rng = seededRandom(11);
  const flux = Float32Array.from(cube.error!, (e) => (Number.isFinite(e) ? e * rng.normal() : NaN));
  const a = await analyzeGalaxy({ ...cube, flux }, meta);
  assert.equal(a.gradient, null);
  assert.match(a.reason!, /only \d+ usable star-forming spaxels \(need ≥ 20\): no gradient/);
  assert.equal(a.fit.nx * a.fit.ny, cube.nx * cube.ny);
});

test('msa3d analyze writes the JSON, exits 0 without a gradient, and refuses a missing --pa', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-analyze-'));
  const file = path.join(dir, 'cube.fits');
  writeSimulatedCube(file, sim, { format: 'msa3d' });
  const bin = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
  const json = path.join(dir, 'out.json');
  const r = spawnSync(process.execPath, [bin, 'analyze', file, '--pa', String(meta.positionAngleDeg), '--ba', String(meta.axisRatio), '--re', String(meta.reKpc), '--json', json, '--workers', '1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /gradient -?\d\.\d{4} ± \d\.\d{4} dex\/kpc over 0\.50–/);
  const parsed = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(parsed.redshift, preset.params.redshift, 'the redshift comes from the simulated header');
  assert.equal(parsed.provenance.redshift.source, 'header REDSHIFT');
  assert.equal(parsed.provenance.lsf.value, 'NIRSpec G140H resolution curve', 'the simulated header names NIRSpec G140H');
  assert.match(r.stderr, /instrument: NIRSpec G140H resolution curve \(header INSTRUME="NIRSPEC" GRATING="G140H"; STScI/);
  const bad = spawnSync(process.execPath, [bin, 'analyze', file, '--ba', '0.5'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^msa3d: analyze needs --pa DEG/);
});

test('msa3d analyze --kinematics adds the §4.2 block (same numbers as kinematicsJson with that seed); null with a reason without lines', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-analyze-kin-'));
  const file = path.join(dir, 'cube.fits');
  writeSimulatedCube(file, sim, { format: 'msa3d' });
  const bin = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
  const json = path.join(dir, 'out.json');
  const args = [bin, 'analyze', file, '--pa', String(meta.positionAngleDeg), '--ba', String(meta.axisRatio), '--re', String(meta.reKpc), '--json', json, '--workers', '1', '--kinematics', '--seed', '2', '--n-live', '60'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /kinematics: v_c \d+\.\d km\/s/);
  const k = JSON.parse(fs.readFileSync(json, 'utf8')).kinematics;
  assert.ok(k, 'kinematics block present');
  for (const key of ['vc_kms', 'rt_kpc', 'inclination_deg']) assert.ok(k[key].lo <= k[key].median && k[key].median <= k[key].hi, key);
  for (const key of ['sigma0_kms', 'sigma0_err_kms', 'vc_over_sigma0', 'vc_over_sigma0_err', 'rmse_kms', 'log_z', 'log_z_err']) assert.ok(Number.isFinite(k[key]), key);
  assert.ok(['well-settled', 'disturbed', 'dispersion-dominated'].includes(k.class), String(k.class));
  // the injected v_c lies within a generous range of the posterior (a smoke check, the notebooks test accuracy)
  assert.ok(Math.abs(k.vc_kms.median - preset.params.rotation.vcKms) < 0.5 * preset.params.rotation.vcKms, `v_c ${k.vc_kms.median} vs injected ${preset.params.rotation.vcKms}`);
  // the CLI is the library: same cube, same seed → the same numbers
  const a = await analyzeGalaxy(simulatedCubeToCube(sim), meta);
  const direct = kinematicsJson(a, { seed: 2, nLive: 60 }).kinematics as { vc_kms: { median: number }; sigma0_kms: number };
  assert.ok(Math.abs(direct.vc_kms.median - k.vc_kms.median) < 1e-6 * Math.abs(k.vc_kms.median) + 1e-9);
  assert.ok(Math.abs(direct.sigma0_kms - k.sigma0_kms) < 1e-9);
  // without --kinematics the block is absent; --seed alone is refused
  const plain = JSON.parse(JSON.stringify(analysisJson(a)));
  assert.equal(plain.kinematics, undefined);
  const bad = spawnSync(process.execPath, [bin, 'analyze', file, '--pa', '10', '--ba', '0.5', '--seed', '3'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--seed and --psf apply to --kinematics and --gradient-model forward only/);
  // --psf: the beam-smeared model, the same numbers as the library's; a malformed --psf is a usage error
  const jsonPsf = path.join(dir, 'out-psf.json');
  const withPsf = spawnSync(process.execPath, [...args.slice(0, args.indexOf('--json') + 1), jsonPsf, ...args.slice(args.indexOf('--json') + 2), '--psf', `${MSA3D_PSF.fwhmXArcsec},${MSA3D_PSF.fwhmYArcsec}`], { encoding: 'utf8' });
  assert.equal(withPsf.status, 0, withPsf.stderr);
  const kPsf = JSON.parse(fs.readFileSync(jsonPsf, 'utf8')).kinematics;
  assert.equal(kPsf.beam_smeared, true);
  assert.deepEqual(kPsf.psf_fwhm_arcsec, [MSA3D_PSF.fwhmXArcsec, MSA3D_PSF.fwhmYArcsec]);
  assert.equal(k.beam_smeared, false);
  const directPsf = kinematicsJson(a, { seed: 2, nLive: 60, psf: MSA3D_PSF }).kinematics as { vc_kms: { median: number } };
  assert.ok(Math.abs(directPsf.vc_kms.median - kPsf.vc_kms.median) < 1e-6 * Math.abs(kPsf.vc_kms.median) + 1e-9);
  const badPsf = spawnSync(process.execPath, [...args, '--overwrite', '--psf', '0.2'], { encoding: 'utf8' });
  assert.equal(badPsf.status, 2);
  assert.match(badPsf.stderr, /--psf must be FWHM_X,FWHM_Y/);
  // no line emission: no usable velocities → null with a reason
  const cube = simulatedCubeToCube(sim);
  const rng = seededRandom(12);
  const flux = Float32Array.from(cube.error!, (e) => (Number.isFinite(e) ? e * rng.normal() : NaN));
  const empty = await analyzeGalaxy({ ...cube, flux }, meta);
  const none = kinematicsJson(empty, { seed: 1, nLive: 60 });
  assert.equal(none.kinematics, null);
  assert.ok(typeof none.kinematics_reason === 'string' && none.kinematics_reason.length > 0);
});
