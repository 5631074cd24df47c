/**
 * The benchmark's data and the Node models: 3,000 SpamAssassin messages (headers stripped,
 * seeded shuffle) written as JSONL for the scikit-learn baselines, each benchmark model
 * fitted with AutoFlow and registered in a throwaway registry, and held-out messages for the
 * request payload and the agreement check.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Pipeline } from '../../dist/components/index.js';
import { loadSpamAssassin } from '../../dist/data/builtin/spam-assassin.js';
import { createRng, shuffleInPlace } from '../../dist/core/random.js';
import { FileSystemModelRegistry, createBundleFiles } from '../../dist/registry/index.js';

export async function prepareData(dir, { trainRows = 3000, heldOut = 200, seed = 7 } = {}) {
  const { table } = await loadSpamAssassin();
  const rows = table.columns.text.map((text, i) => ({ text: String(text), label: String(table.columns.label[i]) }));
  shuffleInPlace(rows, createRng(seed));
  const train = rows.slice(0, trainRows);
  const test = rows.slice(trainRows, trainRows + heldOut);
  const trainPath = join(dir, 'train.jsonl');
  await writeFile(trainPath, train.map((r) => JSON.stringify(r)).join('\n') + '\n');
  // The request payload: one held-out message of median length, the typical single-record call.
  const byLength = [...test].sort((a, b) => a.text.length - b.text.length);
  const payload = JSON.stringify({ records: [{ text: byLength[Math.floor(byLength.length / 2)].text }] });
  return { train, trainPath, heldOut: test, payload, seed, registryDir: join(dir, 'registry') };
}

/** Fits `model.pipeline` on the training rows and registers it as `bench-<key>@production`. */
export async function fitAndRegister(data, model) {
  const started = performance.now();
  const pipeline = Pipeline.create(model.pipeline);
  await pipeline.fitAsync({ nRows: data.train.length, columns: { text: data.train.map((r) => r.text) } }, data.train.map((r) => r.label), { seed: data.seed });
  const fitSeconds = (performance.now() - started) / 1000;

  const name = `bench-${model.key}`;
  const registry = new FileSystemModelRegistry(data.registryDir);
  const files = createBundleFiles({ pipeline: pipeline.toJSON(), metrics: {}, spec: { bench: 'serving', model: model.key } });
  const version = await registry.register(name, files, {
    metrics: {},
    lineage: { dataSha256: '', dataUri: 'builtin:spam-assassin', seed: data.seed, codeVersion: 'bench' },
  });
  await registry.setAlias(name, 'production', version.version);
  return { reference: `${name}@production`, fitSeconds, bundleBytes: Buffer.byteLength(files['pipeline.json']) };
}
