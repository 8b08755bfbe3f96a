// Tests of kernel-lib/src/bayes-metallicity: the calibrations and the likelihood against Wang et al. 2020 Eq. 2 written
// out by hand, injection–recovery on 30 seeded synthetic galaxies (coverage of the truth by the 16–84 % interval),
// missing lines, upper limits, the blended-Hα correction, the Hα SFR, bad input, and the posterior against emcee
// running the independent numpy likelihood of bench/peer/metallicity_emcee.py (skipped cleanly without emcee).
import { test } from 'node:test';
import { CASE_B_HALPHA_HBETA } from '../kernel-lib/src/lines/case-b';
import assert from 'node:assert/strict';
import { MAIOLINO2008_O2HB, MAIOLINO2008_O3HB, dereddeningFactor, expectedRatioToHbeta, inferMetallicity, lineExtinctionK, metallicityLogPosterior, prepareLineFluxes, sfrFromHalpha, syntheticLineFluxes, wang2020Observations } from '../kernel-lib/src/bayes-metallicity/index';
import { CM_PER_MPC } from '../kernel-lib/src/constants/index';
import { WANG2020_COSMOLOGY, luminosityDistanceMpc } from '../kernel-lib/src/cosmology/index';
import { readWang2020Table3 } from '../kernel-lib/src/tables/index';
import type { LineObservations, NebularLine } from '../kernel-lib/src/bayes-metallicity/index';
import { benchmarkProblem, runPeer } from '../bench/mcmc-metallicity';
import { skipWithout } from './helpers/python';

const ALL_LINES_ERRORS: Partial<Record<NebularLine, number>> = {
  OII3727: 0.6, Hgamma: 0.4, Hbeta: 0.5, OIII5007: 0.6, Halpha: 0.6, SII6717_31: 0.5,
};
const FAST = { nWalkers: 24, nSteps: 3000, burnIn: 1000 };

// ---------- ingredients ----------

test('calibrations: Case-B Balmer ratios, Maiolino 2008 at solar O/H is 10^c0, CCM89 k at the tabulated lines', () => {
  assert.equal(expectedRatioToHbeta('Hbeta', 8.3), 1);
  assert.equal(expectedRatioToHbeta('Halpha', 8.3), 2.86);
  assert.equal(expectedRatioToHbeta('Hgamma', 8.3), 0.47);
  assert.ok(Math.abs(expectedRatioToHbeta('OIII5007', 8.69) - 10 ** MAIOLINO2008_O3HB[0]) < 1e-12);
  assert.ok(Math.abs(expectedRatioToHbeta('OII3727', 8.69) - 10 ** MAIOLINO2008_O2HB[0]) < 1e-12);
  // [O III]/Hβ falls towards high O/H on the upper branch (Maiolino et al. 2008 Fig. 5).
  assert.ok(expectedRatioToHbeta('OIII5007', 8.9) < expectedRatioToHbeta('OIII5007', 8.4));
  // CCM89 test vectors of METHODS-REFERENCE §3.8 (3 decimals).
  for (const [line, k] of [['Hbeta', 3.609], ['OIII5007', 3.473], ['Halpha', 2.535], ['OII3727', 4.771]] as [NebularLine, number][]) {
    assert.ok(Math.abs(lineExtinctionK(line) - k) < 5e-4, `${line}: k = ${lineExtinctionK(line)}`);
  }
  assert.ok(Math.abs(dereddeningFactor('Halpha', 1) - 10 ** ((0.4 * lineExtinctionK('Halpha')) / 3.1)) < 1e-12);
});

