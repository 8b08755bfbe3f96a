// Spaxel classification (kernel-lib/src/classify): the BPT curves and their asymptotes (Kewley et al. 2001; Kauffmann
// et al. 2003), WHAN (Cid Fernandes et al. 2011), mass–excitation (Juneau et al. 2014), class codes, and the paper's
// BPT-else-WHAN rule (Ju et al. §3.1) on single spaxels and on maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KAUFFMANN2003_N2_ASYMPTOTE,
  KEWLEY2001_N2_ASYMPTOTE,
  SPAXEL_CLASS_CODES,
  SPAXEL_CLASS_NAMES,
  bptDemarcationCurves,
  classifyBpt,
  classifyMassExcitation,
  classifyMaps,
  classifySpaxel,
  classifyWhan,
  compareClassifications,
  diagnosticCode,
  diagnosticName,
  juneau2014LowerO3,
  juneau2014UpperO3,
  kauffmann2003BptO3,
  kewley2001BptO3,
  lineMeasurementsFromCubeFit,
  massExcitationCurves,
  spaxelClassCode,
  spaxelClassName,
  whanDemarcationSegments,
  type LineMeasurementMaps,
  type SpaxelLineMeasurements,
} from '../kernel-lib/src/classify/index';
import { agnLineRatios, starFormingLineRatios } from '../kernel-lib/src/simulate/line-ratios';
import { seededRandom } from '../kernel-lib/src/stats/random';
import { close } from './helpers/close';

// ---------- BPT curves ----------

test('Kewley 2001 and Kauffmann 2003 curves: hand-computed values, NaN at and beyond their poles', () => {
  close(kewley2001BptO3(-0.5), 0.61 / -0.97 + 1.19); // 0.561134…
  close(kewley2001BptO3(-0.5), 0.5611340206185567, 1e-12);
  close(kauffmann2003BptO3(-0.5), 0.19090909090909092, 1e-12);
  close(kewley2001BptO3(0), 1.19 - 0.61 / 0.47);
  close(kauffmann2003BptO3(-1), 1.3 - 0.61 / 1.05);
  assert.equal(KEWLEY2001_N2_ASYMPTOTE, 0.47);
  assert.equal(KAUFFMANN2003_N2_ASYMPTOTE, 0.05);
  for (const n2 of [0.47, 0.5, 1]) assert.ok(Number.isNaN(kewley2001BptO3(n2)));
  for (const n2 of [0.05, 0.2, 0.46]) assert.ok(Number.isNaN(kauffmann2003BptO3(n2)));
  assert.ok(Number.isNaN(kewley2001BptO3(NaN)));
});

test('BPT: points on each side of both curves', () => {
  // At N2 = −0.5: Kauffmann 0.191, Kewley 0.561.
  assert.equal(classifyBpt(-0.5, 0.1), 'sf');
  assert.equal(classifyBpt(-0.5, 0.3), 'composite');
  assert.equal(classifyBpt(-0.5, 0.7), 'agn');
  // At N2 = −0.2: Kauffmann −1.14, Kewley 0.264.
  assert.equal(classifyBpt(-0.2, -1.5), 'sf');
  assert.equal(classifyBpt(-0.2, -1.0), 'composite');
  assert.equal(classifyBpt(-0.2, 0.3), 'agn');
  // Just either side of each curve.
  for (const n2 of [-1.2, -0.8, -0.3, 0]) {
    const ka = kauffmann2003BptO3(n2);
    const ke = kewley2001BptO3(n2);
    assert.equal(classifyBpt(n2, ka - 1e-6), 'sf', `below Ka03 at ${n2}`);
    assert.equal(classifyBpt(n2, ka + 1e-6), 'composite', `above Ka03 at ${n2}`);
    assert.equal(classifyBpt(n2, ke - 1e-6), 'composite', `below Ke01 at ${n2}`);
    assert.equal(classifyBpt(n2, ke + 1e-6), 'agn', `above Ke01 at ${n2}`);
  }
  // On a curve: the upper class (SF strictly below Ka03, AGN at or above Ke01).
  assert.equal(classifyBpt(-0.5, kauffmann2003BptO3(-0.5)), 'composite');
  assert.equal(classifyBpt(-0.5, kewley2001BptO3(-0.5)), 'agn');
});

