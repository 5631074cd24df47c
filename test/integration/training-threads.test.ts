/**
 * Training threads from the warm pool (compiled thread entry, real worker threads): reuse,
 * the per-thread dataset cache, retirement after a stop and after idling.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRef } from '../../artifacts/artifact-store.js';
import type { TrialJob } from '../../activities/training/jobs.js';
import { TrainingStoppedError, runInThread } from '../../activities/training/run-in-thread.js';
import { TrainingThreadPool } from '../../activities/training/thread-pool.js';
import { putTitleDataset } from '../helpers/prepared-dataset.js';
import { syntheticRows } from '../helpers/synthetic-text.js';

let dir: string;
let small: ArtifactRef;
let large: ArtifactRef;

async function writeDataset(key: string, n: number): Promise<ArtifactRef> {
  const cut = (f: number) => Math.floor(n * f);
  return putTitleDataset(`file://${dir}`, key, syntheticRows(n, 11), { validationStart: cut(0.6), testStart: cut(0.8), dataSha256: key });
}

const job = (dataset: ArtifactRef, pipeline: TrialJob['pipeline'] = { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }): TrialJob => ({
  kind: 'trial',
  storeRoot: `file://${dir}`,
  dataset,
  pipeline,
  metric: 'roc_auc',
  seed: 3,
  fidelity: 1,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-threads-'));
  small = await writeDataset('small.json', 400);
  large = await writeDataset('large.json', 60_000);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('training threads', () => {
  it('reuse one warm thread for jobs in sequence, with the same results as a fresh thread', async () => {
    const pool = new TrainingThreadPool(60_000);
    try {
      const first = await runInThread(job(small), { pool });
      expect(pool.idleCount).toBe(1);
      const second = await runInThread(job(small), { pool });
      expect(pool.threadsStarted).toBe(1);
      expect(second.metrics.roc_auc).toBe(first.metrics.roc_auc);
      // A user error in a job does not cost the thread.
      await expect(runInThread(job(small, { features: { title: { kind: 'tfidf', minDf: 10_000 } }, classifier: { kind: 'logreg' } }), { pool })).rejects.toThrow(/no terms left/);
      expect(pool.idleCount).toBe(1);
      expect(pool.threadsStarted).toBe(1);

      const fresh = new TrainingThreadPool(0);
      // Everything but the measured prediction time.
      const { predict_ms_per_1k: _a, ...freshMetrics } = (await runInThread(job(small), { pool: fresh })).metrics;
      const { predict_ms_per_1k: _b, ...warmMetrics } = first.metrics;
      expect(freshMetrics).toEqual(warmMetrics);
      expect(fresh.idleCount).toBe(0);
    } finally {
      await pool.close();
    }
    expect(pool.idleCount).toBe(0);
  });

  it('retires the thread of a stopped job instead of reusing it', async () => {
    const pool = new TrainingThreadPool(60_000);
    const controller = new AbortController();
    const running = runInThread(job(large, { features: { title: { kind: 'tfidf', ngramMax: 3 } }, classifier: { kind: 'logreg', C: 1000, maxIter: 5000 } }), {
      pool,
      signal: controller.signal,
      stopGraceMs: 30_000,
    });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toBeInstanceOf(TrainingStoppedError);
    expect(pool.idleCount).toBe(0);
    await runInThread(job(small), { pool });
    expect(pool.threadsStarted).toBe(2);
    await pool.close();
  });

  it('ends threads that stay idle past the idle time', async () => {
    const pool = new TrainingThreadPool(100);
    await runInThread(job(small), { pool });
    expect(pool.idleCount).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(pool.idleCount).toBe(0);
    await runInThread(job(small), { pool });
    expect(pool.threadsStarted).toBe(2);
    await pool.close();
  });
});
