import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline, getFeatureComponent, resolveParams, type DenseMatrix, type FeatureExtractor, type FittedPipelineJSON } from '../../../components/index.js';
import { WordPieceTokenizer, basicTokens } from '../../../components/embedding/encoder-tokenizers.js';
import { onnxRunsInFlight, whenOnnxIdle } from '../../../components/embedding/onnx-runtime.js';
import { TINY_VOCAB, tinyEmbedding, writeTinyEncoder } from './helpers/tiny-encoder.js';

const def = getFeatureComponent('onnx_encoder', 'test');
let root: string;
let wordpieceDir: string;
let whitespaceDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'autoflow-encoder-'));
  wordpieceDir = await writeTinyEncoder(join(root, 'wordpiece'), 'wordpiece');
  whitespaceDir = await writeTinyEncoder(join(root, 'whitespace'), 'whitespace');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const params = (raw: Record<string, unknown>) => resolveParams(def.params, { norm: 'none', ...raw }, 'onnx_encoder').params;
const id = (token: string) => TINY_VOCAB.indexOf(token);

/** Mean of the tiny model's embedding rows of these tokens: what mean pooling must give. */
function meanOf(tokens: string[]): number[] {
  const rows = tokens.map((t) => tinyEmbedding(id(t)));
  return [0, 1, 2].map((k) => rows.reduce((s, r) => s + r[k], 0) / rows.length);
}

async function fitted(raw: Record<string, unknown>): Promise<FeatureExtractor> {
  const e = def.create(params(raw));
  await e.prepare!();
  e.fit(['anything'], { seed: 0 });
  return e;
}

function rowsOf(m: DenseMatrix): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from(m.values.subarray(r * m.cols, (r + 1) * m.cols)));
}

describe('encoder tokenizers', () => {
  it("BERT basic tokenization: lower-case, strip accents, split punctuation and CJK ideographs", () => {
    expect(basicTokens('Free CASH-prize, now! Café 送料無料', true)).toEqual(['free', 'cash', '-', 'prize', ',', 'now', '!', 'cafe', '送', '料', '無', '料']);
    expect(basicTokens('Keep Case', false)).toEqual(['Keep', 'Case']);
  });

  it('WordPiece: greedy longest match with ## continuations, [UNK] for uncoverable words, truncation', () => {
    const wp = new WordPieceTokenizer(TINY_VOCAB, true);
    expect(wp.wordPieces('reports')).toEqual([id('report'), id('##s')]);
    expect(wp.wordPieces('zebra')).toEqual([id('[UNK]')]);
    expect(wp.encode('Free cash reports', 128)).toEqual([id('[CLS]'), id('free'), id('cash'), id('report'), id('##s'), id('[SEP]')]);
    expect(wp.encode('free cash prize now', 4)).toEqual([id('[CLS]'), id('free'), id('cash'), id('[SEP]')]);
  });
});

