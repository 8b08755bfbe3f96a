// Progress of long work: an updating bar in a tslab notebook, a one-line bar on stderr in a terminal, else silence.
// It implements the Progress interface of ../progress.ts: pass `createProgress` as the `progress` option of compute code
// (e.g. fitCube(cube, { progress: createProgress })).
import { inNotebook, newUpdatableDisplay } from './display';
import type { Progress } from '../progress';

export interface ProgressOptions {
  /** 'auto' (default): notebook bar in tslab, stderr bar when stderr is a terminal, nothing otherwise. */
  mode?: 'auto' | 'notebook' | 'stderr' | 'none';
  /** Called with (done, total) on every update, whatever the mode. */
  onUpdate?: (done: number, total: number) => void;
}

const REDRAW_MS = 200;

/** A progress reporter for `total` units of work labelled `label` (redraws at most every 200 ms). */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const requested = options.mode ?? 'auto';
  const mode = requested !== 'auto' ? requested : inNotebook() ? 'notebook' : process.stderr.isTTY ? 'stderr' : 'none';
  const started = Date.now();
  let last = 0;
  let current = 0;
  const display = mode === 'notebook' ? newUpdatableDisplay() : null;
  const draw = (final: boolean) => {
    const fraction = total > 0 ? Math.min(1, current / total) : 1;
    const seconds = (Date.now() - started) / 1000;
    const text = `${label}: ${current}/${total} (${(100 * fraction).toFixed(0)} %) in ${seconds.toFixed(1)} s`;
    if (display) {
      display.html(
        `<div style="font-family:monospace">${text}</div>` +
        `<div style="width:320px;height:8px;background:#eee"><div style="width:${(320 * fraction).toFixed(0)}px;height:8px;background:#1f77b4"></div></div>`,
      );
    } else if (mode === 'stderr') {
      const width = 30;
      const filled = Math.round(width * fraction);
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${text}${final ? '\n' : ''}`);
    }
  };
  return {
    update(done: number) {
      current = done;
      options.onUpdate?.(done, total);
      const now = Date.now();
      if (mode !== 'none' && now - last >= REDRAW_MS) {
        last = now;
        draw(false);
      }
    },
    finish() {
      if (mode !== 'none') draw(true);
    },
  };
}
