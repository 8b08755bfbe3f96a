// Tests of kernel-lib/src/spectra: the line catalogue, air/vacuum conversion, the NIRSpec resolution curve, and the
// per-spectrum emission-line fitter — noise-free recovery, seeded injection–recovery (bias and pull widths), every
// failure flag, and one batched comparison against scipy.optimize.least_squares (skipped cleanly without python3-scipy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createSpectrumFitter,
  defineWindow,
  describeFitFlag,
  FIT_FLAG,
  fitModelSpec,
  fitSpectrum,
  HA_NII_SII_WINDOW,
  HB_OIII_WINDOW,
  MSA3D_WINDOWS,
  spectrumModel,
  type SpectrumFit,
  type SpectrumFitterOptions,
} from '../kernel-lib/src/spectra/index';
import {
  airToVacuum,
  defineLine,
  EMISSION_LINES,
  emissionLine,
  NII_DOUBLET_RATIO,
  OIII_DOUBLET_RATIO,
  vacuumToAir,
} from '../kernel-lib/src/lines/index';
import {
  constantDispersion,
  dispersionFromFwhm,
  FWHM_PER_SIGMA,
  nirspecG140hDispersion,
  nirspecG140hResolutionCurve,
  resolvingPowerAt,
  type InstrumentalDispersion,
} from '../kernel-lib/src/instrument/index';
import { seededRandom, type SeededRandom } from '../kernel-lib/src/stats/random';
import { quantile } from '../kernel-lib/src/stats/quantile';
import { SPEED_OF_LIGHT_KMS } from '../kernel-lib/src/constants/physical';
import { findPython, runPython, skipWithout } from './helpers/python';
import { assertClose } from './helpers/close';

// ---------- helpers ----------

const C = SPEED_OF_LIGHT_KMS;

/** A NIRSpec-G140H-like grid: 0.97–1.82 µm at the curve's dispersion (≈ 2.2–2.4 Å per pixel), vacuum Å. */
function g140hGrid(): Float64Array {
  const out: number[] = [];
  const curve = nirspecG140hResolutionCurve();
  for (let lam = 9700; lam <= 18200; ) {
    out.push(lam);
    lam += (lam / resolvingPowerAt(curve, lam * 1e-4)) / 2.2; // R = λ / (2.2 × dispersion)
  }
  return Float64Array.from(out);
}

const GRID = g140hGrid();
const G140H = nirspecG140hDispersion();
/** Line fluxes relative to Hα of a typical star-forming spaxel. */
const RATIOS: Record<string, number> = {
  ha: 1,
  nii6584: 0.3,
  nii6548: 0.3 / 2.96,
  sii6717: 0.15,
  sii6731: 0.11,
  hb: 0.35,
  oiii5007: 0.8,
  oiii4959: 0.8 / 2.98,
};

interface Truth {
  z: number;
  velocityKms: number;
  sigmaKms: number;
  fluxes: Record<string, number>;
  c0: number;
  c1: number;
}

/** Noise-free model on a grid: one straight continuum c0 + c1 (λ − 14000 Å) and Gaussian lines. */
function modelSpectrum(lam: Float64Array, t: Truth, instrument: InstrumentalDispersion, medium: 'vacuum' | 'air' = 'vacuum'): Float64Array {
  return spectrumModel(lam, {
    redshift: t.z,
    velocityKms: t.velocityKms,
    sigmaKms: t.sigmaKms,
    instrument,
    medium,
    lines: Object.entries(t.fluxes).map(([name, flux]) => ({ restWavelengthAngstrom: emissionLine(name).restWavelengthAngstrom, flux })),
    continuum: [{ observedRangeAngstrom: [0, 1e6], c0: t.c0, c1: t.c1, referenceWavelengthAngstrom: 14000 }],
  });
}

/** Per-pixel noise σ giving Hα (flux F, observed σ_λ) the S/N wanted for a line of known shape: σ_F = σ √(2√π σ_λ Δλ). */
function noiseForSnr(t: Truth, snr: number, instrument: InstrumentalDispersion, lam: Float64Array): number {
  const sys = EMISSION_LINES.ha.restWavelengthAngstrom * (1 + t.z);
  const sigmaLambda = (sys * Math.sqrt(t.sigmaKms ** 2 + instrument(sys) ** 2)) / C;
  let i = 1;
  while (i < lam.length - 1 && lam[i] < sys) i++;
  const step = lam[i] - lam[i - 1];
  return t.fluxes.ha / (snr * Math.sqrt(2 * Math.sqrt(Math.PI) * sigmaLambda * step));
}

function randomTruth(rng: SeededRandom, z = 1.5): Truth {
  const fluxes: Record<string, number> = {};
  for (const [k, r] of Object.entries(RATIOS)) fluxes[k] = 100 * r;
  return { z, velocityKms: -200 + 400 * rng.uniform(), sigmaKms: 30 + 120 * rng.uniform(), fluxes, c0: 1, c1: -2e-5 };
}

function noisy(model: Float64Array, noise: number, rng: SeededRandom): Float64Array {
  return model.map((m) => m + rng.normal(0, noise));
}

function robustSigma(values: number[]): number {
  return (quantile(values, 0.8413447) - quantile(values, 0.1586553)) / 2;
}