test('BPT asymptotes: right of a pole is never read off the curve\'s other branch (METHODS-REFERENCE §3.9.6)', () => {
  // Left of the Kauffmann pole the curve plunges: a very low O3 is still star-forming, a moderate one composite.
  assert.equal(classifyBpt(0.049, -700), 'sf');
  assert.equal(classifyBpt(0.049, -100), 'composite');
  assert.equal(classifyBpt(0.04, -1), 'composite');
  // Right of it the naive hyperbola would be +611 ("everything below is SF"): never SF.
  assert.equal(classifyBpt(0.051, -700), 'composite');
  assert.equal(classifyBpt(0.05, -5), 'composite');
  assert.equal(classifyBpt(0.06, -3), 'composite');
  assert.equal(classifyBpt(0.3, -3), 'composite');
  assert.equal(classifyBpt(0.3, 0), 'agn'); // Ke01(0.3) = −2.40
  // Kewley pole: just left, the curve is at −59.8; at and beyond 0.47 always AGN, however low O3.
  assert.equal(classifyBpt(0.46, -100), 'composite');
  assert.equal(classifyBpt(0.46, -3), 'agn');
  assert.equal(classifyBpt(0.47, -700), 'agn');
  assert.equal(classifyBpt(0.471, -700), 'agn');
  assert.equal(classifyBpt(1.2, -2), 'agn');
});

test('BPT where the curves cross (N2 ≈ −1.28): above Kewley 2001 is AGN even below Kauffmann 2003', () => {
  // Crossing: (N2 − 0.05)(N2 − 0.47) = 0.61·0.42/0.11.
  const cross = (0.52 - Math.sqrt(0.52 ** 2 - 4 * (0.0235 - (0.61 * 0.42) / 0.11))) / 2;
  close(kewley2001BptO3(cross), kauffmann2003BptO3(cross), 1e-9);
  close(cross, -1.2805, 1e-3);
  // N2 = −1.5: Ke01 = 0.8804, Ka03 = 0.9065.
  assert.ok(kewley2001BptO3(-1.5) < kauffmann2003BptO3(-1.5));
  assert.equal(classifyBpt(-1.5, 0.89), 'agn');
  assert.equal(classifyBpt(-1.5, 0.87), 'sf');
  assert.equal(classifyBpt(-1.5, 0.95), 'agn');
});

test('BPT: NaN or infinite inputs give null, never a class', () => {
  for (const [n2, o3] of [[NaN, 0], [0, NaN], [NaN, NaN], [-Infinity, 0], [-0.5, Infinity]]) assert.equal(classifyBpt(n2, o3), null);
});

test('bptDemarcationCurves: sampled up to (not across) each pole, finite, above o3Min', () => {
  const { kewley2001, kauffmann2003 } = bptDemarcationCurves({ n2Min: -2, points: 100, o3Min: -1.5 });
  for (const [c, pole] of [[kewley2001, 0.47], [kauffmann2003, 0.05]] as const) {
    assert.equal(c.x.length, 100);
    close(c.x[0], -2);
    for (let i = 0; i < c.x.length; i++) {
      assert.ok(c.x[i] < pole);
      assert.ok(Number.isFinite(c.y[i]) && c.y[i] >= -1.5 - 1e-9, `y ${c.y[i]}`);
      if (i > 0) assert.ok(c.x[i] > c.x[i - 1] && c.y[i] < c.y[i - 1], 'x increasing, y decreasing');
    }
    close(c.y[c.y.length - 1], -1.5, 1e-6);
  }
});

// ---------- WHAN ----------

