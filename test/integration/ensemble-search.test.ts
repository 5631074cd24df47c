/**
 * End to end on a real Temporal dev server: a small search over two model families registers
 * an ensemble of its best trials (greedy selection on validation predictions stored as
 * artifacts), and the registered ensemble loads, scores, serves, deploys and exports like any
 * model.
 */
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePipeline } from '../../activities/training/evaluate.js';
import { readPreparedDataset, splitPart } from '../../activities/training/prepared-dataset.js';
import { validationProbaKey } from '../../activities/training/validation-predictions.js';
import { createArtifactStore } from '../../artifacts/index.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { loadBundle } from '../../registry/bundle.js';
import { createModelRegistry } from '../../registry/index.js';
import { scoreJsonl } from '../../serving/score-jsonl.js';
import { loadServableModel } from '../../serving/servable-model.js';
import type { SearchResult } from '../../workflows/types.js';
import type { InProcessWorker } from '../helpers/in-process-worker.js';
import { listingsSpec, startListingsSearch, stopAndRemove } from '../helpers/listings-search.js';
import { replayWorkflowHistory } from '../helpers/replay-history.js';
import { listingRows } from '../helpers/synthetic-text.js';

/**
 * Listings whose title and price each carry part of the label, with noise: a word model and
 * a price model err on different rows, so averaging them is worth something.
 */
function listings(n: number, seed: number): { title: string; price: number; label: string }[] {
  return listingRows(n, seed, {
    common: 'the a item for sale good condition shipping today new used great please contact box size color'.split(' '),
    spammy: 'free winner cash prize click urgent bitcoin guaranteed telegram'.split(' '),
    hammy: 'vintage handmade receipt warranty pickup local camera sofa books'.split(' '),
    spamRate: 0.4,
    minWords: 6,
    moreWords: 6,
    commonRate: 0.6,
    ownRate: 0.85,
    // Overlapping, and not monotone in the label: cheap and very expensive listings are the spammy ones.
    price: (spam, r) => {
      const base = spam ? (r() < 0.5 ? 25 : 150) : 60;
      return Math.round(base * Math.exp((r() - 0.5) * 2.5) * 100) / 100;
    },
  });
}

