// Injection–recovery of the local continua (spectra/local-continua.ts) on simulated 1-D spectra with a STELLAR
// continuum that is not the fitter's: a curved (quadratic) continuum with a Gaussian metal feature of depth 6 % and
// FWHM 59 Å at rest 5015 Å (like Lick Fe5015, under [O III] 5007) and one of 3 %, FWHM 47 Å at rest 6700 Å (beside
// [S II]), Gaussian Balmer troughs of rest EW 4 Å (Hβ) and 3 Å (Hα), FWHM 20 Å (not the fitter's Lorentzian), and
// weak lines (rest EW: Hβ 3, [O III] 5007 2, Hα 12, [N II] 6584 5, [S II] 2 + 1.5 Å), σ_int 80 km/s, SAMI-like
// LSF (FWHM 1.6 Å), 1 Å pixels, continuum S/N 40 per pixel; 16 seeds, stellarAbsorption 'on', with the local continua
// (default) and without (localContinua false: one straight continuum per window, the model before them).
// Measured (median ratio fitted/injected), local / one continuum: Hβ 1.131 / 1.120, [O III] 0.974 / 0.904, Hα 0.962 /
// 0.959, [N II] 1.025 / 1.025, [S II] 1.005 / 0.963. Hβ's excess is the Lorentzian trough over-correcting this Gaussian
// trough (stellar-absorption.ts), the same with either continuum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitModelSpec, fitSpectrum, MSA3D_WINDOWS, spectrumModel } from '../kernel-lib/src/spectra/index';
import { localContinuumSegments, LOCAL_REACH_REST_ANGSTROM } from '../kernel-lib/src/spectra/local-continua';
import { dispersionFromFwhm } from '../kernel-lib/src/instrument/line-spread-function';
import { emissionLine } from '../kernel-lib/src/lines/emission-lines';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { SPEED_OF_LIGHT_KMS } from '../kernel-lib/src/constants/physical';

const Z = 0.05;
const LSF_FWHM = 1.6;
const SIGMA_INT = 80;
const EW: Record<string, number> = { hb: 3, oiii4959: 2 / 2.98, oiii5007: 2, nii6548: 5 / 3.05, ha: 12, nii6584: 5, sii6717: 2, sii6731: 1.5 };
const gauss = (x: number, mu: number, fwhm: number) => Math.exp(-0.5 * ((x - mu) / (fwhm / 2.3548)) ** 2);

function simulate(seed: number) {
  const rng = seededRandom(seed);
  const lam: number[] = [];
  for (let l = 4650 * (1 + Z); l < 7000 * (1 + Z); l += 1) lam.push(l);
  const stellar = (rest: number) => {
    const t = (rest - 5800) / 1000;
    let c = 1 + 0.15 * t - 0.08 * t * t; // curvature of a stellar continuum, not a straight line
    c *= 1 - 0.06 * gauss(rest, 5015, 59) - 0.03 * gauss(rest, 6700, 47); // metal features
    return c;
  };
  const flux = new Float64Array(lam.length);
  const err = new Float64Array(lam.length).fill(1 / 40);
  const truth: Record<string, number> = {};
  for (const [name, ew] of Object.entries(EW)) truth[name] = ew * (1 + Z) * stellar(emissionLine(name).restWavelengthAngstrom);
  for (let i = 0; i < lam.length; i++) {
    const rest = lam[i] / (1 + Z);
    let f = stellar(rest);
    // Balmer troughs: Gaussian, area EW × C
    for (const [name, ew] of [['hb', 4], ['ha', 3]] as const) {
      const r = emissionLine(name).restWavelengthAngstrom;
      const sigmaRest = 20 / 2.3548;
      f -= (ew * stellar(r) * gauss(rest, r, 20)) / (Math.sqrt(2 * Math.PI) * sigmaRest);
    }
    for (const name of Object.keys(EW)) {
      const mu = emissionLine(name).restWavelengthAngstrom * (1 + Z);
      const sl = Math.hypot((mu * SIGMA_INT) / SPEED_OF_LIGHT_KMS, LSF_FWHM / 2.3548);
      f += (truth[name] / (Math.sqrt(2 * Math.PI) * sl)) * Math.exp(-0.5 * ((lam[i] - mu) / sl) ** 2);
    }
    flux[i] = f + rng.normal(0, err[i]);
  }
  return { lam, flux, err, truth };
}

