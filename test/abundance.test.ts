// Strong-line abundances (kernel-lib/src/abundance): calibration formulas against hand-computed values, the Dopita 2016
// sign, analytic error propagation against finite differences and a seeded Monte Carlo, round trips through the
// simulator's inverse calibrations, maps against single spaxels, and the paper's spaxel selection (Ju et al. §3.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DOPITA16_N2S2HA,
  MARINO13_N2,
  MARINO13_O3N2,
  MAX_METALLICITY_ERROR_DEX,
  MIN_STAR_FORMING_SPAXELS,
  PP04_N2_CUBIC,
  PP04_N2_LINEAR,
  PP04_O3N2,
  STRONG_LINE_CALIBRATIONS,
  STRONG_LINE_INDEX_LINES,
  enoughSpaxels,
  metallicity,
  metallicityFromIndex,
  metallicityMaps,
  ohDopita16N2s2ha,
  ohMarino13N2,
  ohMarino13O3n2,
  ohPp04N2Cubic,
  ohPp04N2Linear,
  ohPp04O3n2,
  selectMetallicitySpaxels,
  strongLineCalibration,
  strongLineIndex,
  strongLineIndexMap,
  type CalibrationName,
  type StrongLineIndex,
} from '../kernel-lib/src/abundance/index';
import { SPAXEL_CLASS_CODES, type LineMeasurementMaps, type SpaxelLineMeasurements, type StrongLine } from '../kernel-lib/src/classify/index';
import { n2FromOhPp04 } from '../kernel-lib/src/abundance/inverse-calibrations';
import { SIMULATOR_CALIBRATIONS, starFormingLineRatios } from '../kernel-lib/src/simulate/line-ratios';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { close } from './helpers/close';

const m = (value: number, error: number) => ({ value, error });

// ---------- formulas ----------

test('calibration formulas: hand-computed values (METHODS-REFERENCE §3.5)', () => {
  close(ohPp04N2Cubic(-1), 9.37 - 2.03 + 1.26 - 0.32); // 8.28
  close(ohPp04N2Cubic(-1), 8.28, 1e-12);
  close(ohPp04N2Cubic(-0.5), 8.63, 1e-12);
  close(ohPp04N2Cubic(-2), 7.79, 1e-12);
  close(ohPp04N2Linear(-1), 8.33, 1e-12);
  close(ohPp04N2Linear(-0.5), 8.615, 1e-12);
  close(ohPp04O3n2(1), 8.41, 1e-12);
  close(ohPp04O3n2(0), 8.73, 1e-12);
  close(ohMarino13N2(-1), 8.281, 1e-12);
  close(ohMarino13N2(-0.5), 8.512, 1e-12);
  close(ohMarino13O3n2(1), 8.319, 1e-12);
  close(ohMarino13O3n2(0), 8.533, 1e-12);
  close(ohDopita16N2s2ha(-0.3), 8.47, 1e-12);
  close(ohDopita16N2s2ha(0), 8.77 + 0.45 * 0.3 ** 5, 1e-12); // 8.7710935
  close(ohDopita16N2s2ha(0.2), 8.9840625, 1e-12);
});

test('Dopita 2016: the fifth-power term is "+0.45 (y + 0.3)⁵" (not pyMCZ\'s "−"), and the calibration is monotonic', () => {
  close(ohDopita16N2s2ha(-1), 7.77 - 0.45 * 0.7 ** 5, 1e-12); // 7.6943685; "−" would give 7.8456
  close(ohDopita16N2s2ha(-1), 7.6943685, 1e-9);
  assert.ok(Math.abs(ohDopita16N2s2ha(-1) - 7.8456315) > 0.1);
  for (let y = -1.5; y < 0.9; y += 0.01) assert.ok(DOPITA16_N2S2HA.dOhdIndex(y) >= 1);
});

