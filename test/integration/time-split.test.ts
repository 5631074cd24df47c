/**
 * Out-of-time split end to end on a real Temporal dev server: a small search with
 * `split: { by: listed_at }` on dated synthetic listings written in shuffled order. The
 * prepared dataset's test rows must be the newest listings and its validation rows the next
 * newest, the date column must not be a feature, and the registered model's test metrics must
 * be those of those rows. A retrain on a later batch then compares champion and challenger on
 * that batch's newest rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactStore } from '../../artifacts/index.js';
import { createModelRegistry } from '../../registry/index.js';
import { loadBundle } from '../../registry/bundle.js';
import { evaluatePipeline } from '../../activities/training/evaluate.js';
import { readPreparedDataset, splitPart } from '../../activities/training/prepared-dataset.js';
import { createRng, shuffleInPlace } from '../../core/random.js';
import { marketplaceRows } from '../../data/synthetic/marketplace.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { startInProcessWorker, type InProcessWorker } from '../helpers/in-process-worker.js';
import { writeCsv } from '../helpers/synthetic-text.js';

describe('a search split out of time', () => {
  let dir: string;
  let inProcess: InProcessWorker;
  /** listed_at of each data row, in file order. */
  let listedAt: string[];
  const taskQueue = `it-time-split-${process.pid}`;

  /** Writes a batch of dated listings in shuffled order and returns listed_at by file row. */
  async function writeBatch(file: string, seed: number, startDate: string, endDate: string): Promise<string[]> {
    const rows = [...marketplaceRows({ rows: 600, seed, binary: 'fraud', listedAt: true, startDate, endDate })];
    // The generator writes rows in time order; shuffled, the split has to find the order itself.
    shuffleInPlace(rows, createRng(seed + 5));
    await writeCsv(
      join(dir, file),
      rows.map((r) => ({ listed_at: r.listed_at!, title: r.title, price: r.price, seller_age_days: r.seller_age_days, label: r.label })),
    );
    return rows.map((r) => r.listed_at!);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-it-time-'));
    listedAt = await writeBatch('listings.csv', 4, '2024-01-01', '2024-12-31');
    inProcess = await startInProcessWorker(dir, taskQueue);
  });

  afterAll(async () => {
    await inProcess?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const spec: ExperimentSpec = {
    name: 'listing-fraud-oot',
    data: { source: 'listings.csv' },
    target: 'label',
    positiveLabel: 'fraud',
    columns: { title: 'text', price: 'numeric', seller_age_days: 'numeric' },
    metric: 'roc_auc',
    seed: 5,
    split: { by: 'listed_at', validation: 0.2, test: 0.25 },
    budget: { maxTrials: 2, parallelism: 2 },
    pipeline: { features: { title: { kind: 'tfidf' }, seller_age_days: { kind: 'numeric' } }, classifier: { kind: 'logreg' } },
    register: { model: 'listing-fraud-oot' },
  };

  it('holds out the newest rows for test and the next newest for validation', async () => {
    const experiment = await inProcess.client.prepare(spec, dir);
    expect(experiment.split).toEqual({ by: 'listed_at', validation: 0.2, test: 0.25 });
    expect(experiment.columnTypes).not.toHaveProperty('listed_at');
    expect(experiment.dataWarnings?.find((w) => w.startsWith('split by listed_at'))).toMatch(/train 2024-01-\d\d \.\. 2024-\d\d-\d\d \(330 rows\); validation .* \(120 rows\); test .* 2024-12-\d\d \(150 rows\)$/);
    const search = await inProcess.client.startSearch(experiment);
    const result = await search.result();
    expect(result.trials).toBe(2);
    expect(result.dataset.splitSizes).toEqual({ train: 330, validation: 120, test: 150 });

    const store = createArtifactStore(join(dir, 'artifacts'));
    const data = await readPreparedDataset(store, result.dataset.ref);
    expect(Object.keys(data.columns)).not.toContain('listed_at');
    const dates = (rows: number[]) => rows.map((r) => listedAt[r]).sort();
    const [train, validation, test] = [dates(data.split.train), dates(data.split.validation), dates(data.split.test)];
    // Every test row is at least as late as every validation row, and so on down (ISO dates sort as text).
    expect(test[0] >= validation.at(-1)!).toBe(true);
    expect(validation[0] >= train.at(-1)!).toBe(true);
    // ... and they are exactly the newest 150: nothing older sneaked in.
    expect(test).toEqual([...listedAt].sort().slice(-150));

    // The registered model's test metrics are those of the newest rows.
    const { pipeline } = await loadBundle(createModelRegistry(join(dir, 'registry')), 'listing-fraud-oot@latest');
    const metrics = await evaluatePipeline(pipeline, splitPart(data, data.split.test), data.classes, data.positiveClass);
    expect(metrics.roc_auc).toBeCloseTo(result.testMetrics.roc_auc, 12);
  });

  it('retrains on a later batch and compares champion and challenger on its newest rows', async () => {
    const registry = createModelRegistry(join(dir, 'registry'));
    await registry.setAlias('listing-fraud-oot', 'production', 1, { expectedVersion: null });
    const later = await writeBatch('listings-2025.csv', 8, '2025-01-01', '2025-06-30');
    const retrain = await inProcess.client.startRetrain({ ...spec, data: { source: 'listings-2025.csv' } }, dir);
    const result = await retrain.result();
    expect(result.champion?.version).toBe(1);
    const store = createArtifactStore(join(dir, 'artifacts'));
    const head = await store.head(`searches/${result.search!.searchId}/dataset.json`);
    const data = await readPreparedDataset(store, head!);
    const holdout = data.split.test.map((r) => later[r]).sort();
    expect(holdout).toEqual([...later].sort().slice(-150));
    // The champion's score in the decision is its score on exactly those rows.
    const champion = await loadBundle(registry, 'listing-fraud-oot/1');
    const onNewest = await evaluatePipeline(champion.pipeline, splitPart(data, data.split.test), data.classes, data.positiveClass);
    expect(result.decision.champion.roc_auc).toBeCloseTo(onNewest.roc_auc, 12);
  });
});
