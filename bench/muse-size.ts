// Benchmark: `msa3d fit CUBE --out MAPS --json TABLE` on a SIMULATED MUSE-size cube (300 × 300 × 3681, DATA + STAT
// float32, 2.65 GB; scripts/make-muse-cube.ts writes it plane by plane into a temp dir, deleted afterwards), in a child
// process: wall time, peak RSS (process.resourceUsage().maxRSS at exit, worker threads included), window fits per
// second, and 2 workers against 1. Skipped, saying why, when the temp dir or the memory is short.
//   MSA3D_BENCH_MUSE=0      skip it
//   MSA3D_BENCH_MUSE_2X=1   also a cube twice as large (600 × 300 × 3681, 5.3 GB), 2 workers
//   MSA3D_BENCH_MUSE_BEFORE=1 also the in-memory path (readCube + fitCube(cube), as msa3d fit was before streaming),
//                           for the before/after peak RSS (needs ~11 GB of free memory)
//   MSA3D_BENCH_MUSE_SIZE=NX,NY,NWAVE  another size (e.g. 150,150,3681 on a loaded machine)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeMuseCube, MUSE_REDSHIFT, LSF_FWHM_ANGSTROM } from '../scripts/make-muse-cube';
import { ratio } from './timing';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'kernel-lib', 'bin', 'msa3d.js');

interface ChildRun {
  seconds: number;
  peakMb: number;
  /** User + system CPU seconds of the child, all its threads (less sensitive than wall time to a loaded machine). */
  cpuSeconds: number;
  stdout: string;
}