describe('onnx_encoder', () => {
  it('mean-pools the token embeddings of a model it runs with onnxruntime (hand-checked)', async () => {
    const e = await fitted({ modelDir: wordpieceDir, batchSize: 2 });
    expect(e.outputSize).toBe(3);
    const X = (await e.transformAsync!(['Free cash', 'project reports now', '', null, 'zebra'])) as DenseMatrix;
    expect([X.rows, X.cols]).toEqual([5, 3]);
    const rows = rowsOf(X);
    const expected = [
      meanOf(['[CLS]', 'free', 'cash', '[SEP]']),
      meanOf(['[CLS]', 'project', 'report', '##s', 'now', '[SEP]']),
      meanOf(['[CLS]', '[SEP]']),
      meanOf(['[CLS]', '[SEP]']),
      meanOf(['[CLS]', '[UNK]', '[SEP]']),
    ];
    rows.forEach((row, r) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[r][k], 6)));
    // Padding does not leak into the mean: a text alone equals the same text in a padded batch.
    const alone = (await e.transformAsync!(['Free cash'])) as DenseMatrix;
    expect(rowsOf(alone)[0]).toEqual(rows[0]);
  });

  it('reads the whitespace vocab.json format (bos/eos around each text) and l2-normalises when asked', async () => {
    const e = await fitted({ modelDir: whitespaceDir, norm: 'l2' });
    const [row] = rowsOf((await e.transformAsync!(['FREE cash unknown'])) as DenseMatrix);
    const mean = meanOf(['[CLS]', 'free', 'cash', '[UNK]', '[SEP]']);
    const norm = Math.hypot(...mean);
    row.forEach((v, k) => expect(v).toBeCloseTo(mean[k] / norm, 6));
  });

  it('fitted state is the directory and its sha256; it reloads to identical output and refuses a changed model', async () => {
    const dir = await writeTinyEncoder(join(root, 'changing'));
    const e = await fitted({ modelDir: dir });
    const state = e.getState() as { format: string; modelDir: string; sha256: string; dims: number };
    expect(state).toEqual({ format: 'autoflow.onnx-encoder/v1', modelDir: dir, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), dims: 3 });
    const texts = ['free cash prize', 'meeting report'];
    const X = await e.transformAsync!(texts);
    const loaded = def.load(params({ modelDir: dir }), JSON.parse(JSON.stringify(state)));
    await loaded.prepare!();
    expect(await loaded.transformAsync!(texts)).toEqual(X);

    await writeFile(join(dir, 'vocab.txt'), [...TINY_VOCAB, 'extra'].join('\n'));
    const stale = def.load(params({ modelDir: dir }), state);
    await expect(stale.prepare!()).rejects.toThrow(/changed since the pipeline was fitted.*refusing/);
    await expect(stale.transformAsync!(texts)).rejects.toThrow(/changed since/);
  });

  it('is async-only: the sync transform and an unprepared fit say what to use instead', async () => {
    const e = def.create(params({ modelDir: wordpieceDir }));
    expect(() => e.fit(['x'], { seed: 0 })).toThrow(/await prepare\(\)/);
    await e.prepare!();
    e.fit(['x'], { seed: 0 });
    expect(() => e.transform(['x'])).toThrow(/transformAsync/);
    expect(def.validate!(params({}))).toEqual(['modelDir: required (a directory with model.onnx and vocab.txt or vocab.json)']);
    await expect(def.create(params({ modelDir: join(root, 'missing') })).prepare!()).rejects.toThrow(/model.onnx does not exist/);
  });

  it('never abandons a run: stops only between batches, and the in-flight count returns to zero', async () => {
    const e = await fitted({ modelDir: wordpieceDir, batchSize: 1 });
    const inFlightAtPolls: number[] = [];
    let settled = false;
    const outcome = e
      .transformAsync!(['free', 'cash', 'prize', 'now'], {
        shouldStop: () => {
          inFlightAtPolls.push(onnxRunsInFlight());
          return inFlightAtPolls.length >= 2;
        },
      })
      .then(
        () => new Error('finished without stopping'),
        (error: unknown) => error as Error,
      )
      .finally(() => (settled = true));
    let maxInFlight = 0;
    while (!settled) {
      maxInFlight = Math.max(maxInFlight, onnxRunsInFlight());
      await new Promise((r) => setImmediate(r));
    }
    expect((await outcome).message).toMatch(/stopped on request/);
    // Polled before batches 2 and 3, with no run in flight each time; runs were seen in flight.
    expect(inFlightAtPolls).toEqual([0, 0]);
    expect(maxInFlight).toBe(1);
    expect(onnxRunsInFlight()).toBe(0);
    await whenOnnxIdle();
  });

  it('runs inside a pipeline through fitAsync / predictProbaAsync, and round-trips', async () => {
    const texts = ['free cash prize', 'cash prize now', 'meeting report', 'project meeting', 'free prize now', 'report project'];
    const labels = ['spam', 'spam', 'ham', 'ham', 'spam', 'ham'];
    const spec = { features: { text: { kind: 'onnx_encoder', modelDir: wordpieceDir } }, classifier: { kind: 'logreg', C: 100 } };
    const table = { nRows: texts.length, columns: { text: texts } };
    const pipeline = await Pipeline.create(spec).fitAsync(table, labels, { seed: 0 });
    expect(pipeline.requiresAsyncTransform).toBe(true);
    expect(() => pipeline.predictProba(table)).toThrow(/transformAsync/);
    const proba = await pipeline.predictProbaAsync(table);
    for (let r = 0; r < texts.length; r++) expect(proba[2 * r] + proba[2 * r + 1]).toBeCloseTo(1, 12);
    const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())) as FittedPipelineJSON);
    expect(await restored.predictProbaAsync(table)).toEqual(proba);
  });
});
