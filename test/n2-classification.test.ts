// Classification by log([N II]/Hα) alone (classify/n2-only.ts, Stasińska et al. 2006) and the analysis's fallback to it
// when neither BPT nor WHAN has its inputs (analyze/classify-galaxy.ts): the per-spaxel rule on hand-made numbers, the
// galaxy-level fallback on in-memory maps, and `msa3d analyze` on the REAL continuum-subtracted SAMI cube of GAMA
// 485885 (data/sami-485885: Hα + [N II] only, no continuum).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  N2_ONLY_NII_DETECTION_SNR, N2_ONLY_SF_MAX, classifyMaps, classifyN2Only, classifySpaxel, diagnosticName, spaxelClassName,
} from '../kernel-lib/src/classify/index';
import { classifyGalaxy, diagramInputsAvailable } from '../kernel-lib/src/analyze/classify-galaxy';
import { checkGalaxyMeta } from '../kernel-lib/src/analyze/analyze-galaxy';
import type { CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { InputError } from '../kernel-lib/src/errors/input-error';
import { DATA_DIR } from './helpers/real-data';

// ---------- the per-spaxel rule ----------

test('N2 alone: a detected [N II] is judged by its ratio against −0.4 (Stasińska et al. 2006), on either side of the line', () => {
  const ha = 100;
  const below = ha * 10 ** (N2_ONLY_SF_MAX - 0.05); // N2 = −0.45
  const above = ha * 10 ** (N2_ONLY_SF_MAX + 0.05); // N2 = −0.35
  const err = below / (N2_ONLY_NII_DETECTION_SNR + 5); // detected
  assert.equal(classifyN2Only(below, err, ha), 'sf');
  assert.equal(classifyN2Only(above, err, ha), 'not-sf');
  assert.equal(classifyN2Only(ha * 10 ** N2_ONLY_SF_MAX, err, ha), 'not-sf', 'on the line is not star-forming (strict <)');
  assert.equal(classifyN2Only(below, 0, ha), 'sf', 'an error of 0 (noiseless) counts as detected');
});

test('N2 alone: an undetected [N II] counts only through its 3σ upper limit — a noisy low ratio never makes a spaxel star-forming', () => {
  const ha = 100;
  // [N II] at S/N 1.5 with a measured N2 of −1.3, far below −0.4; its 3σ limit is log(3·20/100) = −0.22, above −0.4
  const noisy = { nii: 5, err: 20 };
  assert.ok(Math.log10(noisy.nii / ha) < N2_ONLY_SF_MAX, 'the measured ratio alone would say star-forming');
  assert.ok(Math.log10((N2_ONLY_NII_DETECTION_SNR * noisy.err) / ha) >= N2_ONLY_SF_MAX);
  assert.equal(classifyN2Only(noisy.nii, noisy.err, ha), null);
  // the same [N II] S/N with a small error: the 3σ limit log(3·2/100) = −1.22 is below −0.4
  assert.equal(classifyN2Only(0.5, 2, ha), 'sf');
  assert.equal(classifyN2Only(-3, 2, ha), 'sf', 'a negative measured flux with a tight limit');
  assert.equal(classifyN2Only(-3, 20, ha), null, 'a negative measured flux with a loose limit');
  assert.equal(classifyN2Only(NaN, 2, ha), 'sf', 'no measured value, a finite error: the limit decides');
  // exactly at the detection S/N is not detected (strict >): judged by the limit
  assert.equal(classifyN2Only(3 * 15, 15, ha), null, 'S/N = 3, limit log(45/100) = −0.35');
});

test('N2 alone: no class without a positive Hα or a finite [N II] error', () => {
  assert.equal(classifyN2Only(10, 1, 0), null);
  assert.equal(classifyN2Only(10, 1, NaN), null);
  assert.equal(classifyN2Only(10, NaN, 100), null);
  assert.equal(classifyN2Only(10, -1, 100), null);
});

test("classifySpaxel / classifyMaps with diagnostic 'n2': Hα must pass its S/N; codes and counts name the N2 diagnostic", () => {
  const lines = { ha: { value: 100, error: 5 }, nii6584: { value: 20, error: 2 } }; // N2 = −0.70, detected
  const one = classifySpaxel(lines, { diagnostic: 'n2' });
  assert.equal(one.class, 'sf');
  assert.equal(one.diagnostic, 'n2');
  assert.equal(classifySpaxel({ ...lines, ha: { value: 100, error: 50 } }, { diagnostic: 'n2' }).class, null, 'Hα S/N 2 < 3');
  const f = (xs: number[]) => Float64Array.from(xs);
  const maps = {
    ha: { value: f([100, 100, 100, 100]), error: f([5, 5, 5, 5]) },
    nii6584: { value: f([20, 60, 5, 5]), error: f([2, 2, 20, 2]) },
  };
  const c = classifyMaps(maps, { diagnostic: 'n2' });
  assert.deepEqual(Array.from(c.classCode, spaxelClassName), ['sf', 'not-sf', null, 'sf']);
  assert.deepEqual(Array.from(c.diagnosticCode, diagnosticName), ['n2', 'n2', null, 'n2']);
  assert.deepEqual(c.diagnosticCounts, { bpt: 0, whan: 0, n2: 3, none: 1 });
  assert.equal(c.diagnostic, 'n2');
  assert.equal(c.counts['not-sf'], 1);
});

// ---------- the galaxy-level fallback ----------

/** A minimal cube fit of n spaxels, all selected, with the given maps (flux and flux_err per line, ha_ew). */
function fakeFit(maps: Record<string, number[]>): CubeFit {
  const n = Object.values(maps)[0].length;
  return {
    nx: n, ny: 1, maps: Object.fromEntries(Object.entries(maps).map(([k, v]) => [k, Float64Array.from(v)])),
    selected: new Uint8Array(n).fill(1),
  } as unknown as CubeFit;
}

const HA_NII = { ha_flux: [100, 100, 100], ha_flux_err: [5, 5, 5], nii6584_flux: [20, 60, 20], nii6584_flux_err: [2, 2, 2] };
const NONE = [NaN, NaN, NaN];

test('classifyGalaxy falls back to N2 alone only when no selected spaxel has Hβ and [O III] or a finite EW(Hα), and says so', () => {
  const noDiagram = fakeFit({ ...HA_NII, hb_flux: NONE, hb_flux_err: NONE, oiii5007_flux: NONE, oiii5007_flux_err: NONE, ha_ew: NONE, ha_ew_err: NONE });
  for (const diagnostic of [undefined, 'galaxy', 'auto'] as const) {
    const c = classifyGalaxy(noDiagram, { diagnostic });
    assert.equal(c.diagnostic, 'n2');
    assert.match(c.diagnosticSource, /^N2 alone \(fallback/);
    assert.deepEqual(Array.from(c.classCode, spaxelClassName), ['sf', 'not-sf', 'sf']);
  }
  const forbidden = classifyGalaxy(noDiagram, { n2Fallback: false });
  assert.equal(forbidden.diagnostic, null);
  assert.equal(forbidden.counts.unclassified, 3);
  assert.match(forbidden.diagnosticSource, /^none: .*fallback is off/);
  // an EW(Hα) in one spaxel: WHAN can be used, so no fallback (the spaxels without EW stay unclassified)
  const withEw = fakeFit({ ...HA_NII, ha_ew: [NaN, NaN, 20], ha_ew_err: [NaN, NaN, 1] });
  const whan = classifyGalaxy(withEw);
  assert.equal(whan.diagnostic, 'whan');
  assert.equal(whan.diagnosticCounts.n2, 0);
  assert.deepEqual(diagramInputsAvailable({ ha_ew: undefined } as never, new Uint8Array(1).fill(1)), { bpt: false, whan: false });
  // Hβ and [O III] in every spaxel but too few for the galaxy's BPT: WHAN as before, not N2
  const withBpt = fakeFit({ ...HA_NII, hb_flux: [30, 30, 30], hb_flux_err: [3, 3, 3], oiii5007_flux: [30, 30, 30], oiii5007_flux_err: [3, 3, 3] });
  const paper = classifyGalaxy(withBpt, { minSpaxels: 3 });
  assert.equal(paper.diagnostic, 'bpt');
  assert.match(paper.diagnosticSource, /^BPT for the galaxy: 3 spaxels/);
  assert.equal(classifyGalaxy(withBpt, { minSpaxels: 4 }).diagnosticCounts.n2, 0);
  // a diagram asked for by name is used as asked, never replaced
  assert.equal(classifyGalaxy(noDiagram, { diagnostic: 'whan' }).diagnostic, null);
  assert.equal(classifyGalaxy(withBpt, { diagnostic: 'n2' }).diagnostic, 'n2');
});

test("analyzeGalaxy's metadata check takes diagnostic 'n2' and refuses an n2Fallback that is not a boolean", () => {
  const meta = { positionAngleDeg: 0, axisRatio: 0.5 };
  checkGalaxyMeta({ ...meta, diagnostic: 'n2', n2Fallback: false });
  assert.throws(() => checkGalaxyMeta({ ...meta, n2Fallback: 'no' as never }), InputError);
  assert.throws(() => checkGalaxyMeta({ ...meta, diagnostic: 'n2o3' as never }), InputError);
});

// ---------- msa3d analyze on the REAL GAMA 485885 cube ----------

const BIN = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
const CUBE_485885 = path.join(DATA_DIR, 'sami-485885', 'sami_485885_ha_nii.fits');
/**
 * What the cube and data/sami-485885 give: rest frame (SPECSYS = SOURCE, so --z 0), LSF FWHM 1.61 Å and air
 * wavelengths (MODEL_OPTIONS), b/a = cos(INC) = cos(0.572591), the centre where the header's offset axes are 0
 * (x = 14.5, y = 12.5). Not given by them, assumed here as in notebook 03: the major axis along x (PA 90) and a scale;
 * the kpc scale only stretches the radii, and the test asks no particular slope.
 */
const FLAGS_485885 = ['--z', '0', '--lsf-fwhm', '1.61', '--air', '--ba', String(Math.cos(0.572591)), '--pa', '90', '--center', '14.5,12.5', '--kpc-per-arcsec', '1'];

test('msa3d analyze on the REAL continuum-subtracted GAMA 485885 cube: diagnostic n2, stated on stderr and in the JSON, and a finite gradient', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n2-485885-'));
  try {
    const json = path.join(dir, 'a.json');
    const run = (...extra: string[]) => spawnSync(process.execPath, [BIN, 'analyze', CUBE_485885, ...FLAGS_485885, ...extra], { encoding: 'utf8' });
    const r = run('--min-ew-snr', 'none', '--json', json);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /diagnostic n2 \(N2 alone \(fallback of 'galaxy'\).*Stasińska et al\. 2006/);
    assert.match(r.stdout, /diagnostic n2;/);
    const a = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.equal(a.diagnostic, 'n2');
    assert.match(a.diagnostic_assumption, /log\(\[N II\]\/Hα\) < -0\.4/);
    assert.equal(a.provenance.diagnostic.value, 'n2');
    assert.ok(a.n_used >= 20, `${a.n_used} usable spaxels`);
    assert.ok(Number.isFinite(a.gradient.slope) && a.gradient.slope_err > 0, JSON.stringify(a.gradient));
    // SAMI drizzles 1.6″ fibres onto 0.5″ spaxels: neighbouring residuals correlate, and stderr says the error is too small
    assert.ok(a.gradient.residual_neighbour_correlation > 0.2, `residual lag-1 correlation ${a.gradient.residual_neighbour_correlation}`);
    assert.match(r.stderr, /gradient: residuals of neighbouring spaxels correlate at 0\.\d\d .*too small by about √\d+\.\d/);
    assert.equal(a.gradient.error_inflation, 1);
    // --spaxel-correlation residuals: the same slope, its error × √k for spaxels as correlated as the residuals
    const corr = path.join(dir, 'corr.json');
    const rc = run('--min-ew-snr', 'none', '--spaxel-correlation', 'residuals', '--json', corr);
    assert.equal(rc.status, 0, rc.stderr);
    const c = JSON.parse(fs.readFileSync(corr, 'utf8')).gradient;
    assert.equal(c.slope, a.gradient.slope);
    assert.ok(c.error_inflation > 1.4, `error inflation ${c.error_inflation}`);
    assert.ok(Math.abs(c.slope_err / a.gradient.slope_err - c.error_inflation) < 1e-9);
    assert.match(rc.stderr, /gradient: residuals of neighbouring spaxels correlate at 0\.\d\d: errors × \d\.\d\d/);
    assert.equal(a.gradient.n_spaxels, a.spaxels.filter((s: { used_in_gradient: boolean; r_kpc: number }) => s.used_in_gradient && s.r_kpc >= 0.5).length);
    assert.ok(a.spaxels.every((s: { used_in_gradient: boolean; diagnostic: string | null; class: string }) => !s.used_in_gradient || (s.diagnostic === 'n2' && s.class === 'sf')));
    // forbidden: no class, no gradient, and the reason on stderr
    const off = run('--min-ew-snr', 'none', '--n2-fallback', 'off');
    assert.equal(off.status, 0, off.stderr);
    assert.match(off.stdout, /diagnostic none; 0 star-forming/);
    assert.match(off.stderr, /diagnostic none: .*fallback is off/);
    // the default EW(Hα) S/N cut on a cube with no continuum: nothing passes, and stderr says why
    const ewCut = run();
    assert.match(ewCut.stdout, /0 spaxels pass the S\/N cuts/);
    assert.match(ewCut.stderr, /no spaxel has a finite EW\(Hα\).*--min-ew-snr none/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--diagnostic and --n2-fallback are checked before any work (exit 2, one line); a rest-frame cube without --z is told so', () => {
  const run = (...extra: string[]) => spawnSync(process.execPath, [BIN, 'analyze', CUBE_485885, ...FLAGS_485885, ...extra], { encoding: 'utf8' });
  for (const bad of [['--diagnostic', 'o3n2'], ['--n2-fallback', 'maybe'], ['--diagnostic', 'bpt', '--n2-fallback', 'off']]) {
    const r = run(...bad);
    assert.equal(r.status, 2, `${bad.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  // without --z: the header has no redshift, and the error points at its rest-frame spectral axis
  const noZ = spawnSync(process.execPath, [BIN, 'analyze', CUBE_485885, ...FLAGS_485885.slice(2)], { encoding: 'utf8' });
  assert.equal(noZ.status, 2, noZ.stderr);
  assert.match(noZ.stderr, /no redshift in the header.*SPECSYS = SOURCE.*--z 0/);
});