test('every calibration: derivative matches a central finite difference across its range', () => {
  for (const cal of Object.values(STRONG_LINE_CALIBRATIONS)) {
    const lo = Number.isFinite(cal.validRange[0]) ? cal.validRange[0] : -1;
    for (let k = 0; k <= 10; k++) {
      const x = lo + ((cal.validRange[1] - lo) * k) / 10;
      const h = 1e-5;
      const fd = (cal.ohFromIndex(x + h) - cal.ohFromIndex(x - h)) / (2 * h);
      close(cal.dOhdIndex(x), fd, 1e-7, `${cal.name} at ${x}`);
    }
  }
});

test('calibration metadata: ranges, scatters, indices, lookup by name', () => {
  assert.deepEqual([...PP04_N2_CUBIC.validRange], [-2.5, -0.3]);
  assert.equal(PP04_N2_CUBIC.systematicDex, 0.18);
  assert.equal(PP04_N2_LINEAR.systematicDex, 0.18);
  assert.equal(PP04_O3N2.systematicDex, 0.14);
  assert.deepEqual([...MARINO13_N2.validRange], [-1.6, -0.2]);
  assert.deepEqual([...MARINO13_O3N2.validRange], [-1.1, 1.7]);
  assert.deepEqual([...DOPITA16_N2S2HA.validRange], [-1.1, 0.5]);
  assert.equal(strongLineCalibration('m13-o3n2'), MARINO13_O3N2);
  assert.equal(strongLineCalibration(PP04_O3N2), PP04_O3N2);
  assert.throws(() => strongLineCalibration('kd02' as CalibrationName), /unknown calibration/);
  assert.ok(Object.isFrozen(PP04_N2_CUBIC));
});

// ---------- indices and their errors ----------

/** A spaxel with every strong line, S/N 10–60. */
function fullSpaxel(): SpaxelLineMeasurements {
  return {
    ha: m(100, 2),
    nii6584: m(15, 0.9),
    hb: m(34, 1.2),
    oiii5007: m(60, 1.5),
    sii6717: m(9, 0.7),
    sii6731: m(7, 0.6),
  };
}

test('indices: values from their definitions', () => {
  const s = fullSpaxel();
  close(strongLineIndex('n2', s).value, Math.log10(15 / 100), 1e-12);
  close(strongLineIndex('o3n2', s).value, Math.log10(60 / 34 / (15 / 100)), 1e-12);
  close(strongLineIndex('n2s2ha', s).value, Math.log10(15 / 16) + 0.264 * Math.log10(15 / 100), 1e-12);
  // The brief's δN2 formula.
  close(strongLineIndex('n2', s).error, Math.sqrt((0.9 / 15) ** 2 + (2 / 100) ** 2) / Math.LN10, 1e-12);
});

/** Error from independent central finite differences of f over each flux, in quadrature. */
function finiteDifferenceError(f: (s: SpaxelLineMeasurements) => number, s: SpaxelLineMeasurements, lines: readonly StrongLine[]): number {
  let sumSq = 0;
  for (const l of lines) {
    const { value, error } = s[l]!;
    const h = value * 1e-6;
    const plus = { ...s, [l]: m(value + h, error) };
    const minus = { ...s, [l]: m(value - h, error) };
    sumSq += (((f(plus) - f(minus)) / (2 * h)) * error) ** 2;
  }
  return Math.sqrt(sumSq);
}

test('analytic index and abundance errors equal finite-difference propagation (incl. [N II] in both D16 terms)', () => {
  const s = fullSpaxel();
  for (const kind of ['n2', 'o3n2', 'n2s2ha'] as StrongLineIndex[]) {
    const fd = finiteDifferenceError((x) => strongLineIndex(kind, x).value, s, STRONG_LINE_INDEX_LINES[kind]);
    close(strongLineIndex(kind, s).error, fd, 1e-6 * fd, kind);
  }
  for (const cal of Object.values(STRONG_LINE_CALIBRATIONS)) {
    const fd = finiteDifferenceError((x) => metallicity(x, { calibration: cal }).oh, s, STRONG_LINE_INDEX_LINES[cal.index]);
    close(metallicity(s, { calibration: cal }).ohErrStat, fd, 1e-5 * fd, cal.name);
  }
  // Treating D16's two [N II] terms as independent would understate the error: check we did not.
  const naive = Math.sqrt((0.9 / 15) ** 2 + (0.7 ** 2 + 0.6 ** 2) / 16 ** 2 + (0.264 * 0.9 / 15) ** 2 + (0.264 * 2 / 100) ** 2) / Math.LN10;
  assert.ok(strongLineIndex('n2s2ha', s).error > naive * 1.05);
});

