// Executes every notebook headless through Jupyter with the project's tslab kernel (as `npm run reproduce` does),
// failing with the failing cell's own message, and checks every published number it records is within tolerance
// (statistical comparisons outside and stated known misses are printed, not failures: report/recorder.ts).
// The executions are shared with test/browser.test.ts (test/helpers/executed-notebooks.ts): each notebook runs once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listNotebooks } from '../kernel-lib/src/report/run-notebooks';
import { readRecords } from '../kernel-lib/src/report/write-report';
import { KNOWN_MISS_FIXED, verdictOf } from '../kernel-lib/src/report/recorder';
import { executedNotebook, sharedOutDir } from './helpers/executed-notebooks';

const outDir = sharedOutDir();

for (const notebook of listNotebooks()) {
  const name = path.basename(notebook, '.ipynb');
  test(`notebook ${name} runs headless and reproduces its numbers`, { timeout: 15 * 60_000 }, async () => {
    const run = await executedNotebook(notebook);
    assert.ok(run.ok, `${name} failed:\n${run.error}`);
    const records = readRecords(outDir).filter((r) => r.notebook === name);
    const failed = records.filter((r) => verdictOf(r) === 'fail');
    for (const r of records.filter((r) => verdictOf(r) === 'outside-statistical')) {
      console.log(`# ${name}: statistical comparison outside tolerance (reported, not a test failure): ${r.quantity}: ${r.reproduced} vs ${r.published} ± ${r.tolerance}`);
    }
    for (const r of records.filter((r) => verdictOf(r) === 'known-miss')) {
      console.log(`# ${name}: known miss (reported, not a test failure): ${r.quantity}: ${r.reproduced} vs ${r.published} ± ${r.tolerance} — ${r.knownMiss}`);
    }
    for (const r of records.filter((r) => r.pass && r.knownMiss)) {
      console.log(`# ${name}: ${r.quantity}: ${KNOWN_MISS_FIXED} (${r.reproduced} vs ${r.published} ± ${r.tolerance})`);
    }
    assert.deepEqual(failed.map((r) => `${r.quantity}: ${r.reproduced} vs ${r.published} ± ${r.tolerance}`), []);
    const executed = JSON.parse(fs.readFileSync(run.executedPath, 'utf8'));
    assert.equal(executed.metadata.kernelspec.name, 'tslab');
    // numbered as a run notebook is (tslab sends no execution count; scripts/run_notebook.py gives one)
    const counts = (executed.cells as Array<{ cell_type: string; execution_count?: number | null }>)
      .filter((c) => c.cell_type === 'code').map((c) => c.execution_count);
    assert.deepEqual(counts, counts.map((_, i) => i + 1), `${name}: code cells are not numbered 1, 2, 3, …`);
  });
}
