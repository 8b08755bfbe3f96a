// Tests of the reader's layouts (KMOS, GMOS/IRAF, KCWI, MaNGA, SAMI binned .fits.gz), 1-D spectra (image and table,
// SDSS), binary tables, unknown layouts, and agreement with astropy on the real SAMI .fits.gz cube and SDSS spectrum.
// Fixtures: test/fixtures/reader/, written by scripts/make_reader_fixtures.py; every pixel follows
// flux[k, y, x] = 1 + k + 10 y + 100 x, which the tests recompute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FitsError,
  readCube,
  readCubeOrSpectrum,
  readFitsTable,
  readSpectrum,
  spectrumAsCube,
  type Cube,
  type FitsErrorCode,
} from '../kernel-lib/src/io/index';
import { findPython, runPython, skipWithout } from './helpers/python';

const FIXTURES = path.join(__dirname, 'fixtures', 'reader');
const fixture = (name: string) => path.join(FIXTURES, name);
const DATA = path.join(__dirname, '..', 'data');
const SAMI_GZ = path.join(DATA, 'sami-dr3-sectors', '209807', '209807_A_sectors_blue.fits.gz');
const SDSS = path.join(DATA, 'sdss', 'spec-0352-51694-0030.fits');
const ASTROPY = skipWithout(['astropy'], 'python3-astropy');
const NW = 12;
const NY = 3;
const NX = 4;

const expectedFlux = (k: number, y: number, x: number) => 1 + k + 10 * y + 100 * x;
const at = (k: number, y: number, x: number) => (k * NY + y) * NX + x;

function checkFormulaFlux(cube: Cube, scale = 1): void {
  assert.deepEqual([cube.nWave, cube.ny, cube.nx], [NW, NY, NX]);
  for (let k = 0; k < NW; k++) {
    for (let y = 0; y < NY; y++) {
      for (let x = 0; x < NX; x++) assert.equal(cube.flux[at(k, y, x)], scale * expectedFlux(k, y, x), `flux[${k},${y},${x}]`);
    }
  }
}

function maskedIndices(mask: Uint8Array): number[] {
  const out: number[] = [];
  mask.forEach((m, i) => m && out.push(i));
  return out;
}

