// `msa3d batch`: two shards over four SIMULATED cubes analyse each cube once and a rerun skips them; a batch killed
// with SIGKILL in the middle of a cube resumes with every cube done once and no partial file; bad manifests stop before
// any work with one line; the sbatch script runs as a job array on a real single-node Slurm (skipped where it cannot).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { simulateCube } from '../kernel-lib/src/simulate/simulate-cube';
import { writeSimulatedCube } from '../kernel-lib/src/simulate/write-cube';
import { parseCsv, cubeName, readManifest } from '../kernel-lib/src/batch/manifest';
import { MANIFEST_OPTIONS } from '../kernel-lib/src/cli/batch-command';
import { parseShard, shardRows } from '../kernel-lib/src/batch/shard';
import { isAtomicTempName, writeFileAtomic } from '../kernel-lib/src/io/atomic-write';
import { InputError } from '../kernel-lib/src/errors/input-error';
import { startSlurm } from './helpers/slurm';

const BIN = path.join(__dirname, '..', 'kernel-lib', 'bin', 'msa3d.js');
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-batch-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

/** Four small SIMULATED cubes (11 × 11 spaxels, the G140H grid, z = 1.3, gradients −0.01 … −0.04 dex/kpc). */
const CUBES = ['g1', 'g2', 'g3', 'g4'];
fs.mkdirSync(path.join(ROOT, 'cubes'));
CUBES.forEach((name, i) => {
  const sim = simulateCube({
    redshift: 1.3, nx: 11, ny: 11, centreXPix: 5, centreYPix: 5, oversampling: 1,
    halpha: { kind: 'total-flux', fluxErg: 1e-15 }, metallicity: { kind: 'linear', centralOh: 8.5, gradientDexPerKpc: -0.01 * (i + 1) },
  }, { seed: 11 + i });
  writeSimulatedCube(path.join(ROOT, 'cubes', `${name}.fits`), sim, { format: 'msa3d' });
});
/** Relative cube paths (resolved against the manifest's folder), an empty z (from the header), two optional columns. */
const MANIFEST_TEXT = [
  'cube,z,pa,ba,re,weighting',
  'cubes/g1.fits,,30,0.6,3,none',
  'cubes/g2.fits,1.3,30,0.6,3,',
  '# a comment line',
  'cubes/g3.fits,1.3,30,0.6,,intrinsic-scatter',
  '"cubes/g4.fits",1.3,30,0.6,3,none',
  '',
].join('\n');
const MANIFEST = path.join(ROOT, 'manifest.csv');
fs.writeFileSync(MANIFEST, MANIFEST_TEXT);

interface Run { status: number | null; stdout: string; stderr: string }

