// Per-core speed of the emission-line fitter on the bench cube (bench/fit-cube.ts: simulated ID8365, seed 1):
// warm window fits per second in the main thread and with one worker, repeated; SHA-256 of every fitted map (the
// regression lock of a speed change); and the work per fit (LM iterations, model evaluations, exp calls, window
// widths, bytes allocated per spaxel).
//
// Usage: node --import tsx scripts/fit-speed.ts time [repeats]    fits/s, main thread and 1 worker, each repeat
//        node --import tsx scripts/fit-speed.ts hash [out.bin]    SHA-256 per map (and the maps as raw float64);
//                                                               FIT_SPEED_OPTIONS='{…}' adds fitCube options
//        node --max-semi-space-size=512 --import tsx scripts/fit-speed.ts count   work per fit
//        node --import tsx scripts/fit-speed.ts main [n]          n warm main-thread fits only (for --cpu-prof)
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { presetFor } from '../kernel-lib/src/simulate/presets';
import { simulateCube } from '../kernel-lib/src/simulate/simulate-cube';
import { writeSimulatedCube } from '../kernel-lib/src/simulate/write-cube';
import { readCube, type Cube } from '../kernel-lib/src/io/cube';
import { checkFitCubeInput, fitCube, fittingUnit } from '../kernel-lib/src/linemaps/fit-cube';
import { closeWorkerPool } from '../kernel-lib/src/linemaps/worker-pool';
import { instrumentFromSpec } from '../kernel-lib/src/linemaps/cube-fit-job';
import { createSpectrumFitter } from '../kernel-lib/src/spectra/fit-spectrum';
import { windowFits } from '../bench/fit-cube';

