// The products of `msa3d fit` as astronomers open them: the MaNGA-DAP-like maps file (the cube's spatial WCS in every
// map, BUNIT, _IVAR, int32 _MASK, HDUCLASS links, channel names) and the per-spaxel FITS binary table, read back by
// astropy (skipped cleanly without it), on a small SIMULATED cube and on the REAL SAMI cube of GAMA 485885.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { simulateCube } from '../kernel-lib/src/simulate/simulate-cube';
import { writeSimulatedCube } from '../kernel-lib/src/simulate/write-cube';
import { readCube } from '../kernel-lib/src/io/cube';
import { FitsError } from '../kernel-lib/src/io/errors';
import { writeFitsTables } from '../kernel-lib/src/io/fits-table-write';
import { writeFits } from '../kernel-lib/src/io/fits-write';
import { spatialWcsFromHeader } from '../kernel-lib/src/io/wcs';
import { fitCube, type CubeFit } from '../kernel-lib/src/linemaps/fit-cube';
import { writeCubeFitMaps, readCubeFitMap, mapsLayoutMarkdown, MAPS_EXTENSIONS } from '../kernel-lib/src/linemaps/cube-fit-maps';
import { writeCubeFitTable, cubeFitJson } from '../kernel-lib/src/linemaps/cube-fit-table';
import { MAP_MASK, MAP_MASK_BITS, MAP_MASK_SOURCE, mapMaskTableMarkdown } from '../kernel-lib/src/linemaps/map-mask';
import { inverseSquareFitsUnit } from '../kernel-lib/src/linemaps/cube-fit-header';
import { findPython, runPython, skipWithout } from './helpers/python';

const ROOT = path.join(__dirname, '..');
const SAMI = path.join(ROOT, 'data', 'sami-485885', 'sami_485885_ha_nii.fits');
const BIN = path.join(ROOT, 'kernel-lib', 'bin', 'msa3d.js');
const NO_ASTROPY = skipWithout(['astropy', 'numpy'], 'python3-astropy');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-maps-'));

/** Reads a maps file and a table in astropy and reports what an astronomer would check. */
const ASTROPY_CHECK = String.raw`
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from astropy.table import Table
import astropy.units as u
inp = json.load(sys.stdin)
out = {}
with fits.open(inp['cube']) as c:
    cube_wcs = WCS(c[inp['cubeHdu']].header).sub([1, 2])
pix = np.array(inp['pixels'], dtype=float)
expected = cube_wcs.wcs_pix2world(pix, 0)
maps = []
with fits.open(inp['table']) as h:
    h.verify('exception')
with fits.open(inp['maps']) as h:
    h.verify('exception')
    out['primary'] = {k: h[0].header[k] for k in ['WCSSRC', 'ERRTYPE', 'MASKNAME', 'FLUXUNIT', 'MSA3DFMT'] if k in h[0].header}
    out['prov'] = {k: [h[0].header[k], h[0].header.comments[k]] for k in h[0].header if k.startswith('PROV ')}
    for e in h[1:]:
        hdr = e.header
        w = WCS(hdr).sub([1, 2])
        got = w.wcs_pix2world(pix, 0)
        names = [hdr[k] for k in sorted(hdr) if len(k) == 3 and k[0] == 'C' and k[1:].isdigit()]
        channel_world = float(WCS(hdr, fix=False).wcs_pix2world([[0, 0, 2]], 0)[0][2]) if hdr['NAXIS'] == 3 else None
        bunit = hdr.get('BUNIT')
        try:
            parsed = bunit == '' or bunit is None or u.Unit(bunit, format='fits') is not None
        except ValueError:
            parsed = False
        maps.append({
            'name': e.name, 'dtype': e.data.dtype.kind, 'itemsize': e.data.dtype.itemsize, 'shape': list(e.data.shape),
            'wcsMaxDiff': float(np.max(np.abs(got - expected))), 'ctype': list(w.wcs.ctype), 'bunit': bunit, 'bunitParsed': bool(parsed),
            'hduclass': [hdr.get('HDUCLASS'), hdr.get('HDUCLAS1'), hdr.get('HDUCLAS2'), hdr.get('HDUCLAS3')],
            'errdata': hdr.get('ERRDATA'), 'qualdata': hdr.get('QUALDATA'), 'scidata': hdr.get('SCIDATA'), 'channels': names,
            'channelWorld': channel_world,
        })
    out['maps'] = maps
    ha = [m['channels'] for m in maps if m['name'] == 'EMLINE_GFLUX'][0].index('ha')
    out['haFlux'] = [None if not np.isfinite(v) else float(v) for v in h['EMLINE_GFLUX'].data[ha].ravel()]
    out['haFluxMask'] = [int(v) for v in h['EMLINE_GFLUX_MASK'].data[ha].ravel()]
    out['haFluxIvar'] = [float(v) for v in h['EMLINE_GFLUX_IVAR'].data[ha].ravel()]
t = Table.read(inp['table'], hdu='SPAXELS')
out['columns'] = t.colnames
out['units'] = {c: (str(t[c].unit) if t[c].unit is not None else '') for c in t.colnames}
out['kinds'] = {c: t[c].dtype.kind for c in t.colnames}
def conv(v, kind):
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return None
    return bool(v) if kind == 'b' else int(v) if kind == 'i' else float(v)
out['values'] = {c: [conv(v, t[c].dtype.kind) for v in t[c].tolist()] for c in inp['columns']}
print(json.dumps(out))
`;