test('statistical errors agree with a seeded Monte Carlo over Gaussian flux errors (≤ 3 %)', () => {
  const rng = seededRandom(20250101);
  const s = fullSpaxel();
  const draws = 40000;
  for (const cal of [PP04_N2_CUBIC, PP04_O3N2, MARINO13_N2, DOPITA16_N2S2HA]) {
    const lines = STRONG_LINE_INDEX_LINES[cal.index];
    let sum = 0;
    let sumSq = 0;
    for (let d = 0; d < draws; d++) {
      const drawn: SpaxelLineMeasurements = {};
      for (const l of lines) drawn[l] = m(rng.normal(s[l]!.value, s[l]!.error), s[l]!.error);
      const oh = metallicity(drawn, { calibration: cal }).oh;
      sum += oh;
      sumSq += oh * oh;
    }
    const mean = sum / draws;
    const sd = Math.sqrt(sumSq / draws - mean * mean);
    const analytic = metallicity(s, { calibration: cal }).ohErrStat;
    assert.ok(Math.abs(sd / analytic - 1) < 0.03, `${cal.name}: MC ${sd} vs analytic ${analytic}`);
    close(mean, metallicity(s, { calibration: cal }).oh, 0.1 * analytic, `${cal.name} mean`);
  }
});

// ---------- metallicity ----------

test('metallicity: PP04 N2 cubic by default, 0.18 dex in quadrature for the total, validity flag', () => {
  const s = { ha: m(100, 2), nii6584: m(10, 0.5) }; // N2 = −1
  const r = metallicity(s);
  close(r.oh, 8.28, 1e-12);
  close(r.index, -1, 1e-12);
  const dN2 = Math.sqrt(0.05 ** 2 + 0.02 ** 2) / Math.LN10;
  close(r.indexErr, dN2, 1e-12);
  close(r.ohErrStat, Math.abs(2.03 - 2.52 + 0.96) * dN2, 1e-12);
  close(r.ohErrTotal, Math.sqrt(r.ohErrStat ** 2 + 0.18 ** 2), 1e-12);
  assert.equal(r.inRange, true);
  // N2 = −0.2: outside −2.5 < N2 < −0.3, value still returned, flagged.
  const hi = metallicity({ ha: m(100, 2), nii6584: m(100 * 10 ** -0.2, 1) });
  close(hi.oh, ohPp04N2Cubic(-0.2), 1e-12);
  assert.equal(hi.inRange, false);
  // Boundaries are open.
  assert.equal(metallicityFromIndex(m(-0.3, 0.01)).inRange, false);
  assert.equal(metallicityFromIndex(m(-2.5, 0.01)).inRange, false);
  assert.equal(metallicityFromIndex(m(-2.49, 0.01)).inRange, true);
  // Override the scatter; other calibrations add their own.
  close(metallicity(s, { systematicDex: 0 }).ohErrTotal, r.ohErrStat, 1e-15);
  close(metallicity(s, { calibration: 'm13-n2' }).ohErrTotal, Math.hypot(0.462 * dN2, 0.16), 1e-12);
  assert.throws(() => metallicity(s, { systematicDex: -0.1 }));
});

