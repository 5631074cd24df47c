/**
 * Worker-thread entry for training jobs. Reports progress, honours a cooperative stop flag
 * (a shared Int32 the activity sets on cancellation) and returns the result or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type TrainingJob } from './jobs.js';

interface ThreadInput {
  job: TrainingJob;
  stopFlag: SharedArrayBuffer;
}

const { job, stopFlag } = workerData as ThreadInput;
const flag = new Int32Array(stopFlag);
let lastReport = 0;

runJob(job, {
  shouldStop: () => Atomics.load(flag, 0) === 1,
  onProgress: (fraction) => {
    const now = Date.now();
    if (now - lastReport > 500) {
      lastReport = now;
      parentPort!.postMessage({ type: 'progress', fraction });
    }
  },
})
  .then((result) => parentPort!.postMessage({ type: 'done', result }))
  .catch((e: unknown) => {
    const error = e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { name: 'Error', message: String(e) };
    parentPort!.postMessage({ type: 'error', error });
  });
