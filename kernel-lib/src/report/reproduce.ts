// `msa3d reproduce`: executes every notebook headless, then writes the reproduction report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { outputDir } from '../paths';
import { recordsDir, figuresDir } from './recorder';
import { listNotebooks, runNotebook, type NotebookRun } from './run-notebooks';
import { writeReport, summaryTable, type ReproductionReport } from './write-report';

export interface ReproduceOptions {
  outDir?: string;
  /** Run only notebooks whose file name contains one of these strings. */
  only?: string[];
  log?: (line: string) => void;
}

/** Runs the notebooks and writes out/reproduction.{json,md}; `ok` is false if a notebook or a (non-statistical) comparison failed. */
export function reproduce(options: ReproduceOptions = {}): { report: ReproductionReport; runs: NotebookRun[]; ok: boolean } {
  const outDir = path.resolve(options.outDir ?? outputDir());
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  // Stale records or figures from an earlier run must not reach this report.
  fs.rmSync(recordsDir(outDir), { recursive: true, force: true });
  fs.rmSync(figuresDir(outDir), { recursive: true, force: true });
  const notebooks = listNotebooks().filter((p) => !options.only || options.only.some((o) => path.basename(p).includes(o)));
  if (notebooks.length === 0) throw new Error(`no notebook matches ${options.only?.join(', ')}`);
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
