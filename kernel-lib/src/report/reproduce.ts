// `msa3d reproduce`: executes every notebook headless, then writes the reproduction report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputDir } from '../paths';
import { InputError } from '../errors/input-error';
import { recordsDir, figuresDir } from './recorder';
import { listNotebooks, runNotebook, type NotebookRun } from './run-notebooks';
import { writeReport, summaryTable, type ReproductionReport } from './write-report';

export interface ReproduceOptions {
  outDir?: string;
  /** Run only notebooks whose file name contains one of these strings. */
  only?: string[];
  log?: (line: string) => void;
}

/**
 * Removes the records and figures of exactly these notebooks (they are about to be rewritten), so nothing stale of
 * theirs reaches the report; every other file under outDir — other notebooks' outputs, a user's own files — is kept.
 */
export function clearStaleOutputs(outDir: string, notebooks: readonly string[]): void {
  for (const name of notebooks) {
    fs.rmSync(path.join(recordsDir(outDir), `${name}.json`), { force: true });
    fs.rmSync(path.join(figuresDir(outDir), name), { recursive: true, force: true });
  }
}

/**
 * Runs the notebooks (all, or those whose name contains an `only` string) and writes out/reproduction.{json,md} over
 * the notebooks run. Nothing is removed before the notebooks are matched, and only the matched notebooks' records and
 * figures are replaced. `ok` is false if a notebook or a comparison failed (statistical ones outside and stated known misses do not count).
 */
export function reproduce(options: ReproduceOptions = {}): { report: ReproductionReport; runs: NotebookRun[]; ok: boolean } {
  const outDir = path.resolve(options.outDir ?? outputDir());
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const notebooks = listNotebooks().filter((p) => !options.only || options.only.some((o) => path.basename(p).includes(o)));
  if (notebooks.length === 0) throw new InputError('not-one-of', 'reproduce', `no notebook matches ${options.only?.join(', ')}`);
  clearStaleOutputs(outDir, notebooks.map((p) => path.basename(p, '.ipynb')));
  const runs: NotebookRun[] = [];
  notebooks.forEach((nb, i) => {
    log(`[${i + 1}/${notebooks.length}] ${path.basename(nb)} …`);
    const run = runNotebook(nb, { outDir, log });
    runs.push(run);
    log(`[${i + 1}/${notebooks.length}] ${path.basename(nb)} ${run.ok ? 'ok' : 'FAILED'} in ${run.seconds.toFixed(1)} s`);
    if (run.error) log(run.error);
  });
  const report = writeReport(runs, outDir);
  log('');
  log(summaryTable(report));
  log(`report: ${path.join(outDir, 'reproduction.md')}`);
  return { report, runs, ok: runs.every((r) => r.ok) && report.failed === 0 };
}