function assertFitsError(fn: () => unknown, code: FitsErrorCode, pattern?: RegExp): FitsError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FitsError, `expected FitsError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(!/[\r\n]/.test(error.message), 'one line');
    if (pattern) assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`expected FitsError ${code}`);
}

test('KMOS: the only IFU with data is read (IFU.2.DATA / IFU.2.NOISE, µm axis), noted; two IFUs need options.ifu', () => {
  const cube = readCube(fixture('kmos_one_ifu.fits'));
  checkFormulaFlux(cube);
  assert.equal(cube.source.errorKind, 'error');
  for (let i = 0; i < cube.flux.length; i++) assert.equal(cube.error![i], Math.fround(0.5 * cube.flux[i]!));
  assert.ok(Math.abs(cube.wavelengthAngstrom[0]! - 20000) < 1e-6 && Math.abs(cube.wavelengthAngstrom[1]! - 20002) < 1e-6);
  assert.ok(cube.readNotes!.some((n) => /IFU 2/.test(n)), 'which IFU is stated');
  assert.equal(cube.header.INSTRUME, 'KMOS', 'primary keywords reach cube.header');
  const err = assertFitsError(() => readCube(fixture('kmos_two_ifus.fits')), 'ambiguous', /IFUs 2, 3/);
  assert.match(err.message, /options\.ifu/);
  const three = readCube(fixture('kmos_two_ifus.fits'), { ifu: 3 });
  checkFormulaFlux(three, 2);
  assertFitsError(() => readCube(fixture('kmos_two_ifus.fits'), { ifu: 1 }), 'missing-extension', /IFUs with data: 2, 3/);
});

test('GMOS/IRAF: CTYPE3 LAMBDA without CUNIT3 read as Angstrom by the stated rule, VAR → σ, DQ masks; out-of-range is an error', () => {
  const cube = readCube(fixture('gmos_lambda.fits'));
  checkFormulaFlux(cube);
  for (let k = 0; k < NW; k++) assert.equal(cube.wavelengthAngstrom[k], 6200 + 0.5 * k);
  assert.equal(cube.airWavelengths, null);
  assert.ok(cube.readNotes!.some((n) => /LAMBDA.*Angstrom/.test(n)), 'the unit rule is recorded');
  assert.ok(cube.readNotes!.some((n) => /air or vacuum/.test(n)));
  assert.equal(cube.source.errorKind, 'variance');
  assert.ok(Math.abs(cube.error![at(0, 0, 0)]! - 0.5) < 1e-7);
  assert.deepEqual(maskedIndices(cube.mask), [at(3, 1, 2)]);
  assertFitsError(() => readCube(fixture('lambda_no_unit_ambiguous.fits')), 'no-wavelength-wcs', /LAMBDA.*outside 900–30000/);
  const microns = readCube(fixture('lambda_no_unit_ambiguous.fits'), { wavelengthUnit: 'um' });
  assert.ok(Math.abs(microns.wavelengthAngstrom[0]! - 6200) < 1e-6);
});

test('KCWI: primary flux, UNCERT (UTYPE StdDevUncertainty) as 1σ, MASK ≠ 0 masks, FLAGS ignored, AWAV = air', () => {
  const cube = readCube(fixture('kcwi_icubes.fits'));
  checkFormulaFlux(cube);
  assert.equal(cube.source.errorKind, 'error');
  assert.equal(cube.error![at(2, 1, 1)], Math.fround(0.1 * expectedFlux(2, 1, 1)));
  assert.deepEqual(maskedIndices(cube.mask), [at(5, 2, 3)]);
  assert.equal(cube.airWavelengths, true);
});

test('MaNGA LOGCUBE: FLUX, IVAR → σ, MASK bit DONOTUSE only, WAVE extension, SPECRES → instrumental FWHM = λ/R', () => {
  const cube = readCube(fixture('manga_logcube.fits'));
  checkFormulaFlux(cube);
  assert.equal(cube.source.errorKind, 'ivar');
  const i = at(1, 2, 3);
  assert.ok(Math.abs(cube.error![i]! / (0.2 * expectedFlux(1, 2, 3)) - 1) < 1e-6);
  assert.deepEqual(maskedIndices(cube.mask), [at(2, 0, 1)], 'LOWCOV (bit 1) is kept, DONOTUSE (bit 10) masked');
  for (let k = 0; k < NW; k++) {
    const lambda = 3621.596 * 10 ** (1e-4 * k);
    assert.ok(Math.abs(cube.wavelengthAngstrom[k]! - lambda) < 1e-9 * lambda, `λ[${k}] from WAVE`);
    const r = 1800 + (400 * k) / (NW - 1);
    assert.ok(Math.abs(cube.instrumentalFwhmAngstrom![k]! - lambda / r) < 1e-9, `FWHM[${k}]`);
  }
  assert.match(cube.instrumentalFwhmSource!, /SPECRES/);
  assert.equal(cube.airWavelengths, false);

  // LSFPOST (σ in Å per spaxel, one spaxel NaN): FWHM = 2√(2 ln 2) × the median over the finite spaxels
  const lsf = readCube(fixture('manga_lsfpost.fits'));
  assert.match(lsf.instrumentalFwhmSource!, /LSFPOST/);
  for (let k = 0; k < NW; k++) {
    // spaxels j = 1 … 11 (j = 0 is NaN) hold σ = 1 + 0.1 k + 0.01 j, increasing in j: the median is j = 6
    const expected = 2 * Math.sqrt(2 * Math.LN2) * Math.fround(1 + 0.1 * k + 0.01 * 6);
    assert.ok(Math.abs(lsf.instrumentalFwhmAngstrom![k]! - expected) < 1e-12, `LSFPOST FWHM[${k}]`);
  }
});

test('SAMI binned cube, gzip-compressed: streamed, BIN_MASK → binMask; gzip found by magic bytes, not the name', () => {
  for (const name of ['sami_binned.fits.gz', 'sami_binned_gz_no_suffix.fits']) {
    const cube = readCube(fixture(name));
    checkFormulaFlux(cube);
    assert.equal(cube.source.errorKind, 'variance');
    assert.ok(Math.abs(cube.error![at(4, 1, 2)]! - 0.2 * Math.sqrt(expectedFlux(4, 1, 2))) < 1e-12);
    assert.deepEqual(Array.from(cube.binMask!), Array.from({ length: NX * NY }, (_, j) => j % 3));
    assert.equal(cube.airWavelengths, true);
    assert.equal(cube.header.INSTRUME, 'AAOMEGA-SAMI');
  }
});

test('corrupt or truncated gzip → one-line FitsError, no crash', (t) => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'reader-gz-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = fs.readFileSync(fixture('sami_binned.fits.gz'));
  const truncated = path.join(dir, 'truncated.fits.gz');
  fs.writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 2)));
  const error = assertFitsError(() => readCube(truncated), 'bad-gzip');
  assert.match(error.message, /truncated\.fits\.gz: gzip data cannot be decompressed/);
  const garbage = path.join(dir, 'garbage.fits.gz');
  fs.writeFileSync(garbage, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(100, 7)]));
  assertFitsError(() => readCube(garbage), 'bad-gzip');
  const notFits = path.join(dir, 'text.gz');
  fs.writeFileSync(notFits, require('node:zlib').gzipSync(Buffer.from('hello, not FITS')));
  assertFitsError(() => readCube(notFits), 'not-fits', /decompressed data starts with/);
});

test('1-D image spectrum: axis-1 WCS in nm, ERR extension, REDSHIFT header; as a 1 × 1 cube', () => {
  const s = readSpectrum(fixture('spectrum_image.fits'));
  assert.equal(s.flux.length, 40);
  for (let k = 0; k < 40; k++) {
    assert.equal(s.flux[k], 5 + k);
    assert.ok(Math.abs(s.wavelengthAngstrom[k]! - (6500 + k)) < 1e-9);
    assert.equal(s.error![k], 0.5);
  }
  assert.equal(s.redshift, 0.05);
  assert.equal(s.redshiftSource, 'header REDSHIFT');
  assert.equal(s.airWavelengths, false);
  assert.equal(s.source.layout, 'image');
  const cube = spectrumAsCube(s);
  assert.deepEqual([cube.nx, cube.ny, cube.nWave], [1, 1, 40]);
  assert.deepEqual(Array.from(cube.flux), Array.from(s.flux));
  assert.equal(cube.redshift, 0.05);
  cube.flux[0] = -1;
  assert.equal(s.flux[0], 5, 'spectrumAsCube copies');
});

test('binary table: TSCAL/TZERO on int16, E/D/J/L/B/K/A columns with repeat counts, TNULL; spectrum from its columns', () => {
  const table = readFitsTable(fixture('spectrum_table.fits'), 'SPECTRUM');
  assert.equal(table.rows, 40);
  const col = (name: string) => table.values.get(name)!;
  const flux = col('FLUX');
  assert.ok(flux.kind === 'number');
  for (let k = 0; k < 40; k++) assert.equal(flux.values[k], 80 + k, 'physical = TZERO + TSCAL × stored');
  const good = col('GOOD');
  assert.ok(good.kind === 'number' && good.values[0] === 1 && good.values[1] === 0);
  const big = col('BIG');
  assert.ok(big.kind === 'number' && big.values[3] === 3e12);
  const pair = col('PAIR');
  assert.ok(pair.kind === 'number' && pair.repeat === 2 && pair.values[2 * 5] === 5 && pair.values[2 * 5 + 1] === -5);
  const label = col('LABEL');
  assert.ok(label.kind === 'string' && label.values[12] === 'px12');
  const bytes = col('BYTE');
  assert.ok(bytes.kind === 'number' && bytes.values[39] === 39);

  const s = readSpectrum(fixture('spectrum_table.fits'));
  assert.equal(s.source.layout, 'table');
  assert.deepEqual([s.source.fluxColumn, s.source.wavelengthColumn, s.source.errorColumn], ['FLUX', 'WAVELENGTH', 'ERR']);
  for (let k = 0; k < 40; k++) {
    assert.equal(s.wavelengthAngstrom[k], 6000 + 2 * k);
    assert.equal(s.error![k], Math.fround(1 + 0.01 * k));
  }
  assert.deepEqual(maskedIndices(s.mask), [7], 'MASK column ≠ 0');
  assert.equal(s.airWavelengths, true, 'AIRORVAC = air');
  assert.equal(s.redshift, null);
});

test('SDSS spec file: COADD loglam/flux/ivar, vacuum, BUNIT, redshift from SPECOBJ Z with its source, wdisp → FWHM', () => {
  const s = readSpectrum(SDSS);
  assert.equal(s.flux.length, 3837);
  assert.equal(s.airWavelengths, false);
  assert.equal(s.fluxUnit, '1E-17 erg/cm^2/s/Ang');
  assert.ok(s.redshift !== null && Math.abs(s.redshift - 0.0818) < 1e-3);
  assert.match(s.redshiftSource!, /SPECOBJ.*column Z/);
  assert.ok(s.readNotes.some((n) => /ivar/.test(n)));
  const k = s.wavelengthAngstrom.findIndex((l) => l > 7100);
  const fwhm = s.instrumentalFwhmAngstrom![k]!;
  // SDSS spectrographs: R ≈ 1850–2200 (Smee et al. 2013) → FWHM = λ/R ≈ 3.2–3.8 Å at 7100 Å
  assert.ok(fwhm > 7100 / 2600 && fwhm < 7100 / 1500, `FWHM at 7100 Å = ${fwhm}`);
  const both = readCubeOrSpectrum(SDSS);
  assert.ok(both.spectrum && both.cube.nx === 1 && both.cube.ny === 1 && both.cube.nWave === 3837);
  assert.equal(both.cube.redshiftSource, s.redshiftSource);
});

test('readCubeOrSpectrum: a cube stays a cube; an unknown layout is one line listing the HDUs', () => {
  const kmos = readCubeOrSpectrum(fixture('kmos_one_ifu.fits'));
  assert.equal(kmos.spectrum, null);
  assert.equal(kmos.cube.nx, NX);
  const error = assertFitsError(() => readCubeOrSpectrum(fixture('unknown_layout.fits')), 'unknown-layout');
  assert.match(error.message, /0 PRIMARY 6 × 5, 1 CATALOG BINTABLE 4 × 3/);
  assertFitsError(() => readSpectrum(fixture('unknown_layout.fits')), 'not-a-spectrum', /HDUs: 0 PRIMARY/);
  assertFitsError(() => readCube(fixture('unknown_layout.fits')), 'not-a-cube', /HDUs: 0 PRIMARY 6 × 5/);
});

test('astropy reads the real SAMI .fits.gz cube and SDSS spectrum as the reader does (λ, flux, 1σ)', { skip: ASTROPY, timeout: 60_000 }, () => {
  const python = findPython(['astropy'])!;
  const code = `