interface AstropyMap {
  name: string; dtype: string; itemsize: number; shape: number[]; wcsMaxDiff: number; ctype: string[]; bunit: string | null;
  bunitParsed: boolean; hduclass: (string | null)[]; errdata: string | null; qualdata: string | null; scidata: string | null; channels: string[];
  /** World coordinate of the third channel (0-based pixel 2) in the unfixed 3-D WCS of a multi-channel map: 3. */
  channelWorld: number | null;
}
interface AstropyReport {
  primary: Record<string, string>;
  prov: Record<string, [unknown, string]>;
  maps: AstropyMap[];
  haFlux: (number | null)[];
  haFluxMask: number[];
  haFluxIvar: number[];
  columns: string[];
  units: Record<string, string>;
  kinds: Record<string, string>;
  values: Record<string, (number | boolean | null)[]>;
}

function astropyReport(fit: CubeFit, cube: string, cubeHdu: number, stem: string, columns: string[]): AstropyReport {
  const maps = path.join(dir, `${stem}-maps.fits`);
  const table = path.join(dir, `${stem}-table.fits`);
  writeCubeFitMaps(maps, fit);
  writeCubeFitTable(table, fit);
  const pixels = [[0, 0], [fit.nx - 1, 0], [Math.floor(fit.nx / 2), Math.floor(fit.ny / 2)], [fit.nx - 1, fit.ny - 1]];
  return runPython<AstropyReport>(findPython(['astropy', 'numpy'])!, ASTROPY_CHECK, { maps, table, cube, cubeHdu, pixels, columns });
}

/** What every maps file must satisfy, whatever the cube. */
function checkMapsFile(r: AstropyReport, fit: CubeFit, what: string): void {
  assert.deepEqual(r.maps.map((m) => m.name), MAPS_EXTENSIONS.map((e) => e.name), `${what}: extensions in the documented order`);
  const names = new Set(r.maps.map((m) => m.name));
  for (const m of r.maps) {
    assert.ok(m.wcsMaxDiff <= 1e-9, `${what} ${m.name}: pixel→world differs from the cube's by ${m.wcsMaxDiff}`);
    assert.ok(m.bunit !== null, `${what} ${m.name}: no BUNIT`);
    const unknownFlux = fit.fluxUnit.includes('no BUNIT') && m.bunit!.includes('no BUNIT');
    assert.ok(m.bunitParsed || unknownFlux, `${what} ${m.name}: BUNIT '${m.bunit}' does not parse as a FITS unit`);
    assert.equal(m.hduclass[0], 'SDSS', `${what} ${m.name}: HDUCLASS`);
    if (m.name.endsWith('_MASK')) {
      assert.deepEqual([m.dtype, m.itemsize, m.hduclass[2], m.hduclass[3]], ['i', 4, 'QUALITY', 'FLAG32BIT'], `${what} ${m.name}: int32 quality`);
    } else if (m.name.endsWith('_IVAR')) {
      assert.deepEqual([m.dtype, m.hduclass[2], m.hduclass[3]], ['f', 'ERROR', 'INVMSE'], `${what} ${m.name}`);
    }
    for (const link of [m.errdata, m.qualdata, m.scidata]) if (link) assert.ok(names.has(link), `${what} ${m.name} links to missing ${link}`);
    if (m.hduclass[1] === 'CUBE') {
      assert.deepEqual(m.channels, fit.lineNames, `${what} ${m.name}: channel names C01…`);
      if (fit.spatialWcs) assert.equal(m.channelWorld, 3, `${what} ${m.name}: channel axis of the 3-D WCS`);
    }
  }
  const flux = r.maps.find((m) => m.name === 'EMLINE_GFLUX')!;
  assert.deepEqual(flux.shape, [fit.lineNames.length, fit.ny, fit.nx]);
  assert.deepEqual([flux.errdata, flux.qualdata], ['EMLINE_GFLUX_IVAR', 'EMLINE_GFLUX_MASK']);
  assert.equal(r.primary.ERRTYPE, 'IVAR');

  // values: float32 of the fit; IVAR = 1/err²; mask bits as documented
  const ha = fit.maps.ha_flux!;
  const err = fit.maps.ha_flux_err!;
  const flag = fit.maps.ha_flag!;
  for (let s = 0; s < ha.length; s++) {
    assert.equal(r.haFlux[s], Number.isFinite(ha[s]!) ? Math.fround(ha[s]!) : null, `${what} ha flux at ${s}`);
    const finiteErr = err[s]! > 0 && Number.isFinite(err[s]!);
    if (finiteErr) assert.ok(Math.abs(r.haFluxIvar[s]! * err[s]! ** 2 - 1) < 1e-6, `${what} ivar at ${s}`);
    else assert.equal(r.haFluxIvar[s], 0);
    const m = r.haFluxMask[s]!;
    assert.equal((m & MAP_MASK.DONOTUSE) !== 0, !Number.isFinite(ha[s]!) || !finiteErr, `${what} DONOTUSE at ${s}`);
    assert.equal((m & MAP_MASK.NOT_SELECTED) !== 0, fit.selected[s] === 0, `${what} NOT_SELECTED at ${s}`);
    assert.equal(m & 0x3ff, flag[s]! & MAP_MASK_SOURCE.flux & 0x3ff, `${what} fit bits at ${s}`);
  }
}