function batchSync(...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, 'batch', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function batchAsync(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'batch', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Cube names with the given outcome in a run's progress lines (`… [i/N] name: done in 0.7 s`). */
function progress(stderr: string, outcome: 'done' | 'failed' | 'skipped'): string[] {
  return [...stderr.matchAll(new RegExp(`\\[\\s*\\d+/\\d+\\] (\\S+): ${outcome}\\b`, 'g'))].map((m) => m[1]);
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function readSummary(outDir: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(outDir, 'summary.csv'), 'utf8'), 'summary.csv');
  return rows.map((r) => Object.fromEntries(header.cells.map((c, i) => [c, r.cells[i]])));
}

/** Every file under a folder, relative to it. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath ?? (e as any).path, e.name))).sort();
}

/** The products of four complete cubes and summary.csv, nothing else (no temporary or partial file). */
function assertCompleteProducts(outDir: string, extra: string[] = []): void {
  const expected = [...CUBES.flatMap((c) => [`${c}/analysis.json`, `${c}/analyze.log`, `${c}/status.json`]), 'summary.csv', ...extra].sort();
  const files = listFiles(outDir);
  assert.deepEqual(files.filter((f) => isAtomicTempName(path.basename(f))), [], 'temporary files left');
  assert.deepEqual(files, expected);
}

/** summary.csv: one row per cube in manifest order, every number the one in that cube's analysis.json. */
function assertSummaryMatchesProducts(outDir: string): void {
  const rows = readSummary(outDir);
  assert.deepEqual(rows.map((r) => r.cube), CUBES);
  for (const row of rows) {
    assert.equal(row.status, 'done', `${row.cube}: ${row.reason}`);
    const analysis = readJson(path.join(outDir, row.cube, 'analysis.json'));
    assert.ok(analysis.gradient, `${row.cube} has a gradient`);
    assert.equal(Number(row.gradient_dex_per_kpc), analysis.gradient.slope);
    assert.equal(Number(row.gradient_err_dex_per_kpc), analysis.gradient.slope_err);
    assert.equal(Number(row.n_spaxels), analysis.gradient.n_spaxels);
  }
}

test('two shards over four cubes analyse each cube once, a rerun skips them, summary.csv has the four rows', async () => {
  const out = path.join(ROOT, 'out-shards');
  const [one, two] = await Promise.all([batchAsync(MANIFEST, '--out', out, '--shard', '1/2', '--workers', '1'), batchAsync(MANIFEST, '--out', out, '--shard', '2/2', '--workers', '1')]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  // Shard I of N takes rows i with i mod N = I − 1: a fixed, disjoint share.
  assert.deepEqual(progress(one.stderr, 'done'), ['g1', 'g3']);
  assert.deepEqual(progress(two.stderr, 'done'), ['g2', 'g4']);
  assert.match(one.stderr, /^shard 1\/2 \[1\/2\] g1: done in \d+\.\d s$/m);
  const statuses = CUBES.map((c) => fs.readFileSync(path.join(out, c, 'status.json'), 'utf8'));
  const mtimes = CUBES.map((c) => fs.statSync(path.join(out, c, 'analysis.json')).mtimeMs);
  for (const [i, c] of CUBES.entries()) {
    const s = JSON.parse(statuses[i]);
    assert.equal(s.status, 'done');
    assert.equal(s.cube_path, path.join(ROOT, 'cubes', `${c}.fits`), 'relative to the manifest');
  }
  assert.deepEqual(readJson(path.join(out, 'g1', 'status.json')).analyze_args, ['--pa=30', '--ba=0.6', '--re=3', '--weighting=none']);
  assert.equal(readJson(path.join(out, 'g1', 'analysis.json')).redshift, 1.3, 'an empty z cell: the redshift from the header');

  const again = [batchSync(MANIFEST, '--out', out, '--shard', '1/2'), batchSync(MANIFEST, '--out', out, '--shard', '2/2')];
  for (const r of again) {
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(progress(r.stderr, 'done'), []);
    assert.equal(progress(r.stderr, 'skipped').length, 2);
    assert.match(r.stdout, /0 analysed, 2 already complete, 0 failed; .*summary\.csv: 4 of 4 cubes finished/);
  }
  assert.deepEqual(CUBES.map((c) => fs.readFileSync(path.join(out, c, 'status.json'), 'utf8')), statuses, 'status files untouched');
  assert.deepEqual(CUBES.map((c) => fs.statSync(path.join(out, c, 'analysis.json')).mtimeMs), mtimes, 'products untouched');
  assertCompleteProducts(out);
  assertSummaryMatchesProducts(out);

  // A changed manifest row is not the finished run: that cube (only) runs again.
  const changed = path.join(ROOT, 'manifest-changed.csv');
  fs.writeFileSync(changed, MANIFEST_TEXT.replace('"cubes/g4.fits",1.3,30,0.6,3,none', 'cubes/g4.fits,1.3,30,0.6,2.5,none'));
  const rerun = batchSync(changed, '--out', out, '--shard', '2/2');
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.deepEqual([progress(rerun.stderr, 'skipped'), progress(rerun.stderr, 'done')], [['g2'], ['g4']]);
  assert.deepEqual(readJson(path.join(out, 'g4', 'status.json')).analyze_args, ['--z=1.3', '--pa=30', '--ba=0.6', '--re=2.5', '--weighting=none']);
});

/** Processes whose command line holds every word (Linux /proc). */
function processesWith(...words: string[]): number[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      return words.every((w) => cmd.includes(w)) ? [Number(d)] : [];
    } catch {
      return [];
    }
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('SIGKILL in the middle of a cube: the rerun completes it, every cube is analysed once, no partial file is left', { skip: !fs.existsSync('/proc/self/cmdline') && 'needs Linux /proc to find the analyze child' }, async () => {
  const out = path.join(ROOT, 'out-kill');
  const batch = spawn(process.execPath, [BIN, 'batch', MANIFEST, '--out', out, '--workers', '1'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  batch.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => batch.on('close', (code, signal) => resolve({ code, signal })));
  const g2 = path.join(ROOT, 'cubes', 'g2.fits');
  let analyzePid: number | undefined;
  for (let waited = 0; waited < 60_000 && analyzePid === undefined; waited += 20) {
    if (progress(stderr, 'done').includes('g1')) analyzePid = processesWith('analyze', g2)[0];
    await sleep(20);
  }
  assert.ok(analyzePid, `no analyze process for g2 appeared; batch stderr: ${stderr}`);
  await sleep(150);
  process.kill(-batch.pid!, 'SIGKILL'); // the whole process group: the batch and its analyze child, as a node failure would
  assert.equal((await closed).signal, 'SIGKILL');
  for (let waited = 0; processesWith('analyze', g2).length > 0 && waited < 5000; waited += 50) await sleep(50);
  assert.deepEqual(processesWith('analyze', g2), [], 'the analyze child died with its group');
  const firstDone = progress(stderr, 'done');
  assert.deepEqual(firstDone, ['g1']);
  assert.equal(fs.existsSync(path.join(out, 'g2', 'status.json')), false, 'g2 was killed before it finished');
  assert.equal(fs.existsSync(path.join(out, 'summary.csv')), false);
  // What a kill between a write and its rename leaves (the moment is too short to hit on purpose): the rerun removes it.
  fs.mkdirSync(path.join(out, 'g2'), { recursive: true });
  fs.writeFileSync(path.join(out, 'g2', '.analysis.json.tmp-99999-0badc0de'), '{"gradi');

  const rerun = await batchAsync(MANIFEST, '--out', out, '--workers', '1');
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.deepEqual(progress(rerun.stderr, 'skipped'), ['g1']);
  const secondDone = progress(rerun.stderr, 'done');
  assert.deepEqual([...firstDone, ...secondDone].sort(), CUBES, 'every cube analysed to the end exactly once');
  assertCompleteProducts(out);
  assertSummaryMatchesProducts(out);
});

test('SIGTERM to the batch alone stops its analyze child too; the cube stays pending (exit 143)', { skip: !fs.existsSync('/proc/self/cmdline') && 'needs Linux /proc to find the analyze child' }, async () => {
  const manifest = path.join(ROOT, 'two.csv');
  fs.writeFileSync(manifest, 'cube,z,pa,ba\ncubes/g1.fits,1.3,30,0.6\ncubes/g2.fits,1.3,30,0.6\n');
  const out = path.join(ROOT, 'out-term');
  const batch = spawn(process.execPath, [BIN, 'batch', manifest, '--out', out, '--workers', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  batch.stderr.on('data', (d) => (stderr += d));
  batch.stdout.on('data', (d) => (stdout += d));
  const closed = new Promise<number | null>((resolve) => batch.on('close', (code) => resolve(code)));
  const g1 = path.join(ROOT, 'cubes', 'g1.fits');
  for (let waited = 0; waited < 60_000 && processesWith('analyze', g1).length === 0; waited += 20) await sleep(20);
  assert.ok(processesWith('analyze', g1).length > 0, `no analyze process for g1 appeared; batch stderr: ${stderr}`);
  batch.kill('SIGTERM');
  assert.equal(await closed, 143, stderr);
  assert.deepEqual(processesWith('analyze', g1), [], 'the analyze child was stopped with the batch');
  assert.match(stderr, /\[1\/2\] g1: stopped \(pending\)/);
  assert.match(stdout, /stopped by SIGTERM; run the same command again to go on/);
  assert.equal(fs.existsSync(path.join(out, 'g1', 'status.json')), false);
  assert.deepEqual(readSummary(out).map((r) => [r.cube, r.status]), [['g1', 'pending'], ['g2', 'pending']]);
});

test('bad manifests and options stop before any work with one line (exit 2)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty.csv', '', /the manifest is empty/],
    ['header-only.csv', 'cube,z,pa,ba\n', /the manifest has a header but no cube rows/],
    ['no-ba.csv', 'cube,z,pa\ncubes/g1.fits,1.3,30\n', /missing column ba/],
    ['unknown.csv', 'cube,z,pa,ba,colour\ncubes/g1.fits,1.3,30,0.6,red\n', /unknown column 'colour'/],
    ['json-column.csv', 'cube,z,pa,ba,json\ncubes/g1.fits,1.3,30,0.6,x.json\n', /unknown column 'json'/],
    ['twice.csv', 'cube,z,pa,ba,pa\ncubes/g1.fits,1.3,30,0.6,40\n', /column 'pa' appears twice/],
    ['duplicate.csv', 'cube,z,pa,ba\ncubes/g1.fits,1.3,30,0.6\ncubes/../cubes/g1.fits,1.3,40,0.5\n', /line 3: cube name 'g1' repeats line 2/],
    ['cells.csv', 'cube,z,pa,ba\ncubes/g1.fits,1.3,30\n', /line 2: 3 cells for 4 columns/],
    ['no-pa.csv', 'cube,z,pa,ba\ncubes/g1.fits,1.3,,0.6\n', /line 2: empty 'pa'/],
    ['missing-cube.csv', 'cube,z,pa,ba\ncubes/g1.fits,1.3,30,0.6\ncubes/nope.fits,1.3,30,0.6\n', /line 3: cube .*nope\.fits not found/],
    ['switch.csv', 'cube,z,pa,ba,air\ncubes/g1.fits,1.3,30,0.6,maybe\n', /line 2: column 'air' is a switch \(true\/false\), got 'maybe'/],
    ['quote.csv', 'cube,z,pa,ba\n"cubes/g1.fits,1.3,30,0.6\n', /line 2: a quoted field is not closed/],
  ];
  for (const [name, text, message] of cases) {
    fs.writeFileSync(path.join(ROOT, name), text);
    assert.throws(() => readManifest(path.join(ROOT, name), MANIFEST_OPTIONS), (e: Error) => e instanceof InputError && new RegExp(`^${name.replace('.', '\\.')}: ${message.source}`).test(e.message), name);
  }
  // Through the command line (three of them, to keep the test short): exit 2, one line, nothing created.
  for (const [name, , message] of cases.filter(([n]) => ['empty.csv', 'unknown.csv', 'duplicate.csv'].includes(n))) {
    const out = path.join(ROOT, `out-${name}`);
    const r = batchSync(path.join(ROOT, name), '--out', out);
    assert.equal(r.status, 2, `${name}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${name}: one line`);
    assert.match(r.stderr, new RegExp(`^msa3d: ${name.replace('.', '\\.')}: ${message.source}`), name);
    assert.equal(fs.existsSync(out), false, `${name}: nothing created`);
  }
  const options: Array<[string[], RegExp]> = [
    [[MANIFEST], /batch needs --out DIR/],
    [[path.join(ROOT, 'absent.csv'), '--out', path.join(ROOT, 'o')], /cannot read the manifest/],
    [[MANIFEST, '--out', path.join(ROOT, 'o'), '--shard', '3/2'], /--shard must be I\/N with 1 ≤ I ≤ N/],
    [[MANIFEST, '--out', path.join(ROOT, 'o'), '--workers', '0'], /--workers must be an integer ≥ 1/],
    [[MANIFEST, '--out', path.join(ROOT, 'o'), '--slurm-script', path.join(ROOT, 'o.sh')], /--slurm-script needs --shards N/],
    [[MANIFEST, '--out', path.join(ROOT, 'o'), '--slurm-script', path.join(ROOT, 'o.sh'), '--shards', '5'], /--shards 5 is more than the 4 cubes/],
    [[MANIFEST, '--out', path.join(ROOT, 'o o'), '--slurm-script', path.join(ROOT, 'o.sh'), '--shards', '2'], /an #SBATCH --output path cannot hold spaces/],
    [[MANIFEST, '--out', path.join(ROOT, 'o'), '--summary-only', '--shard', '1/2'], /--summary-only reads every shard's products and runs nothing/],
  ];
  for (const [args, message] of options) {
    const r = batchSync(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, message);
    assert.equal(fs.existsSync(path.join(ROOT, 'o')) || fs.existsSync(path.join(ROOT, 'o o')) || fs.existsSync(path.join(ROOT, 'o.sh')), false);
  }
});

test('an output folder with files the batch did not write is refused before any work, and nothing in it changes', () => {
  const out = path.join(ROOT, 'out-foreign');
  fs.mkdirSync(path.join(out, 'g3'), { recursive: true });
  fs.writeFileSync(path.join(out, 'g3', 'notes.txt'), 'mine');
  const r = batchSync(MANIFEST, '--out', out);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^msa3d: msa3d batch: .*g3 holds files msa3d batch did not write \(notes\.txt\); choose another --out\n$/);
  assert.deepEqual(listFiles(out), ['g3/notes.txt']);
  fs.rmSync(path.join(out, 'g3'), { recursive: true });
  fs.writeFileSync(path.join(out, 'summary.csv'), 'galaxy,mass\n');
  const s = batchSync(MANIFEST, '--out', out, '--summary-only');
  assert.equal(s.status, 2);
  assert.match(s.stderr, /summary\.csv exists and is not a batch summary/);
  assert.equal(fs.readFileSync(path.join(out, 'summary.csv'), 'utf8'), 'galaxy,mass\n');
});

test('names, shards, CSV quoting and atomic writes', () => {
  assert.deepEqual(['a/b/ngc1234.fits', 'x.fits.gz', 'y.FITS', 'z.fit', 'w.fit.gz', 'v.cube.fits'].map(cubeName), ['ngc1234', 'x', 'y', 'z', 'w', 'v.cube']);
  const rows = Array.from({ length: 7 }, (_, i) => i);
  const shards = [1, 2, 3].map((i) => shardRows(rows, parseShard(`${i}/3`)));
  assert.deepEqual(shards, [[0, 3, 6], [1, 4], [2, 5]]);
  assert.deepEqual(shardRows(rows), rows);
  for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3']) assert.throws(() => parseShard(bad), InputError, bad);
  assert.deepEqual(parseCsv('a,"b,c",d\r\n"say ""hi""", ,\n', 't').map((r) => r.cells), [['a', 'b,c', 'd'], ['say "hi"', '', '']]);
  const dir = fs.mkdtempSync(path.join(ROOT, 'atomic-'));
  const target = path.join(dir, 'f.json');
  writeFileAtomic(target, 'one');
  writeFileAtomic(target, 'two');
  assert.deepEqual(fs.readdirSync(dir), ['f.json']);
  assert.equal(fs.readFileSync(target, 'utf8'), 'two');
  fs.mkdirSync(path.join(dir, 'sub.json'));
  assert.throws(() => writeFileAtomic(path.join(dir, 'sub.json'), 'x'), /EISDIR|directory/i, 'a rename over a folder fails');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['f.json', 'sub.json'], 'and leaves no temporary file');
  assert.ok(isAtomicTempName('.analysis.json.tmp-123-0a1b2c3d'));
  assert.ok(!isAtomicTempName('analysis.json'));
});

test('a cube analyze refuses is recorded as failed with its reason, and the batch goes on (exit 1)', () => {
  const manifest = path.join(ROOT, 'one-bad.csv');
  fs.writeFileSync(manifest, 'cube,z,pa,ba\ncubes/g1.fits,1.3,30,1.6\ncubes/g2.fits,1.3,30,0.6\n');
  const out = path.join(ROOT, 'out-one-bad');
  const r = batchSync(manifest, '--out', out, '--workers', '1');
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual([progress(r.stderr, 'failed'), progress(r.stderr, 'done')], [['g1'], ['g2']]);
  const status = readJson(path.join(out, 'g1', 'status.json'));
  assert.deepEqual([status.status, status.exit_code, status.reason], ['failed', 2, '--ba must be > 0 and ≤ 1, got 1.6']);
  assert.equal(fs.existsSync(path.join(out, 'g1', 'analysis.json')), false);
  const rows = readSummary(out);
  assert.deepEqual(rows.map((x) => [x.cube, x.status, x.reason]), [['g1', 'failed', '--ba must be > 0 and ≤ 1, got 1.6'], ['g2', 'done', '']]);
  // --summary-only rebuilds the same table from disk without running anything.
  const before = fs.readFileSync(path.join(out, 'summary.csv'), 'utf8');
  fs.rmSync(path.join(out, 'summary.csv'));
  const s = batchSync(manifest, '--out', out, '--summary-only');
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /1 done, 1 failed, 0 pending of 2 cubes/);
  assert.equal(fs.readFileSync(path.join(out, 'summary.csv'), 'utf8'), before);
});

test('--slurm-script writes an sbatch job array, one task per shard, and runs nothing', () => {
  const out = path.join(ROOT, 'out-script');
  const script = path.join(ROOT, 'job.sh');
  const r = batchSync(MANIFEST, '--out', out, '--slurm-script', script, '--shards', '3', '--workers', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /a job array of 3 tasks over 4 cubes, 2 CPUs per task/);
  const text = fs.readFileSync(script, 'utf8');
  assert.match(text, /^#!\/bin\/bash\n/);
  assert.match(text, /^#SBATCH --array=1-3$/m);
  assert.match(text, /^#SBATCH --cpus-per-task=2$/m);
  assert.ok(text.includes(`#SBATCH --output=${out}/slurm-logs/%A_%a.out`));
  assert.ok(text.includes(`batch ${MANIFEST} --out ${out} --shard "\${SLURM_ARRAY_TASK_ID}/3" --workers "\${SLURM_CPUS_PER_TASK:-2}"`));
  assert.match(text, /--summary-only/);
  assert.equal(spawnSync('bash', ['-n', script]).status, 0, 'bash syntax');
  assert.deepEqual(listFiles(out), [], 'only the (empty) log folder exists: nothing ran');
  assert.ok(fs.statSync(path.join(out, 'slurm-logs')).isDirectory());
  assert.equal(batchSync(MANIFEST, '--out', out, '--slurm-script', script, '--shards', '3').status, 2, 'an existing script is not replaced without --overwrite');
});

test('the sbatch script runs as a job array on a real single-node Slurm: every cube once, summary.csv complete', { timeout: 150_000 }, async (t) => {
  const slurm = await startSlurm();
  if ('skip' in slurm) {
    t.skip(slurm.skip);
    return;
  }
  try {
    const out = path.join(ROOT, 'out-slurm');
    const script = path.join(ROOT, 'slurm-job.sh');
    const w = batchSync(MANIFEST, '--out', out, '--slurm-script', script, '--shards', '2', '--workers', '1');
    assert.equal(w.status, 0, w.stderr);
    const submit = slurm.run('sbatch', ['--parsable', script]);
    assert.equal(submit.status, 0, submit.stderr);
    const jobId = submit.stdout.trim().split(';')[0];
    assert.match(jobId, /^\d+$/);
    let queued = '';
    for (let waited = 0; waited < 120_000; waited += 500) {
      queued = slurm.run('squeue', ['-h', '-j', jobId]).stdout.trim();
      if (queued === '') break;
      await sleep(500);
    }
    assert.equal(queued, '', 'the array finished within 120 s');
    const states = [...slurm.run('scontrol', ['show', 'job', jobId]).stdout.matchAll(/JobState=(\w+)/g)].map((m) => m[1]);
    assert.deepEqual(states, ['COMPLETED', 'COMPLETED']);
    const logs = fs.readdirSync(path.join(out, 'slurm-logs')).sort();
    assert.deepEqual(logs, [`${jobId}_1.err`, `${jobId}_1.out`, `${jobId}_2.err`, `${jobId}_2.out`]);
    const taskDone = [1, 2].map((i) => progress(fs.readFileSync(path.join(out, 'slurm-logs', `${jobId}_${i}.err`), 'utf8'), 'done'));
    assert.deepEqual(taskDone, [['g1', 'g3'], ['g2', 'g4']]);
    // The tasks' own summary.csv may miss a cube of the other task when both end together; the script's note says so.
    const rebuilt = batchSync(MANIFEST, '--out', out, '--summary-only');
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    assert.match(rebuilt.stdout, /4 done, 0 failed, 0 pending of 4 cubes/);
    assertCompleteProducts(out, logs.map((l) => `slurm-logs/${l}`));
    assertSummaryMatchesProducts(out);
  } finally {
    await slurm.stop();
  }
});
