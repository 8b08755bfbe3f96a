// Tests of kernel-lib io: cube reading (MSA-3D, JWST s3d, MUSE, SAMI, single-HDU layouts), FITS writing, unit conversion, bad input.
// Fixtures and their astropy readings (expected.json) come from test/fixtures/fits/make_fixtures.py; only the tests
// marked "astropy" run Python, and they skip when python3-astropy is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { FITS } from 'fitsjs-ng';
import {
  FitsError,
  encodeFits,
  listFitsHdus,
  megajanskyPerSteradianToErgFactor,
  readCube,
  readFitsImage,
  toErgPerSecCm2Angstrom,
  withoutStructuralKeywords,
  writeFits,
  type Cube,
  type FitsErrorCode,
  type FitsHduInput,
} from '../kernel-lib/src/io/index';
import { findPython, runPython, skipWithout } from './helpers/python';

const FIXTURES = path.join(__dirname, 'fixtures', 'fits');
const SAMI = path.join(__dirname, '..', 'data', 'sami-485885', 'sami_485885_ha_nii.fits');
const ASTROPY = skipWithout(['astropy'], 'python3-astropy');
const fixture = (name: string) => path.join(FIXTURES, name);

interface Expected {
  shape: [number, number, number];
  wavelengthAngstrom: number[] | null;
  pixelAreaArcsec2: number | null;
  fluxB64: string;
  errorB64: string | null;
  badIndices: number[];
  fluxFiniteSum: number;
}
const EXPECTED = (JSON.parse(fs.readFileSync(fixture('expected.json'), 'utf8')) as { files: Record<string, Expected> }).files;

function fromB64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readDoubleLE(i * 8);
  return out;
}

/** Element-wise equality (NaN equals NaN; ±inf equal themselves), within a relative tolerance. */
function assertValues(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, relTol = 0): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= relTol * Math.abs(e))) assert.fail(`${what}[${i}] = ${a}, expected ${e}`);
  }
}

function badIndices(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((m, i) => m && out.push(i));
  return out;
}

function checkAgainst(cube: Cube, expected: Expected, name: string): void {
  const [nWave, ny, nx] = expected.shape;
  assert.deepEqual([cube.nWave, cube.ny, cube.nx], [nWave, ny, nx], `${name}: shape`);
  assertValues(cube.flux, fromB64(expected.fluxB64), `${name} flux`);
  if (expected.errorB64 === null) assert.equal(cube.error, null, `${name}: no error cube`);
  else assertValues(cube.error!, fromB64(expected.errorB64), `${name} error`);
  assert.deepEqual(badIndices(cube.mask), expected.badIndices, `${name}: masked pixels`);
  if (expected.wavelengthAngstrom) {
    for (let k = 0; k < nWave; k++) assert.ok(Math.abs(cube.wavelengthAngstrom[k]! - expected.wavelengthAngstrom[k]!) < 1e-6, `${name}: λ[${k}] within 1e-6 Å`);
  }
  if (expected.pixelAreaArcsec2 !== null) {
    assert.ok(Math.abs(cube.pixelScaleArcsec! ** 2 - expected.pixelAreaArcsec2) < 1e-12 * expected.pixelAreaArcsec2 + 1e-15, `${name}: pixel area`);
  }
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-io-'));
}

