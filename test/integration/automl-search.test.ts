/**
 * End to end on a real Temporal dev server: a small search runs, the winner is registered,
 * the registered model reproduces the reported test metric, and the history replays.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactStore } from '../../artifacts/index.js';
import { AutoflowClient } from '../../client/autoflow-client.js';
import { createModelRegistry } from '../../registry/index.js';
import { loadBundle } from '../../registry/bundle.js';
import { evaluatePipeline } from '../../activities/training/evaluate.js';
import { readPreparedDataset, splitPart } from '../../activities/training/prepared-dataset.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import type { SearchResult } from '../../workflows/types.js';
import type { InProcessWorker } from '../helpers/in-process-worker.js';
import { listingsSpec, startListingsSearch, stopAndRemove } from '../helpers/listings-search.js';
import { replayWorkflowHistory } from '../helpers/replay-history.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';

describe('automlSearch on a real Temporal server', () => {
  let dir: string;
  let inProcess: InProcessWorker;
  let client: AutoflowClient;
  const taskQueue = `it-search-${process.pid}`;

  beforeAll(async () => {
    ({ dir, inProcess } = await startListingsSearch('autoflow-it-', taskQueue, syntheticRows(400, 11)));
    client = inProcess.client;
  });

  afterAll(() => stopAndRemove(inProcess, dir));

  const spec = (overrides: Partial<ExperimentSpec> = {}): ExperimentSpec =>
    listingsSpec('listing-spam', {
      metric: 'roc_auc', seed: 3, budget: { maxTrials: 4, parallelism: 2 },
      pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
      searchSpace: { classifier: { choices: ['logreg', 'naive_bayes'] } }, register: { model: 'listing-spam' },
      ...overrides,
    });

  let result: SearchResult;
  let searchId: string;
  let twoObjectiveSearchId: string;

  it('runs the requested number of trials and registers the refitted winner', async () => {
    const experiment = await client.prepare(spec(), dir);
    const search = await client.startSearch(experiment);
    searchId = search.searchId;
    result = await search.result();
    expect(result.trials).toBe(4);
    expect(result.failedTrials).toBe(0);
    expect(result.leaderboard).toHaveLength(4);
    const values = result.leaderboard.map((e) => e.value);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    // The best trials were re-scored on 3 folds of train + validation; the best mean won.
    expect(result.winner).toBeDefined();
    expect(result.winner!.bestValidationTrial).toBe(result.leaderboard[0].trialNumber);
    expect(result.bestTrial).toBe(result.winner!.trialNumber);
    const rescored = result.leaderboard.filter((e) => e.rescored);
    expect(rescored).toHaveLength(4);
    for (const e of rescored) expect(e.rescored!.values).toHaveLength(3);
    const bestMean = Math.max(...rescored.map((e) => e.rescored!.mean));
    const winnerEntry = result.leaderboard.find((e) => e.trialNumber === result.bestTrial)!;
    expect(result.bestValue).toBe(winnerEntry.value);
    // The best mean, or a tie within one standard error that fits at least twice as fast.
    if (winnerEntry.rescored!.mean !== bestMean) expect(result.winner!.reason).toMatch(/within one standard error/);
    expect(result.bestValue).toBeGreaterThan(0.7);
    expect(result.model).toMatchObject({ name: 'listing-spam', version: 1 });
    expect(result.testMetrics.roc_auc).toBeGreaterThan(0.6);
    const progress = await search.progress();
    expect(progress.status).toBe('completed');
    expect(progress.finished).toHaveLength(4);
  });

  it('lets the best validation score win when rescore is off', async () => {
    const experiment = await client.prepare(spec({ name: 'no-rescore', rescore: false, budget: { maxTrials: 3, parallelism: 2 }, register: false }), dir);
    const plain = await (await client.startSearch(experiment)).result();
    expect(plain.winner).toBeUndefined();
    expect(plain.bestTrial).toBe(plain.leaderboard[0].trialNumber);
    expect(plain.leaderboard.every((e) => e.rescored === undefined)).toBe(true);
  });

  it('registers the winner when a rare class is missing from a split (metrics undefined there are left out)', async () => {
    const { appendFile } = await import('node:fs/promises');
    const rare = join(dir, 'rare.csv');
    await writeCsv(rare, syntheticRows(300, 5));
    // Two rows of a third class: the stratified split cannot put it in every part.
    await appendFile(rare, '"limited edition collectors item",1,rare\n"collectors item boxed",2,rare\n');
    const experiment = await client.prepare(spec({ name: 'rare-class', data: { source: 'rare.csv' }, positiveLabel: undefined, metric: 'f1', budget: { maxTrials: 2, parallelism: 2 }, register: { model: 'rare-class' } }), dir);
    const rareResult = await (await client.startSearch(experiment)).result();
    expect(rareResult.model).toMatchObject({ name: 'rare-class', version: 1 });
    for (const value of Object.values(rareResult.testMetrics)) expect(Number.isFinite(value)).toBe(true);
    const { version } = await loadBundle(createModelRegistry(join(dir, 'registry')), 'rare-class@latest');
    for (const value of Object.values(version.metrics)) expect(Number.isFinite(value)).toBe(true);
  });

  it('registers a model that reproduces the reported test metric', async () => {
    const registry = createModelRegistry(join(dir, 'registry'));
    const { pipeline, version, files } = await loadBundle(registry, 'listing-spam@latest');
    // The search report travels with the model, self-contained.
    const report = Buffer.from(files['report.html']).toString('utf8');
    expect(report).toContain(searchId);
    expect(report).toContain('<svg');
    expect(report).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    expect(version.lineage.searchId).toBe(searchId);
    expect(version.lineage.trialNumber).toBe(result.bestTrial);
    const store = createArtifactStore(join(dir, 'artifacts'));
    const head = await store.head(`searches/${searchId}/dataset.json`);
    const data = await readPreparedDataset(store, head!);
    const metrics = await evaluatePipeline(pipeline, splitPart(data, data.split.test), data.classes, data.positiveClass);
    expect(metrics.roc_auc).toBeCloseTo(result.testMetrics.roc_auc, 12);
    // The whole pipeline also ships as one ONNX graph that predicts the same probabilities.
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(files['model.onnx']);
    const titles = splitPart(data, data.split.test).table.columns.title.slice(0, 20).map(String);
    const out = await session.run({ title: new ort.Tensor('string', titles, [titles.length]) });
    const expected = pipeline.predictProba({ nRows: titles.length, columns: { title: titles } });
    const onnxProba = out.probabilities.data as Float64Array;
    for (let i = 0; i < expected.length; i++) expect(Math.abs(onnxProba[i] - expected[i])).toBeLessThan(1e-5);
    // Its label output follows the stored decision rule, as serve and score do.
    expect(Array.from(out.label.data as string[])).toEqual(pipeline.predict({ nRows: titles.length, columns: { title: titles } }));
    expect(metrics.log_loss).toBeCloseTo(result.testMetrics.log_loss, 12);
    // The default decision rule (best F1 on validation) is stored in the bundle, and the test
    // label metrics reported are the rule's.
    expect(result.decision?.rule).toMatchObject({ kind: 'threshold', class: 'spam', objective: 'f1' });
    expect(pipeline.decisionRule).toEqual(result.decision!.rule);
    expect(metrics.f1).toBeCloseTo(result.testMetrics.f1, 12);
    expect(version.metrics.decision_threshold).toBe((result.decision!.rule as { threshold: number }).threshold);
    expect(version.tags?.decision).toBe(result.decision!.description);
  });

  it('gives the same trials for the same spec, data and seed', async () => {
    const again = await (await client.startSearch(await client.prepare(spec({ register: false }), dir))).result();
    expect(again.leaderboard.map((e) => [e.trialNumber, e.params, e.value])).toEqual(result.leaderboard.map((e) => [e.trialNumber, e.params, e.value]));
    expect(again.model).toBeUndefined();
  });

  it('continues as new when a run reaches its trial quota, keeping one search id and every trial', async () => {
    const experiment = await client.prepare(spec({ budget: { maxTrials: 5, parallelism: 2 }, register: false }), dir);
    const search = await client.startSearch(experiment, { trialsPerRun: 2 });
    const continued = await search.result();
    expect(continued.trials).toBe(5);
    expect(continued.searchId).toBe(search.searchId);
    const numbers = new Set<number>();
    for (const f of (await search.progress()).finished) numbers.add(f.trialNumber);
    expect([...numbers].sort()).toEqual([0, 1, 2, 3, 4]);
    // Same seed as the first search: continueAsNew must not change what the sampler suggests.
    const firstFour = continued.leaderboard.filter((e) => e.trialNumber < 4).map((e) => [e.trialNumber, e.params]);
    expect(firstFour.sort()).toEqual(result.leaderboard.map((e) => [e.trialNumber, e.params]).sort());
  });

  it('prunes hopeless trials early with successive halving over data fractions', async () => {
    const experiment = await client.prepare(
      spec({ budget: { maxTrials: 6, parallelism: 1 }, register: false, pruner: { name: 'successive-halving', minResource: 0.25, reductionFactor: 2 } }),
      dir,
    );
    expect(experiment.pruner?.rungs).toEqual([0.25, 0.5, 1]);
    const search = await client.startSearch(experiment);
    const pruned = await search.result();
    const finished = (await search.progress()).finished;
    expect(pruned.trials + pruned.prunedTrials + pruned.failedTrials).toBe(6);
    expect(pruned.prunedTrials).toBeGreaterThan(0);
    const store = createArtifactStore(join(dir, 'artifacts'));
    for (const f of finished.filter((x) => x.state === 'pruned')) {
      expect(f.fidelity).toBeLessThan(1);
      expect(await store.head(`searches/${search.searchId}/trials/${f.trialNumber}@${f.fidelity}.json`)).toBeDefined();
      expect(await store.head(`searches/${search.searchId}/trials/${f.trialNumber}.json`)).toBeUndefined();
    }
    // Only fully trained trials compete for the leaderboard.
    const prunedNumbers = new Set(finished.filter((x) => x.state === 'pruned').map((x) => x.trialNumber));
    expect(pruned.leaderboard.every((e) => !prunedNumbers.has(e.trialNumber))).toBe(true);
  });

  it('deploys a registered model only after checking it over HTTP, and writes its manifest', async () => {
    const registry = createModelRegistry(join(dir, 'registry'));
    const run = await client.startDeploy({ candidate: 'listing-spam/1', alias: 'production' });
    const deployed = await run.result();
    expect(deployed.promoted).toBe(true);
    expect(deployed.previousVersion).toBeNull();
    expect(deployed.check.failedRequests).toBe(0);
    expect(deployed.check.maxProbabilityDifference).toBeLessThanOrEqual(1e-9);
    expect(deployed.check.httpMetric).toBeCloseTo(deployed.check.offlineMetric, 9);
    expect(deployed.check.registeredTestMetric).toBeCloseTo(result.testMetrics.roc_auc, 12);
    // Pinned to the version checked, not to the alias: a pod never serves a version no check saw.
    expect(deployed.manifest).toMatch(/- serve\n\s+- --model\n\s+- listing-spam\/1\n/);
    expect(deployed.manifest).toContain('kind: Service');
    expect(await registry.getAliases('listing-spam')).toEqual({ production: 1 });
  });

  it('deploys a model checked on a label metric: the HTTP check scores the labels served by its decision rule', async () => {
    // rare-class was searched on f1, so the check compares f1 of the served labels with f1 offline.
    const { version } = await loadBundle(createModelRegistry(join(dir, 'registry')), 'rare-class@latest');
    expect(version.tags?.decision).toMatch(/class weight/);
    const deployed = await (await client.startDeploy({ candidate: `rare-class/${version.version}`, alias: 'production' })).result();
    expect(deployed.promoted).toBe(true);
    expect(deployed.check.httpMetric).toBeCloseTo(deployed.check.offlineMetric, 9);
    expect(deployed.check.registeredTestMetric).toBeCloseTo(version.metrics.test_f1, 12);
  });

  it('refuses to deploy a tampered candidate and leaves the alias where it was', async () => {
    const registry = createModelRegistry(join(dir, 'registry'));
    const v1 = await registry.getVersion('listing-spam', 1);
    const files = Object.fromEntries(await Promise.all(v1.files.map(async (f) => [f.path, await registry.readFile('listing-spam', 1, f.path)] as const)));
    const v2 = await registry.register('listing-spam', files, { metrics: v1.metrics, lineage: v1.lineage });
    const { writeFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    await writeFile(join(fileURLToPath(v2.uri), 'pipeline.json'), '{"tampered": true}');
    const run = await client.startDeploy({ candidate: `listing-spam/${v2.version}`, alias: 'production' });
    const error = await run.result().catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify((error as Error & { cause?: unknown }).cause, Object.getOwnPropertyNames((error as Error & { cause?: object }).cause ?? {}))).toMatch(/corrupt|sha256|tamper/i);
    expect(await registry.getAliases('listing-spam')).toEqual({ production: 1 });
  });

  it('reports model size and latency per trial, and no trial that breaks a constraint can win', async () => {
    const fits = await (await client.startSearch(await client.prepare(spec({ register: false, budget: { maxTrials: 2, parallelism: 2 }, constraints: [{ metric: 'model_bytes', max: 50_000_000 }] }), dir))).result();
    expect(fits.leaderboard[0].metrics.model_bytes).toBeGreaterThan(1000);
    expect(fits.leaderboard[0].metrics.predict_ms_per_1k).toBeGreaterThan(0);
    const search = await client.startSearch(await client.prepare(spec({ register: false, budget: { maxTrials: 2, parallelism: 2 }, constraints: [{ metric: 'model_bytes', max: 1000 }] }), dir));
    const error = (await search.result().catch((e: unknown) => e)) as Error & { cause?: Error };
    expect(error.cause?.message).toMatch(/all 2 trials failed; last error: violates constraint model_bytes <= 1000 \(got \d+\)/);
  });

  it('searches two objectives with motpe, keeps the Pareto front and registers the member the select rule names', async () => {
    const experiment = await client.prepare(
      spec({ name: 'two-objectives', objectives: ['roc_auc', 'model_bytes'], select: { best: 'model_bytes' }, budget: { maxTrials: 8, parallelism: 2 }, register: { model: 'two-objectives' } }),
      dir,
    );
    expect(experiment.sampler.name).toBe('motpe');
    const search = await client.startSearch(experiment);
    twoObjectiveSearchId = search.searchId;
    const both = await search.result();
    expect(both.trials).toBe(8);
    const front = both.front!;
    expect(front.length).toBeGreaterThan(0);
    const point = (e: (typeof front)[number]) => [e.metrics.roc_auc, e.metrics.model_bytes];
    const beats = (a: number[], b: number[]) => a[0] >= b[0] && a[1] <= b[1] && (a[0] > b[0] || a[1] < b[1]);
    // Exactly the non-dominated trials: no trial beats a front member, every other trial is beaten by one.
    for (const m of front) for (const e of both.leaderboard) expect(beats(point(e), point(m)), `trial ${e.trialNumber} beats front member ${m.trialNumber}`).toBe(false);
    const onFront = new Set(front.map((m) => m.trialNumber));
    for (const e of both.leaderboard.filter((e) => !onFront.has(e.trialNumber))) expect(front.some((m) => beats(point(m), point(e)) || point(m).every((v, j) => v === point(e)[j]))).toBe(true);
    // select: { best: model_bytes } registers the smallest model of all.
    const smallest = Math.min(...both.leaderboard.map((e) => e.metrics.model_bytes));
    const chosen = front.find((m) => m.trialNumber === both.bestTrial)!;
    expect(chosen.metrics.model_bytes).toBe(smallest);
    expect(both.winner!.reason).toMatch(/best model_bytes of the \d+ trials on the Pareto front/);
    expect(both.registered).toBeUndefined();
    const { version, files } = await loadBundle(createModelRegistry(join(dir, 'registry')), 'two-objectives@latest');
    expect(version.lineage.trialNumber).toBe(both.bestTrial);
    expect(Buffer.from(files['report.html']).toString('utf8')).toContain('id="chart-pareto"');
    const progress = await search.progress();
    expect(progress.front?.map((m) => m.trialNumber)).toEqual(front.map((m) => m.trialNumber));
  });

  it('replays the search history without non-determinism', () => replayWorkflowHistory(searchId));

  it('replays the two-objective search without non-determinism', () => replayWorkflowHistory(twoObjectiveSearchId));
});
