// Profile of the spectrum fitter on a SIMULATED MUSE-like cube (scripts/make-muse-cube.ts), for the speed work of
// issue 13 item 2: Levenberg–Marquardt iterations per window fit, Math.exp calls per window fit, window widths in
// channels, time per window fit in one thread, and the time split of a chunked read. Not part of `npm run bench`.
//   node --import tsx bench/profile-fit.ts [CUBE.fits [--z Z] [--lsf-fwhm A]] [--rows Y0,Y1]
// Without a cube it writes a 100 × 100 × 3681 MUSE-like one (same galaxy, scaled) into a temp dir and profiles every
// row; with one, the redshift is the header's and the LSF NIRSpec G140H's unless given (e.g. bench/fit-cube's ID8365).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCubeReader } from '../kernel-lib/src/io/cube';
import { fittingUnit, resolveFitterOptions } from '../kernel-lib/src/linemaps/fit-cube';
import { instrumentFromSpec } from '../kernel-lib/src/linemaps/cube-fit-job';
import { createSpectrumFitter } from '../kernel-lib/src/spectra/fit-spectrum';
import type { SpectrumFit } from '../kernel-lib/src/spectra/fit-results';
import { writeMuseCube, MUSE_REDSHIFT, LSF_FWHM_ANGSTROM } from '../scripts/make-muse-cube';

function quantiles(values: number[]): string {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))]!;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return `mean ${mean.toFixed(1)}, median ${q(0.5)}, 90 % ${q(0.9)}, max ${v[v.length - 1]}`;
}

function main(): void {
  const args = process.argv.slice(2);
  const rowsAt = args.indexOf('--rows');
  const rowsArg = rowsAt >= 0 ? args.splice(rowsAt, 2)[1]!.split(',').map(Number) : null;
  const take = (flag: string): number | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
  };
  const zArg = take('--z');
  const lsfArg = take('--lsf-fwhm');
  const generated = !args[0];
  let cubePath = args[0];
  let dir: string | null = null;
  if (!cubePath) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-profile-'));
    cubePath = path.join(dir, 'muse-100.fits');
    writeMuseCube(cubePath, { nx: 100, ny: 100, nWave: 3681, seed: 1 });
  }
  try {
    const reader = openCubeReader(cubePath);
    const info = reader.info;
    const [y0, y1] = rowsArg ?? [0, info.ny];
    let t0 = process.hrtime.bigint();
    const cube = reader.readRows(y0!, y1!);
    const readSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    reader.close();
    const options = generated
      ? { redshift: MUSE_REDSHIFT, instrument: { fwhmAngstrom: LSF_FWHM_ANGSTROM }, medium: 'air' as const }
      : { redshift: zArg, instrument: lsfArg === undefined ? ('nirspec-g140h' as const) : { fwhmAngstrom: lsfArg } };
    const resolved = resolveFitterOptions(info, options);
    const { factors } = fittingUnit(info);
    const plane = cube.nx * cube.ny;
    const flux = new Float64Array(cube.flux.length);
    const error = new Float64Array(cube.flux.length);
    t0 = process.hrtime.bigint();
    for (let k = 0; k < cube.nWave; k++) {
      for (let i = k * plane; i < (k + 1) * plane; i++) {
        flux[i] = cube.flux[i]! * factors[k]!;
        if (cube.error) error[i] = cube.error[i]! * factors[k]!;
      }
    }
    const convertSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const fitter = createSpectrumFitter(Float64Array.from(info.wavelengthAngstrom), { ...resolved, instrument: instrumentFromSpec(resolved.instrument) });
    const fitAll = (): SpectrumFit[] => {
      const fits: SpectrumFit[] = [];
      for (let s = 0; s < plane; s++) fits.push(fitter.fit(flux, cube.error ? error : null, cube.mask, s, plane));
      return fits;
    };
    fitAll(); // JIT warm-up
    t0 = process.hrtime.bigint();
    const fits = fitAll();
    const fitSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // Math.exp calls: counted on a second pass with Math.exp wrapped (the fitter's gaussianProfile calls Math.exp)
    const realExp = Math.exp;
    let expCalls = 0;
    Math.exp = (x: number) => {
      expCalls++;
      return realExp(x);
    };
    try {
      fitAll();
    } finally {
      Math.exp = realExp;
    }
    const iterations: number[] = [];
    const widths: Record<string, number[]> = {};
    let windowFits = 0;
    for (const fit of fits) {
      for (const w of fit.windows) {
        if (!(w.nPixels > 0) || w.stop === 'not-fitted') continue;
        windowFits++;
        iterations.push(w.iterations);
        (widths[w.name] ??= []).push(w.nPixels);
      }
    }
    const stops: Record<string, number> = {};
    for (const fit of fits) for (const w of fit.windows) stops[w.stop] = (stops[w.stop] ?? 0) + 1;
    console.log(`profile  cube ${cubePath} rows ${y0}..${y1} (${plane} spaxels × ${cube.nWave} channels), 1 thread, warm`);
    console.log(`profile  read ${readSeconds.toFixed(2)} s (${((cube.flux.length * 8) / readSeconds / 1e6).toFixed(0)} MB/s of DATA+STAT), unit conversion to float64 ${convertSeconds.toFixed(2)} s`);
    console.log(`profile  fit ${fitSeconds.toFixed(2)} s for ${windowFits} window fits = ${(windowFits / fitSeconds).toFixed(0)} window fits/s, ${((fitSeconds / windowFits) * 1e6).toFixed(0)} µs each`);
    console.log(`profile  LM iterations per window fit: ${quantiles(iterations)}`);
    console.log(`profile  Math.exp calls per window fit: ${(expCalls / windowFits).toFixed(0)} (per iteration ${(expCalls / iterations.reduce((a, b) => a + b, 0)).toFixed(0)})`);
    for (const [name, w] of Object.entries(widths)) console.log(`profile  window ${name}: ${quantiles(w)} good channels`);
    console.log(`profile  LM stops: ${Object.entries(stops).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
