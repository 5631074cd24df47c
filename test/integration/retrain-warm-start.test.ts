/**
 * A retrain warm-starts its search from the champion's parameters. When the new data changes
 * the search space (here a price column arrives with decimal commas and is no longer numeric),
 * the champion's parameters that no longer exist are left out instead of failing the workflow
 * task forever.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutoflowClient } from '../../client/autoflow-client.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { createModelRegistry } from '../../registry/index.js';
import { startInProcessWorker, type InProcessWorker } from '../helpers/in-process-worker.js';
import { syntheticRows } from '../helpers/synthetic-text.js';

describe('retrain warm start across a changed search space', () => {
  let dir: string;
  let inProcess: InProcessWorker;
  let client: AutoflowClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-warm-'));
    await mkdir(join(dir, 'batches'));
    inProcess = await startInProcessWorker(dir, `it-warm-${process.pid}`);
    client = inProcess.client;
  });
  afterAll(async () => {
    await inProcess?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const writeBatch = (name: string, seed: number, decimalComma: boolean) => {
    const rows = syntheticRows(400, seed);
    const price = (p: number) => (decimalComma ? String(p).replace('.', ',') : String(p));
    return writeFile(join(dir, 'batches', name), `title;price;label\n${rows.map((r) => `${r.title};${price(r.price)};${r.label}`).join('\n')}\n`);
  };

  const spec: ExperimentSpec = {
    name: 'warm',
    data: { source: 'batches/*.csv' },
    target: 'label',
    positiveLabel: 'spam',
    metric: 'roc_auc',
    seed: 2,
    budget: { maxTrials: 2, parallelism: 2 },
    register: { model: 'warm' },
    retrain: { championAlias: 'production', promotion: { minImprovement: 0.001 } },
  };

  it('leaves out champion parameters the new space lacks and completes', async () => {
    await writeBatch('2026-01.csv', 1, false);
    const first = await (await client.startRetrain(spec, dir)).result();
    expect(first.promotedVersion).toBe(1);

    await writeBatch('2026-02.csv', 2, true);
    const second = await Promise.race([
      (await client.startRetrain(spec, dir)).result(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the retrain did not finish: its workflow task is failing')), 60_000)),
    ]);
    expect(second.champion?.version).toBe(1);
    // Warm start: the champion's parameters that still exist seeded the first trial, and the
    // ones about the price column (no longer numeric) were left out rather than failing the run.
    const championParams = (await createModelRegistry(join(dir, 'registry')).getVersion('warm', 1)).lineage.params;
    if (!championParams) throw new Error('the champion version has no params in its lineage');
    const firstTrial = (await client.getSearch(second.search!.searchId).progress()).leaderboard.find((e) => e.trialNumber === 0);
    expect(firstTrial, 'the challenger search has a trial 0').toBeDefined();
    const carried = Object.keys(championParams).filter((name) => firstTrial!.params[name] === championParams[name]);
    const dropped = Object.keys(championParams).filter((name) => !(name in firstTrial!.params));
    expect(carried).toContain('classifier');
    expect(carried.filter((name) => name.startsWith('classifier__'))).toEqual(Object.keys(championParams).filter((name) => name.startsWith('classifier__')));
    expect(dropped.length, `champion params ${Object.keys(championParams).join(', ')}`).toBeGreaterThan(0);
    expect(dropped.every((name) => name.includes('price'))).toBe(true);
  }, 120_000);
});
