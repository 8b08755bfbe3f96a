// An sbatch job-array script for a batch: one array task per shard (task I runs `msa3d batch … --shard I/N`), for any
// Slurm cluster (sbatch(1): --array, --cpus-per-task, --output/--error with %A = job id and %a = task id).
import { checkInteger } from '../errors/check-options';
import { InputError } from '../errors/input-error';

export interface SlurmScriptOptions {
  /** Absolute paths: the node binary, kernel-lib/bin/msa3d.js, the manifest, the batch's output folder, the log folder. */
  nodePath: string;
  msa3dPath: string;
  manifestPath: string;
  outDir: string;
  logDir: string;
  /** Number of shards = array tasks. */
  shards: number;
  /** CPUs per task = analyze's --workers (fit threads) of each cube. */
  workers: number;
  /** Cubes in the manifest (for the comment). */
  cubes: number;
  jobName?: string;
}

/** Quotes a word for bash (single quotes; a single quote inside becomes '\''). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The script's text. Nothing is run: submit it with `sbatch FILE`. */
export function slurmArrayScript(o: SlurmScriptOptions): string {
  checkInteger('slurmArrayScript', 'shards', o.shards, { min: 1 });
  checkInteger('slurmArrayScript', 'workers', o.workers, { min: 1 });
  for (const [name, p] of [['nodePath', o.nodePath], ['msa3dPath', o.msa3dPath], ['manifestPath', o.manifestPath], ['outDir', o.outDir], ['logDir', o.logDir]] as const) {
    if (!p.startsWith('/')) throw new InputError('inconsistent', 'slurmArrayScript', `${name} must be an absolute path (got '${p}')`);
    if (/[\r\n]/.test(p)) throw new InputError('inconsistent', 'slurmArrayScript', `${name} holds a line break`);
    if (name === 'logDir' && /\s/.test(p)) throw new InputError('inconsistent', 'slurmArrayScript', `an #SBATCH --output path cannot hold spaces (got '${p}'); choose an --out without them`);
  }
  const q = shellQuote;
  const batchCommand = ['"$NODE"', q(o.msa3dPath), 'batch', q(o.manifestPath), '--out', q(o.outDir), '--shard', `"\${SLURM_ARRAY_TASK_ID}/${o.shards}"`, '--workers', `"\${SLURM_CPUS_PER_TASK:-${o.workers}}"`];
  return [
    '#!/bin/bash',
    `# msa3d batch as a Slurm job array: ${o.cubes} cubes of ${o.manifestPath} in ${o.shards} shards, one array task per shard.`,
    '# Submit with `sbatch THIS_FILE`. A task that is killed or requeued resumes: finished cubes are skipped.',
    `#SBATCH --job-name=${o.jobName ?? 'msa3d-batch'}`,
    `#SBATCH --array=1-${o.shards}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${o.workers}`,
    `#SBATCH --output=${o.logDir}/%A_%a.out`,
    `#SBATCH --error=${o.logDir}/%A_%a.err`,
    'set -euo pipefail',
    `NODE=\${NODE:-${q(o.nodePath)}}`,
    batchCommand.join(' '),
    '',
    '# summary.csv: every task rebuilds DIR/summary.csv from all shards\' products on disk when it ends. Tasks that end at',
    '# the same moment may each miss the other\'s last cube; once the whole array has finished, rebuild it with',
    `#   ${['node', q(o.msa3dPath), 'batch', q(o.manifestPath), '--out', q(o.outDir), '--summary-only'].join(' ')}`,
    '# (or submit that line with `sbatch --dependency=afterany:<this job id> --wrap "…"`).',
    '',
  ].join('\n');
}