test('WHAN: each class, on both sides of every threshold', () => {
  assert.equal(classifyWhan(-0.8, 20), 'sf');
  assert.equal(classifyWhan(-0.41, 3), 'sf');
  assert.equal(classifyWhan(-0.4, 3), 'wagn');
  assert.equal(classifyWhan(-0.2, 5.99), 'wagn');
  assert.equal(classifyWhan(-0.2, 6), 'sagn');
  assert.equal(classifyWhan(0.3, 50), 'sagn');
  assert.equal(classifyWhan(-0.8, 2.99), 'retired');
  assert.equal(classifyWhan(0.2, 0.5), 'retired');
  assert.equal(classifyWhan(0.2, 0.49), 'passive');
  assert.equal(classifyWhan(-1, -2), 'passive');
  // EW alone places retired and passive; SF/AGN need N2.
  assert.equal(classifyWhan(NaN, 1), 'retired');
  assert.equal(classifyWhan(NaN, 0.1), 'passive');
  assert.equal(classifyWhan(NaN, 10), null);
  assert.equal(classifyWhan(-0.8, NaN), null);
  assert.equal(classifyWhan(NaN, NaN), null);
});

test('whanDemarcationSegments: the four boundaries', () => {
  const s = whanDemarcationSegments({ n2Min: -2, n2Max: 0.5, ewMaxAngstrom: 500 });
  assert.equal(s.length, 4);
  assert.deepEqual(s[0].from, [-0.4, 3]);
  assert.deepEqual(s[0].to, [-0.4, 500]);
  assert.deepEqual(s[1].from, [-0.4, 6]);
  assert.deepEqual(s.map((x) => x.from[1]), [3, 6, 3, 0.5]);
});

// ---------- Mass–excitation ----------

test('Juneau 2014 MEx curves: values, near-continuity at the switch points, coincident below log M* = 9.6', () => {
  close(juneau2014UpperO3(9), 0.375 / -1.5 + 1.14);
  close(juneau2014LowerO3(9), juneau2014UpperO3(9));
  close(juneau2014UpperO3(9.6), juneau2014LowerO3(9.6));
  // Upper: hyperbola 0.39 at x = 10, cubic 0.397 just above.
  close(juneau2014UpperO3(10), 0.39, 1e-12);
  close(juneau2014UpperO3(10 + 1e-9), 410.24 - 1093.33 + 971.731 - 288.244, 1e-6);
  close(juneau2014UpperO3(10 + 1e-9), 0.39, 0.01);
  // Lower: 0.723 (hyperbola) at 9.6 vs 0.705 (cubic) just above — the published discontinuity.
  close(juneau2014LowerO3(9.6 + 1e-9), 352.066 - 93.8249 * 9.6 + 8.32651 * 9.6 ** 2 - 0.246416 * 9.6 ** 3, 1e-6);
  for (const x of [9.7, 10, 10.5, 11, 11.5]) assert.ok(juneau2014UpperO3(x) > juneau2014LowerO3(x), `upper above lower at ${x}`);
});

test('MEx classification on each side of both curves', () => {
  assert.equal(classifyMassExcitation(9, 0.5), 'sf'); // curve 0.89
  assert.equal(classifyMassExcitation(9, 1.0), 'agn');
  assert.equal(classifyMassExcitation(9, juneau2014UpperO3(9)), 'agn');
  const lower10 = juneau2014LowerO3(10.2);
  const upper10 = juneau2014UpperO3(10.2);
  assert.equal(classifyMassExcitation(10.2, lower10 - 0.01), 'sf');
  assert.equal(classifyMassExcitation(10.2, (lower10 + upper10) / 2), 'composite');
  assert.equal(classifyMassExcitation(10.2, upper10 + 0.01), 'agn');
  assert.equal(classifyMassExcitation(11, -0.4), 'composite'); // between −0.48 and −0.28
  assert.equal(classifyMassExcitation(NaN, 0), null);
  assert.equal(classifyMassExcitation(10, NaN), null);
  const curves = massExcitationCurves({ points: 50 });
  assert.equal(curves.upper.x.length, 50);
  close(curves.lower.y[0], juneau2014LowerO3(8));
});