/** Asserts that `fn` throws a FitsError with `code` whose message is one line naming `file`. */
function assertFitsError(fn: () => unknown, code: FitsErrorCode, file: string): FitsError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FitsError, `expected FitsError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.startsWith(`${file}: `), `message names the file: ${error.message}`);
    assert.ok(!/[\r\n]/.test(error.message), 'message is one line');
    return error;
  }
  assert.fail(`expected FitsError ${code}`);
}

test('layout (a): MSA-3D team final cube — HDU0 flux in MJy/sr with wavelengths in metres, HDU2 error', () => {
  const cube = readCube(fixture('msa3d_cube.fits'));
  assert.deepEqual(cube.source, { path: fixture('msa3d_cube.fits'), fluxHdu: 0, errorHdu: 2, errorKind: 'error', dqHdu: null });
  assert.ok(cube.flux instanceof Float32Array, 'BITPIX -32 stays Float32Array');
  checkAgainst(cube, EXPECTED['msa3d_cube.fits']!, 'msa3d');
  assert.equal(cube.fluxUnit, 'MJy/sr');
  assert.equal(cube.airWavelengths, false);
  assert.ok(Math.abs(cube.pixelScaleArcsec! - 0.08) < 1e-12);
  assert.ok(Math.abs(cube.wavelengthAngstrom[0]! - 12000) < 1e-6 && Math.abs(cube.wavelengthAngstrom[1]! - 12002.35) < 1e-6);
  assert.equal(cube.redshift, null);
  assert.equal(cube.header.CTYPE3, 'WAVE');
});

test('layout (b): JWST s3d — empty primary, SCI/ERR/DQ/WMAP + ASDF table; DQ ≠ 0 masks', () => {
  const cube = readCube(fixture('jwst_s3d.fits'));
  assert.deepEqual(cube.source, { path: fixture('jwst_s3d.fits'), fluxHdu: 1, errorHdu: 2, errorKind: 'error', dqHdu: 3 });
  checkAgainst(cube, EXPECTED['jwst_s3d.fits']!, 'jwst');
  assert.equal(cube.header.TELESCOP, 'JWST', 'primary keywords are kept');
  assert.equal(cube.header.EXTNAME, 'SCI', 'flux-HDU keywords win');
  assert.ok(Math.abs(cube.pixelScaleArcsec! - 0.1) < 1e-9);
  // the pixel solid angle agrees with the PIXAR_SR keyword
  const solidAngleSr = (cube.pixelScaleArcsec! * Math.PI / 648000) ** 2;
  assert.ok(Math.abs(solidAngleSr / (cube.header.PIXAR_SR as number) - 1) < 1e-12);
  // DQ bit 512 alone: masked by default, kept with dqBadBits = 1 (DO_NOT_USE only)
  const k = 2, y = 4, x = 3;
  const i = k * cube.ny * cube.nx + y * cube.nx + x;
  assert.equal(cube.mask[i], 1);
  assert.equal(readCube(fixture('jwst_s3d.fits'), { dqBadBits: 1 }).mask[i], 0);
  assert.equal(readCube(fixture('jwst_s3d.fits'), { dqHdu: null }).source.dqHdu, null);
});

test('layout (c): MUSE DATA/STAT — variance → 1σ, air wavelengths, rotated CD matrix, HIERARCH/CONTINUE/logical keywords', () => {
  const cube = readCube(fixture('muse_cube.fits'));
  assert.deepEqual(cube.source, { path: fixture('muse_cube.fits'), fluxHdu: 1, errorHdu: 2, errorKind: 'variance', dqHdu: null });
  checkAgainst(cube, EXPECTED['muse_cube.fits']!, 'muse');
  assert.equal(cube.airWavelengths, true);
  assert.ok(Math.abs(cube.pixelScaleArcsec! - 0.2) < 1e-12);
  assert.equal(cube.header['ESO DRS MUSE VERSION'], '2.8.7');
  assert.equal(cube.header['ESO TEL AG'], true);
  assert.equal(cube.header.FLAGF, false);
  assert.equal(cube.header.PIPENOTE, 'a long string value that does not fit on one card, so astropy writes CONTINUE cards');
  assert.equal(cube.fluxUnit, '10**(-20)*erg/s/cm**2/Angstrom');
});

test('layout (d): the real SAMI cube — primary FLUX + VARIANCE, LINEAR arcsec axes, Angstrom wavelengths', { skip: fs.existsSync(SAMI) ? false : `${SAMI} absent` }, (t) => {
  const before = sha256(SAMI);
  const start = performance.now();
  const cube = readCube(SAMI);
  const ms = performance.now() - start;
  t.diagnostic(`readCube(SAMI 31×27×107, 726 kB) took ${ms.toFixed(1)} ms`);
  assert.deepEqual(cube.source, { path: SAMI, fluxHdu: 0, errorHdu: 1, errorKind: 'variance', dqHdu: null });
  assert.deepEqual([cube.nx, cube.ny, cube.nWave], [31, 27, 107]);
  assert.equal(cube.pixelScaleArcsec, 0.5);
  assert.equal(cube.airWavelengths, false);
  assert.equal(cube.fluxUnit, null, 'SAMI file states no flux unit');
  for (const k of [0, 53, 106]) {
    assert.ok(Math.abs(cube.wavelengthAngstrom[k]! - (6535.357240158879 + 0.5605703177570066 * k)) < 1e-9);
  }
  assert.equal(sha256(SAMI), before, 'input file unchanged');
});

test('layout (e): single-HDU float64 cube without error; Z keyword; fractional CRPIX3', () => {
  const cube = readCube(fixture('single_f64.fits'));
  assert.deepEqual(cube.source, { path: fixture('single_f64.fits'), fluxHdu: 0, errorHdu: null, errorKind: 'none', dqHdu: null });
  assert.ok(cube.flux instanceof Float64Array, 'BITPIX -64 stays Float64Array');
  assert.equal(cube.error, null);
  checkAgainst(cube, EXPECTED['single_f64.fits']!, 'single');
  assert.equal(cube.redshift, 0.0523);
  assert.equal(cube.pixelScaleArcsec, 0.5);
  assert.ok(Math.abs(cube.wavelengthAngstrom[0]! - (6500 - 4.5 * 0.7)) < 1e-9);
});

test('IVAR → 1/sqrt, WAVE-LOG axis in nm, REDSHIFT from the primary header', () => {
  const cube = readCube(fixture('ivar_lognm.fits'));
  assert.deepEqual(cube.source, { path: fixture('ivar_lognm.fits'), fluxHdu: 1, errorHdu: 2, errorKind: 'ivar', dqHdu: null });
  checkAgainst(cube, EXPECTED['ivar_lognm.fits']!, 'ivar');
  assert.equal(cube.redshift, 0.1);
  assert.ok(Math.abs(cube.wavelengthAngstrom[1]! - 6500 * Math.exp(0.05 / 650)) < 1e-9);
});

test('int16 cube with BSCALE/BZERO/BLANK and CUNIT3 "A": scaled to float64, BLANK → NaN and masked', () => {
  const cube = readCube(fixture('int16_scaled.fits'));
  checkAgainst(cube, EXPECTED['int16_scaled.fits']!, 'int16');
  assert.ok(cube.flux instanceof Float64Array);
  assertValues(cube.wavelengthAngstrom, [5000, 5002, 5004, 5006, 5008, 5010], 'λ with CUNIT3 A');
  assert.equal(cube.airWavelengths, false);
  assert.equal(cube.pixelScaleArcsec, null, 'no spatial WCS');
});

test('options override the HDU guess; bad choices give typed errors', () => {
  const msa = fixture('msa3d_cube.fits');
  assert.equal(readCube(msa, { errorHdu: null }).error, null);
  const viaHdu1 = readCube(msa, { errorHdu: 1, errorKind: 'variance' });
  assert.deepEqual([viaHdu1.source.errorHdu, viaHdu1.source.errorKind], [1, 'variance']);
  assert.equal(readCube(fixture('jwst_s3d.fits'), { fluxHdu: 'sci', errorHdu: 'ERR' }).source.fluxHdu, 1);
  assertFitsError(() => readCube(msa, { fluxHdu: 'SCI' }), 'missing-extension', msa);
  assertFitsError(() => readCube(msa, { errorHdu: 7 }), 'missing-extension', msa);
  assertFitsError(() => readCube(fixture('jwst_s3d.fits'), { errorHdu: 'ASDF' }), 'shape-mismatch', fixture('jwst_s3d.fits'));
  assertFitsError(() => readCube(fixture('jwst_s3d.fits'), { fluxHdu: 0 }), 'not-a-cube', fixture('jwst_s3d.fits'));
  const angstrom = readCube(fixture('single_f64.fits'), { wavelengthUnit: 'nm' });
  assert.ok(Math.abs(angstrom.wavelengthAngstrom[0]! - 10 * (6500 - 4.5 * 0.7)) < 1e-8);
});

test('readFitsImage / listFitsHdus: names, types, unsigned DQ, tables refused', () => {
  const file = fixture('jwst_s3d.fits');
  const hdus = listFitsHdus(file);
  assert.deepEqual(hdus.map((h) => h.extname), [null, 'SCI', 'ERR', 'DQ', 'WMAP', 'ASDF']);
  assert.deepEqual(hdus.map((h) => h.xtension), [null, 'IMAGE', 'IMAGE', 'IMAGE', 'IMAGE', 'BINTABLE']);
  const dq = readFitsImage(file, 'DQ');
  assert.ok(dq.data instanceof Uint32Array);
  assert.deepEqual(dq.naxis, [4, 5, 30]);
  assert.equal(dq.data[4 * 20 + 1 * 4 + 2], 2 ** 31 + 4);
  const sci = readFitsImage(file, 1);
  assert.ok(sci.data instanceof Float32Array);
  assert.equal(sci.cards.find((c) => c.key === 'BUNIT')?.value, 'MJy/sr');
  assertFitsError(() => readFitsImage(file, 'ASDF'), 'not-an-image', file);
  assertFitsError(() => readFitsImage(file, 0), 'not-an-image', file);
});

test('fitsjs-ng (independent reader) gives the same pixels as readCube on the JWST fixture', async () => {
  const file = fixture('jwst_s3d.fits');
  const cube = readCube(file);
  const fits = FITS.fromNodeBuffer(fs.readFileSync(file), { onWarning: () => undefined });
  const image = fits.getDataUnit(1) as unknown as { getFrame(k: number): Promise<ArrayLike<number>> };
  const plane = cube.nx * cube.ny;
  for (let k = 0; k < cube.nWave; k++) {
    assertValues(await image.getFrame(k), cube.flux.subarray(k * plane, (k + 1) * plane), `fitsjs-ng frame ${k}`);
  }
});

test('bad input → FitsError with a code and a one-line message naming the file', () => {
  const dir = tempDir();
  try {
    const missing = path.join(dir, 'nope.fits');
    assertFitsError(() => readCube(missing), 'missing-file', missing);

    const text = path.join(dir, 'notes.fits');
    fs.writeFileSync(text, 'this is a text file\n'.repeat(200));
    assertFitsError(() => readCube(text), 'not-fits', text);

    const empty = path.join(dir, 'empty.fits');
    fs.writeFileSync(empty, '');
    assertFitsError(() => readCube(empty), 'empty', empty);

    const whole = fs.readFileSync(fixture('msa3d_cube.fits'));
    const shortData = path.join(dir, 'short-data.fits');
    fs.writeFileSync(shortData, whole.subarray(0, 2880 + 1000));
    const e = assertFitsError(() => readCube(shortData), 'truncated', shortData);
    assert.match(e.message, /4800 bytes of data but the file holds only 1000/);
    const lastHduCut = path.join(dir, 'cut-last-hdu.fits');
    fs.writeFileSync(lastHduCut, whole.subarray(0, whole.length - 2880 * 2));
    assertFitsError(() => readCube(lastHduCut), 'truncated', lastHduCut);
    const shortHeader = path.join(dir, 'short-header.fits');
    fs.writeFileSync(shortHeader, whole.subarray(0, 1000));
    assertFitsError(() => readCube(shortHeader), 'truncated', shortHeader);

    const map = fixture('image2d.fits');
    assertFitsError(() => readCube(map), 'not-a-cube', map);

    const absurd = fixture('absurd_naxis.fits');
    const start = performance.now();
    const heapBefore = process.memoryUsage().arrayBuffers;
    assertFitsError(() => readCube(absurd), 'absurd-size', absurd);
    assertFitsError(() => listFitsHdus(absurd), 'absurd-size', absurd);
    assert.ok(performance.now() - start < 200, 'refused at once');
    assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 50e6, 'nothing big allocated');

    assertFitsError(() => readCube(fixture('no_wcs_cube.fits')), 'no-wavelength-wcs', fixture('no_wcs_cube.fits'));
    assertFitsError(() => readCube(fixture('no_wcs_cube.fits'), { fluxHdu: 3 }), 'missing-extension', fixture('no_wcs_cube.fits'));
    assertFitsError(() => readCube(dir), 'unreadable', dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('wavelength WCS edge cases: missing CUNIT3 means metres (as astropy), implausible results are refused', () => {
  const dir = tempDir();
  try {
    const write = (name: string, header: Record<string, string | number>) => {
      const file = path.join(dir, name);
      writeFits(file, [{ data: new Float32Array(8), naxis: [2, 2, 2], header }]);
      return file;
    };
    const metres = readCube(write('m.fits', { CTYPE3: 'WAVE', CRVAL3: 1.5e-6, CDELT3: 1e-9, CRPIX3: 1 }));
    assertValues(metres.wavelengthAngstrom, [15000, 15010], 'λ default metres', 1e-12);
    const angstromNoUnit = write('a.fits', { CTYPE3: 'AWAV', CRVAL3: 6500, CDELT3: 1.25, CRPIX3: 1 });
    const e = assertFitsError(() => readCube(angstromNoUnit), 'no-wavelength-wcs', angstromNoUnit);
    assert.match(e.message, /CUNIT3 missing/);
    assertValues(readCube(angstromNoUnit, { wavelengthUnit: 'Angstrom' }).wavelengthAngstrom, [6500, 6501.25], 'λ override');
    const freq = write('f.fits', { CTYPE3: 'FREQ', CRVAL3: 1e14, CDELT3: 1e9, CUNIT3: 'Hz' });
    assertFitsError(() => readCube(freq), 'no-wavelength-wcs', freq);
    const tab = write('t.fits', { CTYPE3: 'WAVE-TAB', CRVAL3: 1, CDELT3: 1, CUNIT3: 'um' });
    assertFitsError(() => readCube(tab), 'unsupported-wcs', tab);
    const linearNoUnit = write('l.fits', { CTYPE3: 'LINEAR', CRVAL3: 6500, CDELT3: 1 });
    assertFitsError(() => readCube(linearNoUnit), 'no-wavelength-wcs', linearNoUnit);
    const micron = readCube(write('u.fits', { CTYPE3: 'LINEAR', CUNIT3: 'micron', CRVAL3: 1, CDELT3: 0.001, CRPIX3: 1 }));
    assert.equal(micron.airWavelengths, null, 'LINEAR says nothing about air or vacuum');
    assertValues(micron.wavelengthAngstrom, [10000, 10010], 'λ micron', 1e-12);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reading never modifies the input files', () => {
  const names = fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.fits'));
  const before = names.map((n) => [sha256(fixture(n)), fs.statSync(fixture(n)).mtimeMs]);
  for (const n of names) {
    for (const read of [() => readCube(fixture(n)), () => listFitsHdus(fixture(n))]) {
      try {
        read();
      } catch (error) {
        assert.ok(error instanceof FitsError);
      }
    }
  }
  assert.deepEqual(names.map((n) => [sha256(fixture(n)), fs.statSync(fixture(n)).mtimeMs]), before);
});

test('MJy/sr → erg/s/cm²/Å per spaxel: analytic value, per-channel scaling, input untouched', () => {
  // 1 MJy/sr over a 0.08" spaxel at 12000 Å: 1e-17 × Ω × c / λ², Ω = (0.08 / 206264.806...)² sr
  const omega = (0.08 / (180 * 3600 / Math.PI)) ** 2;
  const analytic = (1e-17 * omega * 2.99792458e18) / 12000 ** 2;
  assert.ok(Math.abs(megajanskyPerSteradianToErgFactor(12000, 0.08) / analytic - 1) < 1e-14);
  assert.ok(Math.abs(analytic / 3.13176e-20 - 1) < 1e-5, `value ${analytic}`); // 1e-17 × 1.50427e-13 × 2.99792e18 / 1.44e8

  const cube = readCube(fixture('msa3d_cube.fits'));
  const fluxBefore = cube.flux.slice();
  const converted = toErgPerSecCm2Angstrom(cube);
  assert.deepEqual(cube.flux, fluxBefore, 'input flux unchanged');
  assert.equal(cube.fluxUnit, 'MJy/sr');
  assert.equal(converted.fluxUnit, 'erg s-1 cm-2 Angstrom-1');
  assert.equal(converted.header.BUNIT, 'erg s-1 cm-2 Angstrom-1');
  assert.notEqual(converted.mask, cube.mask);
  assert.deepEqual(converted.mask, cube.mask);
  const plane = cube.nx * cube.ny;
  for (const k of [0, 17, 39]) {
    const factor = megajanskyPerSteradianToErgFactor(cube.wavelengthAngstrom[k]!, 0.08);
    for (const i of [k * plane, k * plane + 7]) {
      assert.ok(Math.abs(converted.flux[i]! / (cube.flux[i]! * factor) - 1) < 1e-12);
      assert.ok(Math.abs(converted.error![i]! / (cube.error![i]! * factor) - 1) < 1e-12);
    }
  }
  // a scaled erg unit (MUSE's 10**(-20)*erg/s/cm**2/Angstrom, read by parseErgFluxUnit) is multiplied by its scale;
  // an erg cube converted again is unchanged; a cube with no BUNIT is refused, not guessed
  const muse = readCube(fixture('muse_cube.fits'));
  const museErg = toErgPerSecCm2Angstrom(muse);
  assert.equal(museErg.fluxUnit, 'erg s-1 cm-2 Angstrom-1');
  for (const i of [0, 7, muse.flux.length - 1]) assert.equal(museErg.flux[i], muse.flux[i]! * 1e-20, `MUSE pixel ${i}`);
  assert.deepEqual(toErgPerSecCm2Angstrom(converted).flux, converted.flux);
  assertFitsError(() => toErgPerSecCm2Angstrom(readCube(SAMI)), 'bad-unit', SAMI);
});

/** A JWST-like S_REGION string: too long for one card, so it goes on CONTINUE cards. */
const LONG_TEXT = 'POLYGON ICRS  53.160012345 -27.780098765 53.160098765 -27.779901234 53.159901234 -27.779912345 53.159912345 -27.780087654';
/** Quotes placed so that a doubled quote falls on a CONTINUE boundary (astropy 5.2 misreads quotes in long strings, astropy#14581). */
const QUOTED_LONG_TEXT = `${'a'.repeat(66)}'${'b'.repeat(40)}'' quoted ${'c'.repeat(30)}`;

