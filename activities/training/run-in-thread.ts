/**
 * Runs a training job in a worker thread so CPU-bound fitting never blocks the activity's
 * event loop (heartbeats keep flowing, cancellation is noticed). Threads come warm from
 * ./thread-pool.ts.
 */
import { UserInputError } from '../../core/errors.js';
import type { RefitJob, RefitJobResult, TrainingJob, TrialJob, TrialJobResult } from './jobs.js';
import type { EnsembleJob } from './ensemble-job.js';
import type { RescoreJob, RescoreJobResult } from './rescore-job.js';
import type { EnsembleSelectionOutcome } from '../../workflows/ensemble-types.js';

type JobResult = TrialJobResult | RefitJobResult | EnsembleSelectionOutcome | RescoreJobResult;
import type { RunJobMessage } from './thread-entry.js';
import { trainingThreads, type TrainingThreadPool } from './thread-pool.js';

export class TrainingStoppedError extends Error {
  constructor() {
    super('training stopped on request');
    this.name = 'TrainingStoppedError';
  }
}

export interface ThreadRunOptions {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** How long a stopped job may take to notice the flag before the activity reports the stop. */
  stopGraceMs?: number;
  /** Where threads come from (default: the process's warm pool). */
  pool?: TrainingThreadPool;
}

export function runInThread(job: TrialJob, options?: ThreadRunOptions): Promise<TrialJobResult>;
export function runInThread(job: RefitJob, options?: ThreadRunOptions): Promise<RefitJobResult>;
export function runInThread(job: EnsembleJob, options?: ThreadRunOptions): Promise<EnsembleSelectionOutcome>;
export function runInThread(job: RescoreJob, options?: ThreadRunOptions): Promise<RescoreJobResult>;
export function runInThread(job: TrainingJob, options: ThreadRunOptions = {}): Promise<JobResult> {
  const pool = options.pool ?? trainingThreads;
  const thread = pool.acquire();
  const { worker } = thread;
  const id = ++jobSequence;
  const stopFlag = new SharedArrayBuffer(4);
  return new Promise((resolve, reject) => {
    let settled = false;
    let stopped = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let lastResortTimer: NodeJS.Timeout | undefined;
    const detach = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      clearTimeout(graceTimer);
      clearTimeout(lastResortTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    /** The job is over in the thread: hand the thread back, or retire it after a stop. */
    const jobEnded = (fn: () => void) => {
      detach();
      if (stopped) pool.retire(thread);
      else pool.release(thread);
      settle(fn);
    };
    const onAbort = () => {
      stopped = true;
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      // Cooperative: solvers poll the flag every iteration, encoders between batches. The
      // activity reports the stop after the grace period; the thread is left to wind down on
      // its own (and then retired), because terminating it inside an onnxruntime call can
      // abort the process.
      graceTimer = setTimeout(() => settle(() => reject(new TrainingStoppedError())), options.stopGraceMs ?? 5000);
      lastResortTimer = setTimeout(() => {
        detach();
        pool.retire(thread);
      }, 120_000);
      lastResortTimer.unref();
    };
    const onMessage = (msg: ThreadMessage) => {
      if (msg.id !== id) return;
      if (msg.type === 'progress') options.onProgress?.(msg.fraction ?? 0);
      else if (msg.type === 'done') jobEnded(() => (stopped ? reject(new TrainingStoppedError()) : resolve(msg.result!)));
      else if (msg.type === 'error') {
        const err = msg.error!;
        jobEnded(() => reject(err.name === 'UserInputError' ? new UserInputError(err.message) : Object.assign(new Error(err.message), { name: err.name, stack: err.stack })));
      }
    };
    const onError = (e: Error) => {
      detach();
      pool.retire(thread);
      settle(() => reject(e));
    };
    const onExit = (code: number) => {
      detach();
      settle(() => reject(new Error(`training thread exited with code ${code}`)));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage({ type: 'run', id, job, stopFlag } satisfies RunJobMessage);
  });
}

interface ThreadMessage {
  type: 'progress' | 'done' | 'error';
  id: number;
  fraction?: number;
  result?: JobResult;
  error?: { name: string; message: string; stack?: string };
}

let jobSequence = 0;