test('the log-posterior equals Wang 2020 Eq. 2 on de-reddened fluxes, written out by hand (+ normalisation, + Jacobian)', () => {
  const lines: LineObservations = {
    OII3727: { flux: 9, error: 1 }, Hbeta: { flux: 4, error: 0.5 }, OIII5007: { flux: 15, error: 0.8 }, Halpha: { flux: 14, error: 0.7 },
  };
  const prepared = prepareLineFluxes(lines);
  const scatter: Record<string, number> = { OII3727: 0.11, Hbeta: 0, OIII5007: 0.09, Halpha: 0 };
  const literal = metallicityLogPosterior(prepared, { normalized: false });
  const normalised = metallicityLogPosterior(prepared);
  const oh = 8.21;
  const av = 0.7;
  const fHb = 6.3;
  let chi2 = 0;
  let lnVar = 0;
  for (const l of prepared) {
    const D = 10 ** ((0.4 * av * lineExtinctionK(l.line)) / 3.1);
    const R = expectedRatioToHbeta(l.line, oh);
    const sigmaR = R * Math.LN10 * scatter[l.line];
    // Eq. 2: (f_EL − R f_Hβ)² / (σ_EL² + f_Hβ² σ_R²), f_EL and σ_EL de-reddened.
    chi2 += (D * l.flux - R * fHb) ** 2 / ((D * l.error) ** 2 + fHb * fHb * sigmaR * sigmaR);
    lnVar += Math.log(l.error ** 2 + (fHb * sigmaR / D) ** 2);
  }
  const theta = new Float64Array([oh, av, Math.log(fHb)]);
  assert.ok(Math.abs(literal(theta) - (-0.5 * chi2 + Math.log(fHb))) < 1e-9, `${literal(theta)} vs ${-0.5 * chi2 + Math.log(fHb)}`);
  assert.ok(Math.abs(normalised(theta) - (-0.5 * chi2 - 0.5 * lnVar + Math.log(fHb))) < 1e-9);
  // Priors: flat O/H in 7.0–9.2, 0 ≤ A_V ≤ 4.
  assert.equal(literal(new Float64Array([6.9, av, 1])), -Infinity);
  assert.equal(literal(new Float64Array([9.3, av, 1])), -Infinity);
  assert.equal(literal(new Float64Array([oh, -0.01, 1])), -Infinity);
  assert.equal(literal(new Float64Array([oh, 4.1, 1])), -Infinity);
});

test('upper limits enter as ln Φ((L − model)/σ): negligible far above the model, a strong penalty far below', () => {
  const base: LineObservations = { Hbeta: { flux: 5, error: 0.3 }, OIII5007: { flux: 12, error: 0.5 } };
  const theta = new Float64Array([8.3, 0.2, Math.log(5.5)]);
  const without = metallicityLogPosterior(prepareLineFluxes(base))(theta);
  const high = metallicityLogPosterior(prepareLineFluxes({ ...base, OII3727: { upperLimit: 500, nSigma: 10 } }))(theta);
  const low = metallicityLogPosterior(prepareLineFluxes({ ...base, OII3727: { upperLimit: 0.3, nSigma: 3 } }))(theta);
  assert.ok(Math.abs(high - without) < 1e-9, `${high} vs ${without}`);
  // model [O II] ≈ 10 with calibration scatter ≈ 2.5 (0.11 dex): z ≈ −3.9, ln Φ ≈ −10.
  assert.ok(low < without - 5, `${low} vs ${without}`);
});

test('blended Hα is de-blended with the tabulated [N II]/Hα and its error propagated', () => {
  const [ha] = prepareLineFluxes({ Halpha: { flux: 22, error: 1 } }, { niiHaRatio: 0.1, niiHaRatioErr: 0.02 });
  assert.ok(Math.abs(ha.flux - 20) < 1e-12);
  assert.ok(Math.abs(ha.error - Math.hypot(1 / 1.1, (22 * 0.02) / 1.21)) < 1e-12);
});

// ---------- injection–recovery ----------

test('injection–recovery: the 16–84 % interval covers the true O/H and A_V in a sensible fraction of 30 galaxies', () => {
  const cases = 30;
  let coveredOh = 0;
  let coveredAv = 0;
  let converged = 0;
  const pulls: number[] = [];
  for (let k = 0; k < cases; k++) {
    // Truths spread evenly (golden-ratio sequences) over 7.9–8.8 in O/H and 0–1.5 mag in A_V.
    const truthOh = 7.9 + 0.9 * ((k * 0.6180339887) % 1);
    const truthAv = 1.5 * ((k * 0.4142135624) % 1);
    const lines = syntheticLineFluxes({ oh: truthOh, avMag: truthAv, hbetaFlux: 10, errors: ALL_LINES_ERRORS, seed: 100 + k });
    const p = inferMetallicity(lines, { seed: k, ...FAST });
    if (truthOh >= p.oh.p16 && truthOh <= p.oh.p84) coveredOh++;
    if (truthAv >= p.avMag.p16 && truthAv <= p.avMag.p84) coveredAv++;
    if (p.converged) converged++;
    pulls.push((p.oh.median - truthOh) / ((p.oh.p84 - p.oh.p16) / 2));
  }
  // Nominal 68 %; with 30 cases the binomial sd is 8.5 %, so [0.45, 0.90] is ±2.7σ.
  const fOh = coveredOh / cases;
  const fAv = coveredAv / cases;
  console.log(`injection–recovery over ${cases}: O/H coverage ${fOh.toFixed(2)}, A_V coverage ${fAv.toFixed(2)}, converged ${converged}/${cases}`);
  assert.ok(fOh >= 0.45 && fOh <= 0.9, `O/H coverage ${fOh}`);
  assert.ok(fAv >= 0.45 && fAv <= 0.9, `A_V coverage ${fAv}`);
  // No systematic bias: the mean pull is within 3/√30 of zero.
  const meanPull = pulls.reduce((a, b) => a + b, 0) / cases;
  assert.ok(Math.abs(meanPull) < 3 / Math.sqrt(cases), `mean pull ${meanPull}`);
});