function meanAndSd(values: number[]): [number, number] {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return [m, Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1))];
}

const BASE: SpectrumFitterOptions = { redshift: 1.5, instrument: G140H };

function cleanSpectrum(seed: number, snr = 30): { t: Truth; data: Float64Array; err: Float64Array } {
  const rng = seededRandom(seed);
  const t = randomTruth(rng);
  const noise = noiseForSnr(t, snr, G140H, GRID);
  return { t, data: noisy(modelSpectrum(GRID, t, G140H), noise, rng), err: new Float64Array(GRID.length).fill(noise) };
}

// ---------- catalogue, air/vacuum, instrument ----------

test('line catalogue: vacuum rest wavelengths (NIST Ritz, MaNGA DAP) and the paper windows', () => {
  const expected: Record<string, number> = {
    hb: 4862.683,
    oiii4959: 4960.295,
    oiii5007: 5008.24,
    ha: 6564.608,
    nii6548: 6549.86,
    nii6584: 6585.27,
    sii6717: 6718.295,
    sii6731: 6732.674,
    oii3726: 3727.092,
    oii3729: 3729.875,
    hg: 4341.6837,
  };
  for (const [name, lam] of Object.entries(expected)) assert.equal(emissionLine(name).restWavelengthAngstrom, lam, name);
  assert.throws(() => emissionLine('halpha'), /unknown line/);
  assert.deepEqual(HB_OIII_WINDOW.restRangeAngstrom, [4820, 5100]);
  assert.deepEqual(HB_OIII_WINDOW.lines.map((l) => l.name), ['hb', 'oiii4959', 'oiii5007']);
  assert.deepEqual(HA_NII_SII_WINDOW.restRangeAngstrom, [6520, 6800]);
  assert.deepEqual(HA_NII_SII_WINDOW.lines.map((l) => l.name), ['nii6548', 'ha', 'nii6584', 'sii6717', 'sii6731']);
  assert.equal(MSA3D_WINDOWS.length, 2);
  assert.equal(OIII_DOUBLET_RATIO.ratio, 2.98);
  assert.equal(NII_DOUBLET_RATIO.ratio, 2.96);
  const he = defineLine('hei5877', 5877.25, 'He I 5877');
  const w = defineWindow('hei', [5850, 5900], [he]);
  assert.equal(w.lines[0].restWavelengthAngstrom, 5877.25);
  assert.throws(() => defineWindow('bad', [6520, 6800], ['hb']), /outside/);
  assert.throws(() => defineWindow('bad', [6800, 6520], ['ha']), /range/);
});

test('air ↔ vacuum (Ciddor 1996): Hα 6562.80 air ↔ 6564.61 vacuum, round trip < 1e-4 Å, no change below 2000 Å', () => {
  assertClose(vacuumToAir(6564.608), 6562.8, 0, 'Hα vacuum → air', 0.01);
  assertClose(airToVacuum(6562.8), 6564.61, 0, 'Hα air → vacuum', 0.01);
  assertClose(vacuumToAir(5008.24), 5006.84, 0, '[OIII] vacuum → air', 0.01);
  assertClose(vacuumToAir(6585.27), 6583.45, 0, '[NII] vacuum → air', 0.01);
  let worst = 0;
  for (let lam = 2000; lam <= 30000; lam += 0.73) {
    worst = Math.max(worst, Math.abs(airToVacuum(vacuumToAir(lam)) - lam), Math.abs(vacuumToAir(airToVacuum(lam)) - lam));
  }
  assert.ok(worst < 1e-4, `round trip worst ${worst} Å`);
  assert.ok(worst < 1e-9, `round trip is iterated to rounding (worst ${worst} Å)`);
  assert.equal(vacuumToAir(1215.67), 1215.67);
  assert.equal(airToVacuum(1500), 1500);
});

test('NIRSpec G140H curve: R = λ/FWHM (shipped in kernel-lib/src/instrument); mean FWHM ≈ 5.2 Å and σ_inst ≈ 50 km/s over 0.97–1.82 µm (paper §2.2)', () => {
  const curve = nirspecG140hResolutionCurve();
  assert.equal(curve.wavelengthMicron[0], 0.5);
  assert.equal(curve.resolvingPower[0], 942.98);
  assertClose(resolvingPowerAt(curve, 1.6004), 3128.75, 1e-12, 'R at a tabulated point');
  assertClose(resolvingPowerAt(curve, 1.6011), (3128.75 + 3131.82) / 2, 1e-9, 'R interpolated half-way');
  const sigma = G140H;
  assertClose(sigma(16004), C / (3128.75 * FWHM_PER_SIGMA), 1e-12, 'σ_inst = c / (R · 2.3548)');
  let fwhm = 0;
  let s = 0;
  let k = 0;
  for (let lam = 9700; lam <= 18200; lam += 10) {
    fwhm += lam / resolvingPowerAt(curve, lam * 1e-4);
    s += sigma(lam);
    k++;
  }
  assert.ok(Math.abs(fwhm / k - 5.2) < 0.1, `mean FWHM ${fwhm / k} Å`);
  assert.ok(Math.abs(s / k - 50) < 3, `mean σ_inst ${s / k} km/s`);
  // SAMI's constant 1.61 Å FWHM at Hα (air): σ = c · 1.61 / (6562.8 · 2.3548)
  assertClose(dispersionFromFwhm(1.61)(6562.8), (C * 1.61) / (6562.8 * 2 * Math.sqrt(2 * Math.LN2)), 1e-14, 'SAMI σ_inst');
  assert.equal(constantDispersion(0)(5000), 0);
});

