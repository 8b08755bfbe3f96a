// The line-spread function chosen from a cube's header (instrument/lsf-from-header.ts, lsf-catalogue.ts), the
// redshift and PSF read from the header (observation-header.ts), the provenance every fit records, and the command
// line's refusal of a cube whose instrument it does not know. Expected values are evaluated here from the published
// formulas and numbers (Bacon et al. 2017 eq. 8; SAMI DR2; KMOS manual; STScI dispersion files), not from the library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  LSF_CATALOGUE,
  lsfFromHeader,
  instrumentFromSpec,
  redshiftFromHeader,
  psfFromHeader,
  nirspecG140hDispersion,
  nirspecG235hResolutionCurve,
  nirspecG395hResolutionCurve,
  resolvingPowerAt,
} from '../kernel-lib/src/instrument/index';
import { fitCube, cubeFitJson, resolveCubeFitInputs } from '../kernel-lib/src/linemaps/index';
import { InputError } from '../kernel-lib/src/errors/input-error';
import { writeFits } from '../kernel-lib/src/io/fits-write';
import type { Cube } from '../kernel-lib/src/io/cube';
import { seededRandom } from '../kernel-lib/src/stats/index';

const C_KMS = 299792.458;
const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'kernel-lib', 'bin', 'msa3d.js');

function idOf(header: Record<string, string | number>): string | null {
  const r = lsfFromHeader(header);
  return r.ok ? String(r.spec) : null;
}

test('each catalogued instrument is recognised from its own keywords', () => {
  assert.equal(idOf({ INSTRUME: 'NIRSPEC', GRATING: 'G140H' }), 'nirspec-g140h');
  assert.equal(idOf({ INSTRUME: 'NIRSPEC', GRATING: 'G235H' }), 'nirspec-g235h');
  assert.equal(idOf({ INSTRUME: 'NIRSPEC', GRATING: 'G395H' }), 'nirspec-g395h');
  assert.equal(idOf({ INSTRUME: 'MUSE', 'ESO INS MODE': 'WFM-NOAO-N' }), 'muse');
  assert.equal(idOf({ INSTRUME: 'AAOMEGA-SAMI', SPECTID: 'BL', GRATID: '580V    ' }), 'sami-580v');
  assert.equal(idOf({ INSTRUME: 'AAOMEGA-SAMI', SPECTID: 'RD', GRATID: '1000R' }), 'sami-1000r');
  for (const band of ['IZ', 'YJ', 'H', 'K', 'HK']) {
    assert.equal(idOf({ INSTRUME: 'KMOS', 'ESO INS GRAT1 ID': band, 'ESO INS GRAT2 ID': band }), `kmos-${band.toLowerCase()}`);
  }
});

test('an instrument or mode outside the catalogue is { ok: false } naming what the header said, never another LSF', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ INSTRUME: 'NIRSPEC', GRATING: 'G140M' }, /NIRSpec grating G140M has no resolution curve/],
    [{ INSTRUME: 'AAOMEGA-SAMI', GRATID: '1700D' }, /SAMI grating 1700D/],
    [{ INSTRUME: 'KMOS', 'ESO INS GRAT1 ID': 'K', 'ESO INS GRAT2 ID': 'H' }, /different bands/],
    [{ INSTRUME: 'GMOS-N' }, /instrument GMOS-N is not in the catalogue/],
    [{ MANGAID: '1-209232', PLATEIFU: '8485-1901' }, /MaNGA's LSF varies per channel/],
    [{ TELESCOP: 'SDSS 2.5-M' }, /SDSS spectrum's LSF varies per pixel/],
    [{}, /names no instrument/],
  ];
  for (const [header, reason] of cases) {
    const r = lsfFromHeader(header);
    assert.equal(r.ok, false, JSON.stringify(header));
    if (r.ok) continue;
    assert.match(r.reason, reason);
    for (const [k, v] of Object.entries(header)) assert.ok(r.found.includes(`${k}=${JSON.stringify(v)}`), `${r.found} names ${k}`);
  }
  assert.match((lsfFromHeader({}) as { found: string }).found, /no INSTRUME, GRATING, GRATID or SPECTID keyword/);
});