describe('a search that registers an ensemble', () => {
  let dir: string;
  let inProcess: InProcessWorker;
  const taskQueue = `it-ensemble-${process.pid}`;

  beforeAll(async () => {
    ({ dir, inProcess } = await startListingsSearch('autoflow-it-ens-', taskQueue, listings(600, 21)));
  });

  afterAll(() => stopAndRemove(inProcess, dir));

  // Families that err differently (boosted trees see the non-monotone price, linear models the
  // words best): log loss is continuous, so a mixture beats each alone on validation.
  const spec = (overrides: Partial<ExperimentSpec> = {}): ExperimentSpec =>
    listingsSpec('ensemble-spam', {
      metric: 'log_loss', seed: 5, budget: { maxTrials: 6, parallelism: 2 },
      pipeline: { features: { title: { kind: 'tfidf' }, price: { kind: 'numeric', transform: 'log1p' } }, classifier: { kind: 'logreg' } },
      searchSpace: { classifier: { choices: ['logreg', 'gbt'] } }, register: { model: 'ensemble-spam' }, ensemble: { size: 6, rounds: 20 },
      ...overrides,
    });

  let result: SearchResult;
  let searchId: string;

  it('selects an ensemble that beats the best single trial on validation and registers it', async () => {
    const search = await inProcess.client.startSearch(await inProcess.client.prepare(spec(), dir));
    searchId = search.searchId;
    result = await search.result();
    expect(result.trials).toBe(6);
    const registered = result.registered!;
    expect(registered.kind).toBe('ensemble');
    expect(registered.bestSingle.trialNumber).toBe(result.bestTrial);
    expect(registered.ensemble!.value).toBeLessThan(registered.bestSingle.value);
    expect(registered.reason).toMatch(/^an ensemble of \d+ trials beats the best single trial \(validation log_loss: ensemble /);
    const members = registered.ensemble!.members;
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12);
    const onBoard = new Map(result.leaderboard.map((e) => [e.trialNumber, e.params]));
    for (const m of members) expect(m.params).toEqual(onBoard.get(m.trialNumber));

    // The validation predictions travelled as artifacts, one per full-fidelity trial.
    const store = createArtifactStore(join(dir, 'artifacts'));
    for (const e of result.leaderboard) expect(await store.head(validationProbaKey(searchId, e.trialNumber))).toBeDefined();
  });

  it('the registered ensemble loads through loadBundle, reproduces the test metric, and names its members', async () => {
    const registry = createModelRegistry(join(dir, 'registry'));
    const { pipeline, version, files } = await loadBundle(registry, 'ensemble-spam@latest');
    const members = result.registered!.ensemble!.members;
    expect(pipeline.members!.map((m) => m.weight)).toEqual(members.map((m) => m.weight));
    expect(version.lineage.ensemble!.map((m) => m.trialNumber)).toEqual(members.map((m) => m.trialNumber));
    expect(version.description).toMatch(/ensemble from search/);
    const report = Buffer.from(files['report.html']).toString('utf8');
    expect(report).toContain('id="ensemble-members"');
    const store = createArtifactStore(join(dir, 'artifacts'));
    const data = await readPreparedDataset(store, (await store.head(`searches/${searchId}/dataset.json`))!);
    const test = splitPart(data, data.split.test);
    const metrics = await evaluatePipeline(pipeline, test, data.classes, data.positiveClass);
    expect(metrics.log_loss).toBeCloseTo(result.testMetrics.log_loss, 12);

    // Every member exports, so the bundle carries the ensemble as one ONNX graph.
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(files['model.onnx']);
    const rows = 25;
    const titles = test.table.columns.title.slice(0, rows).map(String);
    const prices = Float64Array.from(test.table.columns.price.slice(0, rows), (v) => (v === null ? NaN : Number(v)));
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { title: new ort.Tensor('string', titles, [rows]) };
    if (session.inputNames.includes('price')) feeds.price = new ort.Tensor('float64', prices, [rows]);
    const out = await session.run(feeds);
    const expected = pipeline.predictProba({ nRows: rows, columns: { title: titles, price: Array.from(prices) } });
    const onnxProba = out.probabilities.data as Float64Array;
    for (let i = 0; i < expected.length; i++) expect(Math.abs(onnxProba[i] - expected[i])).toBeLessThan(1e-5);
  });

  it('serves and batch-scores the ensemble like any model', async () => {
    const registry = createModelRegistry(join(dir, 'registry'));
    const model = await loadServableModel(registry, 'ensemble-spam', 1);
    const { pipeline } = await loadBundle(registry, 'ensemble-spam/1');
    expect(model.schema.map((c) => c.name).sort()).toEqual([...new Set(pipeline.members!.flatMap((m) => m.pipeline.inputColumns))].sort());
    const records = [
      { title: 'free cash prize click now urgent', price: 15 },
      { title: 'vintage camera lightly used pickup local', price: 80 },
    ];
    const served = await model.predict(records);
    const proba = pipeline.predictProba({ nRows: 2, columns: { title: records.map((r) => r.title), price: records.map((r) => r.price) } });
    expect(served.map((p) => p.probabilities.spam)).toEqual([proba[1], proba[3]]);
    expect(served[0].probabilities.spam).toBeGreaterThan(served[1].probabilities.spam);

    const lines: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    await scoreJsonl({ model, input: Readable.from(records.map((r) => `${JSON.stringify(r)}\n`)), output, inputName: 'test' });
    expect(lines.map((l) => JSON.parse(l).probabilities.spam)).toEqual([proba[1], proba[3]]);
  });

  it('deploys the ensemble after checking it over HTTP against its offline scores', async () => {
    const deployed = await (await inProcess.client.startDeploy({ candidate: 'ensemble-spam/1', alias: 'production' })).result();
    expect(deployed.promoted).toBe(true);
    expect(deployed.check.failedRequests).toBe(0);
    expect(deployed.check.maxProbabilityDifference).toBeLessThanOrEqual(1e-9);
    expect(deployed.check.registeredTestMetric).toBeCloseTo(result.testMetrics.log_loss, 12);
    expect(await createModelRegistry(join(dir, 'registry')).getAliases('ensemble-spam')).toEqual({ production: 1 });
  });

  it('registers the best single trial when the spec turns ensembles off', async () => {
    const off = await (await inProcess.client.startSearch(await inProcess.client.prepare(spec({ ensemble: false, register: { model: 'single-spam' }, budget: { maxTrials: 2, parallelism: 2 } }), dir))).result();
    expect(off.registered).toBeUndefined();
    const { pipeline } = await loadBundle(createModelRegistry(join(dir, 'registry')), 'single-spam@latest');
    expect(pipeline.members).toBeUndefined();
  });

  it('replays the search history without non-determinism', () => replayWorkflowHistory(searchId));
});
