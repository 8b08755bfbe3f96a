// Injection–recovery of metallicity gradients over 69 seeded simulated galaxies: the 23 Table 1 galaxies with a linear
// profile and no clumps (ID4391's profile is broken, ID9424 has low-metallicity clumps), three noise seeds each, at the
// paper's noise level, analysed by the paper's chain (analyzeGalaxy defaults).
//
// What is asserted is what the chain achieves today, measured; the goal (bias < 0.1σ, pull σ 0.8–1.2) is not
// yet met: see the printed summary. Before [N II] stopped needing S/N > 3 to classify a spaxel and the simulator's
// ceiling moved off the WHAN boundary, the same test measured mean pull +0.95 and pull σ 1.98 — these bounds fail on that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recoverPresetGradient } from '../kernel-lib/src/analyze/preset-recovery';
import { presetIds } from '../kernel-lib/src/simulate/presets';

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));

test('gradients recovered from 69 simulated galaxies: bias and pull width', { timeout: 10 * 60_000 }, async () => {
  const ids = presetIds().filter((id) => id !== 'ID4391' && id !== 'ID9424');
  const vsInjected: number[] = [];
  const vsNoiseFree: number[] = [];
  const slopes: Array<[number, number]> = [];
  let failedFits = 0;
  for (const seed of [1, 2, 3]) {
    for (const id of ids) {
      const { row } = await recoverPresetGradient(id, seed, { fit: { workers: 1 } });
      if (!Number.isFinite(row.recoveredDexPerKpc)) { failedFits++; continue; }
      vsInjected.push(row.pullVsInjected);
      vsNoiseFree.push((row.recoveredDexPerKpc - row.noiseFreeDexPerKpc) / row.recoveredErrDexPerKpc);
      slopes.push([row.injectedDexPerKpc, row.recoveredDexPerKpc]);
    }
  }
  const n = vsInjected.length;
  console.log(`# recovery: ${n} gradients (${failedFits} galaxies with < 20 usable spaxels)`);
  console.log(`# pull vs injected:   mean ${mean(vsInjected).toFixed(3)} ± ${(1 / Math.sqrt(n)).toFixed(3)}, σ ${sd(vsInjected).toFixed(3)}`);
  console.log(`# pull vs noise-free: mean ${mean(vsNoiseFree).toFixed(3)}, σ ${sd(vsNoiseFree).toFixed(3)}`);
  assert.ok(n >= 60, `only ${n} gradients recovered`);
  assert.ok(Math.abs(mean(vsInjected)) < 0.6, `mean pull vs injected ${mean(vsInjected).toFixed(3)}`);
  assert.ok(sd(vsInjected) > 0.8 && sd(vsInjected) < 1.5, `pull σ vs injected ${sd(vsInjected).toFixed(3)}`);
  // printed, not asserted: the least-squares slope of recovered on injected (measured 0.70, pulled down by the faint
  // galaxies whose edge spaxels steepen their gradients: see 04-sample-gradients)
  const mx = mean(slopes.map((s) => s[0]));
  const my = mean(slopes.map((s) => s[1]));
  let sxy = 0, sxx = 0;
  for (const [x, y] of slopes) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; }
  console.log(`# recovered vs injected: slope ${(sxy / sxx).toFixed(3)}`);
});
