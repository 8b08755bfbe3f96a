// Injection–recovery of metallicity gradients over 138 seeded simulated galaxies: the 23 Table 1 galaxies with a
// linear profile and no clumps (ID4391's profile is broken, ID9424 has low-metallicity clumps) × rounds 1–6, each
// galaxy its own noise draw (independentNoiseSeed), at the paper's noise level, analysed by the paper's chain with
// each of analyzeGalaxy's two gradient fits.
//
// Two truths: the injected slope, and the same fit (same spaxels, same weights) on the noise-free cube. The second
// isolates what the noise does to the measurement (bias, error calibration); noise-free − injected is the resolution
// element's flattening, an instrument effect. Measured (pull mean ± its standard error, width):
//   intrinsic-scatter fit:  vs noise-free +0.037 ± 0.085, 1.143   vs injected +0.342, 1.512
//   OLS (the default):      vs noise-free −0.635 ± 0.085, 1.086   vs injected −0.544, 1.115
// Until 2026-12-06 this test ran rounds 1–3 with one noise seed per round for all 23 galaxies, so every galaxy of a
// round had the same standardised noise cube (same shape and wavelength grid) and the 69 draws were far from
// independent; it measured −0.06, 1.18 and −0.52, 1.15 against the noise-free fit. On rounds 1–3 alone with
// independent draws: −0.072, 1.227 and −0.708, 1.096 — the reason for the 138.
// The goal (bias < 0.1σ, width 0.8–1.2) is asserted where it holds: the weighted fit against the noise-free
// truth. The OLS fit (the paper's) is biased by the faint [N II] of the outer spaxels — the forward model
// (test/forward-gradient.test.ts) is the remedy — and its bounds below describe what it does: they are not targets.
// With [N II] needing S/N > 3 to classify a spaxel (our earlier default) it measured +0.95, 1.98 against the injected
// slope and fails them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { independentNoiseSeed, reanalyzeRecovery, recoverPresetGradient, type PresetRecoveryRow } from '../kernel-lib/src/recovery/preset-recovery';
import { presetIds } from '../kernel-lib/src/simulate/presets';

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));

type Weighting = 'none' | 'intrinsic-scatter';

// Each of the 138 cubes is simulated and line-fitted once; both gradient fits are made from that one line fit.
let rowsCache: Promise<Record<Weighting, PresetRecoveryRow[]>> | null = null;
function recoveredRows(): Promise<Record<Weighting, PresetRecoveryRow[]>> {
  rowsCache ??= (async () => {
    const ids = presetIds().filter((id) => id !== 'ID4391' && id !== 'ID9424');
    const rows: Record<Weighting, PresetRecoveryRow[]> = { none: [], 'intrinsic-scatter': [] };
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const id of ids) {
        const ols = await recoverPresetGradient(id, { seed: independentNoiseSeed(seed, id), meta: { gradientWeighting: 'none', fit: { workers: 1 } } });
        rows.none.push(ols.row);
        rows['intrinsic-scatter'].push((await reanalyzeRecovery(ols, { gradientWeighting: 'intrinsic-scatter' })).row);
      }
    }
    return rows;
  })();
  return rowsCache;
}

async function pulls(weighting: Weighting) {
  const vsInjected: number[] = [];
  const vsNoiseFree: number[] = [];
  for (const row of (await recoveredRows())[weighting]) {
    if (!Number.isFinite(row.recoveredDexPerKpc)) continue;
    vsInjected.push(row.pullVsInjected);
    vsNoiseFree.push((row.recoveredDexPerKpc - row.noiseFreeDexPerKpc) / row.recoveredErrDexPerKpc);
  }
  const n = vsInjected.length;
  console.log(`# ${weighting}: ${n} gradients; pull vs noise-free fit: mean ${mean(vsNoiseFree).toFixed(3)} ± ${(1 / Math.sqrt(n)).toFixed(3)}, σ ${sd(vsNoiseFree).toFixed(3)}; vs injected: mean ${mean(vsInjected).toFixed(3)}, σ ${sd(vsInjected).toFixed(3)}`);
  return { n, vsInjected, vsNoiseFree };
}

test('intrinsic-scatter gradient fit over 138 simulated galaxies: bias < 0.1σ and pull σ 0.8–1.2 against the noise-free fit', { timeout: 20 * 60_000 }, async () => {
  const { n, vsNoiseFree } = await pulls('intrinsic-scatter');
  assert.ok(n >= 120, `only ${n} gradients recovered`);
  assert.ok(Math.abs(mean(vsNoiseFree)) < 0.1, `mean pull ${mean(vsNoiseFree).toFixed(3)}`);
  assert.ok(sd(vsNoiseFree) > 0.8 && sd(vsNoiseFree) < 1.2, `pull σ ${sd(vsNoiseFree).toFixed(3)}`);
});

test('OLS gradient fit (the default, the paper\'s) over 138 simulated galaxies: bias within 0.8σ (low: steeper), pull σ below 1.4', { timeout: 20 * 60_000 }, async () => {
  const { n, vsInjected, vsNoiseFree } = await pulls('none');
  assert.ok(n >= 120, `only ${n} gradients recovered`);
  assert.ok(Math.abs(mean(vsInjected)) < 0.8 && Math.abs(mean(vsNoiseFree)) < 0.8, `mean pulls ${mean(vsInjected).toFixed(3)}, ${mean(vsNoiseFree).toFixed(3)}`);
  assert.ok(sd(vsInjected) > 0.8 && sd(vsInjected) < 1.4, `pull σ vs injected ${sd(vsInjected).toFixed(3)}`);
});