test('missing lines: without [O II] and [S II] the interval widens; without Hβ the Balmer lines still fix f_Hβ', () => {
  const truth = { oh: 8.4, avMag: 0.6, hbetaFlux: 10 };
  const full = syntheticLineFluxes({ ...truth, errors: ALL_LINES_ERRORS, seed: 3 });
  const pFull = inferMetallicity(full, { seed: 1, ...FAST });
  const noOxygenTwo: LineObservations = { Hbeta: full.Hbeta, OIII5007: full.OIII5007, Halpha: full.Halpha };
  const pPartial = inferMetallicity(noOxygenTwo, { seed: 1, ...FAST });
  const width = (p: typeof pFull) => p.oh.p84 - p.oh.p16;
  assert.ok(width(pPartial) > width(pFull), `${width(pPartial)} vs ${width(pFull)}`);
  const noHbeta: LineObservations = { OII3727: full.OII3727, OIII5007: full.OIII5007, Halpha: full.Halpha, Hgamma: full.Hgamma };
  const pNoHb = inferMetallicity(noHbeta, { seed: 2, ...FAST });
  assert.ok(Math.abs(pNoHb.hbetaFlux.median - 10) < 3 * (pNoHb.hbetaFlux.p84 - pNoHb.hbetaFlux.p16), `f_Hβ ${pNoHb.hbetaFlux.median}`);
  assert.equal(pNoHb.lines.length, 4);
});

test('same seed → identical posterior; inputs are not modified', () => {
  const lines = syntheticLineFluxes({ oh: 8.2, avMag: 0.3, hbetaFlux: 8, errors: ALL_LINES_ERRORS, seed: 5 });
  const copy = JSON.stringify(lines);
  const a = inferMetallicity(lines, { seed: 11, nSteps: 400, burnIn: 100 });
  const b = inferMetallicity(lines, { seed: 11, nSteps: 400, burnIn: 100 });
  assert.deepEqual(a.samples.oh, b.samples.oh);
  assert.equal(JSON.stringify(lines), copy);
});

// ---------- SFR ----------

test('sfrFromHalpha: 4.6e-42 × 4π d_L² F × 10^(0.4 A_V k_Hα/R_V) / μ', () => {
  const z = 1.5;
  const dl = luminosityDistanceMpc(z, WANG2020_COSMOLOGY) * CM_PER_MPC;
  const flux = 1e-16;
  const expected = 4.6e-42 * 4 * Math.PI * dl * dl * flux;
  assert.ok(Math.abs(sfrFromHalpha({ haFluxCgs: flux, redshift: z }) / expected - 1) < 1e-12);
  const dusty = sfrFromHalpha({ haFluxCgs: flux, redshift: z, avMag: 1, magnification: 2 });
  assert.ok(Math.abs(dusty / expected - 10 ** ((0.4 * 2.535) / 3.1) / 2) < 1e-3);
  assert.throws(() => sfrFromHalpha({ haFluxCgs: NaN, redshift: z }), /sfrFromHalpha: haFluxCgs is not a finite number/);
  assert.throws(() => sfrFromHalpha({ haFluxCgs: flux, redshift: 0 }), /sfrFromHalpha: redshift must be/);
  assert.throws(() => sfrFromHalpha({ haFluxCgs: flux, redshift: z, avMag: -1 }), /sfrFromHalpha: avMag must be/);
  assert.throws(() => sfrFromHalpha({ haFluxCgs: flux, redshift: z, magnification: 0 }), /sfrFromHalpha: magnification must be/);
  assert.equal(CASE_B_HALPHA_HBETA, 2.86);
});

// ---------- bad input ----------