function benchCube(): Cube {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-speed-'));
  const file = path.join(dir, 'ID8365.fits');
  writeSimulatedCube(file, simulateCube(presetFor(process.env.FIT_SPEED_PRESET ?? 'ID8365').params, { seed: 1 }), { format: 'msa3d' }); // FIT_SPEED_PRESET: another preset
  const cube = readCube(file);
  fs.rmSync(dir, { recursive: true, force: true });
  return cube;
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function time(cube: Cube, repeats: number): Promise<void> {
  await fitCube(cube, { workers: 0, progress: 'none' });
  await fitCube(cube, { workers: 1, progress: 'none' });
  // wall-clock rate (fitCube's own seconds) and CPU-time rate (process CPU, all threads: on a shared machine the
  // CPU time is what one core spent, much less disturbed by other processes than the wall clock)
  const rates: Record<number, number[]> = { 0: [], 1: [] };
  const cpuRates: Record<number, number[]> = { 0: [], 1: [] };
  for (let r = 0; r < repeats; r++) {
    for (const workers of [0, 1]) {
      const cpu0 = process.cpuUsage();
      const fit = await fitCube(cube, { workers, progress: 'none' });
      const cpu = process.cpuUsage(cpu0);
      rates[workers].push(windowFits(fit) / fit.seconds);
      cpuRates[workers].push(windowFits(fit) / ((cpu.user + cpu.system) / 1e6));
    }
  }
  const show = (a: number[]) => `median ${median(a).toFixed(0)}, range ${Math.min(...a).toFixed(0)}–${Math.max(...a).toFixed(0)}`;
  for (const workers of [0, 1]) {
    console.log(`${workers === 0 ? 'main thread' : '1 worker   '}: wall ${show(rates[workers])} fits/s; per CPU second ${show(cpuRates[workers])} fits/s`);
  }
  await closeWorkerPool();
}

async function hash(cube: Cube, out: string | undefined): Promise<void> {
  // FIT_SPEED_OPTIONS: extra fitCube options as JSON, e.g. {"stellarAbsorption":"on","kinematics":"joint"}
  if (process.env.FIT_SPEED_HOLES) {
    // FIT_SPEED_HOLES=1: 3 % of the values NaN (a fixed pseudo-random pattern), so good pixels differ between spaxels
    let state = 12345;
    for (let i = 0; i < cube.flux.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      if (state / 2 ** 32 < 0.03) cube.flux[i] = NaN;
    }
  }
  const extra = JSON.parse(process.env.FIT_SPEED_OPTIONS ?? '{}') as Parameters<typeof fitCube>[1];
  const fit = await fitCube(cube, { ...extra, workers: 0, progress: 'none' });
  const all: Record<string, string> = {};
  for (const q of fit.quantities) {
    const m = fit.maps[q];
    all[q] = createHash('sha256').update(new Uint8Array(m.buffer, m.byteOffset, m.byteLength)).digest('hex').slice(0, 16);
  }
  const overall = createHash('sha256').update(JSON.stringify(all)).digest('hex');
  console.log(JSON.stringify({ overall, maps: all }, null, 1));
  if (out) {
    fs.writeFileSync(out + '.json', JSON.stringify(fit.quantities));
    const buf = new Float64Array(fit.quantities.length * fit.nx * fit.ny);
    fit.quantities.forEach((q, i) => buf.set(fit.maps[q], i * fit.nx * fit.ny));
    fs.writeFileSync(out, new Uint8Array(buf.buffer));
  }
}

function fitterAndData(cube: Cube) {
  const { provenance: _p, ...options } = checkFitCubeInput(cube, {});
  const fitter = createSpectrumFitter(cube.wavelengthAngstrom, { ...options, instrument: instrumentFromSpec(options.instrument) });
  const { factors, fluxUnit } = fittingUnit(cube); // as fitCube converts the cube
  const plane = cube.nx * cube.ny;
  const flux = Float64Array.from(cube.flux, (v, i) => v * factors[Math.floor(i / plane)]);
  const error = cube.error ? Float64Array.from(cube.error, (v, i) => v * factors[Math.floor(i / plane)]) : null;
  return { fitter, flux, error, scale: fluxUnit };
}

function count(cube: Cube): void {
  const { fitter, flux, error, scale } = fitterAndData(cube);
  const n = cube.nx * cube.ny;
  for (let s = 0; s < n; s++) fitter.fit(flux, error, cube.mask, s, n); // warm
  // allocations: heap growth over one pass with a young generation large enough that no scavenge runs
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let s = 0; s < n; s++) fitter.fit(flux, error, cube.mask, s, n);
  const bytes = (process.memoryUsage().heapUsed - before) / n;
  const realExp = Math.exp;
  let exps = 0;
  Math.exp = (x: number) => {
    exps++;
    return realExp(x);
  };
  const iters: Record<string, number[]> = {};
  const pixels: Record<string, number[]> = {};
  let windowFitsN = 0;
  for (let s = 0; s < n; s++) {
    const fit = fitter.fit(flux, error, cube.mask, s, n);
    for (const w of fit.windows) {
      if (!w.fitted) continue;
      windowFitsN++;
      (iters[w.name] ??= []).push(w.iterations);
      (pixels[w.name] ??= []).push(w.nPixels);
    }
  }
  Math.exp = realExp;
  console.log(`fitting unit ${scale}; ${n} spaxels, ${windowFitsN} window fits`);
  console.log(`exp calls per window fit: ${(exps / windowFitsN).toFixed(0)} (whole fit incl. start guesses)`);
  for (const name of Object.keys(iters)) {
    const it = iters[name];
    const px = pixels[name];
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    console.log(`window ${name}: LM trial steps mean ${mean(it).toFixed(2)}, median ${median(it)}, max ${Math.max(...it)}; good pixels mean ${mean(px).toFixed(1)}, range ${Math.min(...px)}–${Math.max(...px)}`);
  }
  console.log(`heap growth per spaxel (no GC): ${bytes.toFixed(0)} bytes`);
}

function main(cube: Cube, passes: number): void {
  const { fitter, flux, error } = fitterAndData(cube);
  const n = cube.nx * cube.ny;
  const t0 = process.hrtime.bigint();
  for (let p = 0; p < passes; p++) for (let s = 0; s < n; s++) fitter.fit(flux, error, cube.mask, s, n);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${passes} passes of ${n} spaxels in ${sec.toFixed(2)} s = ${((passes * n) / sec).toFixed(0)} spaxel fits/s`);
}

(async () => {
  const [mode, arg] = process.argv.slice(2);
  const cube = benchCube();
  if (mode === 'time') await time(cube, Number(arg ?? 5));
  else if (mode === 'hash') await hash(cube, arg);
  else if (mode === 'count') count(cube);
  else if (mode === 'main') main(cube, Number(arg ?? 10));
  else throw new Error('mode: time | hash | count | main');
})();
