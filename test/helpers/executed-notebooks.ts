// Executes each notebook at most once per test run, shared by test/notebooks.test.ts (numbers) and
// test/browser.test.ts (the page a reader sees): executing all nine takes minutes, so the second file reuses the first's.
//
// Where: under `node --test` every test file is a child of one runner process (NODE_TEST_CONTEXT is set), so the
// shared out dir is `$TMPDIR/msa3d-test-run-<runner pid>-<runner start time>/` — the same for every file of one
// `npm test`, new for the next run (never a stale execution). Outside `node --test` each process gets its own dir.
// Per notebook, the first file to create `runs/NAME.lock` executes it and writes `runs/NAME.json` (the NotebookRun);
// another file waits for that JSON. The dir holds out/-style records/, figures/ and notebooks/ (executed .ipynb).
// MSA3D_TEST_OUT_DIR=DIR (e.g. a copy of `npm run reproduce`'s out/) reuses the executed notebooks already in
// DIR/notebooks/ instead of running them: a quick re-check of the pages (DIR must be writable: html/ goes there).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runNotebook, type NotebookRun } from '../../kernel-lib/src/report/run-notebooks';

let cached: string | null = null;

/** The out dir shared by the test files of this run (see the header). */
export function sharedOutDir(): string {
  if (cached) return cached;
  if (process.env.MSA3D_TEST_OUT_DIR) {
    cached = path.resolve(process.env.MSA3D_TEST_OUT_DIR);
  } else if (process.env.NODE_TEST_CONTEXT) {
    let started = '0';
    try {
      // Field 22 of /proc/PID/stat: the process's start time, so a reused pid never meets an old directory.
      started = fs.readFileSync(`/proc/${process.ppid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
    } catch { /* not Linux: the pid alone */ }
    cached = path.join(os.tmpdir(), `msa3d-test-run-${process.ppid}-${started}`);
    removeFinishedRuns(cached);
    fs.mkdirSync(cached, { recursive: true });
  } else {
    cached = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-test-run-'));
  }
  return cached;
}

/** Runs `notebook` into the shared out dir unless this test run already did (or is doing) it. */
export async function executedNotebook(notebook: string, waitMinutes = 20): Promise<NotebookRun> {
  const outDir = sharedOutDir();
  const name = path.basename(notebook, '.ipynb');
  const runs = path.join(outDir, 'runs');
  fs.mkdirSync(runs, { recursive: true });
  const result = path.join(runs, `${name}.json`);
  const already = path.join(outDir, 'notebooks', `${name}.ipynb`);
  if (process.env.MSA3D_TEST_OUT_DIR && !fs.existsSync(result) && fs.existsSync(already)) {
    return { notebook: name, ok: true, seconds: 0, executedPath: already };
  }
  let mine = false;
  try {
    fs.mkdirSync(path.join(runs, `${name}.lock`));
    fs.writeFileSync(path.join(runs, `${name}.lock`, 'pid'), String(process.pid));
    mine = true;
  } catch { /* another test file of this run executes it */ }
  if (mine) {
    const run = runNotebook(notebook, { outDir, log: () => undefined });
    fs.writeFileSync(result + '.tmp', JSON.stringify(run));
    fs.renameSync(result + '.tmp', result);
    return run;
  }
  const deadline = Date.now() + waitMinutes * 60_000;
  while (!fs.existsSync(result)) {
    if (Date.now() > deadline) throw new Error(`${name}: no execution result in ${runs} after ${waitMinutes} min`);
    if (!ownerAlive(path.join(runs, `${name}.lock`, 'pid'))) {
      throw new Error(`${name}: the test process executing it (${runs}/${name}.lock) ended without a result`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return JSON.parse(fs.readFileSync(result, 'utf8')) as NotebookRun;
}

/** Removes the shared dirs of earlier test runs whose runner has ended (each holds ~20 MB). */
function removeFinishedRuns(current: string): void {
  if (!fs.existsSync('/proc/self/stat')) return; // cannot tell a finished run from a running one
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const m = /^msa3d-test-run-(\d+)-(\d+)$/.exec(entry);
    const dir = path.join(os.tmpdir(), entry);
    if (!m || dir === current) continue;
    let started: string | null = null;
    try { started = fs.readFileSync(`/proc/${m[1]}/stat`, 'utf8').split(') ')[1].split(' ')[19]; } catch { /* ended */ }
    if (started !== m[2]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function ownerAlive(pidFile: string): boolean {
  let pid: number;
  try { pid = Number(fs.readFileSync(pidFile, 'utf8')); } catch { return true; } // being written
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}