// ---------- noise-free recovery ----------

function checkRecovery(fit: SpectrumFit, t: Truth, rtol: number, what: string): void {
  assert.equal(fit.flag, 0, `${what}: flag ${describeFitFlag(fit.flag)}`);
  for (const [name, flux] of Object.entries(t.fluxes)) {
    const line = fit.lines[name];
    assert.ok(line.fitted, `${what}: ${name} fitted`);
    assertClose(line.flux, flux, rtol, `${what}: ${name} flux`);
    // EW_rest = F / C(μ) / (1 + z) with the true continuum at the true centre
    const mu = line.restWavelengthAngstrom * (1 + t.z) * (1 + t.velocityKms / C);
    const cont = t.c0 + t.c1 * (mu - 14000);
    assertClose(line.ewRestAngstrom, flux / cont / (1 + t.z), rtol, `${what}: ${name} EW`);
    assert.ok(line.fluxErr > 0 && line.ewRestErrAngstrom > 0, `${what}: ${name} errors`);
  }
  assertClose(fit.kinematics.velocityKms, t.velocityKms, rtol, `${what}: velocity`, 1e-6);
  assertClose(fit.kinematics.sigmaKms, t.sigmaKms, rtol, `${what}: intrinsic σ`);
}

test('noise-free spectra recover fluxes, EWs, velocity and intrinsic σ to 1e-6 in every kinematic mode', () => {
  const rng = seededRandom(11);
  for (const kinematics of ['tied', 'joint', 'independent'] as const) {
    for (let k = 0; k < 3; k++) {
      const t = randomTruth(rng, 1.2 + 0.2 * k);
      const data = modelSpectrum(GRID, t, G140H);
      const err = new Float64Array(GRID.length).fill(0.02);
      const fit = fitSpectrum(GRID, data, err, { redshift: t.z, instrument: G140H, kinematics });
      checkRecovery(fit, t, 1e-6, `${kinematics} #${k}`);
      assert.ok(fit.chiSquare < 1e-12, `${kinematics}: χ² ${fit.chiSquare}`);
      assert.equal(fit.kinematics.source, 'fitted');
      if (kinematics === 'tied') assert.equal(fit.windows[0].kinematics.source, 'tied');
    }
  }
});

test('noise-free: doublet ties, air wavelengths and a constant-FWHM instrument', () => {
  const rng = seededRandom(12);
  const t = randomTruth(rng, 1.1);
  const fitTied = fitSpectrum(GRID, modelSpectrum(GRID, t, G140H), null, {
    redshift: t.z,
    instrument: G140H,
    doublets: [OIII_DOUBLET_RATIO, NII_DOUBLET_RATIO],
  });
  checkRecovery(fitTied, t, 1e-6, 'tied doublets');
  assert.equal(fitTied.lines.oiii4959.tiedTo, 'oiii5007');
  assert.equal(fitTied.lines.nii6548.tiedTo, 'nii6584');
  assertClose(fitTied.lines.oiii4959.fluxErr * 2.98, fitTied.lines.oiii5007.fluxErr, 1e-12, 'tied error scales by the ratio');
  // air-wavelength spectrum on an optical grid, SAMI-like 1.61 Å FWHM
  const air: number[] = [];
  for (let lam = 4700; lam <= 7000; lam += 0.6) air.push(lam);
  const lamAir = Float64Array.from(air);
  const sami = dispersionFromFwhm(1.61);
  const t2: Truth = { ...randomTruth(rng, 0.02), c1: 0 };
  const data = modelSpectrum(lamAir, t2, sami, 'air');
  const fit = fitSpectrum(lamAir, data, null, { redshift: t2.z, instrument: sami, medium: 'air', kinematics: 'joint' });
  checkRecovery(fit, t2, 1e-6, 'air');
  assertClose(fit.lines.ha.observedWavelengthAngstrom, vacuumToAir(6564.608 * 1.02) * (1 + t2.velocityKms / C), 1e-12, 'air centre');
  // the fitted model redraws the data inside the windows and is NaN outside them
  const redraw = spectrumModel(lamAir, fit);
  const spec = fitModelSpec(fit);
  assert.equal(spec.continuum!.length, 2);
  for (let i = 0; i < lamAir.length; i++) {
    const inside = fit.windows.some((w) => lamAir[i] >= w.observedRangeAngstrom[0] && lamAir[i] <= w.observedRangeAngstrom[1]);
    if (inside) assertClose(redraw[i], data[i], 1e-8, `model at ${lamAir[i]}`);
    else assert.ok(Number.isNaN(redraw[i]), `NaN outside windows at ${lamAir[i]}`);
  }
});

