// `msa3d fit` on one 1-D spectrum (the shared SDSS spec file): read through readCubeOrSpectrum as a 1 × 1 cube, one
// JSON row with the same per-line fields as a cube's spaxel rows, and a stdout line that says it fitted a spectrum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
const SDSS = path.join(__dirname, '..', 'data', 'sdss', 'spec-0352-51694-0030.fits');
// z = SPECOBJ's Z of this file (0.08181); the LSF: SDSS spectrograph R ≈ 2000 at ≈ 6000 Å (York et al. 2000, AJ 120,
// 1579; Smee et al. 2013, AJ 146, 32) → FWHM = 6000 Å / 2000 = 3.0 Å (the file's own wdisp gives 2.8–3.3 Å from Hβ to Hα).
const Z = '0.08181';
const LSF_FWHM_ANGSTROM = '3.0';

test('msa3d fit SPECTRUM.fits: one row with Hα, [N II], Hβ, [O III] fluxes and the per-line fields of a spaxel row', { skip: fs.existsSync(SDSS) ? false : `${SDSS} absent`, timeout: 60_000 }, (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fit-spectrum-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const json = path.join(dir, 'fit.json');
  const r = spawnSync(process.execPath, [BIN, 'fit', SDSS, '--z', Z, '--lsf-fwhm', LSF_FWHM_ANGSTROM, '--json', json, '--workers', '1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /fitted 1 spectrum \(table flux\) at z = 0\.08181/);
  const fit = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(fit.nx, 1);
  assert.equal(fit.ny, 1);
  assert.equal(fit.spaxels.length, 1);
  const row = fit.spaxels[0];
  for (const line of fit.lines as string[]) {
    for (const field of ['flux', 'flux_err', 'snr', 'ew', 'ew_err', 'flag']) assert.ok(`${line}_${field}` in row, `${line}_${field}`);
  }
  for (const line of ['ha', 'nii6584', 'hb', 'oiii5007']) {
    assert.ok(Number.isFinite(row[`${line}_flux`]) && Number.isFinite(row[`${line}_flux_err`]) && row[`${line}_flux_err`] > 0, `${line} flux and error`);
  }
  // this galaxy's Hα and [N II] are strong (the file's SPZLINE: Hα S/N 37, [N II] 6583 S/N 22); the fit must find them.
  // Hα's error includes its covariance with the depth of the Hα trough under it (Hβ's width, stellar-absorption.ts):
  // measured S/N 9.4 (16.5 before the trough took Hβ's width; SPZLINE fixes its stellar continuum before the lines)
  assert.ok(row.ha_snr > 5 && row.nii6584_snr > 10, `Hα S/N ${row.ha_snr}, [N II] S/N ${row.nii6584_snr}`);
  // the file's BUNIT '1E-17 erg/cm^2/s/Ang' read (io/units.ts): fluxes in 1e-20 erg/s/cm², the rule in provenance
  assert.equal(fit.flux_unit, '1e-20 erg s-1 cm-2');
  assert.match(JSON.stringify(fit.provenance?.fluxUnit ?? fit.provenance?.flux_unit ?? ''), /1E-17/);
  assert.equal(fit.medium, 'vacuum');
});