// ---------- codes ----------

test('class and diagnostic codes round-trip; 0 means unclassified', () => {
  for (let code = 0; code < SPAXEL_CLASS_NAMES.length; code++) assert.equal(spaxelClassCode(spaxelClassName(code)), code);
  assert.equal(spaxelClassName(0), null);
  assert.equal(spaxelClassCode(null), 0);
  assert.equal(SPAXEL_CLASS_CODES.sf, 1);
  assert.equal(diagnosticName(diagnosticCode('bpt')), 'bpt');
  assert.equal(diagnosticName(diagnosticCode('whan')), 'whan');
  assert.equal(diagnosticName(diagnosticCode('n2')), 'n2');
  assert.equal(diagnosticName(0), null);
  assert.throws(() => spaxelClassName(SPAXEL_CLASS_NAMES.length));
  assert.throws(() => spaxelClassName(1.5));
  assert.throws(() => spaxelClassCode('seyfert' as never));
});

// ---------- the paper's rule ----------

const m = (value: number, error: number) => ({ value, error });
/** A star-forming spaxel at N2 = −0.8, O3 = 0.3 with S/N 20 in every line and EW 40 Å. */
function sfSpaxel(): SpaxelLineMeasurements {
  return { ha: m(100, 2), nii6584: m(100 * 10 ** -0.8, 0.5), hb: m(35, 1), oiii5007: m(35 * 10 ** 0.3, 2), ewHaAngstrom: m(40, 2) };
}

test('classifySpaxel: BPT when all four lines pass S/N > 3', () => {
  const r = classifySpaxel(sfSpaxel());
  assert.equal(r.class, 'sf');
  assert.equal(r.diagnostic, 'bpt');
  close(r.n2, -0.8, 1e-12);
  close(r.o3, 0.3, 1e-12);
  assert.equal(r.ewHaAngstrom, 40);
  // An AGN-like spaxel: BPT says AGN.
  const agn = { ...sfSpaxel(), nii6584: m(80, 2), oiii5007: m(35 * 10 ** 0.8, 2) };
  assert.deepEqual([classifySpaxel(agn).class, classifySpaxel(agn).diagnostic], ['agn', 'bpt']);
});

test('classifySpaxel: falls back to WHAN when Hβ or [O III] is missing, undetected, ≤ 0 or NaN', () => {
  const variants: SpaxelLineMeasurements[] = [
    { ...sfSpaxel(), hb: undefined },
    { ...sfSpaxel(), oiii5007: undefined },
    { ...sfSpaxel(), hb: m(3, 1) }, // S/N exactly 3: not > 3
    { ...sfSpaxel(), oiii5007: m(-5, 1) },
    { ...sfSpaxel(), hb: m(NaN, NaN) },
    { ...sfSpaxel(), hb: m(35, NaN) },
  ];
  for (const v of variants) {
    const r = classifySpaxel(v);
    assert.equal(r.diagnostic, 'whan');
    assert.equal(r.class, 'sf'); // N2 = −0.8 < −0.4, EW 40 ≥ 3
  }
  // WHAN can disagree with the BPT: N2 = −0.3 and EW 10 is a strong AGN in WHAN.
  const r = classifySpaxel({ ...sfSpaxel(), nii6584: m(100 * 10 ** -0.3, 1), hb: undefined });
  assert.deepEqual([r.class, r.diagnostic], ['sagn', 'whan']);
});