test('reading a spaxel in place with offset and stride gives the same fit as a contiguous copy', () => {
  const rng = seededRandom(13);
  const t = randomTruth(rng);
  const noise = noiseForSnr(t, 30, G140H, GRID);
  const n = GRID.length;
  const nSpaxels = 3;
  const flux = new Float32Array(n * nSpaxels);
  const error = new Float32Array(n * nSpaxels).fill(noise);
  const mask = new Uint8Array(n * nSpaxels);
  for (let s = 0; s < nSpaxels; s++) {
    const d = noisy(modelSpectrum(GRID, t, G140H), noise, rng);
    for (let k = 0; k < n; k++) flux[k * nSpaxels + s] = d[k];
  }
  mask[500 * nSpaxels + 1] = 1;
  const fitter = createSpectrumFitter(GRID, { redshift: t.z, instrument: G140H });
  const strided = fitter.fit(flux, error, mask, 1, nSpaxels);
  const copy = new Float32Array(n);
  const copyMask = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    copy[k] = flux[k * nSpaxels + 1];
    copyMask[k] = mask[k * nSpaxels + 1];
  }
  const contiguous = fitter.fit(copy, new Float32Array(n).fill(noise), copyMask);
  assert.deepEqual(strided, contiguous);
});

test('fits are invariant to the flux unit (data and errors × 1e-20, as for erg/s/cm²/Å per spaxel)', () => {
  const { data, err } = cleanSpectrum(14);
  const fitter = createSpectrumFitter(GRID, BASE);
  const a = fitter.fit(data, err);
  const b = fitter.fit(
    data.map((d) => d * 1e-20),
    err.map((e) => e * 1e-20),
  );
  assert.equal(b.flag, a.flag);
  assertClose(b.kinematics.velocityKms, a.kinematics.velocityKms, 1e-8, 'velocity', 1e-8);
  assertClose(b.kinematics.sigmaKms, a.kinematics.sigmaKms, 1e-8, 'σ');
  for (const name of Object.keys(RATIOS)) {
    assertClose(b.lines[name].flux, a.lines[name].flux * 1e-20, 1e-8, `${name} flux`, 1e-8 * a.lines[name].fluxErr * 1e-20);
    assertClose(b.lines[name].fluxErr, a.lines[name].fluxErr * 1e-20, 1e-8, `${name} error`);
    assertClose(b.lines[name].ewRestAngstrom, a.lines[name].ewRestAngstrom, 1e-8, `${name} EW`, 1e-8);
  }
});

// ---------- injection–recovery ----------

test('injection–recovery, 600 seeded spectra with Hα S/N 3–100 (joint fits): flux pulls σ within 0.9–1.1', () => {
  const rng = seededRandom(2024);
  const fitter = createSpectrumFitter(GRID, { redshift: 1.5, instrument: G140H, kinematics: 'joint' });
  const pulls: number[] = [];
  const pullsResidual: number[] = [];
  const byLine: Record<string, number[]> = {};
  const velocityPulls: number[] = [];
  const pullsHighSnr: number[] = [];
  for (let trial = 0; trial < 600; trial++) {
    const snr = 3 * Math.exp(rng.uniform() * Math.log(100 / 3));
    const t = randomTruth(rng);
    const noise = noiseForSnr(t, snr, G140H, GRID);
    const fit = fitter.fit(noisy(modelSpectrum(GRID, t, G140H), noise, rng), new Float64Array(GRID.length).fill(noise));
    for (const [name, flux] of Object.entries(t.fluxes)) {
      const line = fit.lines[name];
      assert.ok(line.fitted, `trial ${trial}: ${name} fitted`);
      const pull = (line.flux - flux) / line.fluxErr;
      pulls.push(pull);
      pullsResidual.push((line.flux - flux) / line.fluxErrResidual);
      (byLine[name] ??= []).push(pull);
      if (snr >= 10) pullsHighSnr.push(pull);
    }
    if (snr >= 10) velocityPulls.push((fit.kinematics.velocityKms - t.velocityKms) / fit.kinematics.velocityErrKms);
  }
  const [mean, sd] = meanAndSd(pulls);
  const [, sdResidual] = meanAndSd(pullsResidual);
  const [, sdHigh] = meanAndSd(pullsHighSnr);
  assert.ok(Math.abs(mean) < 0.1, `pull mean ${mean}`);
  assert.ok(sd > 0.9 && sd < 1.1, `pull σ (covariance errors) ${sd}`);
  assert.ok(sdResidual > 0.9 && sdResidual < 1.1, `pull σ (residual errors) ${sdResidual}`);
  assert.ok(sdHigh > 0.9 && sdHigh < 1.1, `pull σ at Hα S/N ≥ 10: ${sdHigh}`);
  for (const [name, p] of Object.entries(byLine)) {
    const s = robustSigma(p);
    assert.ok(s > 0.9 && s < 1.1, `${name}: robust pull σ ${s}`);
  }
  const [, sv] = meanAndSd(velocityPulls);
  assert.ok(sv > 0.9 && sv < 1.1, `velocity pull σ at Hα S/N ≥ 10: ${sv}`);
});