/** The HDUs the round-trip tests write: the MSA-3D team's map extensions plus every pixel type. */
function mapHdus(): FitsHduInput[] {
  const nx = 4, ny = 3;
  const metal = Float32Array.from({ length: nx * ny }, (_, i) => 8.2 + 0.01 * i);
  metal[5] = NaN;
  return [
    {
      header: {
        ORIGIN: { value: 'msa3d-gradients test', comment: 'who wrote this' },
        ID: 1234,
        REDSHIFT: { value: 1.0836, comment: 'spectroscopic' },
        TINY: 1.5e-300,
        FLAG: true,
        OFF: false,
        NOTHING: null,
        QUOTE: "it's",
        'ESO DRS MUSE VERSION': { value: '2.8.7', comment: 'HIERARCH card' },
        S_REGION: { value: LONG_TEXT, comment: 'CONTINUE cards' },
        QUOTES: QUOTED_LONG_TEXT,
      },
      history: ['written by test/io.test.ts', 'x'.repeat(100)],
    },
    { name: 'METAL', data: metal, naxis: [nx, ny], header: { BUNIT: '12+log(O/H)' } },
    { name: 'METAL_ERR', data: Float64Array.from({ length: nx * ny }, (_, i) => 0.05 + i / 1e3), naxis: [nx, ny] },
    { name: 'VELOCITY HA', data: Int16Array.from({ length: nx * ny }, (_, i) => -300 + 50 * i), naxis: [nx, ny] },
    { name: 'INTRINSIC SIGMA HA', data: Uint16Array.from({ length: nx * ny }, (_, i) => 65535 - i), naxis: [nx, ny] },
    { name: 'U8', data: Uint8Array.from({ length: 6 }, (_, i) => 250 + i), naxis: [6] },
    { name: 'I8', data: Int8Array.from([-128, -1, 0, 1, 127, 5]), naxis: [3, 2] },
    { name: 'I32', data: Int32Array.from([-2147483648, 0, 2147483647, 7]), naxis: [2, 2] },
    { name: 'U32', data: Uint32Array.from([0, 1, 4294967295, 2147483648]), naxis: [2, 1, 2] },
    { name: 'AS_F32', data: Float64Array.from([0.1, 0.2, 0.3]), naxis: [3], bitpix: -32 },
  ];
}

