import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import { PIPELINE_FORMAT, type FittedPipelineJSON } from '../../../components/core/pipeline.js';
import { FileSystemModelRegistry, ModelIntegrityError, createBundleFiles, loadBundle } from '../../../registry/index.js';
import { versionInfo } from './registry-contract.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The success path needs the real components (written in parallel); it runs once they exist. */
const componentsReady = ['components/feature-extraction/tfidf.ts', 'components/classifiers/logistic-regression.ts', 'components/metrics/classification.ts'].every(
  (f) => existsSync(join(repoRoot, f)),
);

/** Shaped like a fitted pipeline; enough for everything that happens before Pipeline.fromJSON. */
const fakePipeline: FittedPipelineJSON = {
  format: PIPELINE_FORMAT,
  spec: { features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
  classes: ['ham', 'spam'],
  blocks: [{ name: 'text', column: 'text', kind: 'tfidf', params: {}, state: {} }],
  classifier: { kind: 'logreg', params: {}, state: {} },
};
const experimentSpec = { data: 'file:///data/train.csv', target: 'label', metric: 'f1' };

let dir: string;
let reg: FileSystemModelRegistry;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-bundle-'));
  reg = new FileSystemModelRegistry(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createBundleFiles', () => {
  it('writes pipeline.json, metrics.json, spec.json and extra files', () => {
    const onnx = Uint8Array.of(8, 1, 2);
    const files = createBundleFiles({ pipeline: fakePipeline, metrics: { f1: 0.9 }, spec: experimentSpec, extra: { 'model.onnx': onnx } });
    expect(Object.keys(files).sort()).toEqual(['metrics.json', 'model.onnx', 'pipeline.json', 'spec.json']);
    expect(JSON.parse(files['pipeline.json'] as string)).toEqual(fakePipeline);
    expect(JSON.parse(files['metrics.json'] as string)).toEqual({ f1: 0.9 });
    expect(JSON.parse(files['spec.json'] as string)).toEqual(experimentSpec);
    expect(files['model.onnx']).toBe(onnx);
  });

  it('refuses what cannot make a valid bundle, listing every problem', () => {
    let err: Error | undefined;
    try {
      createBundleFiles({
        pipeline: { ...fakePipeline, format: 'nope' } as unknown as FittedPipelineJSON,
        metrics: { f1: Number.NaN },
        spec: experimentSpec,
        extra: { 'pipeline.json': Uint8Array.of(1), '../x': Uint8Array.of(1) },
      });
    } catch (e) {
      err = e as Error;
    }
    expect(isUserInputError(err)).toBe(true);
    expect(err!.message).toMatch(/not a fitted pipeline/);
    expect(err!.message).toMatch(/metrics\.f1: expected a finite number/);
    expect(err!.message).toMatch(/pipeline\.json is written by createBundleFiles itself/);
    expect(err!.message).toMatch(/bundle file path "\.\.\/x" is invalid/);
  });
});

describe('loadBundle', () => {
  async function registerFake(extra?: Record<string, Uint8Array>) {
    return reg.register('spam', createBundleFiles({ pipeline: fakePipeline, metrics: { f1: 0.9 }, spec: experimentSpec, extra }), versionInfo());
  }

  it('refuses a bundle whose pipeline.json was tampered with, naming the file and version', async () => {
    await registerFake();
    await writeFile(join(dir, 'spam', 'versions', '1', 'pipeline.json'), JSON.stringify({ ...fakePipeline, classes: ['ham', 'evil'] }));
    const err = await loadBundle(reg, 'spam').catch((e: Error) => e);
    expect(err).toBeInstanceOf(ModelIntegrityError);
    expect((err as Error).message).toMatch(/^model spam\/1: file "pipeline.json" is corrupt/);
  });

  it('refuses a bundle with a tampered or missing extra file', async () => {
    await registerFake({ 'model.onnx': Uint8Array.of(1, 2, 3) });
    await writeFile(join(dir, 'spam', 'versions', '1', 'model.onnx'), Uint8Array.of(1, 2, 4));
    await expect(loadBundle(reg, 'spam/1')).rejects.toThrow(/model spam\/1: file "model.onnx" is corrupt/);
    await rm(join(dir, 'spam', 'versions', '1', 'model.onnx'));
    await expect(loadBundle(reg, 'spam/1')).rejects.toThrow(/model spam\/1: file "model.onnx" is listed in the manifest but missing/);
  });

  it('refuses a version that is not a bundle', async () => {
    await reg.register('spam', { 'notes.txt': 'hi' }, versionInfo());
    const err = await loadBundle(reg, 'spam').catch((e: Error) => e);
    expect(isUserInputError(err)).toBe(true);
    expect((err as Error).message).toMatch(/model spam\/1 is not a model bundle: it has no pipeline.json \(files: notes.txt\)/);
  });

  it('names a missing alias', async () => {
    await registerFake();
    await expect(loadBundle(reg, 'spam@production')).rejects.toThrow(/model spam has no alias "production"/);
  });

  it.skipIf(!componentsReady)('loads a registered fitted pipeline that predicts like the original', async () => {
    const components = await import('../../../components/index.js');
    const table = {
      nRows: 8,
      columns: {
        text: ['win money now', 'cheap pills offer', 'free prize claim', 'win a free offer', 'lunch at noon?', 'see you tomorrow', 'meeting notes attached', 'call me later'],
      },
    };
    const labels = ['spam', 'spam', 'spam', 'spam', 'ham', 'ham', 'ham', 'ham'];
    const pipeline = components.Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }).fit(table, labels, { seed: 1 });
    const files = createBundleFiles({ pipeline: pipeline.toJSON(), metrics: { f1: 1 }, spec: experimentSpec });
    await reg.register('spam', files, versionInfo());
    await reg.setAlias('spam', 'production', 1);
    const loaded = await loadBundle(reg, 'spam@production');
    expect(loaded.version.version).toBe(1);
    expect(loaded.version.aliases).toEqual(['production']);
    expect(loaded.metrics).toEqual({ f1: 1 });
    expect(loaded.spec).toEqual(experimentSpec);
    expect(loaded.pipeline.classes).toEqual(['ham', 'spam']);
    expect([...loaded.pipeline.predictProba(table)]).toEqual([...pipeline.predictProba(table)]);
  });
});