test('injection–recovery at Hα S/N 50 (500 seeded spectra, default tied fits): fluxes and EWs unbiased to < 1 %', () => {
  const rng = seededRandom(50);
  const fitter = createSpectrumFitter(GRID, { redshift: 1.5, instrument: G140H });
  const ratios: Record<string, number[]> = {};
  const ew: number[] = [];
  const sigmas: number[] = [];
  const relErrHa: number[] = [];
  for (let trial = 0; trial < 500; trial++) {
    const t = randomTruth(rng);
    const noise = noiseForSnr(t, 50, G140H, GRID);
    const fit = fitter.fit(noisy(modelSpectrum(GRID, t, G140H), noise, rng), new Float64Array(GRID.length).fill(noise));
    assert.equal(fit.flag, 0, `trial ${trial}: ${describeFitFlag(fit.flag)}`);
    for (const name of ['ha', 'nii6584', 'hb', 'oiii5007']) (ratios[name] ??= []).push(fit.lines[name].flux / t.fluxes[name] - 1);
    const mu = EMISSION_LINES.ha.restWavelengthAngstrom * (1 + t.z) * (1 + t.velocityKms / C);
    ew.push(fit.lines.ha.ewRestAngstrom / (t.fluxes.ha / (t.c0 + t.c1 * (mu - 14000)) / (1 + t.z)) - 1);
    sigmas.push(fit.kinematics.sigmaKms / t.sigmaKms - 1);
    relErrHa.push(fit.lines.ha.fluxErr / t.fluxes.ha);
  }
  for (const [name, r] of Object.entries(ratios)) {
    const [bias] = meanAndSd(r);
    assert.ok(Math.abs(bias) < 0.01, `${name}: bias ${(bias * 100).toFixed(3)} %`);
  }
  const [biasHa, sdHa] = meanAndSd(ratios.ha);
  const [meanRelErr] = meanAndSd(relErrHa);
  assert.ok(Math.abs(sdHa / meanRelErr - 1) < 0.1, `Hα scatter ${sdHa} vs mean quoted error ${meanRelErr}`);
  assert.ok(Math.abs(biasHa) < 0.003, `Hα bias ${biasHa}`);
  assert.ok(Math.abs(meanAndSd(ew)[0]) < 0.01, `EW bias ${meanAndSd(ew)[0]}`);
  assert.ok(Math.abs(meanAndSd(sigmas)[0]) < 0.01, `σ bias ${meanAndSd(sigmas)[0]}`);
});

// ---------- failure modes: a flag, never a crash ----------

function assertNotMeasured(fit: SpectrumFit, name: string, bit: number): void {
  const line = fit.lines[name];
  assert.equal(line.fitted, false, `${name} not fitted`);
  assert.ok(line.flag & bit, `${name}: expected ${describeFitFlag(bit)}, got ${describeFitFlag(line.flag)}`);
  for (const v of [line.flux, line.fluxErr, line.fluxErrResidual, line.snr, line.ewRestAngstrom]) {
    assert.ok(Number.isNaN(v), `${name}: NaN, never 0`);
  }
  assert.ok(fit.flag & bit);
}

test('all-NaN spectrum: every line LINE_IN_GAP, windows NO_DATA, NaN kinematics', () => {
  const data = new Float64Array(GRID.length).fill(NaN);
  const fit = fitSpectrum(GRID, data, null, BASE);
  for (const name of Object.keys(RATIOS)) assertNotMeasured(fit, name, FIT_FLAG.LINE_IN_GAP);
  for (const w of fit.windows) {
    assert.equal(w.fitted, false);
    assert.ok(w.flag & FIT_FLAG.NO_DATA);
  }
  assert.ok(Number.isNaN(fit.kinematics.velocityKms) && Number.isNaN(fit.kinematics.sigmaKms));
  assert.equal(fit.kinematics.source, 'none');
});

test('zero or negative errors exclude their pixels (all zero = no data)', () => {
  const { data, err } = cleanSpectrum(21);
  const fitter = createSpectrumFitter(GRID, BASE);
  const zero = fitter.fit(data, new Float64Array(GRID.length));
  assert.ok(zero.windows.every((w) => w.flag & FIT_FLAG.NO_DATA));
  assert.ok(Object.values(zero.lines).every((l) => !l.fitted));
  // corrupt 20 pixels of the Hα window and give them error 0 (or −1): same fit as masking them
  const bad = data.slice();
  const err0 = err.slice();
  const mask = new Uint8Array(GRID.length);
  const start = GRID.findIndex((l) => l > 6600 * 2.5);
  for (let k = 0; k < 20; k++) {
    bad[start + k] = 1e6;
    err0[start + k] = k % 2 ? 0 : -1;
    mask[start + k] = 1;
  }
  const masked = fitter.fit(bad, err, mask);
  const zeroed = fitter.fit(bad, err0);
  assert.deepEqual(zeroed, masked);
  assert.equal(zeroed.flag, 0);
});

