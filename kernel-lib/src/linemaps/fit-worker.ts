// Worker-thread entry of fitCube: runs each job it is sent (the cube and maps in shared memory) and reports progress.
import { parentPort } from 'node:worker_threads';
import { runCubeFitJob, type CubeFitJob } from './cube-fit-job';

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: CubeFitJob) => {
    try {
      runCubeFitJob(job, (n) => port.postMessage({ type: 'progress', n }));
      port.postMessage({ type: 'done' });
    } catch (error) {
      port.postMessage({ type: 'error', message: (error as Error).message });
    }
  });
}
