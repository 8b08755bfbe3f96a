// Flux units of cubes (io/units.ts parseErgFluxUnit, linemaps/fit-cube.ts fittingUnit): the spellings of a scaled
// erg s⁻¹ cm⁻² Å⁻¹ the surveys' headers use, read to their scale (and the ones refused); surface brightness converted
// with the spaxel's area or kept raw; and on a REAL SAMI DR3 cube, fitCube's fluxes in 1e-20 erg/s/cm² equal the same
// fit in the cube's own unit times the factor astropy computes from the header's BUNIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseErgFluxUnit, factorTo1e20, FLUX_UNIT_1E20 } from '../kernel-lib/src/io/units';
import { readCube, type Cube, type CubeInfo } from '../kernel-lib/src/io/cube';
import { fitCube, fittingUnit } from '../kernel-lib/src/linemaps/fit-cube';
import { samiDr3SectorFiles } from '../kernel-lib/src/io/index';
import { findPython, runPython, skipWithout } from './helpers/python';
import { DATA_DIR } from './helpers/real-data';

/** Spelling → [exponent of ten, kind, per, per spaxel stated]; the header each comes from in the comment. */
const ACCEPTED: [string, number, 'density' | 'line', 'spaxel' | 'arcsec2' | 'sr', boolean][] = [
  ['10**(-20)*erg/s/cm**2/Angstrom', -20, 'density', 'spaxel', false], // MUSE DRP cubes
  ['10**(-20)erg.s**(-1).cm**(-2).angstrom**(-1)', -20, 'density', 'spaxel', false], // MUSE ESO Phase 3 (IDP)
  ['10**(-16) erg /s /cm**2 /angstrom /pixel', -16, 'density', 'spaxel', true], // SAMI DR3 cubes
  ['10**(-16) erg/s/cm**2/angstrom/pixel', -16, 'density', 'spaxel', true], // SAMI DR3 LZIFU maps
  ['1E-17 erg/cm^2/s/Ang', -17, 'density', 'spaxel', false], // SDSS spec files
  ['1E-17 erg/s/cm^2/Ang/spaxel', -17, 'density', 'spaxel', true], // MaNGA LOGCUBE
  ['1e-17 erg/s/cm^2/ang/spaxel', -17, 'density', 'spaxel', true], // MaNGA DAP maps
  ['FLAM16', -16, 'density', 'spaxel', false], // KCWI DRP
  ['FLAM16/arcsec2', -16, 'density', 'arcsec2', false], // KCWI after CWITools' surface-brightness conversion
  ['erg/cm2/s/A', 0, 'density', 'spaxel', false], // IRAF (GMOS gfcube after flux calibration)
  ['erg s-1 cm-2 Angstrom-1', 0, 'density', 'spaxel', false], // this library's own (io/units.ts)
  ['erg / (Angstrom cm2 s)', 0, 'density', 'spaxel', false], // astropy's rendering
  ['10^-16 erg s^-1 cm^-2 A^-1', -16, 'density', 'spaxel', false],
  ['10-17 erg/s/cm2/A', -17, 'density', 'spaxel', false], // FITS 4.0 §4.3's 10±k prefix
  ['1e-17 erg/s/cm2/um', -21, 'density', 'spaxel', false], // per µm = 1e-4 per Å
  ['1e-18 erg/s/cm**2/Angstrom/arcsec**2', -18, 'density', 'arcsec2', false],
  ['erg/s/cm2/Angstrom/sr', 0, 'density', 'sr', false],
  ['1e-16 erg/s/cm2', -16, 'line', 'spaxel', false], // SAMI LZIFU's documented line-flux unit
  ['1e-17 erg/s/cm2', -17, 'line', 'spaxel', false], // SDSS SPZLINE's documented line-flux unit
];

/** Spellings that are not a scaled erg s⁻¹ cm⁻² (Å⁻¹) and must be refused (null), never guessed. */
const REFUSED = [
  'MJy/sr', 'mJy', 'Jy/beam', 'counts', 'ADU', 'electron/s', 'W/m2/um', '', '   ',
  'erg/s/cm**3', 'erg/s/cm2/Angstrom/', 'erg/cm2/Angstrom', 'erg/s/cm2/Angstrom2',
  '10**(-40)erg**2.s**(-2).cm**(-4).angstrom**(-2)', // MUSE STAT (a variance)
  'erg/s/cm2/A/pixel/arcsec2', 'erg/s/cm2/Angstrom/nm', '1e-17 erg/s/cm2/Ang/beam', 'FLAMX', '-1e-17 erg/s/cm2/A',
];

test('parseErgFluxUnit: every spelling of the surveys\' headers to its scale; others refused', () => {
  for (const [spelling, exponent10, kind, per, stated] of ACCEPTED) {
    const u = parseErgFluxUnit(spelling);
    assert.ok(u, `${spelling} parsed`);
    assert.deepEqual([u.mantissa, u.exponent10, u.kind, u.per, u.perSpaxelStated], [1, exponent10, kind, per, stated], spelling);
    assert.equal(factorTo1e20(u), exponent10 + 20 >= 0 ? 10 ** (exponent10 + 20) : 1 / 10 ** -(exponent10 + 20), spelling);
  }
  const scaled = parseErgFluxUnit('2.5E-17 erg/s/cm2/A')!;
  assert.deepEqual([scaled.mantissa, scaled.exponent10], [2.5, -17]);
  for (const spelling of REFUSED) assert.equal(parseErgFluxUnit(spelling), null, JSON.stringify(spelling));
  assert.equal(parseErgFluxUnit(null), null);
});