test('MaNGA: the per-channel FWHM from the file is used as given (interpolated between channels)', () => {
  const wavelengthAngstrom = Float64Array.of(6000, 6500, 7000);
  const fwhmAngstrom = Float64Array.of(2.6, 2.8, 3.0);
  const r = lsfFromHeader({ MANGAID: '1-209232' }, { wavelengthAngstrom, fwhmAngstrom, source: 'MaNGA LSF extension' });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.source, 'MaNGA LSF extension');
  const sigma = instrumentFromSpec(r.spec);
  assert.ok(Math.abs(sigma(6500) - (C_KMS * 2.8) / (6500 * FWHM_PER_SIGMA)) < 1e-9);
  assert.ok(Math.abs(sigma(6750) - (C_KMS * 2.9) / (6750 * FWHM_PER_SIGMA)) < 1e-9);
});

test('MUSE FWHM(λ) is Bacon et al. 2017 eq. 8 at 4800, 7000 and 9300 Å', () => {
  for (const lam of [4800, 7000, 9300]) {
    const expected = 5.866e-8 * lam ** 2 - 9.187e-4 * lam + 6.04; // the paper's polynomial, Å
    assert.ok(Math.abs(LSF_CATALOGUE.muse.fwhmAngstrom(lam) - expected) < 1e-12, `FWHM at ${lam}`);
    const sigma = instrumentFromSpec('muse')(lam);
    assert.ok(Math.abs(sigma - (C_KMS * expected) / (lam * FWHM_PER_SIGMA)) < 1e-9, `σ at ${lam}`);
  }
  assert.ok(LSF_CATALOGUE.muse.fwhmAngstrom(4800) > 2.8 && LSF_CATALOGUE.muse.fwhmAngstrom(7000) < 2.6, 'narrowest near 7000 Å, as the paper shows');
});

test('SAMI arms (2.65 Å blue, 1.61 Å red) and KMOS bands (constant R per band) as published', () => {
  assert.ok(Math.abs(instrumentFromSpec('sami-580v')(5007) - (C_KMS * 2.65) / (5007 * FWHM_PER_SIGMA)) < 1e-9);
  assert.ok(Math.abs(instrumentFromSpec('sami-1000r')(6563) - (C_KMS * 1.61) / (6563 * FWHM_PER_SIGMA)) < 1e-9);
  const published: Record<string, number> = { 'kmos-iz': 3400, 'kmos-yj': 3600, 'kmos-h': 4000, 'kmos-k': 4200, 'kmos-hk': 2000 };
  for (const [id, r] of Object.entries(published)) {
    const lam = 15000;
    assert.ok(Math.abs(instrumentFromSpec(id as 'kmos-k')(lam) - C_KMS / (r * FWHM_PER_SIGMA)) < 1e-9, id);
    assert.ok(Math.abs(LSF_CATALOGUE[id as 'kmos-k'].fwhmAngstrom(lam) - lam / r) < 1e-9, id);
  }
});

test('NIRSpec: G140H is the same function as before; G235H and G395H match rows of the STScI dispersion files', () => {
  assert.equal(instrumentFromSpec('nirspec-g140h'), nirspecG140hDispersion(), 'the MSA-3D fits use the identical curve');
  // rows of jwst_nirspec_g235h_disp.fits and jwst_nirspec_g395h_disp.fits (WAVELENGTH µm, R), as astropy reads them
  const rows: [() => ReturnType<typeof nirspecG235hResolutionCurve>, number, number][] = [
    [nirspecG235hResolutionCurve, 1.5, 1689.8025], [nirspecG235hResolutionCurve, 3.0968, 3692.684],
    [nirspecG395hResolutionCurve, 2.5, 1674.9513], [nirspecG395hResolutionCurve, 5.1, 3600.807],
  ];
  for (const [curve, micron, r] of rows) assert.ok(Math.abs(resolvingPowerAt(curve(), micron) / r - 1) < 1e-6, `R(${micron} µm)`);
  const fwhm = LSF_CATALOGUE['nirspec-g235h'].fwhmAngstrom(15000);
  assert.ok(Math.abs(fwhm - 15000 / 1689.8025) < 1e-3, `G235H FWHM at 1.5 µm: ${fwhm}`);
});