test('bad input → one-line errors naming inferMetallicity', () => {
  const ok: LineObservations = { Hbeta: { flux: 5, error: 0.5 }, OIII5007: { flux: 10, error: 0.5 } };
  assert.throws(() => inferMetallicity({ Hbeta: { flux: 5, error: 0.5 }, Foo: { flux: 1, error: 1 } } as unknown as LineObservations, { seed: 1 }), /inferMetallicity: unknown line "Foo"/);
  assert.throws(() => inferMetallicity({ ...ok, OII3727: { flux: NaN, error: 1 } }, { seed: 1 }), /inferMetallicity: OII3727 flux is not a finite number/);
  assert.throws(() => inferMetallicity({ ...ok, OII3727: { flux: 3, error: 0 } }, { seed: 1 }), /inferMetallicity: OII3727 error must be a finite number > 0/);
  assert.throws(() => inferMetallicity({ OIII5007: { flux: 10, error: 1 }, OII3727: { flux: 5, error: 1 } }, { seed: 1 }), /needs a measured Balmer line/);
  assert.throws(() => inferMetallicity({}, { seed: 1 }), /inferMetallicity: no line fluxes given/);
  assert.throws(() => inferMetallicity(ok, { seed: 1, halphaBlend: { niiHaRatio: 0.1 } }), /halphaBlend given but there is no measured Halpha/);
  assert.throws(() => inferMetallicity({ ...ok, Halpha: { flux: 15, error: 1 } }, { seed: 1, halphaBlend: { niiHaRatio: -1 } }), /niiHaRatio must be/);
  assert.throws(() => inferMetallicity(ok, { seed: 1, prior: { ohRange: [9, 8] } }), /prior ohRange/);
  assert.throws(() => inferMetallicity(ok, { seed: 1, logScatterDex: { OIII5007: -0.1 } }), /logScatterDex.OIII5007/);
  assert.throws(() => inferMetallicity(ok, { seed: 1, nWalkers: 5 }), /nWalkers must be an even integer/);
  assert.throws(() => inferMetallicity(ok, { seed: 1.5 }), /seed/);
  assert.throws(() => inferMetallicity({ ...ok, OII3727: { upperLimit: -1, nSigma: 3 } }, { seed: 1 }), /OII3727 upper limit must be/);
});

// ---------- real table ----------

test('Wang 2020 Table 3: 32 legible rows, fluxes and published values read; blended Hα gets the tabulated [N II]/Hα', () => {
  const rows = readWang2020Table3();
  assert.equal(rows.length, 32);
  const m = rows.find((r) => r.cluster === 'M1149' && r.id === '00593')!;
  assert.deepEqual(m.fluxes.Halpha, { flux: 29.9, error: 0.34 });
  assert.equal(m.oh.value, 8.38);
  const obs = wang2020Observations(m);
  assert.deepEqual(obs.halphaBlend, { niiHaRatio: 0.09, niiHaRatioErr: 0.01 });
  const limit = rows.find((r) => r.cluster === 'A2744' && r.id === '00161')!;
  assert.equal(limit.avN.limit, '<');
});

// ---------- against emcee ----------

test('posterior medians agree with emcee running an independent numpy likelihood (same start, walkers, steps)', { skip: skipWithout(['emcee', 'numpy'], 'python3-emcee') }, () => {
  const problem = benchmarkProblem();
  const nSteps = 3000;
  const burnIn = 1000;
  const peer = runPeer(problem, true, nSteps, burnIn)!;
  const p = inferMetallicity(
    wang2020Observations(readWang2020Table3().find((r) => r.cluster === 'M1149' && r.id === '00593')!).lines,
    { seed: 7, nWalkers: 32, nSteps, burnIn, halphaBlend: { niiHaRatio: 0.09, niiHaRatioErr: 0.01 } },
  );
  const ours = [p.oh, p.avMag, p.hbetaFlux];
  const n = (nSteps - burnIn) * 32;
  for (let d = 0; d < 3; d++) {
    // Monte-Carlo error of a median ≈ 1.25 σ √(τ/N) for each chain, combined.
    const se = 1.25 * Math.hypot(ours[d].sd * Math.sqrt(p.run.autocorrelation.tau[d] / n), peer.sd[d] * Math.sqrt(peer.tau[d] / peer.samples));
    assert.ok(Math.abs(ours[d].median - peer.median[d]) < 4 * se, `param ${d}: ${ours[d].median} vs emcee ${peer.median[d]} (4 × ${se.toExponential(2)})`);
    // Widths: the 16–84 % half-widths agree within 10 %.
    const wOurs = (ours[d].p84 - ours[d].p16) / 2;
    const wPeer = (peer.p84[d] - peer.p16[d]) / 2;
    assert.ok(Math.abs(wOurs / wPeer - 1) < 0.1, `param ${d}: half-width ${wOurs} vs emcee ${wPeer}`);
  }
});
