import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRef } from '../../../artifacts/artifact-store.js';
import { createArtifactStore } from '../../../artifacts/index.js';
import { runRefitJob, type RefitJob } from '../../../activities/training/jobs.js';
import { readPreparedDataset, splitPart } from '../../../activities/training/prepared-dataset.js';
import { encodeProba } from '../../../activities/training/validation-predictions.js';
import { evaluateWithPredictions } from '../../../activities/training/evaluate.js';
import { Pipeline, computeMetric, type PipelineSpec } from '../../../components/index.js';
import { decideIndices } from '../../../components/core/decision-rule.js';
import { tuneDecisionRule } from '../../../components/model-selection/tune-decision-rule.js';
import { servableFromPipeline } from '../../../serving/servable-model.js';
import type { ModelVersion } from '../../../registry/model-registry.js';
import { putTitleDataset } from '../../helpers/prepared-dataset.js';
import { syntheticRows } from '../../helpers/synthetic-text.js';

const spec: PipelineSpec = { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg', C: 0.05 } };
let root: string;
let dataset: ArtifactRef;

beforeAll(async () => {
  root = `file://${await mkdtemp(join(tmpdir(), 'autoflow-refit-decision-'))}`;
  dataset = await putTitleDataset(root, 'dataset.json', syntheticRows(400, 3), { validationStart: 240, testStart: 320, dataSha256: 'x' });
});

const job = (decision: RefitJob['decision']): RefitJob => ({ kind: 'refit', storeRoot: root, dataset, pipeline: spec, seed: 7, decision });
const index = (labels: string[]) => Int32Array.from(labels, (l) => (l === 'spam' ? 1 : 0));

describe('the refit chooses and stores a decision rule', () => {
  it('by default: best F1 on validation predictions of a train-only fit, and test metrics by that rule', async () => {
    const result = await runRefitJob(job(undefined), {});
    const rule = result.fitted.decision!;
    expect(rule).toMatchObject({ kind: 'threshold', class: 'spam', objective: 'f1' });
    // The same rule as tuning on a model fitted on train only, scored on validation.
    const data = await readPreparedDataset(createArtifactStore(root), dataset);
    const trainOnly = await Pipeline.create(spec).fitAsync(splitPart(data, data.split.train).table, splitPart(data, data.split.train).labels, { seed: 7 });
    const validation = splitPart(data, data.split.validation);
    const { proba } = await evaluateWithPredictions(trainOnly, validation, data.classes, data.positiveClass);
    expect(tuneDecisionRule({ metric: 'f1' }, index(validation.labels), proba, data.classes, 1).rule).toEqual(rule);
    // Test label metrics are the rule's labels, not argmax's.
    const testProba = Float64Array.from(result.test.proba);
    const y = index(result.test.labels);
    expect(result.testMetrics.f1).toBeCloseTo(computeMetric('f1', y, testProba, 2, 1, decideIndices(testProba, data.classes, rule)), 12);
    expect(result.testMetrics.accuracy).toBeCloseTo(computeMetric('accuracy', y, testProba, 2, 1, decideIndices(testProba, data.classes, rule)), 12);
    expect(result.decisionWarnings).toEqual([]);
    // Loaded back (as serve and score do), the pipeline labels by the rule.
    const loaded = Pipeline.fromJSON(JSON.parse(JSON.stringify(result.fitted)));
    const testPart = splitPart(data, data.split.test);
    expect(loaded.predict(testPart.table)).toEqual(Array.from(decideIndices(testProba, data.classes, rule), (i) => data.classes[i]));
  });

  it('uses the trials stored validation probabilities when they are there (no extra fit)', async () => {
    // Crafted so the answer is known: spam rows score 0.875, ok rows 0.375 except one at 0.9375 (all exact in float32).
    const data = await readPreparedDataset(createArtifactStore(root), dataset);
    const labels = data.split.validation.map((r) => data.labels[r]);
    let planted = false;
    const p = labels.flatMap((l) => {
      const s = l === 'spam' ? 0.875 : !planted && (planted = true) ? 0.9375 : 0.375;
      return [1 - s, s];
    });
    await createArtifactStore(root).put('searches/s/trials/3.validation-proba.bin', encodeProba(p));
    const result = await runRefitJob(job({ stored: [{ key: 'searches/s/trials/3.validation-proba.bin', weight: 1 }] }), {});
    expect(result.fitted.decision).toMatchObject({ kind: 'threshold', threshold: 0.875 });
  });

  it('argmax stores no rule; test label metrics are argmax', async () => {
    const result = await runRefitJob(job({ rule: 'argmax' }), {});
    expect(result.fitted.decision).toBeUndefined();
    const testProba = Float64Array.from(result.test.proba);
    expect(result.testMetrics.f1).toBeCloseTo(computeMetric('f1', index(result.test.labels), testProba, 2, 1), 12);
  });

  it('an unreachable precision target: a warning, and the F1 rule is kept', async () => {
    const data = await readPreparedDataset(createArtifactStore(root), dataset);
    // Every ok row outscores every spam row: no threshold reaches precision 1 (the best is the spam share).
    const p = data.split.validation.flatMap((r) => (data.labels[r] === 'spam' ? [0.5, 0.5] : [0.25, 0.75]));
    await createArtifactStore(root).put('searches/s/trials/4.validation-proba.bin', encodeProba(p));
    const result = await runRefitJob(job({ rule: { precision: 1 }, stored: [{ key: 'searches/s/trials/4.validation-proba.bin', weight: 1 }] }), {});
    expect(result.decisionWarnings).toHaveLength(1);
    expect(result.decisionWarnings![0]).toMatch(/no threshold on "spam" reaches precision 1 on the 80 validation rows .*keeping the default rule \(best F1\)/);
    expect(result.fitted.decision).toMatchObject({ kind: 'threshold', objective: 'f1' });
  });

  it('a servable model built from the refitted pipeline returns the rule labels', async () => {
    const result = await runRefitJob(job({ rule: { precision: 0.6, class: 'ok' } }), {});
    const rule = result.fitted.decision!;
    expect(rule).toMatchObject({ kind: 'threshold', class: 'ok', objective: 'precision', target: 0.6 });
    const pipeline = Pipeline.fromJSON(result.fitted);
    const model = servableFromPipeline({ name: 'm', version: 1 } as ModelVersion, pipeline);
    const data = await readPreparedDataset(createArtifactStore(root), dataset);
    const records = data.split.test.map((r) => ({ title: data.columns.title[r] }));
    const predictions = await model.predict(records);
    const proba = Float64Array.from(predictions.flatMap((p) => [p.probabilities.ok, p.probabilities.spam]));
    expect(predictions.map((p) => p.label)).toEqual(Array.from(decideIndices(proba, ['ok', 'spam'], rule), (i) => ['ok', 'spam'][i]));
    expect(predictions.some((p) => p.label !== (p.probabilities.spam > p.probabilities.ok ? 'spam' : 'ok'))).toBe(true);
  });
});