test('the generated G235H/G395H tables are what scripts/make_nirspec_tables.py writes (when the STScI files are at hand)', (t) => {
  const dir = process.env.MSA3D_NIRSPEC_DISP_DIR;
  if (!dir || !fs.existsSync(path.join(dir, 'jwst_nirspec_g235h_disp.fits'))) return t.skip('set MSA3D_NIRSPEC_DISP_DIR to a folder with jwst_nirspec_<grating>_disp.fits');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nirspec-tables-'));
  const run = spawnSync('/usr/bin/python3', ['scripts/make_nirspec_tables.py', dir, out], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0 && /No module named/.test(run.stderr)) return t.skip('astropy is not installed');
  assert.equal(run.status, 0, run.stderr);
  for (const g of ['g235h', 'g395h']) {
    const name = `nirspec-${g}-table.ts`;
    assert.equal(fs.readFileSync(path.join(out, name), 'utf8'), fs.readFileSync(path.join(ROOT, 'kernel-lib', 'src', 'instrument', name), 'utf8'));
  }
});

test('redshift keywords are tried in the order Z_SPEC, REDSHIFT, Z; a non-physical value is an error naming it', () => {
  assert.deepEqual(redshiftFromHeader({ Z: 0.1, REDSHIFT: 0.2, Z_SPEC: 0.3 }, 'c.fits'), { value: 0.3, keyword: 'Z_SPEC' });
  assert.deepEqual(redshiftFromHeader({ Z: 0.1, REDSHIFT: 0.2 }, 'c.fits'), { value: 0.2, keyword: 'REDSHIFT' });
  assert.deepEqual(redshiftFromHeader({ Z: 0.1 }, 'c.fits'), { value: 0.1, keyword: 'Z' });
  assert.equal(redshiftFromHeader({ OBJECT: 'x' }, 'c.fits'), null);
  for (const bad of [-9999, -0.5, 'unknown', 45]) {
    assert.throws(() => redshiftFromHeader({ Z_SPEC: bad, Z: 0.1 }, 'c.fits'), (e: unknown) =>
      e instanceof InputError && e.code === 'out-of-range' && /^c\.fits: header Z_SPEC = .* is not a physical redshift/.test(e.message));
  }
});

test('the PSF FWHM from the header: SAMI PSFFWHM, MaNGA per band (nearest the observed Hα), ESO SKY_RES; none → null', () => {
  assert.deepEqual(psfFromHeader({ PSFFWHM: 2.5 }, 'c')?.psf, { fwhmXArcsec: 2.5, fwhmYArcsec: 2.5 });
  const manga = { GFWHM: 2.6, RFWHM: 2.5, IFWHM: 2.4, ZFWHM: 2.3 };
  assert.equal(psfFromHeader(manga, 'c', { referenceWavelengthAngstrom: 6563 * 1.03 })?.keyword, 'RFWHM');
  assert.equal(psfFromHeader(manga, 'c', { referenceWavelengthAngstrom: 6563 * 1.15 })?.keyword, 'IFWHM');
  assert.equal(psfFromHeader(manga, 'c')?.keyword, 'RFWHM');
  assert.equal(psfFromHeader({ SKY_RES: 0.8 }, 'c')?.psf.fwhmXArcsec, 0.8);
  assert.equal(psfFromHeader({ INSTRUME: 'MUSE' }, 'c'), null);
  assert.throws(() => psfFromHeader({ PSFFWHM: -1 }, 'c'), /header PSFFWHM = -1 is not a PSF FWHM/);
});