/** The table: expected columns, units, integer flags, logical selected, and values equal to the in-memory fit. */
function checkTable(r: AstropyReport, fit: CubeFit, columns: string[], what: string): void {
  assert.deepEqual(r.columns, ['x', 'y', 'selected', ...fit.quantities], `${what}: table columns`);
  assert.equal(r.kinds.selected, 'b');
  assert.equal(r.kinds.ha_flag, 'i');
  assert.equal(r.kinds.x, 'i');
  assert.equal(r.kinds.ha_flux, 'f');
  assert.equal(r.units.velocity, 'km / s');
  assert.equal(r.units.ha_ew, 'Angstrom');
  for (const c of columns) {
    const got = r.values[c]!;
    assert.equal(got.length, fit.nx * fit.ny);
    for (let s = 0; s < got.length; s++) {
      const expected = c === 'x' ? s % fit.nx : c === 'y' ? Math.floor(s / fit.nx) : c === 'selected' ? fit.selected[s] === 1 : fit.maps[c]![s]!;
      assert.equal(got[s], typeof expected === 'number' && !Number.isFinite(expected) ? null : expected, `${what} ${c} row ${s}`);
    }
  }
}

test('maps and table of a SIMULATED cube open in astropy with the cube\'s celestial WCS, units, int32 masks and exact values', { skip: NO_ASTROPY }, async () => {
  const sim = simulateCube({ redshift: 1.2, nx: 9, ny: 11, centreXPix: 4, centreYPix: 5 }, { seed: 5 });
  const cubePath = path.join(dir, 'sim_s3d.fits');
  writeSimulatedCube(cubePath, sim, { format: 's3d' });
  const cube = readCube(cubePath);
  const fit = await fitCube(cube, { workers: 0, progress: 'none', selection: { minFluxSnr: 40 } });
  assert.equal(fit.spatialWcs?.celestial, true);
  fit.provenance = { redshift: { value: 1.2, source: 'header Z' }, lsf: { value: 2.2, unit: 'Angstrom', source: 'option --lsf-fwhm' } };
  const columns = ['x', 'y', 'selected', 'ha_flux', 'ha_flux_err', 'hb_flux', 'velocity', 'sigma', 'ha_flag', 'flag', 'kinematics_flag'];
  const r = astropyReport(fit, cubePath, 1, 'sim', columns);
  checkMapsFile(r, fit, 'simulated');
  for (const m of r.maps) assert.deepEqual(m.ctype, ['RA---TAN', 'DEC--TAN'], m.name);
  assert.match(r.primary.WCSSRC!, /celestial WCS \(RA---TAN\/DEC--TAN\)/);
  assert.deepEqual(r.prov['PROV REDSHIFT'], [1.2, 'header Z']);
  assert.deepEqual(r.prov['PROV LSF'], [2.2, '[Angstrom] option --lsf-fwhm']);
  assert.ok(fit.selection.count > 0 && fit.selection.count < fit.nx * fit.ny, 'some spaxels selected, not all');
  checkTable(r, fit, columns, 'simulated');
  const json = JSON.parse(JSON.stringify(cubeFitJson(fit))) as { provenance: unknown };
  assert.deepEqual(json.provenance, fit.provenance, 'the JSON carries the provenance');
  // a rotated CD-matrix WCS in FK5 (as MaNGA cubes have CD, a MUSE cube CD with rotation): the maps keep it exactly
  const cdPath = path.join(dir, 'cd_cube.fits');
  const cdHeader = {
    CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CTYPE3: 'WAVE', CUNIT1: 'deg', CUNIT2: 'deg', CUNIT3: 'Angstrom',
    CRPIX1: 4.5, CRPIX2: 6.25, CRPIX3: 1, CRVAL1: 150.1, CRVAL2: -2.3, CRVAL3: 4700,
    CD1_1: -5.5e-5, CD1_2: 1.2e-5, CD2_1: 1.1e-5, CD2_2: 5.4e-5, CD3_3: 1.25, RADESYS: 'FK5', EQUINOX: 2000,
  };
  writeFits(cdPath, [{ data: new Float32Array(fit.nx * fit.ny * 2), naxis: [fit.nx, fit.ny, 2], header: cdHeader }]);
  const cdFit = { ...fit, spatialWcs: spatialWcsFromHeader(readCube(cdPath, { errorHdu: null }).header) };
  const cd = astropyReport(cdFit, cdPath, 0, 'simcd', ['x']);
  for (const m of cd.maps) {
    assert.ok(m.wcsMaxDiff <= 1e-9, `CD WCS ${m.name}: differs by ${m.wcsMaxDiff}`);
    if (m.hduclass[1] === 'CUBE') assert.equal(m.channelWorld, 3, `CD WCS ${m.name}: channel axis`);
  }
  // readCubeFitMap: a channel by name, a single map, and a one-line error for a channel that is not there
  const maps = path.join(dir, 'sim-maps.fits');
  assert.deepEqual(Array.from(readCubeFitMap(maps, 'EMLINE_GFLUX', 'nii6584').data), Array.from(fit.maps.nii6584_flux!, Math.fround));
  assert.deepEqual(Array.from(readCubeFitMap(maps, 'SELECTED').data), Array.from(fit.selected));
  assert.throws(() => readCubeFitMap(maps, 'EMLINE_GFLUX', 'oii3727'), /EMLINE_GFLUX has channels hb, oiii4959, .*not 'oii3727'/);
});

