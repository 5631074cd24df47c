/**
 * Durability, proven the hard way on a real dev server: a worker killed with SIGKILL in the
 * middle of a trial, the server stopped and restarted mid-search, a search cancelled mid-trial.
 * Each search must end with exactly the trials it asked for: none lost, none repeated.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AutoflowClient } from '../../client/autoflow-client.js';
import { freePort, startDevServer } from '../../devserver/dev-server.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { spawnWorker, threadCount, waitFor, type WorkerProcess } from '../helpers/processes.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';

let dir: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-chaos-'));
  await writeCsv(join(dir, 'listings.csv'), syntheticRows(4000, 9));
});

afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/**
 * Trials that take a few seconds each, so there is a "middle" to crash in. A short heartbeat
 * timeout finds a killed worker fast; tests where no worker dies give it more, so a loaded
 * machine that delays one heartbeat cannot pass for a crash.
 */
const slowSpec = (maxTrials: number, heartbeatTimeoutSeconds = 3, over: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  name: 'chaos',
  data: { source: 'listings.csv' },
  target: 'label',
  columns: { title: 'text', price: 'ignore' },
  seed: 5,
  budget: { maxTrials, parallelism: 2 },
  execution: { heartbeatTimeoutSeconds },
  pipeline: { features: { title: { kind: 'tfidf', ngramMax: 3, minDf: 1 } }, classifier: { kind: 'logreg', tol: 1e-10, maxIter: 300 } },
  searchSpace: { classifier__C: { low: 50, high: 500, log: true }, classifier__classWeight: null },
  register: { model: 'chaos' },
  ...over,
});

/** Trial activities a worker has picked up (not prepareDataset, which runs first). */
async function startedActivities(client: AutoflowClient, searchId: string, attempt?: number): Promise<number> {
  const description = await client.client.workflow.getHandle(searchId).describe();
  return (description.raw.pendingActivities ?? []).filter(
    (a) => a.activityType?.name === 'runTrial' && (String(a.state) === 'PENDING_ACTIVITY_STATE_STARTED' || a.state === 2) && (attempt === undefined || a.attempt === attempt),
  ).length;
}

/** The trials' result records (each trial also stores its validation probabilities beside it). */
async function trialFiles(home: string, searchId: string, suffix = '.json'): Promise<string[]> {
  return (await readdir(join(home, 'artifacts', 'searches', searchId, 'trials'))).filter((f) => f.endsWith(suffix)).sort();
}

/**
 * A worker process on its own task queue and a 4-trial search, returned once that worker is in
 * the middle of a trial: the moment the crash tests strike.
 */
async function searchWithTrialRunning(name: string, heartbeatTimeoutSeconds?: number) {
  const address = inject('temporalAddress');
  const taskQueue = `chaos-${name}-${process.pid}`;
  const home = join(dir, name);
  const first = spawnWorker({ address, taskQueue, home });
  workers.push(first);
  await first.ready;
  const client = await AutoflowClient.connect({ address, taskQueue });
  const search = await client.startSearch(await client.prepare(slowSpec(4, heartbeatTimeoutSeconds), dir));
  await waitFor('a trial to be running', async () => (await startedActivities(client, search.searchId)) > 0);
  const spawnSecond = () => {
    const second = spawnWorker({ address, taskQueue, home });
    workers.push(second);
    return second;
  };
  return { home, first, client, search, spawnSecond };
}

