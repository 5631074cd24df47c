/**
 * Scheduled retraining on a real dev server with the synthetic marketplace generator's planted
 * drift: the first retrain crowns a champion, a drifted batch is detected and a challenger that
 * recovers the metric is promoted, a batch without drift causes no churn, and bad data fails the
 * run with the rule named while the alias stays put. Schedules are triggered, not waited for.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutoflowClient } from '../../client/autoflow-client.js';
import { writeMarketplace } from '../../data/synthetic/index.js';
import { createModelRegistry } from '../../registry/index.js';
import type { RetrainResult } from '../../retraining/types.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { startInProcessWorker, type InProcessWorker } from '../helpers/in-process-worker.js';
import { waitFor } from '../helpers/processes.js';

describe('scheduled retraining', () => {
  let dir: string;
  let inProcess: InProcessWorker;
  let client: AutoflowClient;
  const taskQueue = `it-retrain-${process.pid}`;
  const scheduleId = `retrain-fraud-${process.pid}`;
  const registry = () => createModelRegistry(join(dir, 'registry'));
  // A webhook receiver on loopback: what a chat bot or an incident tool would get.
  const webhookEvents: { event: string; retrainId: string }[] = [];
  const webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      webhookEvents.push(JSON.parse(body));
      res.end('ok');
    });
  });

  const spec: ExperimentSpec = {
    name: 'listing-fraud',
    data: { source: 'listings-*.csv' },
    target: 'label',
    positiveLabel: 'fraud',
    columns: { title: 'text', description: 'text', price: 'numeric', seller_age_days: 'numeric', category: 'ignore', seller_listings: 'ignore', seller_rating: 'ignore', listed_at: 'ignore' },
    metric: 'roc_auc',
    seed: 4,
    budget: { maxTrials: 2, parallelism: 2 },
    pipeline: { features: { title: { kind: 'tfidf' }, description: { kind: 'tfidf' }, price: { kind: 'numeric', transform: 'log1p' }, seller_age_days: { kind: 'numeric', transform: 'log1p' } }, classifier: { kind: 'logreg', classWeight: 'balanced' } },
    searchSpace: { classifier__C: { low: 1, high: 30, log: true }, features__title__ngramMax: null, features__description__ngramMax: null, features__title__minDf: 2, features__description__minDf: 2, features__title__sublinearTf: null, features__description__sublinearTf: null },
    register: { model: 'listing-fraud' },
    retrain: {
      championAlias: 'production',
      validation: { labels: ['fraud', 'not_fraud'], minRows: 500, maxMissing: { title: 0.05 }, minClassShare: 0.02 },
      promotion: { minImprovement: 0.01 },
      webhook: 'http://127.0.0.1:0/set-in-beforeAll',
    },
  };

  const batch = (name: string, seed: number, drifted: boolean, imbalance = 0.2) =>
    writeMarketplace(join(dir, name), { rows: 2500, seed, binary: 'fraud', imbalance, listedAt: true, badMix: { fraud: 0.6, spam: 0.3, prohibited: 0.1 }, ...(drifted ? { drift: { after: 0.01, pattern: 'new-fraud' as const, share: 0.9 } } : {}) });

  /** Fires the schedule and waits for the retrain it started. */
  async function triggerAndWait(): Promise<RetrainResult> {
    const before = new Set((await client.schedules.describe(scheduleId)).recentRuns.map((r) => r.workflowId));
    await client.schedules.trigger(scheduleId);
    const workflowId = await waitFor('the triggered retrain', async () => (await client.schedules.describe(scheduleId)).recentRuns.map((r) => r.workflowId).find((id) => !before.has(id)), 30_000);
    return (await client.client.workflow.getHandle(workflowId).result()) as RetrainResult;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-retrain-'));
    inProcess = await startInProcessWorker(dir, taskQueue);
    client = inProcess.client;
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', () => r()));
    spec.retrain!.webhook = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/autoflow`;
    await batch('listings-2024-01.csv', 1, false);
    await client.schedules.create({ scheduleId, spec, baseDir: dir, every: ['365d'], paused: true, note: 'test: triggered by hand' });
  });

  afterAll(async () => {
    await client?.schedules.delete(scheduleId).catch(() => {});
    await inProcess?.stop();
    webhook.close();
    await rm(dir, { recursive: true, force: true });
  });

  let first: RetrainResult;
  it('crowns the first champion when there is none', async () => {
    const view = await client.schedules.describe(scheduleId);
    expect(view.paused).toBe(true);
    expect(view.spec.intervals).toHaveLength(1);
    first = await triggerAndWait();
    expect(first.dataUri).toContain('listings-2024-01.csv');
    expect(first.validation.passed).toBe(true);
    expect(first.champion).toBeNull();
    expect(first.decision.promote).toBe(true);
    expect(first.promotedVersion).toBe(1);
    expect(await registry().getAliases('listing-fraud')).toEqual({ production: 1 });
  });

  let drifted: RetrainResult;
  it('detects planted drift, retrains, and promotes a challenger that recovers the metric', async () => {
    await batch('listings-2024-02.csv', 2, true);
    drifted = await triggerAndWait();
    expect(drifted.dataUri).toContain('listings-2024-02.csv');
    expect(drifted.champion?.version).toBe(1);
    // The drift shows in the text the new fraud pattern brings and in the champion's scores.
    expect(drifted.drift?.worst?.level).not.toBe('stable');
    expect(drifted.drift?.columns.map((c) => c.column)).toContain('champion score');
    expect(drifted.decision.promote).toBe(true);
    expect(drifted.promotedVersion).toBe(2);
    const championOnFresh = drifted.decision.champion.roc_auc;
    const challengerOnFresh = drifted.decision.challenger.roc_auc;
    const championBeforeDrift = first.search!.testMetrics.roc_auc;
    console.info(`retrain figures: champion test roc_auc before drift ${championBeforeDrift.toFixed(4)}, on the drifted holdout ${championOnFresh.toFixed(4)}, challenger ${challengerOnFresh.toFixed(4)}; worst drift ${drifted.drift?.worst?.column} ${drifted.drift?.worst?.statistic}=${drifted.drift?.worst?.value.toFixed(3)}`);
    // The drift broke the champion; the promoted challenger recovers most of what was lost.
    expect(championOnFresh).toBeLessThan(championBeforeDrift - 0.02);
    expect(challengerOnFresh).toBeGreaterThan(championOnFresh + 0.01);
    expect(challengerOnFresh).toBeGreaterThan(championBeforeDrift - 0.02);
    expect(await registry().getAliases('listing-fraud')).toEqual({ production: 2 });
    // Warm start: the champion's configuration was the challenger search's first trial.
    const v1 = await registry().getVersion('listing-fraud', 1);
    const search = await client.getSearch(drifted.search!.searchId).progress();
    const firstTrial = search.leaderboard.find((e) => e.trialNumber === 0);
    expect(firstTrial?.params).toEqual(v1.lineage.params);
  });

  it('keeps the champion on a fresh batch without drift (no promotion churn)', async () => {
    await batch('listings-2024-03.csv', 3, true);
    const calm = await triggerAndWait();
    expect(calm.champion?.version).toBe(2);
    expect(calm.decision.promote).toBe(false);
    expect(calm.decision.reason).toContain('below the required 0.01');
    expect(calm.promotedVersion).toBeUndefined();
    expect(await registry().getAliases('listing-fraud')).toEqual({ production: 2 });
  });

  it('fails a run on bad data with the rule named, and promotes nothing', async () => {
    await batch('listings-2024-04.csv', 4, true, 0.004);
    const error = await triggerAndWait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause?.cause as Error | undefined;
    expect(cause?.message).toContain('data validation failed (class-balance)');
    expect(cause?.message).toMatch(/FAIL class-balance: class "fraud" is \d\.\d% of rows \(minimum 2\.0%\)/);
    expect(await registry().getAliases('listing-fraud')).toEqual({ production: 2 });
    expect((await registry().listVersions('listing-fraud')).length).toBe(3);
  });

  it('told the webhook about every outcome', () => {
    expect(webhookEvents.map((e) => e.event)).toEqual(['promoted', 'promoted', 'kept-champion', 'failed']);
    expect(webhookEvents.every((e) => typeof e.retrainId === 'string' && e.retrainId.startsWith(scheduleId))).toBe(true);
  });
});