test('metallicity: missing, zero, negative or NaN lines give NaN and inRange false, never 0', () => {
  const cases: SpaxelLineMeasurements[] = [
    {},
    { ha: m(100, 2) },
    { ha: m(100, 2), nii6584: m(0, 1) },
    { ha: m(100, 2), nii6584: m(-3, 1) },
    { ha: m(NaN, 2), nii6584: m(10, 1) },
    { ha: m(100, 2), nii6584: m(Infinity, 1) },
  ];
  for (const c of cases) {
    const r = metallicity(c);
    assert.ok(Number.isNaN(r.oh) && Number.isNaN(r.ohErrStat) && Number.isNaN(r.ohErrTotal), JSON.stringify(c));
    assert.equal(r.inRange, false);
  }
  // Flux fine, error missing: a value without an error (dropped later by the selection).
  const noErr = metallicity({ ha: m(100, NaN), nii6584: m(10, 1) });
  close(noErr.oh, 8.28, 1e-12);
  assert.ok(Number.isNaN(noErr.ohErrStat));
  // D16 needs both [S II] lines (pyMCZ used 6717 alone).
  assert.ok(Number.isNaN(metallicity({ ...fullSpaxel(), sii6731: undefined }, { calibration: 'd16-n2s2ha' }).oh));
});

test('round trip through the simulator\'s inverse calibrations: SIMULATOR_CALIBRATIONS (PP04 N2, PP04 O3N2, D16) return the injected abundance, no other does', () => {
  assert.deepEqual([...SIMULATOR_CALIBRATIONS].sort(), ['d16-n2s2ha', 'pp04-n2-cubic', 'pp04-o3n2']);
  const others = (Object.keys(STRONG_LINE_CALIBRATIONS) as CalibrationName[]).filter((c) => !SIMULATOR_CALIBRATIONS.includes(c));
  assert.ok(others.length > 0);
  const worstOther = new Map(others.map((c) => [c, 0]));
  for (let oh = 7.9; oh <= 8.85; oh += 0.05) {
    close(ohPp04N2Cubic(n2FromOhPp04(oh)), oh, 1e-10, 'n2FromOhPp04');
    const r = starFormingLineRatios(oh).relativeToHalpha;
    const lines: SpaxelLineMeasurements = {};
    for (const l of ['ha', 'hb', 'oiii5007', 'nii6584', 'sii6717', 'sii6731'] as const) lines[l] = m(r[l], r[l] / 50);
    for (const cal of SIMULATOR_CALIBRATIONS) close(metallicity(lines, { calibration: cal }).oh, oh, 1e-9, `${cal} at ${oh}`);
    for (const cal of others) worstOther.set(cal, Math.max(worstOther.get(cal)!, Math.abs(metallicity(lines, { calibration: cal }).oh - oh)));
  }
  for (const [cal, worst] of worstOther) assert.ok(worst > 0.01, `${cal} returns the injected abundance too (worst offset ${worst}): add it to SIMULATOR_CALIBRATIONS`);
});

// ---------- maps ----------