/** A small SAMI-red-like cube (air wavelengths, Hα + [N II] at z = 0.05) with the given header. */
function samiLikeCube(header: Record<string, string | number>): Cube {
  const nx = 2, ny = 1, z = 0.05;
  const wavelengthAngstrom = Float64Array.from({ length: 300 }, (_, k) => 6750 + 0.6 * k);
  const nWave = wavelengthAngstrom.length;
  const flux = new Float64Array(nx * ny * nWave);
  const error = new Float64Array(nx * ny * nWave).fill(0.05);
  const rng = seededRandom(4);
  const sigmaA = Math.hypot(6562.8 * (1 + z) * 60 / C_KMS, 1.61 / FWHM_PER_SIGMA);
  for (let k = 0; k < nWave; k++) {
    const lam = wavelengthAngstrom[k];
    const g = (centre: number, f: number) => (f / (Math.sqrt(2 * Math.PI) * sigmaA)) * Math.exp(-0.5 * ((lam - centre) / sigmaA) ** 2);
    for (let s = 0; s < nx * ny; s++) flux[k * nx * ny + s] = 1 + g(6562.8 * (1 + z), 40) + g(6583.45 * (1 + z), 12) + 0.05 * rng.normal();
  }
  return {
    flux, error, mask: new Uint8Array(flux.length), nx, ny, nWave, wavelengthAngstrom, airWavelengths: true,
    pixelScaleArcsec: 0.5, fluxUnit: '1E-16 erg/s/cm**2/angstrom/pixel', redshift: null, header: { CTYPE3: 'AWAV', ...header },
    source: { path: 'sami-like.fits', fluxHdu: 0, errorHdu: 1, errorKind: 'error', dqHdu: null },
  };
}

test('fitCube records where the redshift, LSF, medium and PSF came from, and the JSON carries it', async () => {
  const cube = samiLikeCube({ INSTRUME: 'AAOMEGA-SAMI', GRATID: '1000R', Z_SPEC: 0.05, PSFFWHM: 2.1 });
  const fit = await fitCube(cube, { workers: 0, progress: 'none', selection: { minEwSnr: null } });
  const p = fit.provenance!;
  assert.deepEqual(p.redshift, { value: 0.05, source: 'header Z_SPEC' });
  assert.match(String(p.lsf.value), /SAMI red arm \(1000R\) constant FWHM 1\.61/);
  assert.match(p.lsf.source, /header INSTRUME="AAOMEGA-SAMI" GRATID="1000R"; Scott et al\. 2018/);
  assert.deepEqual(p.medium, { value: 'air', source: 'header CTYPE3="AWAV"' });
  assert.equal(p.psf.value, 2.1);
  assert.match(p.psf.source, /^header PSFFWHM/);
  const json = JSON.parse(JSON.stringify(cubeFitJson(fit))) as { provenance: typeof p };
  assert.deepEqual(json.provenance, p);
  // an option overrides the header, and says so
  const given = resolveCubeFitInputs(cube, { redshift: 0.0501, instrument: { fwhmAngstrom: 1.7 }, medium: 'vacuum' }).provenance;
  assert.match(given.redshift.source, /^option/);
  assert.match(given.lsf.source, /^option/);
  assert.match(given.medium.source, /^option/);
  // a cube whose medium the header does not state: vacuum, stated as an assumption
  const linear = resolveCubeFitInputs({ ...cube, airWavelengths: null, header: { ...cube.header, CTYPE3: 'LINEAR' } }).provenance.medium;
  assert.match(linear.source, /^default: vacuum assumed/);
});

test('fitCube refuses a cube with no known instrument and no LSF option, naming what it found', async () => {
  const cube = samiLikeCube({ Z_SPEC: 0.05 });
  await assert.rejects(fitCube(cube, { workers: 0, progress: 'none' }), (e: unknown) =>
    e instanceof InputError && /^sami-like\.fits: no line-spread function for this cube \(no INSTRUME, GRATING, GRATID or SPECTID keyword\).*--lsf-fwhm/.test(e.message));
  const wrong = samiLikeCube({ INSTRUME: 'WIFES', Z_SPEC: 0.05 });
  await assert.rejects(fitCube(wrong, { workers: 0, progress: 'none' }), /INSTRUME="WIFES"\): instrument WIFES is not in the catalogue/);
});