test("local continua recover weak lines on a curved stellar continuum with metal features and Balmer troughs ('on')", (t) => {
  const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
  const run = (localContinua: boolean) => {
    const ratios: Record<string, number[]> = { hb: [], oiii5007: [], ha: [], nii6584: [], sii: [] };
    for (let seed = 1; seed <= 16; seed++) {
      const s = simulate(seed);
      const fit = fitSpectrum(s.lam, s.flux, s.err, { redshift: Z, instrument: dispersionFromFwhm(LSF_FWHM), windows: MSA3D_WINDOWS, stellarAbsorption: 'on', localContinua });
      for (const k of ['hb', 'oiii5007', 'ha', 'nii6584']) ratios[k].push(fit.lines[k].flux / s.truth[k]);
      ratios.sii.push((fit.lines.sii6717.flux + fit.lines.sii6731.flux) / (s.truth.sii6717 + s.truth.sii6731));
      if (localContinua && seed === 1) {
        assert.equal(fit.windows.map((w) => w.continuumSegments?.length).join(), '2,2', 'the [O III] and [S II] local continua, then each base');
        // the drawn model (fitModelSpec) uses the continuum each line was measured on
        const spec = fitModelSpec(fit);
        for (const k of ['hb', 'oiii5007', 'ha', 'sii6717']) {
          const line = fit.lines[k];
          const at = spectrumModel([line.observedWavelengthAngstrom], { ...spec, lines: [] })[0];
          assert.ok(Math.abs(at - line.continuumAtLine) < 1e-9, `${k}: drawn continuum ${at} vs ${line.continuumAtLine}`);
        }
      }
    }
    return Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, median(v)]));
  };
  const local = run(true);
  const single = run(false);
  t.diagnostic(`local continua: ${JSON.stringify(local)}`);
  t.diagnostic(`one continuum per window: ${JSON.stringify(single)}`);
  for (const k of ['oiii5007', 'nii6584', 'sii']) assert.ok(Math.abs(local[k] - 1) < 0.03, `${k}: median ratio ${local[k]}`);
  assert.ok(single.oiii5007 < 0.95, `one straight continuum under the Fe5015-like feature biases [O III] low: ${single.oiii5007}`);
  for (const k of ['hb', 'ha']) assert.ok(Math.abs(local[k] - 1) <= Math.abs(single[k] - 1) + 0.02, `${k}: local ${local[k]} vs one continuum ${single[k]}`);
});

test('localContinuumSegments: groups by the catalogue spacing; a Balmer group keeps the base; bad option refused', () => {
  const lam = Float64Array.from({ length: 400 }, (_, i) => 4750 + i);
  const names = ['hb', 'oiii4959', 'oiii5007'];
  const rest = names.map((n) => emissionLine(n).restWavelengthAngstrom);
  const seg = localContinuumSegments(lam, 0, lam.length, rest, rest, [true, false, false]);
  assert.equal(seg.nSegments, 2);
  assert.deepEqual(Array.from(seg.lineSegment), [0, 1, 1]);
  // [O III]'s segment: its lines ± 30 Å (4930.3–5038.2 Å; the midpoint to Hβ, 4910.5 Å, is farther)
  const first = seg.pixelSegment.indexOf(1);
  const last = seg.pixelSegment.lastIndexOf(1);
  assert.ok(Math.abs(lam[first] - (rest[1] - LOCAL_REACH_REST_ANGSTROM)) <= 1 && Math.abs(lam[last] - (rest[2] + LOCAL_REACH_REST_ANGSTROM)) <= 1, `${lam[first]}–${lam[last]}`);
  assert.ok(seg.pixelSegment[lam.length - 1] === 0 && seg.pixelSegment[0] === 0, 'the rest is the base');
  assert.throws(() => fitSpectrum(lam, new Float64Array(lam.length), null, { redshift: 0, instrument: dispersionFromFwhm(2), localContinua: 'yes' as unknown as boolean }), /localContinua must be true or false/);
});
