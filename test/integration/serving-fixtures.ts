/**
 * Fitted models for the serving tests: TF-IDF + logistic regression on the seeded synthetic
 * listings, registered as real bundles. Different `C` values give versions whose
 * probabilities differ, so a test can tell which version answered.
 */
import { Pipeline } from '../../components/index.js';
import type { Table } from '../../components/core/table.js';
import { createBundleFiles } from '../../registry/bundle.js';
import type { ModelRegistry, ModelVersion } from '../../registry/model-registry.js';
import { syntheticRows } from '../helpers/synthetic-text.js';

export const MODEL_SPEC = { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } };

export function titlesTable(titles: string[]): Table {
  return { nRows: titles.length, columns: { title: titles } };
}

export function fitModel(C: number, rows = 300, seed = 5): Pipeline {
  const data = syntheticRows(rows, seed);
  const pipeline = Pipeline.create({ ...MODEL_SPEC, classifier: { kind: 'logreg', C } });
  return pipeline.fit(titlesTable(data.map((r) => r.title)), data.map((r) => r.label), { seed: 1 });
}

export async function registerModel(registry: ModelRegistry, name: string, pipeline: Pipeline): Promise<ModelVersion> {
  const files = createBundleFiles({ pipeline: pipeline.toJSON(), metrics: { f1: 0.9 }, spec: { name, target: 'label' } });
  return registry.register(name, files, {
    metrics: { f1: 0.9 },
    lineage: { dataSha256: '0'.repeat(64), dataUri: 'builtin:synthetic', seed: 1, codeVersion: 'test' },
  });
}

/** Held-out records to send over HTTP. */
export function sampleRecords(n: number, seed = 99): { title: string }[] {
  return syntheticRows(n, seed).map((r) => ({ title: r.title }));
}
