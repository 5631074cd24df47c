/**
 * Worker-thread entry for training jobs. A thread runs one job at a time and may run many
 * in turn (./thread-pool.ts). Each job reports progress, honours its cooperative stop flag
 * (a shared Int32 the activity sets on cancellation) and returns its result or its error.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type TrainingJob } from './jobs.js';

export interface RunJobMessage {
  type: 'run';
  id: number;
  job: TrainingJob;
  stopFlag: SharedArrayBuffer;
}

parentPort!.on('message', (msg: RunJobMessage) => {
  if (msg.type !== 'run') return;
  const { id, job } = msg;
  const flag = new Int32Array(msg.stopFlag);
  let lastReport = 0;
  runJob(job, {
    shouldStop: () => Atomics.load(flag, 0) === 1,
    onProgress: (fraction) => {
      const now = Date.now();
      if (now - lastReport > 500) {
        lastReport = now;
        parentPort!.postMessage({ type: 'progress', id, fraction });
      }
    },
  })
    .then((result) => parentPort!.postMessage({ type: 'done', id, result }))
    .catch((e: unknown) => {
      const error = e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : { name: 'Error', message: String(e) };
      parentPort!.postMessage({ type: 'error', id, error });
    });
});
