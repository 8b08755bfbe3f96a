// Injection–recovery of the line-width model (fit-options.ts lineWidths; fit-stage.ts) on simulated 1-D spectra on a
// stellar continuum that is not the fitter's (test/helpers/trough-spectra.ts: curved, Fe5015-like and 6700 Å metal
// features, Gaussian Balmer troughs unlike the fitter's Lorentzian), stellarAbsorption 'on', 24 seeds per case:
// Balmer and forbidden lines at the same intrinsic σ (80 km/s) or the forbidden ones broader (100 km/s), at continuum
// S/N 40 and 10 per pixel, with the lines' EW ×1 and ×0.4. 'shared' is one σ for all lines (the MSA-3D model), 'auto'
// (default) tries the Balmer and forbidden widths apart and keeps them when the likelihood-ratio test passes.
// Measured (median fitted/injected, [O III] 5007 / [N II] 6584 / [S II] / Hβ / Hα), shared → auto:
//   equal σ, S/N 40:        0.969/1.028/1.002/1.131/0.962 → 0.978/1.041/1.013/1.122/0.958 (the split is often kept:
//                           the trough's shape mismatch leaves structure the extra width takes up)
//   forbidden 100, S/N 40:  0.876/0.933/0.891/1.160/0.971 → 0.984/1.064/1.030/1.123/0.959
//   equal σ, S/N 10 (×1 and ×0.4 EW): identical (the test keeps the shared widths)
//   forbidden 100, S/N 10:  0.914/0.933/0.913 → 1.001/1.039/1.010 ([O III]/[N II]/[S II]); with the test's 24 seeds
//                           0.920/0.911/0.913 → 1.044/1.071/1.053
// (numbers from 48 seeds unless said; the test runs 24.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitSpectrum, MSA3D_WINDOWS, type SpectrumFit } from '../kernel-lib/src/spectra/index';
import { dispersionFromFwhm } from '../kernel-lib/src/instrument/line-spread-function';
import { lineWidthsFlag, parseArgs, UsageError } from '../kernel-lib/src/cli/args';
import { simulateStellarSpectrum, TROUGH_SPECTRUM_LSF_FWHM_ANGSTROM as STELLAR_SPECTRUM_LSF_FWHM, TROUGH_SPECTRUM_Z as STELLAR_SPECTRUM_Z, type StellarSpectrumOptions } from './helpers/trough-spectra';

const SEEDS = 24;
const LINES = ['oiii5007', 'nii6584', 'sii', 'hb', 'ha'] as const;
const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];

function fitOne(s: ReturnType<typeof simulateStellarSpectrum>, lineWidths: 'shared' | 'auto' | 'balmer-forbidden', stellarAbsorption: 'on' | 'off' = 'on'): SpectrumFit {
  return fitSpectrum(s.lam, s.flux, s.err, { redshift: STELLAR_SPECTRUM_Z, instrument: dispersionFromFwhm(STELLAR_SPECTRUM_LSF_FWHM), windows: MSA3D_WINDOWS, stellarAbsorption, lineWidths });
}

/** Median fitted/injected per line, and the per-seed ratios, for one case and mode. */
function recover(options: StellarSpectrumOptions, lineWidths: 'shared' | 'auto') {
  const ratios: Record<string, number[]> = Object.fromEntries(LINES.map((k) => [k, []]));
  for (let seed = 1; seed <= SEEDS; seed++) {
    const s = simulateStellarSpectrum(seed, options);
    const fit = fitOne(s, lineWidths);
    for (const k of LINES) {
      ratios[k].push(k === 'sii' ? (fit.lines.sii6717.flux + fit.lines.sii6731.flux) / (s.truth.sii6717 + s.truth.sii6731) : fit.lines[k].flux / s.truth[k]);
    }
  }
  return { medians: Object.fromEntries(LINES.map((k) => [k, median(ratios[k])])) as Record<string, number>, ratios };
}
const fmt = (m: Record<string, number>) => LINES.map((k) => `${k} ${m[k].toFixed(3)}`).join(', ');

test("lineWidths 'auto': forbidden lines broader than the Balmer lines are recovered, where 'shared' loses ~10 %", (t) => {
  for (const snr of [40, 10]) {
    const options = { sigmaBalmerKms: 80, sigmaForbiddenKms: 100, snr };
    const shared = recover(options, 'shared').medians;
    const auto = recover(options, 'auto').medians;
    t.diagnostic(`S/N ${snr}, forbidden σ 100 vs Balmer 80 km/s: shared ${fmt(shared)}; auto ${fmt(auto)}`);
    if (snr === 40) {
      // the case discriminates: shared widths bias the broader forbidden lines low (at S/N 10 the medians of 24
      // spectra scatter by ≈ 4 %, too much for this premise; there only the comparison below is asserted)
      assert.ok(shared.oiii5007 < 0.93 && shared.sii < 0.93, `shared widths bias the broader forbidden lines low: ${fmt(shared)}`);
      for (const k of ['oiii5007', 'sii']) assert.ok(Math.abs(auto[k] - 1) < 0.04, `${k} at S/N ${snr}: ${auto[k]}`);
      assert.ok(Math.abs(auto.nii6584 - 1) < 0.08, `[N II] beside the Hα trough at S/N ${snr}: ${auto.nii6584}`);
    } else {
      // at S/N 10 the medians of 24 spectra scatter by ≈ 4 %: closer than 'shared', not within 4 %
      for (const k of ['oiii5007', 'sii', 'nii6584']) assert.ok(Math.abs(auto[k] - 1) < Math.abs(shared[k] - 1), `${k} at S/N ${snr}: auto ${auto[k]} vs shared ${shared[k]}`);
    }
    // the Balmer lines: shared widths broaden them toward the forbidden σ (Hβ too high, Hα's trough deficit partly
    // hidden); apart they are measured at their own width, with the trough-shape mismatch left (≈ −4 % Hα)
    for (const k of ['hb', 'ha']) assert.ok(Math.abs(auto[k] - 1) <= Math.abs(shared[k] - 1) + 0.02, `${k}: auto ${auto[k]} vs shared ${shared[k]}`);
  }
});

