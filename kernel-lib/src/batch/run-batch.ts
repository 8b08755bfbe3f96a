// Runs the cubes of one shard of a manifest, one after another, each as its own `msa3d analyze` process (so every
// manifest value passes analyze's own checks, memory is freed per cube, and a kill leaves only temporary files), skipping
// cubes whose products are complete; then rebuilds summary.csv from disk.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { spawn } from 'node:child_process';
import { InputError } from '../errors/input-error';
import { checkInteger } from '../errors/check-options';
import { writeFileAtomic, removeAtomicTempFiles } from '../io/atomic-write';
import type { Manifest, ManifestRow } from './manifest';
import { shardRows, type Shard } from './shard';
import { checkOutputFolder, cubeProducts, isCubeComplete, writeSummary, type CubeStatusJson, type SummaryRow } from './summary';

/** How to start analyze on one cube: the program and its arguments (the caller knows where msa3d lives). */
export type AnalyzeCommandLine = (row: ManifestRow, jsonPath: string) => { command: string; args: string[] };

export interface BatchOptions {
  outDir: string;
  shard?: Shard;
  analyze: AnalyzeCommandLine;
  /**
   * Stops the batch when aborted: the running analyze gets SIGTERM and its cube stays pending (no status is written), no
   * further cube starts, and summary.csv is rebuilt as usual.
   */
  signal?: AbortSignal;
  /** One progress line per cube: `[i/N] name: done in 1.2 s`, `… failed in 0.4 s (reason)`, `… skipped (complete)`. Default: none. */
  log?: (line: string) => void;
}

export interface BatchResult {
  /** This shard's cubes by outcome in this run. */
  done: string[];
  failed: string[];
  skipped: string[];
  /** True when `options.signal` stopped the run before its last cube. */
  stopped: boolean;
  /** summary.csv's rows (every manifest cube, all shards). */
  summary: SummaryRow[];
}

/** The last non-empty line of a text (ANSI codes and progress-bar carriage returns removed), or null. */
export function lastLine(text: string): string | null {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').split(/[\r\n]+/).map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 ? lines[lines.length - 1] : null;
}

/** The gradient numbers of analyze's JSON (null where it has no gradient), and its reason. */
function gradientOf(jsonPath: string): Pick<CubeStatusJson, 'gradient_dex_per_kpc' | 'gradient_err_dex_per_kpc' | 'n_spaxels' | 'reason'> {
  const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as { gradient?: { slope: number; slope_err: number; n_spaxels: number } | null; reason?: string | null };
  const g = json.gradient ?? null;
  return { gradient_dex_per_kpc: g ? g.slope : null, gradient_err_dex_per_kpc: g ? g.slope_err : null, n_spaxels: g ? g.n_spaxels : null, reason: json.reason ?? null };
}

const KEEP_LOG_CHARS = 1 << 20;

/** Runs one command to its end; resolves with its exit code, signal and (the last MiB of) its stdout and stderr. */
function runChild(command: string, args: string[], abort?: AbortSignal): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stop = (): void => void child.kill('SIGTERM');
    abort?.addEventListener('abort', stop, { once: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { stdout = (stdout + d).slice(-KEEP_LOG_CHARS); });
    child.stderr.on('data', (d: string) => { stderr = (stderr + d).slice(-KEEP_LOG_CHARS); });
    child.on('error', (error) => { stderr += `\n${error.message}`; });
    child.on('close', (code, signal) => {
      abort?.removeEventListener('abort', stop);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Analyses one cube into DIR/<name>/ and records its status (written last, atomically); null when stopped by the signal. */
async function runCube(row: ManifestRow, options: BatchOptions): Promise<CubeStatusJson | null> {
  const products = cubeProducts(options.outDir, row.name);
  fs.mkdirSync(products.dir, { recursive: true });
  removeAtomicTempFiles(products.dir);
  // A stale or failed record must not outlive the run that replaces it.
  fs.rmSync(products.status, { force: true });
  fs.rmSync(products.analysis, { force: true });
  const started = new Date();
  const { command, args } = options.analyze(row, products.analysis);
  const r = await runChild(command, args, options.signal);
  const seconds = (Date.now() - started.getTime()) / 1000;
  writeFileAtomic(products.log, `$ ${[command, ...args].join(' ')}\n${r.stdout}${r.stderr}`);
  if (options.signal?.aborted) return null;
  const base = {
    cube: row.name, cube_path: row.cubePath, analyze_args: row.analyzeArgs, exit_code: r.code, signal: r.signal,
    seconds: Math.round(seconds * 1000) / 1000, started: started.toISOString(), finished: new Date().toISOString(), host: os.hostname(),
  };
  const failed = (why: string): CubeStatusJson => ({ ...base, status: 'failed', gradient_dex_per_kpc: null, gradient_err_dex_per_kpc: null, n_spaxels: null, reason: why });
  let status: CubeStatusJson;
  if (r.code === 0 && fs.existsSync(products.analysis)) {
    try {
      status = { ...base, status: 'done', ...gradientOf(products.analysis) };
    } catch (error) {
      status = failed(`analysis.json is not readable JSON (${(error as Error).message})`);
    }
  } else if (r.code === 0) {
    status = failed('analyze exited 0 but wrote no analysis.json');
  } else {
    status = failed(r.signal ? `analyze was killed by ${r.signal}` : lastLine(r.stderr)?.replace(/^msa3d: /, '') ?? `analyze exited ${r.code} without a message`);
  }
  writeFileAtomic(products.status, JSON.stringify(status, null, 1) + '\n');
  return status;
}

/**
 * Runs shard `options.shard` (all cubes without one) of the manifest: an output folder holding files the batch did not
 * write is refused first (InputError); complete cubes are skipped, the others analysed one at a time; a failed cube is
 * recorded and the batch goes on. Ends by rebuilding DIR/summary.csv from every shard's products on disk.
 */
export async function runBatch(manifest: Manifest, options: BatchOptions): Promise<BatchResult> {
  if (!options.outDir) throw new InputError('missing', 'runBatch', 'options.outDir is required');
  if (options.shard) {
    checkInteger('runBatch', 'shard.count', options.shard.count, { min: 1 });
    checkInteger('runBatch', 'shard.index', options.shard.index, { min: 1, max: options.shard.count });
  }
  checkOutputFolder(manifest, options.outDir);
  const log = options.log ?? (() => undefined);
  const rows = shardRows(manifest.rows, options.shard);
  const result: BatchResult = { done: [], failed: [], skipped: [], stopped: false, summary: [] };
  fs.mkdirSync(options.outDir, { recursive: true });
  const width = String(rows.length).length;
  for (const [i, row] of rows.entries()) {
    const position = `[${String(i + 1).padStart(width)}/${rows.length}]`;
    if (isCubeComplete(options.outDir, row)) {
      result.skipped.push(row.name);
      log(`${position} ${row.name}: skipped (complete)`);
      continue;
    }
    if (options.signal?.aborted) {
      result.stopped = true;
      break;
    }
    const status = await runCube(row, options);
    if (status === null) {
      result.stopped = true;
      log(`${position} ${row.name}: stopped (pending)`);
      break;
    }
    (status.status === 'done' ? result.done : result.failed).push(row.name);
    log(`${position} ${row.name}: ${status.status} in ${status.seconds.toFixed(1)} s${status.status === 'failed' ? ` (${status.reason})` : ''}`);
  }
  result.summary = writeSummary(manifest, options.outDir);
  return result;
}