/** Runs node with `args` in a child, returning its wall time and peak RSS (a preload writes maxRSS at exit). */
function runMeasured(dir: string, args: string[]): ChildRun {
  const preload = path.join(dir, 'report-rss.js');
  fs.writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.MSA3D_RSS_OUT, JSON.stringify(process.resourceUsage())));\n`);
  const rssOut = path.join(dir, 'rss.txt');
  fs.rmSync(rssOut, { force: true });
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--require', preload, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, MSA3D_RSS_OUT: rssOut }, maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.status !== 0) throw new Error(`child failed (${run.status}): ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  const usage = JSON.parse(fs.readFileSync(rssOut, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
  return { seconds, peakMb: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, stdout: run.stdout };
}

/** Fit seconds and reading seconds as `msa3d fit` reports them. */
function reported(stdout: string): { fitSeconds: number; readSeconds: number | null } {
  const fit = /in ([\d.]+) s with/.exec(stdout);
  const read = /([\d.]+) s of reading/.exec(stdout);
  return { fitSeconds: fit ? Number(fit[1]) : NaN, readSeconds: read ? Number(read[1]) : null };
}

/** Why the case cannot run here, or null. */
function shortOf(dir: string, cubeBytes: number, memoryBytes: number): string | null {
  const disk = fs.statfsSync(dir);
  const freeDisk = disk.bavail * disk.bsize;
  const need = cubeBytes * 1.15; // the cube plus its maps and JSON (~10 %)
  if (freeDisk < need) return `needs ${(need / 1e9).toFixed(1)} GB free in ${dir}, has ${(freeDisk / 1e9).toFixed(1)} GB`;
  if (os.freemem() < memoryBytes) return `needs ${(memoryBytes / 1e9).toFixed(1)} GB of free memory, has ${(os.freemem() / 1e9).toFixed(1)} GB`;
  return null;
}

function fitArgs(cube: string, dir: string, workers: number): string[] {
  return [BIN, 'fit', cube, '--z', String(MUSE_REDSHIFT), '--lsf-fwhm', String(LSF_FWHM_ANGSTROM), '--air', '--workers', String(workers),
    '--overwrite', '--out', path.join(dir, 'maps.fits'), '--json', path.join(dir, 'fit.json')];
}

/** One cube size: generate, fit with 1 and/or 2 workers (and the in-memory path on request), print, delete. */
function benchSize(label: string, nx: number, ny: number, nWave: number, workerCounts: number[], before: boolean): void {
  const cubeBytes = 2 * nx * ny * nWave * 4;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-muse-'));
  try {
    const short = shortOf(dir, cubeBytes, 2e9);
    if (short) {
      console.log(`fit-cube  ${label}: skipped (${short})`);
      return;
    }
    const cube = path.join(dir, 'muse.fits');
    let t0 = process.hrtime.bigint();
    const bytes = writeMuseCube(cube, { nx, ny, nWave, seed: 1 });
    console.log(`fit-cube  ${label}: SIMULATED MUSE-like cube ${nx} × ${ny} × ${nWave}, ${(bytes / 1e9).toFixed(2)} GB, written in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
    // every spaxel but the NaN column x = 0 has data in both windows (Hβ/[O III] and Hα/[N II]/[S II])
    const windowFits = 2 * (nx - 1) * ny;
    const startup = runMeasured(dir, [BIN, '--help']).seconds;
    const rates: Record<number, number> = {};
    for (const workers of workerCounts) {
      const run = runMeasured(dir, fitArgs(cube, dir, workers));
      const { fitSeconds, readSeconds } = reported(run.stdout);
      rates[workers] = windowFits / fitSeconds;
      console.log(`fit-cube  ${label}, msa3d fit --out --json, ${workers} worker(s): ${run.seconds.toFixed(1)} s wall ` +
        `(fit ${fitSeconds.toFixed(1)} s incl. ${readSeconds?.toFixed(1) ?? '?'} s reading overlapped, maps + JSON + start ${(run.seconds - fitSeconds).toFixed(1)} s, start alone ${startup.toFixed(1)} s), ` +
        `peak RSS ${run.peakMb.toFixed(0)} MB, ${windowFits} window fits = ${rates[workers].toFixed(0)} fits/s, ${run.cpuSeconds.toFixed(1)} CPU s (load average ${os.loadavg()[0]!.toFixed(1)})`);
    }
    if (rates[1] && rates[2]) console.log(`fit-cube  ${label}: 2 workers / 1 worker: ${ratio(rates[2], rates[1], 2)}`);
    if (before) {
      const short2 = shortOf(dir, 0, 4.2 * bytes);
      if (short2) console.log(`fit-cube  ${label}, in-memory path: skipped (${short2})`);
      else {
        const run = runMeasured(dir, ['--import', 'tsx', path.join(__dirname, 'fit-in-memory.ts'), cube, String(MUSE_REDSHIFT), String(LSF_FWHM_ANGSTROM), dir]);
        console.log(`fit-cube  ${label}, in-memory path (readCube + fitCube(cube) + maps + JSON.stringify, 2 workers): ${run.seconds.toFixed(1)} s wall, peak RSS ${run.peakMb.toFixed(0)} MB`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function runMuseSize(): void {
  if (process.env.MSA3D_BENCH_MUSE === '0') {
    console.log('fit-cube  MUSE-size: skipped (MSA3D_BENCH_MUSE=0)');
    return;
  }
  const size = (process.env.MSA3D_BENCH_MUSE_SIZE ?? '300,300,3681').split(',').map(Number);
  if (size.length !== 3 || !size.every((n) => Number.isInteger(n) && n > 1)) throw new Error(`MSA3D_BENCH_MUSE_SIZE must be NX,NY,NWAVE (got ${process.env.MSA3D_BENCH_MUSE_SIZE})`);
  const [nx, ny, nWave] = size as [number, number, number];
  const before = process.env.MSA3D_BENCH_MUSE_BEFORE === '1';
  benchSize('MUSE-size', nx, ny, nWave, [1, 2], before);
  if (process.env.MSA3D_BENCH_MUSE_2X === '1') benchSize('MUSE 2× size', 2 * nx, ny, nWave, [2], false);
}

if (require.main === module) runMuseSize();
