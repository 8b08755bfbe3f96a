// Tests of kernel-lib/src/cosmology against the committed astropy fixture (test/fixtures/astropy-cosmology.json, made by
// test/fixtures/make_astropy_cosmology.py), an independent quadrature, closed forms, and live astropy when installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ageGyr,
  angularDiameterDistanceMpc,
  comovingDistanceMpc,
  distanceModulusMag,
  flatLambdaCdm,
  hubbleDistanceMpc,
  hubbleParameterKmsPerMpc,
  hubbleTimeGyr,
  kpcPerArcsec,
  lookbackTimeGyr,
  luminosityDistanceMpc,
  MSA3D_COSMOLOGY,
  transverseComovingDistanceMpc,
  WANG2020_COSMOLOGY,
  type FlatLambdaCdm,
} from '../kernel-lib/src/cosmology/index';
import { findPython, runPython, skipWithout } from './helpers/python';
import { relativeError } from './helpers/close';

type Quantity = 'comovingDistanceMpc' | 'angularDiameterDistanceMpc' | 'luminosityDistanceMpc' | 'kpcPerArcsec' | 'lookbackTimeGyr' | 'ageGyr';
type FixtureCosmology = { name: string; H0: number; Om0: number } & Record<Quantity, number[]>;
interface Fixture {
  astropy: string;
  Tcmb0K: number;
  z: number[];
  cosmologies: FixtureCosmology[];
}

const FIXTURE: Fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'astropy-cosmology.json'), 'utf8'));

const FUNCTIONS: Record<Quantity, (z: number, c: FlatLambdaCdm) => number> = {
  comovingDistanceMpc,
  angularDiameterDistanceMpc,
  luminosityDistanceMpc,
  kpcPerArcsec,
  lookbackTimeGyr,
  ageGyr,
};

/** Tolerance against astropy: the brief asks for 1e-4 and aims at 1e-7; the closed forms agree to ~1e-13. */
const RTOL = 1e-10;

test('the fixture is astropy FlatLambdaCDM without radiation and covers both paper cosmologies', () => {
  assert.equal(FIXTURE.Tcmb0K, 0);
  assert.equal(FIXTURE.z.length, 30);
  assert.equal(FIXTURE.z[0], 0.01);
  assert.equal(FIXTURE.z[FIXTURE.z.length - 1], 5);
  const pairs = FIXTURE.cosmologies.map((c) => `${c.H0}/${c.Om0}`);
  assert.ok(pairs.includes('69.32/0.2865') && pairs.includes('70/0.3'), pairs.join(', '));
  assert.deepEqual({ ...MSA3D_COSMOLOGY }, { H0: 69.32, Om0: 0.2865 });
  assert.deepEqual({ ...WANG2020_COSMOLOGY }, { H0: 70, Om0: 0.3 });
});

test(`distances and times match astropy ${FIXTURE.astropy} (committed fixture) to ${RTOL} relative`, () => {
  const worst: Record<string, number> = {};
  for (const c of FIXTURE.cosmologies) {
    const cosmology = flatLambdaCdm(c.H0, c.Om0);
    for (const [quantity, fn] of Object.entries(FUNCTIONS) as [Quantity, (z: number, c: FlatLambdaCdm) => number][]) {
      FIXTURE.z.forEach((z, i) => {
        const actual = fn(z, cosmology);
        const expected = c[quantity][i];
        const error = relativeError(actual, expected);
        worst[quantity] = Math.max(worst[quantity] ?? 0, error);
        assert.ok(error <= RTOL, `${c.name} ${quantity}(z = ${z}): got ${actual}, astropy ${expected} (rel. error ${error.toExponential(2)})`);
      });
    }
  }
  console.log(`cosmology vs astropy fixture, worst relative error: ${Object.entries(worst).map(([k, v]) => `${k} ${v.toExponential(1)}`).join('; ')}`);
});

test('the default cosmology is MSA-3D', () => {
  for (const z of [0.5, 1.17, 2.3]) {
    assert.equal(comovingDistanceMpc(z), comovingDistanceMpc(z, MSA3D_COSMOLOGY));
    assert.equal(kpcPerArcsec(z), kpcPerArcsec(z, MSA3D_COSMOLOGY));
    assert.notEqual(kpcPerArcsec(z), kpcPerArcsec(z, WANG2020_COSMOLOGY));
  }
});