test('classifySpaxel: WHAN retired/passive need only EW; SF/AGN need Hα and [N II]; nothing usable gives null', () => {
  const noNii = { ...sfSpaxel(), hb: undefined, nii6584: m(-0.5, 1) };
  assert.deepEqual(Object.values(pick(classifySpaxel(noNii))), [null, null]); // EW 40 but N2 unknown ([N II] ≤ 0)
  // a weak but positive [N II] (S/N 0.5) places the spaxel by default ([N II] S/N ≥ 0), not with a 3σ [N II] cut
  const weakNii = { ...noNii, nii6584: m(0.5, 1) };
  assert.deepEqual(Object.values(pick(classifySpaxel(weakNii))), ['sf', 'whan']);
  assert.deepEqual(Object.values(pick(classifySpaxel(weakNii, { minSnr: { nii6584: 3 } }))), [null, null]);
  assert.deepEqual(Object.values(pick(classifySpaxel({ ...noNii, ewHaAngstrom: m(1.5, 0.3) }))), ['retired', 'whan']);
  assert.deepEqual(Object.values(pick(classifySpaxel({ ...noNii, ewHaAngstrom: m(0.2, 0.3) }))), ['passive', 'whan']);
  assert.deepEqual(Object.values(pick(classifySpaxel({ ...sfSpaxel(), hb: undefined, ewHaAngstrom: undefined }))), [null, null]);
  assert.deepEqual(Object.values(pick(classifySpaxel({}))), [null, null]);
  const allNaN: SpaxelLineMeasurements = { ha: m(NaN, NaN), hb: m(NaN, NaN), oiii5007: m(NaN, NaN), nii6584: m(NaN, NaN), ewHaAngstrom: m(NaN, NaN) };
  const r = classifySpaxel(allNaN);
  assert.equal(r.class, null);
  assert.equal(r.diagnostic, null);
  assert.ok(Number.isNaN(r.n2) && Number.isNaN(r.o3));
  // Hα undetected: neither BPT nor WHAN's SF/AGN branch.
  assert.deepEqual(Object.values(pick(classifySpaxel({ ...sfSpaxel(), ha: m(2, 1) }))), [null, null]);
});

function pick(r: { class: unknown; diagnostic: unknown }) {
  return { class: r.class, diagnostic: r.diagnostic };
}

test('classifySpaxel options: forced diagnostic, per-line S/N, EW S/N', () => {
  const noHb = { ...sfSpaxel(), hb: undefined };
  assert.deepEqual(Object.values(pick(classifySpaxel(noHb, { diagnostic: 'bpt' }))), [null, null]);
  assert.deepEqual(Object.values(pick(classifySpaxel(sfSpaxel(), { diagnostic: 'whan' }))), ['sf', 'whan']);
  // [N II] at S/N 4: passes the default 3, fails a per-line 5 (then WHAN also lacks N2).
  const weakNii = { ...sfSpaxel(), nii6584: m(4, 1) };
  assert.equal(classifySpaxel(weakNii).diagnostic, 'bpt');
  assert.equal(classifySpaxel(weakNii, { minSnr: { nii6584: 5 } }).class, null);
  assert.equal(classifySpaxel(weakNii, { minSnr: 1 }).diagnostic, 'bpt');
  assert.equal(classifySpaxel({ ...noHb, ewHaAngstrom: m(40, 20) }, { minEwSnr: 3 }).class, null);
  assert.equal(classifySpaxel({ ...noHb, ewHaAngstrom: m(40, 20) }).class, 'sf');
  assert.throws(() => classifySpaxel(sfSpaxel(), { diagnostic: 'mex' as never }));
  assert.throws(() => classifySpaxel(sfSpaxel(), { minSnr: -1 }));
});

