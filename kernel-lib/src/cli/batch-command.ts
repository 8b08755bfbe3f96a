// `msa3d batch`: `msa3d analyze` over the cubes of a manifest, one process per cube, in shards, resumable; summary.csv;
// or an sbatch job-array script that runs the shards on a Slurm cluster.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFlags, stringFlag, numberFlag, BOOLEAN_FLAGS, UsageError, type ParsedArgs } from './args';
import { ANALYZE_FLAGS } from './analyze-command';
import { InputError } from '../errors/input-error';
import { writeFileAtomic } from '../io/atomic-write';
import { readManifest, type Manifest } from '../batch/manifest';
import { parseShard, type Shard } from '../batch/shard';
import { runBatch } from '../batch/run-batch';
import { writeSummary, checkOutputFolder } from '../batch/summary';
import { slurmArrayScript } from '../batch/slurm';

const FLAGS = ['help', 'debug', 'out', 'shard', 'workers', 'slurm-script', 'shards', 'summary-only', 'overwrite'];
/** analyze's options a manifest may not set: batch decides where the JSON goes, and --workers is the batch's. */
const NOT_COLUMNS = ['help', 'debug', 'json', 'overwrite', 'workers'];
/** The manifest's optional columns (analyze's options but those) and its switches. */
export const MANIFEST_OPTIONS = { optionalColumns: ANALYZE_FLAGS.filter((f) => !NOT_COLUMNS.includes(f)), booleanColumns: BOOLEAN_FLAGS };
/** kernel-lib/bin/msa3d.js, from dist/cli or src/cli alike. */
const MSA3D_BIN = path.resolve(__dirname, '..', '..', 'bin', 'msa3d.js');

function positiveInteger(args: ParsedArgs, name: string): number | undefined {
  const value = numberFlag(args, name);
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new UsageError(`--${name} must be an integer ≥ 1, got ${value}`);
  return value;
}

function asUsage<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}

function writeSlurmScript(args: ParsedArgs, manifest: Manifest, outDir: string, file: string, workers: number | undefined): number {
  const shards = positiveInteger(args, 'shards');
  if (shards === undefined) throw new UsageError('--slurm-script needs --shards N (the number of array tasks; each runs --shard I/N)');
  if (shards > manifest.rows.length) throw new UsageError(`--shards ${shards} is more than the ${manifest.rows.length} cubes of the manifest`);
  if (fs.existsSync(file) && !args.flags.has('overwrite')) throw new UsageError(`${file} exists; pass --overwrite to replace it`);
  const logDir = path.join(outDir, 'slurm-logs');
  const text = asUsage(() => slurmArrayScript({
    nodePath: process.execPath, msa3dPath: MSA3D_BIN, manifestPath: manifest.path, outDir, logDir,
    shards, workers: workers ?? 1, cubes: manifest.rows.length,
  }));
  // sbatch does not create the folder of --output/--error; a task whose log folder is missing fails at once.
  fs.mkdirSync(logDir, { recursive: true });
  writeFileAtomic(file, text);
  fs.chmodSync(file, 0o755);
  process.stdout.write(`wrote ${file}: a job array of ${shards} tasks over ${manifest.rows.length} cubes, ${workers ?? 1} CPU${(workers ?? 1) > 1 ? 's' : ''} per task${workers === undefined ? ' (default, --workers 1)' : ''}; logs in ${logDir}; submit with: sbatch ${file}\n`);
  return 0;
}

export const batchCommand = {
  summary: 'analyze every cube of a manifest (CSV: cube,z,pa,ba[,analyze options]) in resumable shards; summary.csv; Slurm arrays',
  usage: 'msa3d batch MANIFEST.csv --out DIR [--shard I/N] [--workers N] [--summary-only] | msa3d batch MANIFEST.csv --out DIR --slurm-script FILE --shards N [--workers N] [--overwrite]',
  async run(args: ParsedArgs): Promise<number> {
    checkFlags(args, FLAGS);
    const [manifestPath, ...extra] = args.positional;
    if (!manifestPath) throw new UsageError('batch needs a manifest: msa3d batch MANIFEST.csv --out DIR');
    if (extra.length > 0) throw new UsageError(`batch takes one manifest, got also: ${extra.join(' ')}`);
    const outFlag = stringFlag(args, 'out');
    if (outFlag === undefined) throw new UsageError('batch needs --out DIR (each cube\'s products go to DIR/<cube name>/)');
    const outDir = path.resolve(outFlag);
    if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new UsageError(`--out ${outFlag} is not a folder`);
    const shardText = stringFlag(args, 'shard');
    const shard: Shard | undefined = shardText === undefined ? undefined : asUsage(() => parseShard(shardText));
    const workers = positiveInteger(args, 'workers');
    const slurmScript = stringFlag(args, 'slurm-script');
    const summaryOnly = args.flags.has('summary-only');
    if (slurmScript !== undefined && (shard || summaryOnly)) throw new UsageError('--slurm-script writes a script for every shard: it takes --shards N, not --shard or --summary-only');
    if (slurmScript === undefined && args.flags.has('shards')) throw new UsageError('--shards N goes with --slurm-script; to run one shard use --shard I/N');
    if (slurmScript === undefined && args.flags.has('overwrite')) throw new UsageError('--overwrite goes with --slurm-script (a batch never replaces a complete cube; change its manifest row to run it again)');
    if (summaryOnly && (shard || workers !== undefined)) throw new UsageError('--summary-only reads every shard\'s products and runs nothing: it takes no --shard or --workers');
    const manifest = asUsage(() => readManifest(manifestPath, MANIFEST_OPTIONS));
    if (slurmScript !== undefined) return writeSlurmScript(args, manifest, outDir, slurmScript, workers);
    asUsage(() => checkOutputFolder(manifest, outDir));
    if (summaryOnly) {
      const rows = writeSummary(manifest, outDir);
      const count = (s: string): number => rows.filter((r) => r.status === s).length;
      process.stdout.write(`${path.join(outDir, 'summary.csv')}: ${count('done')} done, ${count('failed')} failed, ${count('pending')} pending of ${rows.length} cubes\n`);
      return 0;
    }
    const label = shard ? `shard ${shard.index}/${shard.count}` : 'batch';
    // SIGINT/SIGTERM stop the running analyze too (a plain `kill PID` would otherwise leave it running alone).
    const controller = new AbortController();
    let caught: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      caught = signal;
      controller.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const result = await runBatch(manifest, {
      outDir,
      shard,
      signal: controller.signal,
      analyze: (row, jsonPath) => ({
        command: process.execPath,
        args: [MSA3D_BIN, 'analyze', row.cubePath, '--json', jsonPath, ...row.analyzeArgs, ...(workers !== undefined ? [`--workers=${workers}`] : [])],
      }),
      log: (line) => process.stderr.write(`${label} ${line}\n`),
    });
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    const all = result.summary;
    const finished = all.filter((r) => r.status !== 'pending').length;
    process.stdout.write(
      `${label}: ${result.done.length} analysed, ${result.skipped.length} already complete, ${result.failed.length} failed; ` +
        `${path.join(outDir, 'summary.csv')}: ${finished} of ${all.length} cubes finished (all shards)\n`,
    );
    if (result.stopped) {
      process.stdout.write(`${label}: stopped by ${caught}; run the same command again to go on\n`);
      return caught === 'SIGINT' ? 130 : 143;
    }
    return result.failed.length > 0 ? 1 : 0;
  },
};