test('comoving distance equals an independent quadrature of 1/E(z) (composite Gauss–Legendre in ln(1+z))', () => {
  // 10-point Gauss–Legendre nodes/weights on [−1, 1] (Abramowitz & Stegun 1972, Table 25.4), 200 panels.
  const nodes = [0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
  const weights = [0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881];
  const integrate = (f: (x: number) => number, a: number, b: number, panels: number): number => {
    let sum = 0;
    const h = (b - a) / panels;
    for (let p = 0; p < panels; p++) {
      const mid = a + (p + 0.5) * h;
      for (let k = 0; k < 5; k++) {
        sum += weights[k] * (f(mid - (h / 2) * nodes[k]) + f(mid + (h / 2) * nodes[k]));
      }
    }
    return (sum * h) / 2;
  };
  for (const [H0, Om0] of [[69.32, 0.2865], [70, 0.3], [55, 0.01], [80, 0.999], [67, 0.7]]) {
    const c = flatLambdaCdm(H0, Om0);
    for (const z of [1e-6, 1e-4, 0.01, 0.37, 1, 2.5, 5, 10, 1100]) {
      // In t = ln(1+z′), dz′/E = e^t dt / E(e^t − 1): smooth over the whole range, even to z = 1100.
      const integrand = (t: number) => Math.exp(t) / Math.sqrt(Om0 * Math.exp(3 * t) + 1 - Om0);
      const expected = hubbleDistanceMpc(c) * integrate(integrand, 0, Math.log1p(z), 200);
      const actual = comovingDistanceMpc(z, c);
      assert.ok(relativeError(actual, expected) < 1e-13, `H0=${H0} Om0=${Om0} z=${z}: ${actual} vs quadrature ${expected}`);
    }
  }
});

test('closed forms: Einstein–de Sitter, low-z Hubble law, relations between distances', () => {
  const eds = flatLambdaCdm(70, 1);
  const dh = hubbleDistanceMpc(eds);
  assert.equal(dh, 299792.458 / 70);
  for (const z of [0.1, 1, 3]) {
    assert.ok(relativeError(comovingDistanceMpc(z, eds), 2 * dh * (1 - 1 / Math.sqrt(1 + z))) < 1e-15);
    assert.ok(relativeError(ageGyr(z, eds), ((2 / 3) * hubbleTimeGyr(eds)) / (1 + z) ** 1.5) < 1e-15);
  }
  // D ≈ (c/H0) z (1 − (1+q0) z / 2) for z ≪ 1, q0 = 3Ωm/2 − 1 (Hogg 1999, §5 series).
  const z = 1e-3;
  const q0 = 1.5 * MSA3D_COSMOLOGY.Om0 - 1;
  const series = hubbleDistanceMpc() * z * (1 - ((1 + q0) * z) / 2);
  assert.ok(relativeError(comovingDistanceMpc(z), series) < 1e-6);
  for (const zz of [0.3, 1.5, 4]) {
    const dc = comovingDistanceMpc(zz);
    assert.equal(transverseComovingDistanceMpc(zz), dc);
    assert.ok(relativeError(luminosityDistanceMpc(zz), dc * (1 + zz)) < 1e-15);
    assert.ok(relativeError(angularDiameterDistanceMpc(zz), dc / (1 + zz)) < 1e-15);
    assert.ok(relativeError(luminosityDistanceMpc(zz), (1 + zz) ** 2 * angularDiameterDistanceMpc(zz)) < 1e-15, 'Etherington');
    assert.ok(relativeError(distanceModulusMag(zz), 5 * Math.log10(luminosityDistanceMpc(zz) * 1e6 / 10)) < 1e-14);
    assert.ok(relativeError(lookbackTimeGyr(zz) + ageGyr(zz), ageGyr(0)) < 1e-14);
  }
  assert.equal(comovingDistanceMpc(0), 0);
  assert.equal(lookbackTimeGyr(0), 0);
  assert.equal(hubbleParameterKmsPerMpc(0), 69.32);
  assert.ok(relativeError(hubbleParameterKmsPerMpc(1), 69.32 * Math.sqrt(0.2865 * 8 + 0.7135)) < 1e-15);
  // Angular-diameter distance peaks (near z ≈ 1.6 for Ωm ≈ 0.3); kpc/″ follows it.
  assert.ok(kpcPerArcsec(1.6) > kpcPerArcsec(0.8) && kpcPerArcsec(1.6) > kpcPerArcsec(3));
});

test('invalid input throws a one-line Error naming the function', () => {
  for (const z of [-0.1, NaN, Infinity, -Infinity]) {
    assert.throws(() => comovingDistanceMpc(z), /^Error: comovingDistanceMpc: redshift z must be a finite number ≥ 0/);
    assert.throws(() => kpcPerArcsec(z), /redshift z must be a finite number ≥ 0/);
    assert.throws(() => ageGyr(z), /^Error: ageGyr: redshift z/);
  }
  assert.throws(() => comovingDistanceMpc('1' as unknown as number), /redshift z must be a finite number/);
  for (const Om0 of [0, -0.3, 1.01, NaN, Infinity]) {
    assert.throws(() => flatLambdaCdm(70, Om0), /^Error: flatLambdaCdm: Om0 must be in \(0, 1\]/);
    assert.throws(() => luminosityDistanceMpc(1, { H0: 70, Om0 }), /Om0 must be in \(0, 1\]/);
  }
  for (const H0 of [0, -70, NaN, Infinity]) {
    assert.throws(() => flatLambdaCdm(H0, 0.3), /H0 must be a finite number > 0 in km\/s\/Mpc/);
    assert.throws(() => hubbleDistanceMpc({ H0, Om0: 0.3 }), /H0 must be a finite number > 0/);
  }
  assert.ok(Object.isFrozen(MSA3D_COSMOLOGY));
  for (const err of [() => comovingDistanceMpc(-1), () => flatLambdaCdm(70, 2)]) {
    try {
      err();
    } catch (e) {
      assert.ok(!(e as Error).message.includes('\n'), 'one-line message');
    }
  }
});

const ASTROPY_LIVE = String.raw`
import json, sys
import astropy.units as u
from astropy.cosmology import FlatLambdaCDM
data = json.load(sys.stdin)
out = []
for H0, Om0 in data["cosmologies"]:
    c = FlatLambdaCDM(H0=H0, Om0=Om0)  # the default Tcmb0 = 0 K: no radiation
    z = data["z"]
    out.append({
        "Tcmb0": c.Tcmb0.value,
        "comovingDistanceMpc": c.comoving_distance(z).to_value(u.Mpc).tolist(),
        "luminosityDistanceMpc": c.luminosity_distance(z).to_value(u.Mpc).tolist(),
        "kpcPerArcsec": (c.kpc_proper_per_arcmin(z).to_value(u.kpc / u.arcmin) / 60).tolist(),
        "lookbackTimeGyr": c.lookback_time(z).to_value(u.Gyr).tolist(),
        "hubbleTimeGyr": c.hubble_time.to_value(u.Gyr),
        "hubbleDistanceMpc": c.hubble_distance.to_value(u.Mpc),
    })
print(json.dumps(out))
`;

test('live cross-check against astropy at redshifts and cosmologies outside the fixture', { skip: skipWithout(['astropy'], 'python3-astropy') }, () => {
  const python = findPython(['astropy'])!;
  const cosmologies: [number, number][] = [[69.32, 0.2865], [65.5, 0.27], [74.1, 0.333], [45, 0.9]];
  const z = [0.0123, 0.5, 0.777, 1.17, 1.51, 2.3456, 3.3, 4.99, 6.5];
  const live = runPython<
    ({ Tcmb0: number; hubbleTimeGyr: number; hubbleDistanceMpc: number } & Record<'comovingDistanceMpc' | 'luminosityDistanceMpc' | 'kpcPerArcsec' | 'lookbackTimeGyr', number[]>)[]
  >(python, ASTROPY_LIVE, { cosmologies, z });
  cosmologies.forEach(([H0, Om0], k) => {
    const c = flatLambdaCdm(H0, Om0);
    const ref = live[k];
    assert.equal(ref.Tcmb0, 0, 'astropy FlatLambdaCDM(H0, Om0) defaults to Tcmb0 = 0');
    assert.ok(relativeError(hubbleTimeGyr(c), ref.hubbleTimeGyr) < 1e-14);
    assert.ok(relativeError(hubbleDistanceMpc(c), ref.hubbleDistanceMpc) < 1e-14);
    for (const quantity of ['comovingDistanceMpc', 'luminosityDistanceMpc', 'kpcPerArcsec', 'lookbackTimeGyr'] as const) {
      z.forEach((zi, i) => {
        const actual = FUNCTIONS[quantity](zi, c);
        const error = relativeError(actual, ref[quantity][i]);
        assert.ok(error <= RTOL, `H0=${H0} Om0=${Om0} ${quantity}(${zi}): ${actual} vs astropy ${ref[quantity][i]}`);
      });
    }
  });
});