test('simulated line ratios land where they should: star-forming regions SF in both diagrams, the AGN core AGN', () => {
  const spaxelAt = (oh: number) => {
    const r = starFormingLineRatios(oh).relativeToHalpha;
    return { ha: m(r.ha, r.ha / 100), hb: m(r.hb, r.hb / 100), oiii5007: m(r.oiii5007, r.oiii5007 / 100), nii6584: m(r.nii6584, r.nii6584 / 100), ewHaAngstrom: m(30, 1) };
  };
  for (const oh of [7.8, 8.0, 8.3, 8.6, 8.7, 8.8, 8.9]) assert.equal(classifySpaxel(spaxelAt(oh)).class, 'sf', `BPT, oh ${oh}`);
  for (const oh of [7.8, 8.0, 8.3, 8.6, 8.7]) assert.equal(classifySpaxel(spaxelAt(oh), { diagnostic: 'whan' }).class, 'sf', `WHAN, oh ${oh}`);
  // WHAN's N2 < −0.4 is 12+log(O/H) < 8.74 on the PP04 cubic: more metal-rich star-forming gas reads as AGN in WHAN.
  assert.equal(classifySpaxel(spaxelAt(8.8), { diagnostic: 'whan' }).class, 'sagn');
  const a = agnLineRatios().relativeToHalpha;
  const agn = { ha: m(a.ha, 0.01), hb: m(a.hb, 0.01), oiii5007: m(a.oiii5007, 0.01), nii6584: m(a.nii6584, 0.01), ewHaAngstrom: m(30, 1) };
  assert.equal(classifySpaxel(agn).class, 'agn');
  assert.equal(classifySpaxel(agn, { diagnostic: 'whan' }).class, 'sagn');
});

// ---------- maps ----------

/** Random spaxels covering every branch: missing lines, weak lines, negative fluxes, NaN, all EW regimes. */
function randomMaps(n: number, seed: number): LineMeasurementMaps {
  const rng = seededRandom(seed);
  const make = () => ({ value: new Float64Array(n), error: new Float64Array(n) });
  const maps = { ha: make(), hb: make(), oiii5007: make(), nii6584: make(), ewHaAngstrom: make() };
  for (let i = 0; i < n; i++) {
    const ha = 10 + 200 * rng.uniform();
    const n2 = -2 + 2.6 * rng.uniform();
    const o3 = -1.2 + 2.4 * rng.uniform();
    const hb = ha / (2.86 + rng.uniform());
    const put = (k: keyof typeof maps, v: number, snr: number) => {
      const r = rng.uniform();
      maps[k].value[i] = r < 0.05 ? NaN : r < 0.1 ? -Math.abs(v) : v;
      maps[k].error[i] = r > 0.97 ? NaN : Math.abs(v) / snr;
    };
    put('ha', ha, 2 + 30 * rng.uniform());
    put('hb', hb, 1 + 10 * rng.uniform());
    put('oiii5007', hb * 10 ** o3, 1 + 10 * rng.uniform());
    put('nii6584', ha * 10 ** n2, 1 + 10 * rng.uniform());
    put('ewHaAngstrom', 10 ** (-1 + 3 * rng.uniform()), 1 + 10 * rng.uniform());
  }
  return maps;
}

test('classifyMaps agrees with classifySpaxel spaxel by spaxel, with counts and the dominant diagnostic', () => {
  const n = 3000;
  const maps = randomMaps(n, 42);
  const res = classifyMaps(maps);
  const tally: Record<string, number> = {};
  let bpt = 0;
  let whan = 0;
  for (let i = 0; i < n; i++) {
    const one: SpaxelLineMeasurements = {};
    for (const [k, v] of Object.entries(maps)) (one as Record<string, unknown>)[k] = { value: v!.value[i], error: v!.error[i] };
    const r = classifySpaxel(one);
    assert.equal(spaxelClassName(res.classCode[i]), r.class, `spaxel ${i}`);
    assert.equal(diagnosticName(res.diagnosticCode[i]), r.diagnostic, `spaxel ${i}`);
    assert.equal(res.classCode[i] === 0, res.diagnosticCode[i] === 0);
    assert.ok(Object.is(res.n2[i], r.n2) || res.n2[i] === r.n2);
    tally[r.class ?? 'unclassified'] = (tally[r.class ?? 'unclassified'] ?? 0) + 1;
    if (r.diagnostic === 'bpt') bpt++;
    if (r.diagnostic === 'whan') whan++;
  }
  for (const [k, v] of Object.entries(res.counts)) assert.equal(v, tally[k] ?? 0, k);
  assert.equal(res.considered, n);
  assert.deepEqual(res.diagnosticCounts, { bpt, whan, n2: 0, none: n - bpt - whan });
  assert.equal(res.diagnostic, bpt >= whan ? 'bpt' : 'whan');
  // Every class of the two diagrams and both diagnostics occur, and some spaxels stay unclassified; the N2-only class never.
  for (const c of SPAXEL_CLASS_NAMES.slice(1)) assert.equal((tally[c!] ?? 0) > 0, c !== 'not-sf', `class ${c} occurs`);
  assert.ok(res.counts.unclassified > 0 && bpt > 0 && whan > 0);
});

