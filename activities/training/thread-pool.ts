/**
 * Training threads kept warm between jobs. Starting a thread costs ~200 ms of module loading
 * before any fitting, and a Japanese pipeline loads kuromoji's dictionary (~1 s) in every new
 * thread: more than the fit itself for small and medium datasets. A thread that finished a
 * job waits here for the next one (the prepared dataset it read stays cached in it, see
 * ./prepared-dataset.ts) and exits after `idleMs` without work, so an idle worker process
 * gives its memory back. Idle threads never keep the process alive.
 *
 * A thread whose job was stopped is not reused: it is retired once the job notices the stop
 * flag, so a cancelled search leaves no training thread behind.
 */
import { Worker } from 'node:worker_threads';
import { compiledPath } from '../../devserver/project-paths.js';

export interface TrainingThread {
  readonly worker: Worker;
  /** Set when the thread exited or errored: never handed out again. */
  dead: boolean;
}

export class TrainingThreadPool {
  private readonly idle: { thread: TrainingThread; timer: NodeJS.Timeout }[] = [];
  /** Threads started so far (how often the warm-up cost was paid). */
  threadsStarted = 0;

  constructor(private readonly idleMs: number) {}

  /** An idle thread, most recently used first (its caches are the warmest), or a new one. */
  acquire(): TrainingThread {
    while (this.idle.length > 0) {
      const { thread, timer } = this.idle.pop()!;
      clearTimeout(timer);
      if (thread.dead) continue;
      thread.worker.ref();
      return thread;
    }
    const thread: TrainingThread = { worker: new Worker(compiledPath('activities/training/thread-entry')), dead: false };
    this.threadsStarted++;
    const markDead = () => {
      thread.dead = true;
      this.forget(thread);
    };
    thread.worker.once('exit', markDead);
    thread.worker.once('error', markDead);
    return thread;
  }

  /** Hands a thread that finished its job back for the next one. */
  release(thread: TrainingThread): void {
    if (thread.dead) return;
    if (this.idleMs <= 0) return this.retire(thread);
    thread.worker.unref();
    const timer = setTimeout(() => {
      this.forget(thread);
      this.retire(thread);
    }, this.idleMs);
    timer.unref();
    this.idle.push({ thread, timer });
  }

  /** Ends a thread (a stopped job's, or one idle for too long). */
  retire(thread: TrainingThread): void {
    if (thread.dead) return;
    thread.dead = true;
    void thread.worker.terminate();
  }

  /** Idle threads right now (tests, metrics). */
  get idleCount(): number {
    return this.idle.filter((e) => !e.thread.dead).length;
  }

  /** Ends every idle thread. */
  async close(): Promise<void> {
    const threads = this.idle.splice(0).map(({ thread, timer }) => {
      clearTimeout(timer);
      thread.dead = true;
      return thread.worker.terminate();
    });
    await Promise.all(threads);
  }

  private forget(thread: TrainingThread): void {
    const at = this.idle.findIndex((e) => e.thread === thread);
    if (at >= 0) clearTimeout(this.idle.splice(at, 1)[0].timer);
  }
}

/** How long an idle training thread waits for another job (AUTOFLOW_TRAINING_THREAD_IDLE_MS, default 10 s; 0 = a fresh thread per job). */
export function trainingThreadIdleMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AUTOFLOW_TRAINING_THREAD_IDLE_MS;
  const ms = raw === undefined || raw === '' ? 10_000 : Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : 10_000;
}

export const trainingThreads = new TrainingThreadPool(trainingThreadIdleMs());