import json, sys
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
sami, sdss = json.load(sys.stdin)
with fits.open(sami) as h:
    w = WCS(h[0].header)
    n = h[0].header['NAXIS3']
    lam = w.sub([3]).all_pix2world(np.arange(n), 0)[0] * 1e10  # astropy.wcs returns SI (m)
    flux = h[0].data
    sig = np.sqrt(h['VARIANCE'].data)
    bins = h['BIN_MASK'].data
    picks = [(k, y, x) for k in (0, 700, 1500, 2047) for (y, x) in ((25, 25), (20, 31), (0, 0))]
    sami_out = dict(lam=lam.tolist(), picks=[[k, y, x, None if not np.isfinite(flux[k, y, x]) else float(flux[k, y, x]),
                    None if not np.isfinite(sig[k, y, x]) else float(sig[k, y, x])] for k, y, x in picks],
                    finite=int(np.isfinite(flux).sum()), total=float(np.nansum(flux)), bins=bins.ravel().tolist())
with fits.open(sdss) as h:
    d = h['COADD'].data
    ivar = d['ivar'].astype(np.float64)
    with np.errstate(divide='ignore'):
        err = np.where(ivar > 0, 1 / np.sqrt(ivar), np.inf)
    sdss_out = dict(lam=(10.0 ** d['loglam'].astype(np.float64)).tolist(), flux=d['flux'].astype(np.float64).tolist(),
                    err=[None if not np.isfinite(e) else float(e) for e in err], z=float(h['SPECOBJ'].data['Z'][0]))
