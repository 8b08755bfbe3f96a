// Our fluxes against published ones on REAL data (data/sami-dr3-sectors: SAMI DR3 sector bins vs the survey's LZIFU
// fits; data/sdss: one SDSS spectrum vs the pipeline's SPZLINE), with the default stellarAbsorption 'auto' and with
// 'off'. Nothing in the fitter was tuned to these files. Hard assertions: the comparison runs on every bin, and the
// stellar absorption moves Hβ toward the published value (the bias it exists to remove). The targets (median
// ours/published within 5 % for Hα, [N II], [S II] and 10 % for Hβ, [O III] on SAMI; 7 % on SDSS): those that hold
// (HOLDING) are hard assertions; the others are TODO tests that run and print the measured ratio.
// Measured (auto, local continua, lineWidths 'auto', Hα's trough width from Hβ's where one fit has both; Dec 2026):
// 209807 Hα 0.863, [N II] 1.002, [S II] 0.984, Hβ 0.815, [O III] 0.844; 572402 0.951, 0.992, 0.976, 0.900 (0.8999),
// 0.904; SDSS 0.972, 1.021, 0.888, 0.918, 0.897 (its likelihood-ratio test keeps one width). Session 5's (shared
// widths, Hα trough on its own): 209807 0.890, 0.960, 0.917, 0.815, 0.836; 572402 0.951, 0.987, 0.970, 0.910, 0.881;
// SDSS 0.799, 1.009, 0.865, 0.876, 0.883.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSamiGalaxy, compareSdss, COMPARED_LINES } from './helpers/real-fluxes';
import { SAMI_SECTOR_GALAXIES } from './helpers/real-data';

/** The targets that hold today: asserted, so a change that breaks one fails. */
const HOLDING = new Set(['209807 [N II]', '209807 [S II]', '572402 Hα', '572402 [N II]', '572402 [S II]', '572402 [O III]', 'SDSS Hα', 'SDSS [N II]']);
const TARGET: Record<string, number> = { 'Hα': 0.05, '[N II]': 0.05, '[S II]': 0.05, 'Hβ': 0.1, '[O III]': 0.1 };
const SDSS_TARGET = 0.07;
const fmt = (r: Readonly<Record<string, number>>) => COMPARED_LINES.map((k) => `${k} ${r[k].toFixed(3)}`).join(', ');
/** The selected bins' median Hβ ratio grouped by the width of their Hβ trough (a diagnostic of the known Hβ miss). */
function hbByTroughWidth(c: ReturnType<typeof compareSamiGalaxy>): string {
  const ratio = new Map(c.lineRows.filter((r) => r.selected && r.line === 'Hβ').map((r) => [r.id, r.ratio]));
  const groups = new Map<string, number[]>();
  for (const f of c.fits) {
    const r = ratio.get(f.bin);
    if (r === undefined) continue;
    const w = f.blue.windows[0].stellarAbsorption.find((a) => a.line === 'hb')?.fwhmRestAngstrom ?? NaN;
    const key = Number.isFinite(w) ? String(w) : 'none';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];
  return [...groups.entries()].sort((a, b) => (Number(a[0]) || Infinity) - (Number(b[0]) || Infinity)).map(([k, v]) => `${k}: ${median(v).toFixed(3)} (${v.length} bins)`).join(', ');
}

for (const id of SAMI_SECTOR_GALAXIES) {
  const auto = compareSamiGalaxy(id);
  const off = compareSamiGalaxy(id, { stellarAbsorption: 'off' });
  const single = compareSamiGalaxy(id, { localContinua: false });
  const shared = compareSamiGalaxy(id, { lineWidths: 'shared' });

  test(`SAMI ${id}: every bin fitted; the stellar absorption moves Hβ toward LZIFU`, (t) => {
    t.diagnostic(`auto (${auto.nSelected} bins, ${auto.selection}): ${fmt(auto.medians)}`);
    t.diagnostic(`off: ${fmt(off.medians)}`);
    t.diagnostic(`auto with one continuum per window (localContinua false): ${fmt(single.medians)}`);
    t.diagnostic(`auto, median Hβ ratio by the Hβ trough width chosen (rest Å): ${hbByTroughWidth(auto)}`);
    t.diagnostic(`auto with one width for all lines (lineWidths 'shared'): ${fmt(shared.medians)}`);
    assert.ok(auto.nSelected >= 20, `bins with published Hα S/N > 10: ${auto.nSelected}`);
    for (const k of COMPARED_LINES) assert.ok(Number.isFinite(auto.medians[k]), `${k} median`);
    assert.ok(Math.abs(auto.medians['Hβ'] - 1) < Math.abs(off.medians['Hβ'] - 1) - 0.1, `Hβ: auto ${auto.medians['Hβ']} vs off ${off.medians['Hβ']}`);
    // the troughs are only under Balmer lines: at one width, [N II] and [S II] move only through the widened window's
    // continuum, < 5 % (with lineWidths 'auto' they also move through their own width)
    for (const k of ['[N II]', '[S II]']) assert.ok(Math.abs(shared.medians[k] / off.medians[k] - 1) < 0.05, `${k}: ${shared.medians[k]} vs ${off.medians[k]}`);
  });

  for (const k of COMPARED_LINES) {
    const holding = HOLDING.has(`${id} ${k}`);
    test(`SAMI ${id} target: median ${k} ours/LZIFU within ${TARGET[k] * 100} %`, { todo: holding ? false : `measured ${auto.medians[k].toFixed(4)}` }, () => {
      assert.ok(Math.abs(auto.medians[k] - 1) <= TARGET[k], `${k}: ${auto.medians[k]}`);
    });
  }
}

const sdssAuto = compareSdss();
const sdssOff = compareSdss({ stellarAbsorption: 'off' });
const sdssSingle = compareSdss({ localContinua: false });
const sdssShared = compareSdss({ lineWidths: 'shared' });
test('SDSS spec-0352-51694-0030: fitted; the stellar absorption moves Hβ toward SPZLINE', (t) => {
  t.diagnostic(`auto: ${fmt(sdssAuto.ratios)}`);
  t.diagnostic(`off: ${fmt(sdssOff.ratios)}`);
  t.diagnostic(`auto with one continuum per window (localContinua false): ${fmt(sdssSingle.ratios)}`);
  t.diagnostic(`auto with one width for all lines (lineWidths 'shared'): ${fmt(sdssShared.ratios)}`);
  for (const d of sdssAuto.lineDetails) {
    t.diagnostic(`${d.line}: continuum ours ${d.oursContinuum.toFixed(2)} vs SPZLINE ${d.publishedContinuum.toFixed(2)}; σ_obs ours ${d.oursSigmaObservedKms.toFixed(1)} vs SPZLINE ${d.publishedSigmaKms.toFixed(1)} km/s`);
  }
  assert.ok(sdssAuto.fit.windows.every((w) => w.fitted));
  assert.ok(Math.abs(sdssAuto.ratios['Hβ'] - 1) < Math.abs(sdssOff.ratios['Hβ'] - 1), `Hβ: auto ${sdssAuto.ratios['Hβ']} vs off ${sdssOff.ratios['Hβ']}`);
});
for (const k of COMPARED_LINES) {
  const holding = HOLDING.has(`SDSS ${k}`);
  test(`SDSS target: ${k} ours/SPZLINE within 7 %`, { todo: holding ? false : `measured ${sdssAuto.ratios[k].toFixed(4)}` }, () => {
    assert.ok(Math.abs(sdssAuto.ratios[k] - 1) <= SDSS_TARGET, `${k}: ${sdssAuto.ratios[k]}`);
  });
}
