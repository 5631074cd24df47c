/**
 * Short trials at parallelism 1 run as local activities (workflows/local-trials.ts): recorded in
 * history as markers, so replay reads them; the same trials and scores as regular activities;
 * and a local run that finds an earlier run's mark (its worker died mid-trial) hands the trial
 * to a regular activity. The time saved belongs to bench/orchestration, not here.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compiledPath } from '../../devserver/project-paths.js';
import { listingsSpec, startListingsSearch, stopAndRemove } from '../helpers/listings-search.js';
import type { InProcessWorker } from '../helpers/in-process-worker.js';
import { syntheticRows } from '../helpers/synthetic-text.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

let dir: string | undefined;
let inProcess: InProcessWorker | undefined;

beforeAll(async () => {
  ({ dir, inProcess } = await startListingsSearch('autoflow-local-trials-', `local-trials-${process.pid}`, syntheticRows(300, 4)));
});
afterAll(() => stopAndRemove(inProcess, dir));

const decode = (data: Uint8Array | null | undefined): unknown => JSON.parse(Buffer.from(data ?? []).toString('utf8'));

/** Trial numbers run as regular activities, and those run as local ones (their markers name runTrial). */
function trialsByKind(events: HistoryEvent[]): { regular: number[]; local: number[] } {
  const regular = events
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runTrial')
    .map((e) => (decode(e.activityTaskScheduledEventAttributes!.input!.payloads![0].data) as { trialNumber: number }).trialNumber);
  const local = events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
    .filter((e) => (decode(e.markerRecordedEventAttributes!.details!.data!.payloads![0].data) as { activity_type?: string }).activity_type === 'runTrial')
    .filter((e) => !e.markerRecordedEventAttributes!.failure)
    .map((e) => (decode(e.markerRecordedEventAttributes!.details!.result!.payloads![0].data) as { trialNumber: number }).trialNumber);
  return { regular, local };
}

async function withHistory<T>(searchId: string, use: (events: HistoryEvent[], history: temporal.api.history.v1.IHistory) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    const history = await new Client({ connection }).workflow.getHandle(searchId).fetchHistory();
    return await use(history.events ?? [], history);
  } finally {
    await connection.close();
  }
}

describe('local trials', () => {
  const spec = (name: string, localTrialSeconds?: number) =>
    listingsSpec(name, {
      pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
      sampler: { name: 'random' },
      seed: 7,
      budget: { maxTrials: 8, parallelism: 1 },
      rescore: false,
      ensemble: false,
      register: false,
      ...(localTrialSeconds !== undefined ? { execution: { localTrialSeconds } } : {}),
    });

  it('runs short trials locally after three short regular ones, with the same scores, and replays from the markers', async () => {
    const { client } = inProcess!;
    const local = await client.startSearch(await client.prepare(spec('local'), dir));
    const regular = await client.startSearch(await client.prepare(spec('regular', 0), dir));
    const [localResult, regularResult] = await Promise.all([local.result(), regular.result()]);

    // The same configurations and the same validation scores, however the trials ran.
    expect(localResult.trials).toBe(8);
    const scores = (r: typeof localResult) => r.leaderboard.map((e) => [e.trialNumber, e.value, e.params]);
    expect(scores(localResult)).toEqual(scores(regularResult));
    expect(localResult.bestValue).toBe(regularResult.bestValue);

    await withHistory(local.searchId, async (events, history) => {
      const kinds = trialsByKind(events);
      expect(kinds.regular.slice(0, 3)).toEqual([0, 1, 2]);
      expect(kinds.local.length).toBeGreaterThan(0);
      expect([...kinds.regular, ...kinds.local].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // Local trials are labelled in the Temporal UI like regular ones.
      const localSummaries = events
        .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity' && e.userMetadata?.summary)
        .map((e) => decode(e.userMetadata!.summary!.data) as string)
        .filter((s) => s.startsWith('trial '));
      expect(localSummaries).toHaveLength(kinds.local.length);
      await Worker.runReplayHistory({ workflowBundle: { codePath: compiledPath('workflow-bundle') } }, history, local.searchId);
    });
    await withHistory(regular.searchId, async (events) => {
      expect(trialsByKind(events)).toEqual({ regular: [0, 1, 2, 3, 4, 5, 6, 7], local: [] });
    });
  });

  it('runs a trial as a regular activity when a local run of it was interrupted before', async () => {
    const { client } = inProcess!;
    const experiment = await client.prepare(spec('interrupted'), dir);
    const searchId = `interrupted-${process.pid}`;
    // What a worker killed mid-trial leaves behind: the local run's mark and no result.
    const trials = join(dir!, 'artifacts', 'searches', searchId, 'trials');
    await mkdir(trials, { recursive: true });
    await writeFile(join(trials, '4.local-run'), JSON.stringify({ startedAt: new Date().toISOString() }));

    const search = await client.startSearch(experiment, { searchId });
    const result = await search.result();
    expect(result.trials).toBe(8);
    await withHistory(searchId, async (events) => {
      const kinds = trialsByKind(events);
      expect(kinds.local).toContain(3);
      expect(kinds.local).not.toContain(4);
      expect(kinds.regular).toContain(4);
      // The refused local run is in history with the reason, so the UI shows why trial 4 ran remotely.
      const refused = events.filter((e) => e.markerRecordedEventAttributes?.failure?.message?.includes('an earlier local run ended without a result'));
      expect(refused).toHaveLength(1);
    });
  });
});
