// A pool of fitting threads kept warm between fitCube calls: starting a worker costs little, but its JIT warm-up
// costs more than fitting a small cube, so workers are reused (and unref'd while idle, so they never keep Node alive).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CubeFitJob } from './cube-fit-job';

const idle: Worker[] = [];

/** The compiled worker script (tests run the TypeScript sources, whose workers use the built copy in dist/). */
function workerScript(): string {
  const here = __filename.endsWith('.ts') ? path.resolve(__dirname, '..', '..', 'dist', 'linemaps') : __dirname;
  const script = path.join(here, 'fit-worker.js');
  if (!fs.existsSync(script)) throw new Error(`fitCube: worker script ${script} is missing; run npm run build`);
  return script;
}

function takeWorker(): Worker {
  const worker = idle.pop() ?? new Worker(workerScript());
  worker.ref();
  return worker;
}

function release(worker: Worker): void {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.unref();
  idle.push(worker);
}

/** Runs `job` on `count` pooled workers; `onFitted(n)` as chunks finish. Rejects on the first worker error. */
export function runOnWorkers(job: CubeFitJob, count: number, onFitted: (n: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let running = count;
    let failed = false;
    const workers = Array.from({ length: count }, takeWorker);
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      // A worker that failed mid-job is not trusted again: end all of this job's workers.
      for (const w of workers) {
        w.removeAllListeners();
        void w.terminate();
      }
      reject(error);
    };
    for (const worker of workers) {
      worker.on('message', (m: { type: string; n?: number; message?: string }) => {
        if (m.type === 'progress') onFitted(m.n!);
        else if (m.type === 'error') fail(new Error(`fitCube worker: ${m.message}`));
        else if (m.type === 'done') {
          release(worker);
          if (--running === 0 && !failed) resolve();
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`fitCube worker exited with code ${code}`)));
      worker.postMessage(job);
    }
  });
}

/** Ends the idle workers (for a clean shutdown; the pool starts new ones when needed). */
export async function closeWorkerPool(): Promise<void> {
  const workers = idle.splice(0);
  await Promise.all(workers.map((w) => w.terminate()));
}
