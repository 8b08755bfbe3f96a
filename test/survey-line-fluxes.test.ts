// io/survey-line-fluxes.ts and tables/blobby3d-model-options.ts on the real files in data/ (checked against astropy
// where it is installed), linemaps/published-comparison.ts's binCentroids, and the comparisons' refusals of bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBlobby3dModelOptions } from '../kernel-lib/src/tables/index';
import { readCube, readSamiLzifuMap, readSdssSpzline, samiDr3SectorFiles, SAMI_LZIFU_FLUX_UNIT, SDSS_SPZLINE_FLUX_UNIT } from '../kernel-lib/src/io/index';
import { binCentroids, compareSamiSectors, compareSdssSpectrum } from '../kernel-lib/src/linemaps/index';
import type { InputError } from '../kernel-lib/src/errors/input-error';
import { findPython, runPython, skipWithout } from './helpers/python';
import { DATA_DIR, SDSS_SPEC_FILE } from './helpers/real-data';

const ASTROPY = skipWithout(['astropy'], 'python3-astropy');
const sami = samiDr3SectorFiles(path.join(DATA_DIR, 'sami-dr3-sectors', '572402'), '572402');

test('the SAMI LZIFU Hα map (plane 0 of 2, error in extension 1) and SPZLINE read as astropy reads them', { skip: ASTROPY, timeout: 60_000 }, () => {
  const map = readSamiLzifuMap(sami.maps.Halpha);
  const spz = readSdssSpzline(SDSS_SPEC_FILE);
  const peer = runPython<{ flux: (number | null)[]; err: (number | null)[]; names: string[]; area: number[]; areaErr: number[]; wave: number[]; sigma: number[]; cont: number[] }>(findPython(['astropy'])!, `
import json, sys
import numpy as np
from astropy.io import fits
lz, sdss = json.load(sys.stdin)
with fits.open(lz) as h:
    f = h[0].data[0].astype(np.float64).ravel(); e = h[1].data.astype(np.float64).ravel()
with fits.open(sdss) as h:
    t = h['SPZLINE'].data
    out = dict(names=[s.strip() for s in t['LINENAME']], area=t['LINEAREA'].astype(float).tolist(),
               areaErr=t['LINEAREA_ERR'].astype(float).tolist(), wave=t['LINEWAVE'].astype(float).tolist(),
               sigma=t['LINESIGMA'].astype(float).tolist(), cont=t['LINECONTLEVEL'].astype(float).tolist())
fin = lambda a: [None if not np.isfinite(v) else float(v) for v in a]
print(json.dumps(dict(flux=fin(f), err=fin(e), **out)))
`, [sami.maps.Halpha, SDSS_SPEC_FILE]);
  assert.equal(map.nx * map.ny, peer.flux.length);
  assert.equal(map.unit, SAMI_LZIFU_FLUX_UNIT, 'the documented LZIFU unit, read from the map\'s BUNIT (the cube\'s, × Å)');
  assert.match(map.unitSource!, /^header BUNIT "10\*\*\(-16\) erg\/s\/cm\*\*2\/angstrom\/pixel"/);
  map.flux.forEach((v, i) => assert.ok(peer.flux[i] === null ? Number.isNaN(v) : v === peer.flux[i], `flux ${i}`));
  map.fluxErr.forEach((v, i) => assert.ok(peer.err[i] === null ? Number.isNaN(v) : v === peer.err[i], `err ${i}`));
  assert.deepEqual(Object.keys(spz), peer.names);
  peer.names.forEach((n, i) => assert.deepEqual(spz[n], { flux: peer.area[i], fluxErr: peer.areaErr[i], restWavelengthAngstrom: peer.wave[i], sigmaKms: peer.sigma[i], continuumLevel: peer.cont[i], fluxUnit: SDSS_SPZLINE_FLUX_UNIT }));
  assert.ok(spz.H_alpha.flux > 0 && spz['[N_II] 6583'].flux > 0);
});

test('readBlobby3dModelOptions: every key with its rows of numbers; a non-numeric value is a one-line error', () => {
  const o = readBlobby3dModelOptions(path.join(DATA_DIR, 'sami-485885', 'MODEL_OPTIONS'));
  assert.deepEqual(o.LSFFWHM, [[1.61]]);
  assert.deepEqual(o.LINE, [[6562.81], [6583.1, 6548.1, 0.3333]]);
  assert.equal(o.PSFFWHM[0].length, 2);
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-opts-')), 'MODEL_OPTIONS');
  fs.writeFileSync(bad, '# x\nLSFFWHM one\n');
  assert.throws(() => readBlobby3dModelOptions(bad), (e: InputError) => e.code === 'not-finite' && /MODEL_OPTIONS:2: 'LSFFWHM one'/.test(e.message));
});

test('binCentroids: each bin\'s spaxel centroid and its distance from the centroid of the centre bins', () => {
  // 4 × 3 map: bin 1 at (1,1),(2,1); bin 2 at (0,0); bin 3 at (3,2); 0 = none
  const map = [2, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 3];
  const { centre, bins } = binCentroids(map, 4, [1]);
  assert.deepEqual(centre, { xSpaxel: 1.5, ySpaxel: 1 });
  assert.deepEqual(bins.map((b) => [b.bin, b.nSpaxels, b.xSpaxel, b.ySpaxel]), [[1, 2, 1.5, 1], [2, 1, 0, 0], [3, 1, 3, 2]]);
  assert.equal(bins[1].distanceSpaxels, Math.hypot(1.5, 1));
  assert.throws(() => binCentroids(map, 4, [7]), /centreBins must be bin ids present/);
});

test('compareSamiSectors refuses missing maps before reading or fitting', () => {
  assert.throws(() => compareSamiSectors({ blue: sami.blue, red: sami.red, maps: { Halpha: sami.maps.Halpha } }), /compareSamiSectors: no LZIFU map for NII6583, SII6716, SII6731, Hbeta, OIII5007/);
});

test('compareSamiSectors refuses a published map whose unit it cannot read, and a cube with no unit, before fitting', { timeout: 120_000 }, () => {
  const blue = readCube(sami.blue);
  const red = readCube(sami.red);
  const maps = Object.fromEntries(Object.entries(sami.maps).map(([l, f]) => [l, readSamiLzifuMap(f)]));
  assert.throws(() => compareSamiSectors({ blue, red, maps: { ...maps, Hbeta: { ...maps.Hbeta!, unit: 'counts' } } }),
    (e: InputError) => e.code === 'not-one-of' && /the Hbeta map .*unit "counts" is not a line flux/.test(e.message));
  assert.throws(() => compareSamiSectors({ blue: { ...blue, fluxUnit: null }, red, maps }),
    (e: InputError) => e.code === 'not-one-of' && /no BUNIT.*cannot compare with published fluxes/.test(e.message));
});

test('compareSdssSpectrum refuses an SPZLINE flux unit it cannot read, before fitting', () => {
  const spz = readSdssSpzline(SDSS_SPEC_FILE);
  assert.throws(() => compareSdssSpectrum({ spectrum: SDSS_SPEC_FILE, spzline: { ...spz, H_alpha: { ...spz.H_alpha, fluxUnit: '1e-17 erg/s/cm2/Ang' } } }),
    (e: InputError) => e.code === 'not-one-of' && /SPZLINE LINEAREA: unit "1e-17 erg\/s\/cm2\/Ang" is not a line flux/.test(e.message));
});