test('too few pixels: a window with almost no good data is not fitted (TOO_FEW_PIXELS)', () => {
  const { data, err } = cleanSpectrum(22);
  const mask = new Uint8Array(GRID.length);
  for (let i = 0; i < GRID.length; i++) if (GRID[i] > 6500 * 2.5) mask[i] = 1; // the whole Hα window …
  const sys = EMISSION_LINES.ha.restWavelengthAngstrom * 2.5;
  const centre = GRID.findIndex((l) => l > sys);
  for (let k = -3; k < 3; k++) mask[centre + k] = 0; // … but 6 pixels: Hα in reach, [N II] not
  const fit = fitSpectrum(GRID, data, err, BASE, mask);
  assertNotMeasured(fit, 'ha', FIT_FLAG.TOO_FEW_PIXELS);
  assertNotMeasured(fit, 'nii6584', FIT_FLAG.LINE_IN_GAP);
  assert.ok(fit.windows[1].flag & FIT_FLAG.TOO_FEW_PIXELS);
  assert.equal(fit.windows[1].fitted, false);
  // tied mode: the Hβ window had no reference, so it was fitted on its own and says so
  assert.ok(fit.lines.oiii5007.fitted);
  assert.ok(fit.lines.oiii5007.flag & FIT_FLAG.KINEMATICS_UNTIED);
  assert.equal(fit.windows[0].kinematics.source, 'fitted');
  assert.ok(Number.isNaN(fit.kinematics.velocityKms), 'no Hα-window kinematics');
});

test('line in a detector gap: Hβ lost (NaN pixels), [O III] still measured', () => {
  const { t, data, err } = cleanSpectrum(23);
  const gap = data.slice();
  const sys = EMISSION_LINES.hb.restWavelengthAngstrom * 2.5;
  for (let i = 0; i < GRID.length; i++) if (Math.abs(GRID[i] - sys) < 30) gap[i] = NaN;
  const fit = fitSpectrum(GRID, gap, err, BASE);
  assertNotMeasured(fit, 'hb', FIT_FLAG.LINE_IN_GAP);
  assert.ok(fit.lines.oiii5007.fitted);
  assert.equal(fit.lines.oiii5007.flag, 0);
  assertClose(fit.lines.oiii5007.flux, t.fluxes.oiii5007, 0.1, '[O III] flux');
  assert.ok(fit.windows[0].flag & FIT_FLAG.LINE_IN_GAP);
});

test('window half outside coverage (a cube ending at rest 6595 Å): fitted on what is covered, the rest NOT_COVERED', () => {
  const lam: number[] = [];
  for (let l = 6535.08; l <= 6595.06; l += 0.5606) lam.push(l); // the SAMI cube's rest-frame air grid
  const grid = Float64Array.from(lam);
  const sami = dispersionFromFwhm(1.61);
  const t: Truth = { z: 0, velocityKms: 40, sigmaKms: 45, fluxes: { ha: 100, nii6584: 35, nii6548: 12 }, c0: 0.5, c1: 0 };
  const rng = seededRandom(24);
  const data = noisy(modelSpectrum(grid, t, sami, 'air'), 0.2, rng);
  const fit = fitSpectrum(grid, data, new Float64Array(grid.length).fill(0.2), { redshift: 0, instrument: sami, medium: 'air' });
  for (const name of ['sii6717', 'sii6731', 'hb', 'oiii4959', 'oiii5007']) assertNotMeasured(fit, name, FIT_FLAG.NOT_COVERED);
  for (const name of ['ha', 'nii6584', 'nii6548']) {
    assert.ok(fit.lines[name].fitted, name);
    assert.ok(Math.abs(fit.lines[name].flux - t.fluxes[name]) < 4 * fit.lines[name].fluxErr, `${name} flux`);
  }
  assert.ok(Math.abs(fit.kinematics.velocityKms - 40) < 4 * fit.kinematics.velocityErrKms);
  assert.equal(fit.windows[1].fitted, true);
  assert.equal(fit.windows[1].nPixels, grid.length);
  assert.equal(fit.windows[0].fitted, false);
  assert.ok(fit.windows[0].flag & FIT_FLAG.NO_DATA);
});

test('non-convergence within maxIterations is flagged, with finite values', () => {
  const { data, err } = cleanSpectrum(25);
  const fit = fitSpectrum(GRID, data, err, { ...BASE, maxIterations: 1 });
  assert.ok(fit.flag & FIT_FLAG.NOT_CONVERGED);
  assert.ok(fit.lines.ha.flag & FIT_FLAG.NOT_CONVERGED);
  assert.ok(Number.isFinite(fit.lines.ha.flux));
  assert.equal(fit.windows[1].converged, false);
  assert.equal(fit.windows[1].stop, 'max-iterations');
});

test('lines narrower than the instrument: SIGMA_UNRESOLVED, intrinsic σ NaN, observed σ kept', () => {
  const t: Truth = { z: 1.5, velocityKms: 0, sigmaKms: 0, fluxes: { ha: 100, nii6584: 30 }, c0: 1, c1: 0 };
  const sys = EMISSION_LINES.ha.restWavelengthAngstrom * 2.5;
  const narrow = 0.8 * G140H(sys);
  const data = spectrumModel(GRID, {
    redshift: 1.5,
    lines: ['ha', 'nii6584'].map((k) => ({
      restWavelengthAngstrom: emissionLine(k).restWavelengthAngstrom,
      flux: t.fluxes[k],
      sigmaObservedKms: narrow,
    })),
    continuum: [{ observedRangeAngstrom: [0, 1e6], c0: 1 }],
  });
  const fit = fitSpectrum(GRID, data, null, { ...BASE, windows: [HA_NII_SII_WINDOW] });
  assert.ok(fit.kinematics.flag & FIT_FLAG.SIGMA_UNRESOLVED);
  assert.ok(fit.lines.ha.flag & FIT_FLAG.SIGMA_UNRESOLVED);
  assert.ok(Number.isNaN(fit.kinematics.sigmaKms));
  assertClose(fit.kinematics.sigmaObservedKms, narrow, 1e-3, 'observed σ');
  assertClose(fit.lines.ha.flux, 100, 1e-3, 'Hα flux');
});

