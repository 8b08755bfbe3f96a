// Worker-thread entry of fitCube: runs the shared job and reports progress to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { runCubeFitJob, type CubeFitJob } from './cube-fit-job';

if (parentPort) {
  const port = parentPort;
  try {
    runCubeFitJob(workerData as CubeFitJob, (n) => port.postMessage({ type: 'progress', n }));
    port.postMessage({ type: 'done' });
  } catch (error) {
    port.postMessage({ type: 'error', message: (error as Error).message });
  }
}