describe('chaos', () => {
  it('retries a trial on another worker after the first is killed with SIGKILL, with no duplicate trial', async () => {
    const { home, first, client, search, spawnSecond } = await searchWithTrialRunning('kill');
    try {
      await new Promise((r) => setTimeout(r, 1000));
      // Trials take about a second on a fast machine: strike while one is still running (not
      // between two, which would leave nothing to retry).
      await waitFor('a trial to be running at the kill', async () => (await startedActivities(client, search.searchId)) > 0, 60_000, 20);
      first.child.kill('SIGKILL');
      await first.exited;

      const second = spawnSecond();
      const result = await search.result();
      expect(result.trials).toBe(4);
      expect(result.failedTrials).toBe(0);
      const numbers = (await search.progress()).finished.map((f) => f.trialNumber).sort();
      expect(numbers).toEqual([0, 1, 2, 3]);
      expect(await trialFiles(home, search.searchId)).toEqual(['0.json', '1.json', '2.json', '3.json']);
      expect(await trialFiles(home, search.searchId, '.validation-proba.bin')).toEqual([0, 1, 2, 3].map((n) => `${n}.validation-proba.bin`));
      expect(result.model?.version).toBe(1);

      // The killed trial really ran again: some trial activity started a second attempt.
      const history = await client.client.workflow.getHandle(search.searchId).fetchHistory();
      const retried = (history.events ?? []).some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) >= 2);
      expect(retried).toBe(true);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await client.close();
    }
  });

  it('stops a trial that crashes its worker on every attempt after execution.maxWorkerCrashes, reported as such, and goes on', async () => {
    // The test plays the out-of-memory killer: whichever worker runs trial 0 dies, twice.
    const address = inject('temporalAddress');
    const taskQueue = `chaos-oom-${process.pid}`;
    const home = join(dir, 'oom');
    const client = await AutoflowClient.connect({ address, taskQueue });
    try {
      const spec = slowSpec(2, 2, { budget: { maxTrials: 2, parallelism: 1 }, execution: { heartbeatTimeoutSeconds: 2, maxWorkerCrashes: 2 } });
      const search = await client.startSearch(await client.prepare(spec, dir));
      for (const attempt of [1, 2]) {
        const doomed = spawnWorker({ address, taskQueue, home });
        workers.push(doomed);
        await waitFor(`attempt ${attempt} of trial 0 to run`, async () => (await startedActivities(client, search.searchId, attempt)) > 0, 120_000, 100);
        doomed.child.kill('SIGKILL');
        await doomed.exited;
      }
      const survivor = spawnWorker({ address, taskQueue, home });
      workers.push(survivor);
      const result = await search.result();
      expect(result.failedTrials).toBe(1);
      expect(result.trials).toBe(1);
      const finished = (await search.progress()).finished;
      const crashed = finished.find((f) => f.trialNumber === 0);
      expect(crashed?.state).toBe('failed');
      expect(crashed?.error).toContain('trial 0 stopped: 2 of its attempts ended without a result');
      expect(crashed?.error).toContain('execution.maxWorkerCrashes = 2');
      expect(finished.find((f) => f.trialNumber === 1)?.state).toBe('complete');
      survivor.child.kill('SIGTERM');
      await survivor.exited;
    } finally {
      await client.close();
    }
  });

  it('retries a crashed trial until its deadline, then records it failed with the deadline named', async () => {
    // No worker for longer than the deadline after the crash: the retry can never start in time.
    const address = inject('temporalAddress');
    const taskQueue = `chaos-deadline-${process.pid}`;
    const home = join(dir, 'deadline');
    const client = await AutoflowClient.connect({ address, taskQueue });
    try {
      // One trial: the search then fails for want of any result, which shows the trial's message.
      const spec = slowSpec(1, 2, { budget: { maxTrials: 1, parallelism: 1, trialTimeoutMinutes: 0.2 }, execution: { heartbeatTimeoutSeconds: 2, trialDeadlineMinutes: 0.25 } });
      const search = await client.startSearch(await client.prepare(spec, dir));
      const first = spawnWorker({ address, taskQueue, home });
      workers.push(first);
      await waitFor('trial 0 to run', async () => (await startedActivities(client, search.searchId, 1)) > 0, 120_000, 100);
      first.child.kill('SIGKILL');
      await first.exited;
      await new Promise((r) => setTimeout(r, 16_000));
      const second = spawnWorker({ address, taskQueue, home });
      workers.push(second);
      const error = await search.result().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect(String((error as WorkflowFailedError).cause?.message)).toContain('all 1 trials failed; last error: trial deadline passed (execution.trialDeadlineMinutes = 0.25)');
      // The trial was still being retried when its deadline (schedule-to-close) ran out, not out of attempts.
      const history = await client.client.workflow.getHandle(search.searchId).fetchHistory();
      const timedOut = (history.events ?? []).find((e) => e.activityTaskTimedOutEventAttributes)?.activityTaskTimedOutEventAttributes;
      expect(timedOut?.failure?.timeoutFailureInfo?.timeoutType).toBe(3);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await client.close();
    }
  });

  it('lets a worker stopped with SIGTERM finish its running trials before it leaves', async () => {
    const { home, first, client, search, spawnSecond } = await searchWithTrialRunning('term', 30);
    try {
      first.child.kill('SIGTERM');
      // Graceful: the worker stops polling, finishes what it holds, then exits cleanly.
      expect(await first.exited).toBe(0);
      const finishedByFirst = (await trialFiles(home, search.searchId)).length;
      expect(finishedByFirst).toBeGreaterThanOrEqual(1);
      const second = spawnSecond();
      const result = await search.result();
      expect(result.trials).toBe(4);
      expect(await trialFiles(home, search.searchId)).toEqual(['0.json', '1.json', '2.json', '3.json']);
      // Nothing had to be retried: the trials the first worker held were finished, not dropped.
      const history = await client.client.workflow.getHandle(search.searchId).fetchHistory();
      const events = history.events ?? [];
      const retried = events
        .filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1)
        .map((e) => {
          const scheduled = events.find((s) => s.eventId?.toString() === e.activityTaskStartedEventAttributes!.scheduledEventId?.toString());
          const failure = e.activityTaskStartedEventAttributes!.lastFailure;
          return `${scheduled?.activityTaskScheduledEventAttributes?.activityType?.name} attempt ${e.activityTaskStartedEventAttributes!.attempt} after: ${failure?.message ?? '?'} (${failure?.timeoutFailureInfo ? 'timeout' : 'error'}); started by ${e.activityTaskStartedEventAttributes!.identity}`;
        });
      // Named on failure: which activity ran again, why, and where.
      expect(retried).toEqual([]);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await client.close();
    }
  });

  it('resumes and completes after the Temporal server is stopped and restarted on the same database', async () => {
    const port = await freePort();
    const uiPort = await freePort();
    const dbFile = join(dir, 'restart.db');
    const binary = inject('temporalBinary');
    let server = await startDevServer({ binary, port, uiPort, dbFile });
    const taskQueue = `chaos-restart-${process.pid}`;
    const home = join(dir, 'restart');
    const worker = spawnWorker({ address: server.address, taskQueue, home });
    workers.push(worker);
    await worker.ready;
    let client = await AutoflowClient.connect({ address: server.address, taskQueue });
    try {
      const search = await client.startSearch(await client.prepare(slowSpec(6), dir));
      await waitFor('the first finished trial', async () => (await search.progress()).finished.length >= 1, 120_000);
      await client.close();
      await server.stop();
      await new Promise((r) => setTimeout(r, 2000));
      server = await startDevServer({ binary, port, uiPort, dbFile });
      client = await AutoflowClient.connect({ address: server.address, taskQueue });
      const result = await client.getSearch(search.searchId).result();
      expect(result.trials).toBe(6);
      expect(await trialFiles(home, search.searchId)).toHaveLength(6);
      expect(worker.child.exitCode).toBeNull();
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await client.close();
      await server.stop();
    }
  });

  /**
   * Starts `spec` on a fresh worker, waits until `running` says trials are training, cancels the
   * search, and checks that it ends cancelled with its partial leaderboard, that training
   * threads stop and that no result is written afterwards.
   */
  async function cancelMidTrial(name: string, spec: ExperimentSpec, running: (search: Awaited<ReturnType<AutoflowClient['startSearch']>>, home: string) => Promise<boolean>) {
    const address = inject('temporalAddress');
    const taskQueue = `chaos-${name}-${process.pid}`;
    const home = join(dir, name);
    const worker = spawnWorker({ address, taskQueue, home });
    workers.push(worker);
    await worker.ready;
    const idleThreads = await threadCount(worker.child.pid!);
    const client = await AutoflowClient.connect({ address, taskQueue });
    try {
      const search = await client.startSearch(await client.prepare(spec, dir));
      await waitFor('trials training', () => running(search, home), 120_000);
      // Training runs in worker threads: while trials run, the worker has more threads than idle.
      await waitFor('training threads', async () => (await threadCount(worker.child.pid!)) > idleThreads, 30_000, 100);
      await search.cancel();
      const error = await search.result().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect((await search.describe()).runStatus).toBe('CANCELLED');

      // The leaderboard built before the cancel is still there to read.
      const partial = await search.progress();
      expect(partial.status).toBe('cancelled');
      expect(partial.leaderboard.length).toBeGreaterThanOrEqual(1);

      // Training threads stop cooperatively once the cancellation reaches them.
      await waitFor('training threads to stop', async () => (await threadCount(worker.child.pid!)) <= idleThreads, 30_000, 500);
      const written = (await trialFiles(home, search.searchId)).length;
      await new Promise((r) => setTimeout(r, 3000));
      expect((await trialFiles(home, search.searchId)).length).toBe(written);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
      await client.close();
    }
  }

  it('cancels a search mid-trial: training stops, partial results stay, no threads are left behind', async () => {
    await cancelMidTrial('cancel', slowSpec(50), async (search) => {
      const p = await search.progress();
      return p.finished.length >= 1 && p.trialsRunning === 2;
    });
  });

  it('cancels a search in the middle of a local trial just as well', async () => {
    const spec = slowSpec(50, 3, { budget: { maxTrials: 50, parallelism: 1 }, execution: { heartbeatTimeoutSeconds: 3, localTrialSeconds: 60 } });
    // Trials 0-2 qualify the search; trial 3 leaves its mark when it starts training locally.
    await cancelMidTrial('cancel-local', spec, async (search, home) => (await trialFiles(home, search.searchId, '.local-run').catch((): string[] => [])).includes('3.local-run'));
  });

  it('runs a local trial whose worker was killed mid-trial again as a regular activity on another worker, nothing lost', async () => {
    const address = inject('temporalAddress');
    const taskQueue = `chaos-local-${process.pid}`;
    const home = join(dir, 'local');
    const first = spawnWorker({ address, taskQueue, home });
    workers.push(first);
    await first.ready;
    const client = await AutoflowClient.connect({ address, taskQueue });
    try {
      // Sequential trials of a few seconds, under a local threshold that lets them run locally after three.
      const spec = slowSpec(5, 3, { budget: { maxTrials: 5, parallelism: 1 }, execution: { heartbeatTimeoutSeconds: 3, localTrialSeconds: 60 }, register: false });
      const search = await client.startSearch(await client.prepare(spec, dir));
      // A local trial leaves its mark before it trains: the moment to strike.
      await waitFor('trial 3 to run locally', async () => (await trialFiles(home, search.searchId, '.local-run').catch((): string[] => [])).includes('3.local-run'), 120_000);
      first.child.kill('SIGKILL');
      await first.exited;
      const second = spawnWorker({ address, taskQueue, home });
      workers.push(second);

      const result = await search.result();
      expect(result.trials).toBe(5);
      expect(result.failedTrials).toBe(0);
      expect(await trialFiles(home, search.searchId)).toEqual(['0.json', '1.json', '2.json', '3.json', '4.json']);
      const events = (await client.client.workflow.getHandle(search.searchId).fetchHistory()).events ?? [];
      const regular = events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runTrial')
        .map((e) => (JSON.parse(Buffer.from(e.activityTaskScheduledEventAttributes!.input!.payloads![0].data!).toString('utf8')) as { trialNumber: number }).trialNumber);
      // Trials 0-2 qualified the search for local runs; trial 3, interrupted locally, ran as a regular activity.
      expect(regular.slice(0, 4)).toEqual([0, 1, 2, 3]);
      expect(events.some((e) => e.markerRecordedEventAttributes?.failure?.message?.includes('trial 3: an earlier local run ended without a result'))).toBe(true);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      await client.close();
    }
  });
});
