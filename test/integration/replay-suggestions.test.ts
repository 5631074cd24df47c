/**
 * Replay re-reads the sampler's suggestions from history instead of asking again (each ask is a
 * local activity, recorded as a marker): a TPE search over the conditional default space of a
 * mixed table, carried over continueAsNew, replays every run without non-determinism. A history
 * recorded before suggestions were recorded still replays (patched('recorded-suggestions')).
 * Each trial activity carries a summary for the Temporal UI. Timings belong to bench/replay, not here.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compiledPath } from '../../devserver/project-paths.js';
import { listingsSpec, startListingsSearch, stopAndRemove } from '../helpers/listings-search.js';
import type { InProcessWorker } from '../helpers/in-process-worker.js';
import { syntheticRows } from '../helpers/synthetic-text.js';

const workflowBundle = { codePath: compiledPath('workflow-bundle') };
let dir: string | undefined;
let inProcess: InProcessWorker | undefined;

beforeAll(async () => {
  ({ dir, inProcess } = await startListingsSearch('autoflow-replay-', `replay-${process.pid}`, syntheticRows(400, 6)));
});
afterAll(() => stopAndRemove(inProcess, dir));

describe('recorded suggestions', () => {
  it('records every suggestion in history and replays each run of a continued search without non-determinism', async () => {
    const { client } = inProcess!;
    // No pipeline: the default mixed space, where each classifier's parameters are conditional on its choice.
    const spec = listingsSpec('replay', { sampler: { name: 'tpe', nStartupTrials: 2 }, budget: { maxTrials: 6, parallelism: 2 }, rescore: false, ensemble: false, register: false });
    const experiment = await client.prepare(spec, dir);
    expect(experiment.space.params.some((p) => p.condition)).toBe(true);
    const search = await client.startSearch(experiment, { trialsPerRun: 3 });
    expect((await search.result()).trials + (await search.progress()).trialsFailed).toBe(6);

    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const temporalClient = new Client({ connection });
      const runs: string[] = [];
      for await (const info of temporalClient.workflow.list({ query: `WorkflowId = '${search.searchId}'` })) runs.push(info.runId);
      expect(runs).toHaveLength(2);
      for (const runId of runs) {
        const history = await temporalClient.workflow.getHandle(search.searchId, runId).fetchHistory();
        const events = history.events ?? [];
        const trials = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runTrial').length;
        // One recorded suggestion (a local-activity marker) per trial launched in this run.
        const suggestions = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
        expect(trials).toBe(3);
        expect(suggestions).toBe(trials);
        // Each trial activity is labelled in the Temporal UI with its number and configuration.
        const summaries = events
          .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runTrial')
          .map((e) => JSON.parse(Buffer.from(e.userMetadata?.summary?.data ?? []).toString('utf8') || 'null') as string | null);
        for (const summary of summaries) expect(summary).toMatch(/^trial \d+ · (logreg|linear_svm|gbt|mlp|naive_bayes)\b/);
        await Worker.runReplayHistory({ workflowBundle }, history, search.searchId);
      }
    } finally {
      await connection.close();
    }
  });

  it('refreshes the search attributes at most once a second as trials finish, and always on a status change', async () => {
    const { client } = inProcess!;
    // Random search on small data: trials finish well inside a second of each other.
    const spec = listingsSpec('visibility', { sampler: { name: 'random' }, budget: { maxTrials: 10, parallelism: 2 }, rescore: false, ensemble: false, register: false });
    const search = await client.startSearch(await client.prepare(spec, dir));
    const done = (await search.result()).trials + (await search.progress()).trialsFailed;
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const history = await new Client({ connection }).workflow.getHandle(search.searchId).fetchHistory();
      const upserts = (history.events ?? []).flatMap((e) => {
        const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        const decode = (key: string) => (fields?.[key] ? (JSON.parse(Buffer.from(fields[key].data ?? []).toString('utf8')) as unknown) : undefined);
        return fields?.AutoflowStatus ? [{ atMs: Number(e.eventTime!.seconds) * 1000 + e.eventTime!.nanos! / 1e6, status: decode('AutoflowStatus'), trialsDone: decode('AutoflowTrialsDone') }] : [];
      });
      // Consecutive refreshes while searching are trial completions: each waited for the last one's second to pass.
      for (let i = 1; i < upserts.length; i++) {
        if (upserts[i].status === 'searching' && upserts[i - 1].status === 'searching') expect(upserts[i].atMs - upserts[i - 1].atMs).toBeGreaterThanOrEqual(900);
      }
      expect(upserts.at(-1)).toMatchObject({ status: 'completed', trialsDone: (await search.progress()).trialsDone });
      expect(upserts.filter((u) => u.status === 'searching').length).toBeLessThan(done);
    } finally {
      await connection.close();
    }
  });

  it('replays a history recorded before suggestions were recorded (the sampler is asked again, as it ran; search attributes upserted after every trial)', async () => {
    // 10 trials of bench/replay's 45-dimensional space, recorded by the build before this change.
    const bytes = await readFile(join(import.meta.dirname, '..', 'fixtures', 'histories', 'automl-search-before-recorded-suggestions.bin'));
    const history = temporal.api.history.v1.History.decode(bytes);
    expect((history.events ?? []).some((e) => e.markerRecordedEventAttributes)).toBe(false);
    await Worker.runReplayHistory({ workflowBundle }, history, 'before-recorded-suggestions');
  });
});