test('maps of the REAL SAMI cube carry its LINEAR arcsec offsets (no celestial WCS), said so in WCSSRC', { skip: NO_ASTROPY }, async () => {
  const cube = readCube(SAMI);
  const fit = await fitCube(cube, { redshift: 0, instrument: { fwhmAngstrom: 1.61 }, medium: 'air', selection: { minEwSnr: null }, workers: 2, progress: 'none' });
  assert.equal(fit.spatialWcs?.celestial, false);
  const columns = ['x', 'y', 'selected', 'ha_flux', 'nii6584_flux', 'sigma', 'kinematics_flag'];
  const r = astropyReport(fit, SAMI, 0, 'sami', columns);
  checkMapsFile(r, fit, 'SAMI');
  for (const m of r.maps) assert.deepEqual(m.ctype, ['LINEAR', 'LINEAR'], m.name);
  assert.match(r.primary.WCSSRC!, /LINEAR\/LINEAR in arcsec\/arcsec: offsets, NOT celestial/);
  assert.equal(r.maps[0]!.bunit, 'data units (no BUNIT) * Angstrom', 'a cube without BUNIT gives fluxes in unknown units, said so');
  checkTable(r, fit, columns, 'SAMI');
  // the continuum-subtracted cube has no positive continuum: EWs are flagged, fluxes are not
  const ha = fit.lineNames.indexOf('ha');
  assert.ok(ha >= 0);
  const someClean = r.haFluxMask.some((m) => m === 0);
  assert.ok(someClean, 'selected, measured Hα fluxes have mask 0 although their EW is flagged CONTINUUM_NOT_POSITIVE');
});