test('classifyMaps: mask, missing line maps, WHAN-only galaxies, errors', () => {
  const maps = randomMaps(200, 7);
  const mask = new Uint8Array(200);
  for (let i = 0; i < 200; i += 2) mask[i] = 1;
  const masked = classifyMaps(maps, { mask });
  assert.equal(masked.considered, 100);
  for (let i = 1; i < 200; i += 2) assert.equal(masked.classCode[i], 0);
  assert.equal(Object.values(masked.counts).reduce((a, b) => a + b, 0), 100);
  // Hβ and [O III] in the detector gap (maps absent): WHAN everywhere.
  const gap = classifyMaps({ ha: maps.ha, nii6584: maps.nii6584, ewHaAngstrom: maps.ewHaAngstrom });
  assert.equal(gap.diagnosticCounts.bpt, 0);
  assert.equal(gap.diagnostic, 'whan');
  assert.ok(gap.n2.some(Number.isFinite) && gap.o3.every(Number.isNaN));
  // Nothing classifiable.
  const empty = classifyMaps({ ha: { value: new Float64Array(5).fill(NaN), error: new Float64Array(5).fill(NaN) } });
  assert.equal(empty.diagnostic, null);
  assert.equal(empty.counts.unclassified, 5);
  assert.throws(() => classifyMaps({}));
  assert.throws(() => classifyMaps({ ha: maps.ha, hb: { value: new Float64Array(3), error: new Float64Array(3) } }));
  assert.throws(() => classifyMaps({ ha: { value: new Float64Array(3), error: new Float64Array(2) } }));
});

test('lineMeasurementsFromCubeFit reads `${line}_flux`/_flux_err and ha_ew/ha_ew_err, leaving absent lines out', () => {
  const a = new Float64Array([1, 2]);
  const b = new Float64Array([0.1, 0.2]);
  const got = lineMeasurementsFromCubeFit({ maps: { ha_flux: a, ha_flux_err: b, nii6584_flux: a, nii6584_flux_err: b, ha_ew: a, ha_ew_err: b, velocity: a } });
  assert.deepEqual(Object.keys(got).sort(), ['ewHaAngstrom', 'ha', 'nii6584']);
  assert.equal(got.ha!.value, a);
  assert.equal(got.ewHaAngstrom!.error, b);
});

test('compareClassifications counts the reference star-forming spaxels the other map also calls star-forming', () => {
  const { sf, agn, sagn } = SPAXEL_CLASS_CODES;
  // reference (e.g. WHAN):  sf  sf  sf   sf  sagn  0
  // other     (e.g. BPT):   sf  agn 0    sf  sf    sf   → 3 counted (the unclassified one is skipped), 2 agree
  const got = compareClassifications(new Uint8Array([sf, sf, sf, sf, sagn, 0]), new Uint8Array([sf, agn, 0, sf, sf, sf]));
  assert.deepEqual(got, { referenceSf: 3, bothSf: 2, fraction: 2 / 3 });
  assert.ok(Number.isNaN(compareClassifications([agn], [sf]).fraction));
  assert.throws(() => compareClassifications([sf], [sf, sf]), /length/);
});