/** Writes a SAMI-like cube file (flux HDU 0, VARIANCE) with `header`; returns its path. */
function writeSamiLike(dir: string, name: string, header: Record<string, string | number>): string {
  const cube = samiLikeCube({});
  const file = path.join(dir, name);
  const wcs = { CTYPE3: 'AWAV', CUNIT3: 'Angstrom', CRPIX3: 1, CRVAL3: cube.wavelengthAngstrom[0], CDELT3: 0.6, BUNIT: '1E-16 erg/s/cm**2/angstrom/pixel' };
  writeFits(file, [
    { data: Float32Array.from(cube.flux), naxis: [cube.nx, cube.ny, cube.nWave], header: { ...wcs, ...header } },
    { name: 'VARIANCE', data: Float32Array.from(cube.error!, (e) => e * e), naxis: [cube.nx, cube.ny, cube.nWave], header: wcs },
  ]);
  return file;
}

test('msa3d fit: a cube without INSTRUME and no --lsf-fwhm is a one-line usage error (exit 2); a SAMI header is recognised and stated', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-instrument-'));
  const anonymous = writeSamiLike(dir, 'anonymous.fits', { Z_SPEC: 0.05 });
  const json = path.join(dir, 'fit.json');
  const r = spawnSync(process.execPath, [BIN, 'fit', anonymous, '--json', json, '--workers', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^msa3d: .*anonymous\.fits: no line-spread function for this cube \(no INSTRUME.*\).*pass the LSF FWHM in Angstrom \(msa3d --lsf-fwhm A/);
  assert.ok(!fs.existsSync(json), 'nothing written');

  const sami = writeSamiLike(dir, 'sami.fits', { INSTRUME: 'AAOMEGA-SAMI', SPECTID: 'RD', GRATID: '1000R', Z_SPEC: 0.05 });
  const ok = spawnSync(process.execPath, [BIN, 'fit', sami, '--json', json, '--workers', '0', '--min-ew-snr', 'none'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stderr, /instrument: SAMI red arm \(1000R\) constant FWHM 1\.61 Angstrom \(header INSTRUME="AAOMEGA-SAMI" GRATID="1000R";.*\); redshift 0\.05 \(header Z_SPEC\); wavelengths air \(header CTYPE3="AWAV"\)/);
  const parsed = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(parsed.provenance.redshift.source, 'header Z_SPEC');
  assert.equal(parsed.provenance.lsf.value, 'SAMI red arm (1000R) constant FWHM 1.61 Angstrom');
  // the user's --lsf-fwhm wins over the header, and the JSON says so
  const given = spawnSync(process.execPath, [BIN, 'fit', anonymous, '--lsf-fwhm', '1.61', '--json', json, '--overwrite', '--workers', '0'], { encoding: 'utf8' });
  assert.equal(given.status, 0, given.stderr);
  assert.match(JSON.parse(fs.readFileSync(json, 'utf8')).provenance.lsf.source, /^option/);
});

test("MaNGA through fitCube: the cube's per-channel FWHM (the reader's instrumentalFwhmAngstrom) is used and named", async () => {
  const base = samiLikeCube({ MANGAID: '1-209232', Z_SPEC: 0.05 });
  await assert.rejects(fitCube(base, { workers: 0, progress: 'none' }), /MaNGA's LSF varies per channel/);
  const withLsf = Object.assign({ ...base }, {
    instrumentalFwhmAngstrom: new Float64Array(base.nWave).fill(1.61),
    instrumentalFwhmSource: 'MaNGA LSF extension (test)',
  });
  const fit = await fitCube(withLsf, { workers: 0, progress: 'none', selection: { minEwSnr: null } });
  assert.equal(fit.provenance!.lsf.source, 'MaNGA LSF extension (test)');
  // a flat 1.61 Å per-channel LSF is the same σ_inst as the constant 1.61 Å option: the same fit, bit for bit
  const constant = await fitCube(base, { workers: 0, progress: 'none', selection: { minEwSnr: null }, instrument: { fwhmAngstrom: 1.61 } });
  assert.deepEqual(Array.from(fit.maps.sigma), Array.from(constant.maps.sigma));
  assert.deepEqual(Array.from(fit.maps.ha_flux), Array.from(constant.maps.ha_flux));
});
