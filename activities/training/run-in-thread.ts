/**
 * Runs a training job in a worker thread so CPU-bound fitting never blocks the activity's
 * event loop (heartbeats keep flowing, cancellation is noticed).
 */
import { Worker } from 'node:worker_threads';
import { UserInputError } from '../../components/core/errors.js';
import { compiledPath } from '../../devserver/project-paths.js';
import type { RefitJob, RefitJobResult, TrainingJob, TrialJob, TrialJobResult } from './jobs.js';

export class TrainingStoppedError extends Error {
  constructor() {
    super('training stopped on request');
    this.name = 'TrainingStoppedError';
  }
}

export interface ThreadRunOptions {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** How long a stopped job may take to notice the flag before the thread is terminated. */
  stopGraceMs?: number;
}

export function runInThread(job: TrialJob, options?: ThreadRunOptions): Promise<TrialJobResult>;
export function runInThread(job: RefitJob, options?: ThreadRunOptions): Promise<RefitJobResult>;
export function runInThread(job: TrainingJob, options: ThreadRunOptions = {}): Promise<TrialJobResult | RefitJobResult> {
  const stopFlag = new SharedArrayBuffer(4);
  const worker = new Worker(compiledPath('activities/training/thread-entry'), { workerData: { job, stopFlag } });
  return new Promise((resolve, reject) => {
    let settled = false;
    let exited = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let lastResortTimer: NodeJS.Timeout | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const finish = (fn: () => void) => {
      settle(fn);
      clearTimeout(lastResortTimer);
      if (!exited) void worker.terminate();
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      // Cooperative: solvers poll the flag every iteration, encoders between batches. The
      // activity reports the stop after the grace period; the thread is left to wind down on
      // its own, because terminating it inside an onnxruntime call can abort the process.
      graceTimer = setTimeout(() => settle(() => reject(new TrainingStoppedError())), options.stopGraceMs ?? 5000);
      lastResortTimer = setTimeout(() => void worker.terminate(), 120_000);
      lastResortTimer.unref();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: { type: string; fraction?: number; result?: TrialJobResult | RefitJobResult; error?: { name: string; message: string; stack?: string } }) => {
      if (msg.type === 'progress') options.onProgress?.(msg.fraction ?? 0);
      else if (msg.type === 'done') {
        if (options.signal?.aborted) finish(() => reject(new TrainingStoppedError()));
        else finish(() => resolve(msg.result!));
      } else if (msg.type === 'error') {
        const err = msg.error!;
        finish(() => reject(err.name === 'UserInputError' ? new UserInputError(err.message) : Object.assign(new Error(err.message), { name: err.name, stack: err.stack })));
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => {
      exited = true;
      clearTimeout(lastResortTimer);
      finish(() => reject(new Error(`training thread exited with code ${code}`)));
    });
  });
}