test('fluxSign positive: a line with no flux ends on its bound (AT_BOUND, error NaN, flux exactly 0)', () => {
  let seen = 0;
  for (let seed = 0; seed < 40 && seen === 0; seed++) {
    const rng = seededRandom(1000 + seed);
    const t = randomTruth(rng);
    t.fluxes.sii6731 = 0;
    const noise = noiseForSnr(t, 30, G140H, GRID);
    const fit = fitSpectrum(GRID, noisy(modelSpectrum(GRID, t, G140H), noise, rng), new Float64Array(GRID.length).fill(noise), {
      ...BASE,
      fluxSign: 'positive',
    });
    const line = fit.lines.sii6731;
    assert.ok(line.flux >= 0);
    if (line.flag & FIT_FLAG.AT_BOUND) {
      seen++;
      assert.equal(line.flux, 0);
      assert.ok(Number.isNaN(line.fluxErr));
      assert.ok(fit.lines.ha.fitted && Number.isFinite(fit.lines.ha.fluxErr), 'other lines keep their errors');
    }
  }
  assert.ok(seen > 0, 'some seed puts the empty line on its bound');
});

test('configuration errors throw at construction, not per spectrum', () => {
  assert.throws(() => createSpectrumFitter(GRID, { redshift: 1.5 } as SpectrumFitterOptions), /instrument is required/);
  assert.throws(() => createSpectrumFitter([3, 2, 1], BASE), /increasing/);
  assert.throws(() => createSpectrumFitter(GRID, { ...BASE, referenceLine: 'hg' }), /reference line/);
  const overlapping = [defineWindow('a', [6500, 6600], ['ha']), defineWindow('b', [6550, 6700], ['nii6584'])];
  assert.throws(() => createSpectrumFitter(GRID, { ...BASE, windows: overlapping, kinematics: 'joint' }), /overlap/);
});

// ---------- agreement with scipy.optimize.least_squares ----------

const SCIPY = skipWithout(['scipy', 'numpy'], 'python3-scipy');