/** A header-only cube of 3 channels in `unit`, with spaxels of `pixel` arcsec (null: unknown). */
function info(unit: string | null, pixel: number | null): CubeInfo {
  return { nx: 1, ny: 1, nWave: 3, wavelengthAngstrom: Float64Array.of(6500, 6560, 6620), fluxUnit: unit, pixelScaleArcsec: pixel, source: { path: 'mem' }, header: {} } as unknown as CubeInfo;
}

test('fittingUnit: scaled units to 1e-20 erg/s/cm² per spaxel; surface brightness × spaxel area, or raw with a reason', () => {
  const sami = fittingUnit(info('10**(-16) erg /s /cm**2 /angstrom /pixel', 0.5));
  assert.ok(sami.converted);
  assert.equal(sami.fluxUnit, FLUX_UNIT_1E20);
  for (const f of sami.factors) assert.ok(Math.abs(f / (1e-16 / 1e-20) - 1) < 1e-12, `factor ${f}`);
  // per arcsec² × (0.5″)² spaxel; the same unit per spaxel is that divided by the area
  const sb = fittingUnit(info('1e-18 erg/s/cm**2/Angstrom/arcsec**2', 0.5));
  const perSpaxel = fittingUnit(info('1e-18 erg/s/cm**2/Angstrom', 0.5));
  assert.ok(sb.converted && /arcsec/.test(sb.rule));
  assert.equal(sb.factors[0], perSpaxel.factors[0]! * 0.5 * 0.5);
  // a surface brightness with no spaxel size, or an unknown unit, or no BUNIT: fitted as is, the raw unit carried
  for (const [unit, why] of [['1e-18 erg/s/cm**2/Angstrom/arcsec**2', /spaxel size is unknown/], ['counts', /not recognised/], [null, /no BUNIT/], ['1e-16 erg/s/cm2', /not a flux density/]] as const) {
    const raw = fittingUnit(info(unit, null));
    assert.equal(raw.converted, false, String(unit));
    assert.match(raw.rule, why);
    assert.deepEqual([...raw.factors], [1, 1, 1]);
    assert.equal(raw.fluxUnit, `${unit ?? 'data units (no BUNIT)'} * Angstrom`);
  }
});

const ASTROPY = skipWithout(['astropy'], 'python3-astropy');

test('REAL SAMI DR3 cube: fitCube reports fluxes in 1e-20 erg/s/cm², = the fit in the cube\'s unit × astropy\'s factor', { skip: ASTROPY, timeout: 300_000 }, async () => {
  const files = samiDr3SectorFiles(path.join(DATA_DIR, 'sami-dr3-sectors', '572402'), '572402');
  const whole = readCube(files.red, { rows: [24, 26] }); // two rows through the centre
  const bunit = whole.fluxUnit!;
  // astropy's factor from the header's BUNIT (× pixel: the unit is per pixel) to 1e-20 erg/s/cm²/Å — computed independently
  const factor = runPython<number>(findPython(['astropy'])!, `
import json, sys, warnings
import astropy.units as u
warnings.simplefilter('ignore')
print(json.dumps((u.Unit(json.load(sys.stdin)) * u.pix).to(u.Unit('1e-20 erg / (s cm2 Angstrom)'))))
`, bunit);
  const options = { workers: 0, selection: { minFluxSnr: 3, minEwSnr: null } } as const;
  const fit = await fitCube(whole, options);
  const raw = await fitCube({ ...whole, fluxUnit: null } as Cube, options);
  assert.equal(fit.fluxUnit, FLUX_UNIT_1E20);
  assert.equal(raw.fluxUnit, 'data units (no BUNIT) * Angstrom');
  assert.equal(fit.provenance?.fluxUnit?.value, bunit);
  assert.match(String(fit.provenance?.fluxUnit?.source), /1e-16 erg s-1 cm-2 Angstrom-1 per spaxel \(stated\)/);
  let compared = 0;
  for (const q of ['ha_flux', 'ha_flux_err', 'nii6584_flux', 'hb_flux', 'oiii5007_flux']) {
    const a = fit.maps[q]!;
    const b = raw.maps[q]!;
    for (let s = 0; s < a.length; s++) {
      if (!Number.isFinite(b[s]!) || b[s] === 0) continue;
      assert.ok(Math.abs(a[s]! / (b[s]! * factor) - 1) < 1e-6, `${q} spaxel ${s}: ${a[s]} vs ${b[s]} × ${factor}`);
      compared++;
    }
  }
  // S/N and kinematics do not depend on the unit
  for (const q of ['ha_snr', 'velocity', 'sigma']) {
    fit.maps[q]!.forEach((v, s) => assert.ok(Number.isNaN(v) ? Number.isNaN(raw.maps[q]![s]!) : Math.abs(v - raw.maps[q]![s]!) <= 1e-6 * Math.max(1, Math.abs(v)), `${q} ${s}`));
  }
  assert.ok(compared >= 100, `compared ${compared} finite fluxes`);
  assert.ok(fit.selection.count > 0, 'some spaxels selected');
});
