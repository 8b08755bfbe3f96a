// Tests of kernel-lib/src/instrument: the NIRSpec G140H curve shipped inside the library is the data/nirspec CSV bit for
// bit (and regenerates to the same file), and the PSF is one type with the MSA-3D 0.20" × 0.08" as one constant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  MSA3D_PSF,
  checkPsf,
  nirspecG140hDispersionCurve,
  nirspecG140hResolutionCurve,
  readResolutionCurve,
} from '../kernel-lib/src/instrument/index';
import { defaultSimulationParams } from '../kernel-lib/src/simulate/params';
import { parseCsv } from '../kernel-lib/src/tables/csv';

const ROOT = path.join(__dirname, '..');
const CSV = path.join(ROOT, 'data', 'nirspec', 'g140h_resolution.csv');

function sameDoubles(actual: Float64Array, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) assert.ok(Object.is(actual[i], expected[i]), `${what}[${i}]: ${actual[i]} ≠ ${expected[i]}`);
}

test('the shipped G140H table is data/nirspec/g140h_resolution.csv, bit for bit', () => {
  const fromCsv = readResolutionCurve(CSV);
  const shipped = nirspecG140hResolutionCurve();
  sameDoubles(shipped.wavelengthMicron, fromCsv.wavelengthMicron, 'wavelength');
  sameDoubles(shipped.resolvingPower, fromCsv.resolvingPower, 'R');
  const text = fs.readFileSync(CSV, 'utf8').split(/\r?\n/).filter((l) => !l.startsWith('#')).join('\n');
  const { header, rows } = parseCsv(text, CSV);
  const dlds = rows.map((r) => Number(r[header.indexOf('dlds_um_per_pix')]));
  sameDoubles(nirspecG140hDispersionCurve().dldsMicronPerPixel, dlds, 'dlds');
  assert.equal(shipped.wavelengthMicron.length, 1001);
});

test('the generated table file is what scripts/make_g140h_table.py writes from the CSV', (t) => {
  const python = spawnSync('python3', ['--version']);
  if (python.status !== 0) return t.skip('python3 not available');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'g140h-')), 'table.ts');
  const run = spawnSync('python3', ['scripts/make_g140h_table.py', 'data/nirspec/g140h_resolution.csv', out], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(ROOT, 'kernel-lib', 'src', 'instrument', 'nirspec-g140h-table.ts'), 'utf8'));
});

test('the PSF: one type, MSA3D_PSF = 0.20" × 0.08" (the simulator default), one-line refusals', () => {
  assert.deepEqual({ ...MSA3D_PSF }, { fwhmXArcsec: 0.2, fwhmYArcsec: 0.08 });
  assert.ok(Object.isFrozen(MSA3D_PSF));
  assert.equal(defaultSimulationParams(1.5).psf, MSA3D_PSF);
  assert.doesNotThrow(() => checkPsf({ fwhmXArcsec: 0, fwhmYArcsec: 0 }, 'here'));
  assert.throws(() => checkPsf({ fwhmXArcsec: 0.2, fwhmYArcsec: NaN }, 'here'), /^Error: here: psf\.fwhmYArcsec must be a finite number ≥ 0 \(got NaN\)$/);
  assert.throws(() => checkPsf(undefined as never, 'here'), /here: psf must be \{ fwhmXArcsec, fwhmYArcsec \}/);
});