test('fits agree with scipy.optimize.least_squares (method lm, same model and pixels)', { skip: SCIPY }, () => {
  const python = findPython(['scipy', 'numpy'])!;
  interface Case {
    windows: { lam: number[]; dl: number[]; data: number[]; w: number[] }[];
    c0Index: number[];
    lines: { win: number; sys: number; inst2: number; param: number; scale: number }[];
    nParams: number;
    x0: number[];
  }
  const cases: Case[] = [];
  const ours: { fit: SpectrumFit; names: string[]; paramOf: Record<string, number>; scale: Record<string, number> }[] = [];
  const rng = seededRandom(77);
  const configs = [
    { kinematics: 'joint' as const, snr: 30, doublets: [] },
    { kinematics: 'joint' as const, snr: 8, doublets: [] },
    { kinematics: 'joint' as const, snr: 100, doublets: [OIII_DOUBLET_RATIO, NII_DOUBLET_RATIO] },
    { kinematics: 'independent' as const, snr: 15, doublets: [NII_DOUBLET_RATIO] },
    { kinematics: 'independent' as const, snr: 5, doublets: [] },
    { kinematics: 'joint' as const, snr: 50, doublets: [] },
  ];
  for (const cfg of configs) {
    const t = randomTruth(rng, 1.3 + 0.3 * rng.uniform());
    const windows = cfg.kinematics === 'independent' ? [HA_NII_SII_WINDOW] : MSA3D_WINDOWS;
    const noise = noiseForSnr(t, cfg.snr, G140H, GRID);
    const data = noisy(modelSpectrum(GRID, t, G140H), noise, rng);
    const err = new Float64Array(GRID.length).fill(noise);
    const fitter = createSpectrumFitter(GRID, { redshift: t.z, instrument: G140H, windows, kinematics: cfg.kinematics, doublets: cfg.doublets });
    const fit = fitter.fit(data, err);
    // scipy's parameters: v, s² = σ_int², then per window c0, c1 and its untied lines in window order (the fitter uses
    // σ_obs of Hα in place of s²: the same optimum, and errors transform to first order)
    const c: Case = { windows: [], c0Index: [], lines: [], nParams: 2, x0: [t.velocityKms, t.sigmaKms ** 2] };
    const names: string[] = [];
    const paramOf: Record<string, number> = {};
    const scale: Record<string, number> = {};
    windows.forEach((win, wi) => {
      const lo = win.restRangeAngstrom[0] * (1 + t.z);
      const hi = win.restRangeAngstrom[1] * (1 + t.z);
      const idx: number[] = [];
      for (let i = 0; i < GRID.length; i++) if (GRID[i] >= lo && GRID[i] <= hi) idx.push(i);
      const ref = idx.reduce((s, i) => s + GRID[i], 0) / idx.length;
      c.windows.push({
        lam: idx.map((i) => GRID[i]),
        dl: idx.map((i) => GRID[i] - ref),
        data: idx.map((i) => data[i]),
        w: idx.map((i) => 1 / err[i]),
      });
      c.c0Index.push(c.nParams);
      c.x0.push(t.c0 + t.c1 * (ref - 14000), t.c1);
      c.nParams += 2;
      for (const line of win.lines) {
        if (cfg.doublets.some((d) => d.weak === line.name)) continue;
        paramOf[line.name] = c.nParams++;
        scale[line.name] = 1;
        c.x0.push(t.fluxes[line.name]);
      }
      for (const line of win.lines) {
        const tie = cfg.doublets.find((d) => d.weak === line.name);
        if (tie) {
          paramOf[line.name] = paramOf[tie.strong];
          scale[line.name] = 1 / tie.ratio;
        }
        names.push(line.name);
        const sys = line.restWavelengthAngstrom * (1 + t.z);
        c.lines.push({ win: wi, sys, inst2: G140H(sys) ** 2, param: paramOf[line.name], scale: scale[line.name] });
      }
    });
    cases.push(c);
    ours.push({ fit, names, paramOf, scale });
  }
  const code = `
import json, sys
import numpy as np
from scipy.optimize import least_squares
C = 299792.458
out = []
for case in json.load(sys.stdin):
    wins = [{k: np.array(v) for k, v in w.items()} for w in case['windows']]
    lines = case['lines']
    P = case['nParams']
    cont = case['c0Index']
    def parts(x, jac):
        res, rows = [], []
        for wi, w in enumerate(wins):
            c0i = cont[wi]
            m = x[c0i] + x[c0i + 1] * w['dl']
            J = np.zeros((len(w['lam']), P))
            J[:, c0i] = 1.0
            J[:, c0i + 1] = w['dl']
            for ln in lines:
                if ln['win'] != wi:
                    continue
                mu = ln['sys'] * (1 + x[0] / C)
                so = np.sqrt(x[1] + ln['inst2'])
                sl = mu * so / C
                u = (w['lam'] - mu) / sl
                t = ln['scale'] / (np.sqrt(2 * np.pi) * sl) * np.exp(-0.5 * u * u)
                G = x[ln['param']] * t
                m = m + G
                dmu = ln['sys'] / C
                dsl_dv = ln['sys'] * so / C ** 2
                dsl_ds2 = mu / (2 * C * so)
                dGdmu = G * u / sl
                dGdsl = G * (u * u - 1) / sl
                J[:, ln['param']] += t
                J[:, 0] += dGdmu * dmu + dGdsl * dsl_dv
                J[:, 1] += dGdsl * dsl_ds2
            res.append((w['data'] - m) * w['w'])
            rows.append(-J * w['w'][:, None])
        return np.concatenate(res), np.vstack(rows)
    sol = least_squares(lambda x: parts(x, False)[0], np.array(case['x0'], float), jac=lambda x: parts(x, True)[1],
                        method='lm', x_scale='jac', ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=10000)
    r, J = parts(sol.x, True)
    cov = np.linalg.inv(J.T @ J)
    out.append({'x': sol.x.tolist(), 'err': np.sqrt(np.diag(cov)).tolist(), 'chi2': float(r @ r), 'status': int(sol.status)})
print(json.dumps(out))
`;
  const results = runPython<{ x: number[]; err: number[]; chi2: number; status: number }[]>(python, code, cases);
  results.forEach((py, k) => {
    const { fit, names, paramOf, scale } = ours[k];
    assert.ok(py.status > 0, `case ${k}: scipy status ${py.status}`);
    assertClose(fit.chiSquare, py.chi2, 1e-8, `case ${k}: χ²`); // the fitter truncates lines at ±6σ_λ, scipy does not
    // parameters agree to 1e-5 of their 1σ errors (measured: ≤ 1.3e-6), errors to 1e-5 relative (measured: ≤ 3e-8)
    const tol = (j: number) => 1e-5 * py.err[j];
    assertClose(fit.kinematics.velocityKms, py.x[0], 0, `case ${k}: v`, tol(0));
    assertClose(fit.kinematics.velocityErrKms, py.err[0], 1e-5, `case ${k}: v error`);
    const sigma = Math.sqrt(py.x[1]);
    assertClose(fit.kinematics.sigmaKms, sigma, 0, `case ${k}: σ`, 1e-5 * (py.err[1] / (2 * sigma)));
    assertClose(fit.kinematics.sigmaErrKms, py.err[1] / (2 * sigma), 1e-5, `case ${k}: σ error`);
    fit.windows.forEach((w, wi) => {
      const j = cases[k].c0Index[wi];
      assertClose(w.continuumC0, py.x[j], 0, `case ${k}: c0 of ${w.name}`, tol(j));
      assertClose(w.continuumC1, py.x[j + 1], 0, `case ${k}: c1 of ${w.name}`, tol(j + 1));
    });
    for (const name of names) {
      const j = paramOf[name];
      assertClose(fit.lines[name].flux, py.x[j] * scale[name], 0, `case ${k}: ${name} flux`, tol(j) * scale[name]);
      assertClose(fit.lines[name].fluxErr, py.err[j] * scale[name], 1e-5, `case ${k}: ${name} flux error`);
    }
  });
});