test('msa3d fit --out/--table writes the maps and the FITS table; .json tables and bad names; msa3d flags prints the bits', () => {
  const maps = path.join(dir, 'cli-maps.fits');
  const table = path.join(dir, 'cli-table.fits');
  const args = [BIN, 'fit', SAMI, '--z', '0', '--lsf-fwhm', '1.61', '--air', '--min-ew-snr', 'none', '--out', maps, '--table', table, '--workers', '2'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /; maps → .*cli-maps\.fits; table → .*cli-table\.fits/);
  assert.equal(fs.readFileSync(table).subarray(0, 9).toString(), 'SIMPLE  =');
  const bad = spawnSync(process.execPath, [BIN, 'fit', SAMI, '--z', '0', '--table', path.join(dir, 'fit.txt')], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^msa3d: --table .*fit\.txt: name a \.fits file \(FITS binary table\) or a \.json file\n$/);
  const same = spawnSync(process.execPath, [BIN, 'fit', SAMI, '--z', '0', '--out', maps, '--table', maps, '--overwrite'], { encoding: 'utf8' });
  assert.equal(same.status, 2);
  assert.match(same.stderr, /must name different files/);
  const flags = spawnSync(process.execPath, [BIN, 'flags'], { encoding: 'utf8' });
  assert.equal(flags.status, 0, flags.stderr);
  for (const b of MAP_MASK_BITS) assert.match(flags.stdout, new RegExp(`\\n\\s*${b.bit}\\s+${b.value}\\s+${b.name}\\s`));
});

test('README documents the map layout and the mask bits exactly as the writer has them', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(mapsLayoutMarkdown()), 'README map-layout table differs from mapsLayoutMarkdown()');
  assert.ok(readme.includes(mapMaskTableMarkdown()), 'README bit table differs from mapMaskTableMarkdown()');
});

test('FITS binary tables: TFORM from the data, TNULL for NaN in integer columns, one-line errors for what FITS cannot hold', { skip: NO_ASTROPY }, () => {
  const file = path.join(dir, 'table-types.fits');
  writeFitsTables(file, [{
    name: 'T',
    columns: [
      { name: 'f', values: Float64Array.of(1.5, NaN, -2e-300), unit: 'km/s' },
      { name: 'e', values: Float32Array.of(0.25, 1, 2), format: 'E' },
      { name: 'i', values: [1, NaN, -7], format: 'J' },
      { name: 'h', values: [3, 4, -5], format: 'I' },
      { name: 'b', values: [0, 255, 7], format: 'B' },
      { name: 'l', values: [true, false, true] },
    ],
  }], { primary: { header: { OBJECT: 'test' } } });
  const r = runPython<Record<string, unknown>>(findPython(['astropy'])!, String.raw`
import json, sys
from astropy.io import fits
import numpy as np
inp = json.load(sys.stdin)
with fits.open(inp) as h:
    d = h['T'].data
    cols = h['T'].columns
    out = {c.name: [c.format, c.unit] for c in cols}
    out['f'] += [[None if not np.isfinite(v) else float(v) for v in d['f']]]
    out['i'] += [[int(v) for v in d['i']], h['T'].header.get('TNULL3')]
    out['l'] += [[bool(v) for v in d['l']]]
    out['b'] += [[int(v) for v in d['b']]]
    out['h'] += [[int(v) for v in d['h']]]
    out['object'] = h[0].header['OBJECT']
print(json.dumps(out))
`, file);
  assert.deepEqual(r.f, ['1D', 'km/s', [1.5, null, -2e-300]]);
  assert.deepEqual(r.i, ['1J', null, [1, -2147483648, -7], -2147483648]);
  assert.deepEqual(r.l, ['1L', null, [true, false, true]]);
  assert.deepEqual(r.b, ['1B', null, [0, 255, 7]]);
  assert.deepEqual(r.h, ['1I', null, [3, 4, -5]]);
  assert.deepEqual((r.e as unknown[])[0], '1E');
  assert.equal(r.object, 'test');
  const fitsError = (code: string) => (e: unknown) => e instanceof FitsError && e.code === code;
  assert.throws(() => writeFitsTables(path.join(dir, 'x.fits'), [{ columns: [{ name: 'a', values: [1.5], format: 'J' }] }]), fitsError('bad-data'));
  assert.throws(() => writeFitsTables(path.join(dir, 'x.fits'), [{ columns: [{ name: 'a', values: [1] }, { name: 'b', values: [1, 2] }] }]), fitsError('bad-data'));
  assert.throws(() => writeFitsTables(file, [{ columns: [{ name: 'a', values: [1] }] }]), fitsError('exists'));
  assert.ok(!fs.existsSync(path.join(dir, 'x.fits')), 'no file left after a refused write');
  assert.equal(inverseSquareFitsUnit('1e-20 erg s-1 cm-2'), '10**(40) erg-2 s2 cm4');
  assert.equal(inverseSquareFitsUnit('km/s'), 'km-2 s2');
});
