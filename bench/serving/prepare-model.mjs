/**
 * The benchmark's data and the Node model: 3,000 SpamAssassin messages (headers stripped,
 * seeded shuffle) fitted with AutoFlow's default TF-IDF + logistic regression and registered
 * in a throwaway registry; the same rows written as JSONL for the scikit-learn baseline, and
 * held-out messages for the request payload and the agreement check.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Pipeline } from '../../dist/components/index.js';
import { loadSpamAssassin } from '../../dist/data/builtin/spam-assassin.js';
import { createRng, shuffleInPlace } from '../../dist/data/random.js';
import { FileSystemModelRegistry, createBundleFiles } from '../../dist/registry/index.js';

export const MODEL_NAME = 'bench-spam';

export async function prepareModel(dir, { trainRows = 3000, heldOut = 200, seed = 7 } = {}) {
  const { table } = await loadSpamAssassin();
  const rows = table.columns.text.map((text, i) => ({ text: String(text), label: String(table.columns.label[i]) }));
  shuffleInPlace(rows, createRng(seed));
  const train = rows.slice(0, trainRows);
  const test = rows.slice(trainRows, trainRows + heldOut);

  const trainPath = join(dir, 'train.jsonl');
  await writeFile(trainPath, train.map((r) => JSON.stringify(r)).join('\n') + '\n');

  const started = performance.now();
  const pipeline = Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } });
  pipeline.fit({ nRows: train.length, columns: { text: train.map((r) => r.text) } }, train.map((r) => r.label), { seed });
  const fitSeconds = (performance.now() - started) / 1000;

  const registryDir = join(dir, 'registry');
  const registry = new FileSystemModelRegistry(registryDir);
  const files = createBundleFiles({ pipeline: pipeline.toJSON(), metrics: {}, spec: { bench: 'serving' } });
  const version = await registry.register(MODEL_NAME, files, {
    metrics: {},
    lineage: { dataSha256: '', dataUri: 'builtin:spam-assassin', seed, codeVersion: 'bench' },
  });
  await registry.setAlias(MODEL_NAME, 'production', version.version);

  // The request payload: one held-out message of median length, the typical single-record call.
  const byLength = [...test].sort((a, b) => a.text.length - b.text.length);
  const payload = JSON.stringify({ records: [{ text: byLength[Math.floor(byLength.length / 2)].text }] });
  return { trainPath, registryDir, reference: `${MODEL_NAME}@production`, fitSeconds, payload, heldOut: test };
}