test('metallicityMaps and strongLineIndexMap agree with the single-spaxel functions', () => {
  const n = 500;
  const rng = seededRandom(99);
  const make = () => ({ value: new Float64Array(n), error: new Float64Array(n) });
  const maps = { ha: make(), hb: make(), oiii5007: make(), nii6584: make(), sii6717: make(), sii6731: make() };
  for (let i = 0; i < n; i++) {
    for (const [k, mm] of Object.entries(maps)) {
      const v = (k === 'ha' ? 100 : 3 + 60 * rng.uniform()) * (rng.uniform() < 0.05 ? -1 : 1);
      mm.value[i] = rng.uniform() < 0.03 ? NaN : v;
      mm.error[i] = Math.abs(v) / (2 + 30 * rng.uniform());
    }
  }
  for (const name of Object.keys(STRONG_LINE_CALIBRATIONS) as CalibrationName[]) {
    const res = metallicityMaps(maps, { calibration: name });
    assert.equal(res.calibration, name);
    let finite = 0;
    for (let i = 0; i < n; i++) {
      const one: SpaxelLineMeasurements = {};
      for (const [k, mm] of Object.entries(maps)) one[k as StrongLine] = m(mm.value[i], mm.error[i]);
      const r = metallicity(one, { calibration: name });
      for (const [key, want] of [['oh', r.oh], ['ohErrStat', r.ohErrStat], ['ohErrTotal', r.ohErrTotal], ['index', r.index], ['indexErr', r.indexErr]] as const) {
        const got = res[key][i];
        assert.ok(Object.is(got, want) || Math.abs(got - want) < 1e-12, `${name} ${key} spaxel ${i}: ${got} vs ${want}`);
      }
      assert.equal(res.inRange[i], r.inRange ? 1 : 0);
      if (Number.isFinite(r.oh)) finite++;
    }
    assert.ok(finite > n / 2 && finite < n, `${name}: some NaN, mostly finite (${finite})`);
  }
  // A line absent from the maps (detector gap): all NaN for indices that need it, not for the others.
  const noHb: LineMeasurementMaps = { ...maps, hb: undefined };
  assert.ok(strongLineIndexMap('o3n2', noHb).value.every(Number.isNaN));
  assert.ok(strongLineIndexMap('n2', noHb).value.some(Number.isFinite));
  assert.throws(() => strongLineIndexMap('n2', {}));
  assert.throws(() => strongLineIndexMap('n2', { ha: maps.ha, nii6584: { value: new Float64Array(3), error: new Float64Array(3) } }));
});

// ---------- selection ----------

test('selectMetallicitySpaxels: SF only, finite, in range, statistical error ≤ 0.25 dex, mask; reasons counted', () => {
  const { sf, agn, composite, sagn } = SPAXEL_CLASS_CODES;
  // spaxel:            0    1     2          3     4      5     6     7     8     9
  const classCode = new Uint8Array([sf, sf, agn, composite, sagn, 0, sf, sf, sf, sf]);
  const oh = new Float64Array([8.5, 8.4, 8.6, 8.6, 8.7, 8.5, NaN, 8.9, 8.3, 8.3]);
  const ohErrStat = new Float64Array([0.05, 0.25, 0.05, 0.05, 0.05, 0.05, NaN, 0.05, 0.26, 0.2]);
  const ohErrTotal = ohErrStat.map((e) => Math.hypot(e, 0.18));
  const inRange = new Uint8Array([1, 1, 1, 1, 1, 1, 0, 0, 1, 1]);
  const maps = { oh, ohErrStat, ohErrTotal, inRange };
  const r = selectMetallicitySpaxels(classCode, maps);
  assert.deepEqual([...r.selected], [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.equal(r.count, 3);
  assert.deepEqual(r.rejected, { masked: 0, notStarForming: 4, noMetallicity: 1, outOfRange: 1, errorTooLarge: 1 });
  // On the total error, 0.2 stat → 0.27 total is dropped, 0.05 → 0.187 kept.
  assert.deepEqual([...selectMetallicitySpaxels(classCode, maps, { errorKind: 'total' }).selected], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(selectMetallicitySpaxels(classCode, maps, { requireInRange: false }).selected[7], 1);
  assert.equal(selectMetallicitySpaxels(classCode, maps, { maxErrDex: 0.1 }).count, 1);
  const mask = new Uint8Array([0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  const masked = selectMetallicitySpaxels(classCode, maps, { mask });
  assert.equal(masked.rejected.masked, 1);
  assert.equal(masked.selected[0], 0);
  assert.equal(MAX_METALLICITY_ERROR_DEX, 0.25);
  assert.throws(() => selectMetallicitySpaxels(classCode, { ...maps, oh: new Float64Array(3) }));
  assert.throws(() => selectMetallicitySpaxels(classCode, maps, { errorKind: 'both' as never }));
});

test('enoughSpaxels: a gradient needs at least 20 selected star-forming spaxels', () => {
  assert.equal(MIN_STAR_FORMING_SPAXELS, 20);
  assert.equal(enoughSpaxels(20), true);
  assert.equal(enoughSpaxels(19), false);
  assert.equal(enoughSpaxels(0), false);
  assert.equal(enoughSpaxels(10, 10), true);
});