test("lineWidths 'auto' loses no accuracy at low S/N when the widths are equal (the likelihood-ratio test keeps them shared)", (t) => {
  for (const ewScale of [1, 0.4]) {
    const options = { snr: 10, ewScale };
    const shared = recover(options, 'shared');
    const auto = recover(options, 'auto');
    t.diagnostic(`S/N 10, EW ×${ewScale}, equal σ: shared ${fmt(shared.medians)}; auto ${fmt(auto.medians)}`);
    let changed = 0;
    // a rejected split returns the shared solution bit for bit
    for (let i = 0; i < SEEDS; i++) if (LINES.some((k) => !Object.is(auto.ratios[k][i], shared.ratios[k][i]))) changed++;
    t.diagnostic(`split kept in ${changed} of ${SEEDS} spectra`);
    assert.ok(changed <= SEEDS / 8, `split kept in ${changed} of ${SEEDS} spectra`);
    for (const k of LINES) assert.ok(Math.abs(auto.medians[k] - 1) <= Math.abs(shared.medians[k] - 1) + 0.01, `${k}: auto ${auto.medians[k]} vs shared ${shared.medians[k]}`);
  }
});

test("lineWidths: the split reports each group's width; 'auto' without a trough is the shared model bit for bit; bad option refused", () => {
  const s = simulateStellarSpectrum(3, { sigmaBalmerKms: 60, sigmaForbiddenKms: 120, snr: 40 });
  const split = fitOne(s, 'balmer-forbidden');
  const intrinsic = (fit: SpectrumFit, k: string) => Math.sqrt(fit.lines[k].sigmaObservedKms ** 2 - fit.lines[k].sigmaInstrumentalKms ** 2);
  for (const k of ['ha', 'hb']) assert.ok(Math.abs(intrinsic(split, k) / 60 - 1) < 0.15, `${k} σ ${intrinsic(split, k)}`);
  for (const k of ['nii6584', 'sii6717', 'oiii5007']) assert.ok(Math.abs(intrinsic(split, k) / 120 - 1) < 0.1, `${k} σ ${intrinsic(split, k)}`);
  assert.ok(Math.abs(intrinsic(split, 'oiii5007') - intrinsic(split, 'nii6584')) < 1e-6, "'tied': the blue window's forbidden lines take the reference window's forbidden width");
  // no trough ('off'): 'auto' is 'shared' (the MSA-3D model), exactly
  const off = fitOne(s, 'auto', 'off');
  const offShared = fitOne(s, 'shared', 'off');
  for (const k of Object.keys(off.lines)) assert.equal(off.lines[k].flux, offShared.lines[k].flux, k);
  assert.throws(() => fitSpectrum(s.lam, s.flux, s.err, { redshift: 0.05, instrument: dispersionFromFwhm(1.6), lineWidths: 'free' as unknown as 'auto' }), /lineWidths must be 'shared', 'balmer-forbidden' or 'auto'/);
});

test("lineWidths 'balmer-forbidden' with kinematics 'joint' and 'independent': each solve its own two widths; --line-widths checked", () => {
  const s = simulateStellarSpectrum(5, { sigmaBalmerKms: 60, sigmaForbiddenKms: 120, snr: 40 });
  const intrinsic = (fit: SpectrumFit, k: string) => Math.sqrt(fit.lines[k].sigmaObservedKms ** 2 - fit.lines[k].sigmaInstrumentalKms ** 2);
  for (const kinematics of ['joint', 'independent'] as const) {
    const fit = fitSpectrum(s.lam, s.flux, s.err, {
      redshift: STELLAR_SPECTRUM_Z, instrument: dispersionFromFwhm(STELLAR_SPECTRUM_LSF_FWHM), windows: MSA3D_WINDOWS, stellarAbsorption: 'on', lineWidths: 'balmer-forbidden', kinematics,
    });
    assert.ok(fit.windows.every((w) => w.fitted && w.kinematics.source === 'fitted'), kinematics);
    for (const k of ['oiii5007', 'sii6717']) assert.ok(Math.abs(intrinsic(fit, k) / 120 - 1) < 0.1, `${kinematics} ${k} σ ${intrinsic(fit, k)}`);
    assert.ok(Math.abs(fit.lines.oiii5007.flux / s.truth.oiii5007 - 1) < 0.1, `${kinematics} [O III] ${fit.lines.oiii5007.flux / s.truth.oiii5007}`);
  }
  assert.equal(lineWidthsFlag(parseArgs(['fit', 'x.fits'])), 'auto');
  assert.equal(lineWidthsFlag(parseArgs(['fit', 'x.fits', '--line-widths', 'balmer-forbidden'])), 'balmer-forbidden');
  assert.throws(() => lineWidthsFlag(parseArgs(['fit', 'x.fits', '--line-widths', 'free'])), (e: unknown) => e instanceof UsageError && /--line-widths must be shared, balmer-forbidden or auto/.test((e as Error).message));
});
