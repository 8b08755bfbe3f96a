// Injection–recovery of the local continua (spectra/local-continua.ts) on simulated 1-D spectra with a STELLAR
// continuum that is not the fitter's (test/helpers/trough-spectra.ts: a curved continuum with Fe5015-like and 6700 Å
// metal features, Gaussian Balmer troughs of rest EW 4 Å (Hβ) and 3 Å (Hα), weak lines, σ_int 80 km/s for all lines,
// SAMI-like LSF, continuum S/N 40 per pixel); 16 seeds, stellarAbsorption 'on', lineWidths 'shared' (the continua alone;
// the widths are test/line-widths.test.ts's), with the local continua
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
import { simulateStellarSpectrum, TROUGH_SPECTRUM_LSF_FWHM_ANGSTROM as STELLAR_SPECTRUM_LSF_FWHM, TROUGH_SPECTRUM_Z as STELLAR_SPECTRUM_Z } from './helpers/trough-spectra';

const Z = STELLAR_SPECTRUM_Z;
const LSF_FWHM = STELLAR_SPECTRUM_LSF_FWHM;
const simulate = (seed: number) => simulateStellarSpectrum(seed);

test("local continua recover weak lines on a curved stellar continuum with metal features and Balmer troughs ('on')", (t) => {
  const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
  const run = (localContinua: boolean) => {
    const ratios: Record<string, number[]> = { hb: [], oiii5007: [], ha: [], nii6584: [], sii: [] };
    for (let seed = 1; seed <= 16; seed++) {
      const s = simulate(seed);
      const fit = fitSpectrum(s.lam, s.flux, s.err, { redshift: Z, instrument: dispersionFromFwhm(LSF_FWHM), windows: MSA3D_WINDOWS, stellarAbsorption: 'on', localContinua, lineWidths: 'shared' });
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