test('writeFits round trip: named extensions, typed keywords with comments, every pixel type', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'maps.fits');
    const hdus = mapHdus();
    writeFits(file, hdus);
    assert.equal(fs.statSync(file).size % 2880, 0);
    const back = listFitsHdus(file);
    assert.deepEqual(back.map((h) => h.extname), [null, ...hdus.slice(1).map((h) => h.name)]);
    const primary = back[0]!;
    assert.deepEqual(
      [primary.header.ORIGIN, primary.header.ID, primary.header.REDSHIFT, primary.header.TINY, primary.header.FLAG, primary.header.OFF, primary.header.NOTHING, primary.header.QUOTE],
      ['msa3d-gradients test', 1234, 1.0836, 1.5e-300, true, false, null, "it's"],
    );
    assert.equal(primary.cards.find((c) => c.key === 'REDSHIFT')!.comment, 'spectroscopic');
    assert.equal(primary.header['ESO DRS MUSE VERSION'], '2.8.7');
    assert.equal(primary.header.S_REGION, LONG_TEXT);
    assert.equal(primary.cards.find((c) => c.key === 'S_REGION')!.comment, 'CONTINUE cards');
    assert.equal(primary.header.QUOTES, QUOTED_LONG_TEXT);
    assert.equal(primary.cards.filter((c) => c.key === 'HISTORY').length, 3, '100 characters take two HISTORY cards');
    for (const [i, hdu] of hdus.entries()) {
      if (!hdu.data) continue;
      const image = readFitsImage(file, i);
      assert.deepEqual(image.naxis, hdu.naxis);
      const expected = hdu.bitpix === -32 ? Float32Array.from(hdu.data) : hdu.data;
      assert.equal(image.data.constructor, expected.constructor, `${hdu.name}: array type`);
      assertValues(image.data, expected, `${hdu.name}`);
    }
    assert.equal(readFitsImage(file, 'METAL').header.BUNIT, '12+log(O/H)');
    assertFitsError(() => writeFits(file, hdus), 'exists', file);
    writeFits(file, hdus, { overwrite: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFits → readCube round trip in the MSA-3D team layout (HDU0 flux, HDU1 unused, HDU2 error)', () => {
  const dir = tempDir();
  try {
    const cube = readCube(fixture('msa3d_cube.fits'));
    const file = path.join(dir, 'cube_square_medians_1_hdr_rect_err.fits');
    const naxis = [cube.nx, cube.ny, cube.nWave];
    writeFits(file, [
      { data: cube.flux, naxis, header: withoutStructuralKeywords(cube.header) },
      { data: new Float32Array(cube.flux.length), naxis },
      { data: cube.error!, naxis },
    ]);
    const back = readCube(file);
    assert.deepEqual([back.source.fluxHdu, back.source.errorHdu, back.source.errorKind], [0, 2, 'error']);
    assertValues(back.flux, cube.flux, 'flux');
    assertValues(back.error!, cube.error!, 'error');
    assert.deepEqual(back.mask, cube.mask);
    assertValues(back.wavelengthAngstrom, cube.wavelengthAngstrom, 'λ', 1e-15);
    assert.equal(back.pixelScaleArcsec, cube.pixelScaleArcsec);
    assert.equal(back.fluxUnit, 'MJy/sr');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFits refuses what FITS cannot hold, with typed errors', () => {
  const where = '/nonexistent/never-written.fits';
  const one = (hdu: FitsHduInput) => () => writeFits(where, [hdu]);
  assertFitsError(one({ header: { 'KEY.X': 1 } }), 'bad-keyword', where);
  assertFitsError(one({ header: { 'ESO  TWO SPACES': 1 } }), 'bad-keyword', where);
  assertFitsError(one({ header: { 'ESO VERY LONG HIERARCH KEYWORD NAME': 'y'.repeat(40) } }), 'bad-keyword', where);
  assertFitsError(one({ header: { naxis3: 4 } }), 'bad-keyword', where);
  assertFitsError(one({ header: { BAD: NaN } }), 'bad-keyword', where);
  assertFitsError(one({ header: { UNIT: 'µm' } }), 'bad-keyword', where);
  assertFitsError(one({ data: new Float32Array(5), naxis: [2, 2] }), 'bad-data', where);
  assertFitsError(one({ data: new Float32Array(4) }), 'bad-data', where);
  assertFitsError(one({ data: Float64Array.from([1.5]), naxis: [1], bitpix: 16 }), 'bad-data', where);
  assertFitsError(one({ data: Float64Array.from([40000]), naxis: [1], bitpix: 16 }), 'bad-data', where);
  assertFitsError(one({ header: { OK: 1 }, comments: ['tab\there'] }), 'bad-keyword', where);
  assert.equal(encodeFits([{ header: { LONG: 'y'.repeat(68) } }]).length, 2880);
});

test('astropy reads the fixtures and the SAMI cube as readCube does (values, 1σ errors, masks, λ within 1e-6 Å)', { skip: ASTROPY }, () => {
  const python = findPython(['astropy'])!;
  const files: Array<[string, number, number | null, string, number | null]> = [
    [fixture('msa3d_cube.fits'), 0, 2, 'error', null],
    [fixture('jwst_s3d.fits'), 1, 2, 'error', 3],
    [fixture('muse_cube.fits'), 1, 2, 'variance', null],
    [fixture('single_f64.fits'), 0, null, 'none', null],
    [fixture('ivar_lognm.fits'), 1, 2, 'ivar', null],
  ];
  if (fs.existsSync(SAMI)) files.push([SAMI, 0, 1, 'variance', null]);
  const code = `
import json, sys, warnings
sys.dont_write_bytecode = True
sys.path.insert(0, ${JSON.stringify(FIXTURES)})
warnings.simplefilter('ignore')
from make_fixtures import describe
print(json.dumps([describe(*args) for args in json.load(sys.stdin)]))`;
  const results = runPython<Expected[]>(python, code, files);
  files.forEach(([file], i) => checkAgainst(readCube(file), results[i]!, path.basename(file)));
});

test('astropy.units agrees with the MJy/sr → erg/s/cm²/Å conversion', { skip: ASTROPY }, () => {
  const python = findPython(['astropy'])!;
  const cases = [
    { value: 1, lambda: 12000, scale: 0.08 },
    { value: 0.0375, lambda: 9700.225, scale: 0.1 },
    { value: 2.5e-3, lambda: 18200, scale: 0.08 },
  ];
  const code = `
import json, sys
from astropy import units as u
out = []
for c in json.load(sys.stdin):
    omega = ((c['scale'] * u.arcsec).to(u.rad)) ** 2
    f = (c['value'] * u.MJy / u.sr) * (omega.value * u.sr)
    out.append(f.to_value(u.erg / u.s / u.cm**2 / u.AA, equivalencies=u.spectral_density(c['lambda'] * u.AA)))
print(json.dumps(out))`;
  const expected = runPython<number[]>(python, code, cases);
  cases.forEach((c, i) => {
    const ours = c.value * megajanskyPerSteradianToErgFactor(c.lambda, c.scale);
    assert.ok(Math.abs(ours / expected[i]! - 1) < 1e-12, `${ours} vs astropy ${expected[i]}`);
  });
});

test('astropy reads what writeFits wrote: structure verifies, values, dtypes, keywords and comments', { skip: ASTROPY }, () => {
  const python = findPython(['astropy'])!;
  const dir = tempDir();
  try {
    const file = path.join(dir, 'maps.fits');
    const hdus = mapHdus();
    writeFits(file, hdus);
    const code = `
import json, sys, warnings
import numpy as np
from astropy.io import fits
path = json.load(sys.stdin)
with warnings.catch_warnings():
    warnings.simplefilter('error')
    hdul = fits.open(path)
    hdul.verify('exception')
    out = []
    for h in hdul:
        d = None if h.data is None else h.data
        out.append({
            'name': h.name, 'dtype': None if d is None else d.dtype.name,
            'shape': None if d is None else list(d.shape),
            'values': None if d is None else [None if not np.isfinite(v) else float(v) for v in d.astype(np.float64).ravel()],
            'keywords': {k: (h.header[k], h.header.comments[k]) for k in ['ORIGIN', 'ID', 'REDSHIFT', 'TINY', 'FLAG', 'OFF', 'QUOTE', 'BUNIT', 'ESO DRS MUSE VERSION', 'S_REGION'] if k in h.header},
            'undefined': 'NOTHING' in h.header and h.header['NOTHING'] is None,
            'history': [str(x) for x in h.header.get('HISTORY', [])],
        })
print(json.dumps(out))`;
    type Row = { name: string; dtype: string | null; shape: number[] | null; values: Array<number | null> | null; keywords: Record<string, [unknown, string]>; undefined: boolean; history: string[] };
    const rows = runPython<Row[]>(python, code, file);
    assert.deepEqual(rows.map((r) => r.name), ['PRIMARY', ...hdus.slice(1).map((h) => h.name)]);
    assert.deepEqual(rows.map((r) => r.dtype), [null, 'float32', 'float64', 'int16', 'uint16', 'uint8', 'int8', 'int32', 'uint32', 'float32']);
    assert.deepEqual(rows[0]!.keywords, {
      ORIGIN: ['msa3d-gradients test', 'who wrote this'],
      ID: [1234, ''],
      REDSHIFT: [1.0836, 'spectroscopic'],
      TINY: [1.5e-300, ''],
      FLAG: [true, ''],
      OFF: [false, ''],
      QUOTE: ["it's", ''],
      'ESO DRS MUSE VERSION': ['2.8.7', 'HIERARCH card'],
      S_REGION: [LONG_TEXT, 'CONTINUE cards'],
    });
    assert.equal(rows[0]!.undefined, true, 'a null keyword is an undefined value (None in astropy)');
    assert.equal(rows[0]!.history.join('|'), `written by test/io.test.ts|${'x'.repeat(72)}|${'x'.repeat(28)}`);
    assert.deepEqual(rows[1]!.keywords.BUNIT, ['12+log(O/H)', '']);
    for (const [i, hdu] of hdus.entries()) {
      if (!hdu.data) continue;
      assert.deepEqual(rows[i]!.shape, [...hdu.naxis!].reverse(), `${hdu.name}: numpy shape`);
      const stored = hdu.bitpix === -32 ? Float32Array.from(hdu.data) : hdu.data;
      assert.deepEqual(rows[i]!.values, Array.from(stored, (v) => (Number.isFinite(v) ? v : null)), `${hdu.name}: values`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
