// Executes notebooks headless through Jupyter with the project's tslab kernelspec (jupyter/kernels/tslab),
// saving each executed notebook under out/notebooks/ and reporting the failing cell's own message.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectPath, outputDir } from '../paths';
import { ensureJupyter } from './jupyter';

export interface NotebookRun {
  notebook: string;
  ok: boolean;
  seconds: number;
  /** The executed notebook (written even when a cell failed). */
  executedPath: string;
  /** The failing cell's number, source and stderr, when it failed. */
  error?: string;
}

/** The notebooks of the project, in their numbered order. */
export function listNotebooks(dir = projectPath('notebooks')): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.join(dir, f));
}

export interface RunOptions {
  outDir?: string;
  /** Seconds a single cell may take (default 900). */
  cellTimeoutSeconds?: number;
  log?: (line: string) => void;
}

/** Runs one notebook; never throws for a failing cell (see `ok` and `error`). */
export function runNotebook(notebookPath: string, options: RunOptions = {}): NotebookRun {
  const outDir = path.resolve(options.outDir ?? outputDir());
  const python = ensureJupyter(options.log);
  const name = path.basename(notebookPath, '.ipynb');
  const executedPath = path.join(outDir, 'notebooks', `${name}.ipynb`);
  fs.mkdirSync(path.dirname(executedPath), { recursive: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(
    python,
    [projectPath('scripts', 'run_notebook.py'), notebookPath, executedPath, String(options.cellTimeoutSeconds ?? 900)],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        // An ABSOLUTE path: a relative JUPYTER_PATH kills the kernel (TOOLCHAIN.md).
        JUPYTER_PATH: projectPath('jupyter'),
        MSA3D_OUT_DIR: outDir,
        MSA3D_ROOT: projectPath(),
        PYDEVD_DISABLE_FILE_VALIDATION: '1',
      },
      maxBuffer: 64 << 20,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const ok = result.status === 0;
  const stderr = (result.stderr ?? '').split('\n').filter((l) => !/MissingIDFieldWarning|validate\(nb\)|Debugger warning|frozen modules|PYDEVD|-Xfrozen_modules|^\s*$/.test(l)).join('\n');
  return { notebook: name, ok, seconds, executedPath, error: ok ? undefined : stderr || `exit status ${result.status}` };
}