print(json.dumps(dict(sami=sami_out, sdss=sdss_out)))
`;
  const peer = runPython<{
    sami: { lam: number[]; picks: [number, number, number, number | null, number | null][]; finite: number; total: number; bins: number[] };
    sdss: { lam: number[]; flux: number[]; err: (number | null)[]; z: number };
  }>(python, code, [SAMI_GZ, SDSS]);

  const cube = readCube(SAMI_GZ);
  assert.equal(cube.nWave, peer.sami.lam.length);
  for (let k = 0; k < cube.nWave; k++) assert.ok(Math.abs(cube.wavelengthAngstrom[k]! - peer.sami.lam[k]!) < 1e-6, `SAMI λ[${k}]`);
  for (const [k, y, x, f, e] of peer.sami.picks) {
    const i = (k * cube.ny + y) * cube.nx + x;
    if (f === null) assert.ok(!Number.isFinite(cube.flux[i]!), `SAMI flux[${k},${y},${x}] not finite`);
    else assert.equal(cube.flux[i], f, `SAMI flux[${k},${y},${x}]`);
    if (e === null) assert.ok(!Number.isFinite(cube.error![i]!));
    else assert.ok(Math.abs(cube.error![i]! - e) <= 1e-12 * e, `SAMI σ[${k},${y},${x}]`);
  }
  let finite = 0;
  let total = 0;
  for (const v of cube.flux) if (Number.isFinite(v)) { finite++; total += v; }
  assert.equal(finite, peer.sami.finite);
  assert.ok(Math.abs(total - peer.sami.total) <= 1e-9 * Math.abs(peer.sami.total));
  assert.deepEqual(Array.from(cube.binMask!), peer.sami.bins);

  const s = readSpectrum(SDSS);
  assert.equal(s.flux.length, peer.sdss.flux.length);
  for (let k = 0; k < s.flux.length; k++) {
    assert.ok(Math.abs(s.wavelengthAngstrom[k]! - peer.sdss.lam[k]!) < 1e-9 * peer.sdss.lam[k]!, `SDSS λ[${k}]`);
    assert.equal(s.flux[k], peer.sdss.flux[k], `SDSS flux[${k}]`);
    const e = peer.sdss.err[k];
    if (e === null) assert.equal(s.mask[k], 1, `SDSS ivar = 0 masked at ${k}`);
    else assert.ok(Math.abs(s.error![k]! - e) <= 1e-12 * e, `SDSS σ[${k}]`);
  }
  assert.ok(Math.abs(s.redshift! - peer.sdss.z) < 1e-12);
});

test('astropy reads the reader fixtures with the same pixels (flux and uncertainty HDUs)', { skip: ASTROPY }, () => {
  const python = findPython(['astropy'])!;
  const cases: [string, string | number, string | number, Parameters<typeof readCube>[1]?][] = [
    ['kmos_one_ifu.fits', 'IFU.2.DATA', 'IFU.2.NOISE'],
    ['gmos_lambda.fits', 'SCI', 'VAR'],
    ['kcwi_icubes.fits', 0, 'UNCERT'],
    ['manga_logcube.fits', 'FLUX', 'IVAR'],
    ['sami_binned.fits.gz', 0, 'VARIANCE'],
  ];
  const code = `
import json, sys
from astropy.io import fits
out = []
for name, f, e in json.load(sys.stdin):
    with fits.open(name) as h:
        out.append([h[f].data.astype('f8').ravel().tolist(), h[e].data.astype('f8').ravel().tolist()])
print(json.dumps(out))`;
  const peer = runPython<[number[], number[]][]>(python, code, cases.map(([name, f, e]) => [fixture(name), f, e]));
  cases.forEach(([name], j) => {
    const cube = readCube(fixture(name));
    assert.deepEqual(Array.from(cube.flux), peer[j]![0], `${name} flux`);
    const kind = cube.source.errorKind;
    const stored = peer[j]![1];
    stored.forEach((v, i) => {
      const sigma = kind === 'variance' ? Math.sqrt(v) : kind === 'ivar' ? 1 / Math.sqrt(v) : v;
      assert.ok(Math.abs(cube.error![i]! - sigma) <= 1e-6 * sigma, `${name} σ[${i}]`);
    });
  });
});
