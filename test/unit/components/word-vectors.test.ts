import { describe, expect, it } from 'vitest';
import { Pipeline, computeMetric, getFeatureComponent, resolveParams, type DenseMatrix, type FittedPipelineJSON } from '../../../components/index.js';
import { subwordBuckets } from '../../../components/embedding/subword-skipgram.js';
import { float32ToBase64, int32ToBase64 } from '../../../components/embedding/typed-codec.js';
import { WORD_VECTORS_FORMAT, type WordVectorsEmbedding, type WordVectorsState } from '../../../components/embedding/word-vectors.js';
import { mulberry32 as rng } from '../../../core/random.js';

const def = getFeatureComponent('word_vectors', 'test');
const params = (raw: Record<string, unknown> = {}) => resolveParams(def.params, raw, 'word_vectors').params;

const MONEY = ['cash', 'prize', 'winner', 'money', 'bonus', 'lottery', 'reward', 'jackpot'];
const WORK = ['meeting', 'project', 'report', 'schedule', 'agenda', 'deadline', 'review', 'budget'];
const FILLER = ['the', 'and', 'for', 'you', 'this', 'today', 'with', 'our'];

/** Documents mostly about one topic, with filler; the label is the topic. */
function corpus(n: number, seed: number) {
  const next = rng(seed);
  const pick = (a: string[]) => a[Math.floor(next() * a.length)];
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const money = next() < 0.5;
    const words = Array.from({ length: 12 }, () => (next() < 0.6 ? pick(next() < 0.9 ? (money ? MONEY : WORK) : money ? WORK : MONEY) : pick(FILLER)));
    texts.push(words.join(' '));
    labels.push(money ? 'spam' : 'ham');
  }
  return { texts, labels };
}

function cosine(a: Float64Array, b: Float64Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += a[k] * b[k];
    aa += a[k] * a[k];
    bb += b[k] * b[k];
  }
  return ab / Math.sqrt(aa * bb);
}

const train = corpus(600, 1);
const fitted = (raw: Record<string, unknown> = {}, seed = 0) => {
  const e = def.create(params({ dims: 24, epochs: 8, ...raw })) as WordVectorsEmbedding;
  e.fit(train.texts, { seed });
  return e;
};

describe('word_vectors (subword skip-gram, pooled)', () => {
  const model = fitted();

  it('is deterministic given the seed, and the seed matters', () => {
    expect(fitted().getState()).toEqual(model.getState());
    expect(fitted({}, 1).getState().wordVectors).not.toEqual(model.getState().wordVectors);
  });

  it('learns co-occurrence: words of one topic are closer to each other than to the other topic', () => {
    const v = (w: string) => model.wordVector(w)!;
    let within = 0;
    let across = 0;
    let nWithin = 0;
    let nAcross = 0;
    for (const a of [...MONEY, ...WORK]) {
      for (const b of [...MONEY, ...WORK]) {
        if (a >= b) continue;
        const same = MONEY.includes(a) === MONEY.includes(b);
        const c = cosine(v(a), v(b));
        if (same) (within += c), nWithin++;
        else (across += c), nAcross++;
      }
    }
    expect(within / nWithin).toBeGreaterThan(across / nAcross + 0.2);
    const loss = model.fitInfo!.epochLoss;
    expect(loss[loss.length - 1]).toBeLessThan(loss[0]);
  });

  it('gives unseen words a vector from their character n-grams', () => {
    const typo = model.wordVector('jackpott')!;
    expect(typo).toBeDefined();
    expect(cosine(typo, model.wordVector('jackpot')!)).toBeGreaterThan(cosine(typo, model.wordVector('deadline')!));
    // Without subwords an unseen word has no vector.
    expect((fitted({ subwords: false }) as WordVectorsEmbedding).wordVector('jackpott')).toBeUndefined();
  });

  it('reloads from JSON state to identical document vectors', () => {
    const held = ['cash prize for you', 'jackpott winnner', 'quarterly budget review', '', null];
    const X = model.transform(held);
    const loaded = def.load(params({ dims: 24, epochs: 8 }), JSON.parse(JSON.stringify(model.getState())));
    expect(loaded.transform(held)).toEqual(X);
    expect(Array.from(X.values.subarray(3 * 24, 5 * 24)).every((v) => v === 0)).toBe(true);
  });

  it('pools by hand-checked rules: mean or idf-weighted mean, then l2', () => {
    // Two words with known vectors, no subwords: 'cash' = (1, 0), 'prize' = (0, 2).
    const state: WordVectorsState = {
      format: WORD_VECTORS_FORMAT,
      dims: 2,
      words: ['cash', 'prize'],
      idf: [1, 3],
      unseenIdf: 5,
      minn: 3,
      maxn: 0,
      buckets: 0,
      nBuckets: 0,
      wordVectors: float32ToBase64(Float32Array.from([1, 0, 0, 2])),
      bucketIds: int32ToBase64(new Int32Array(0)),
      bucketVectors: float32ToBase64(new Float32Array(0)),
    };
    const transform = (raw: Record<string, unknown>, text: string) => Array.from((def.load(params({ dims: 2, subwords: false, ...raw }), state).transform([text]) as DenseMatrix).values);
    // mean of (1,0), (1,0), (0,2) = (2/3, 2/3); unknown words are skipped.
    expect(transform({ norm: 'none' }, 'cash cash prize unknown')).toEqual([2 / 3, 2 / 3]);
    // idf weights 1, 1, 3: (2, 6) / 5.
    expect(transform({ norm: 'none', pooling: 'idf' }, 'cash cash prize')).toEqual([2 / 5, 6 / 5]);
    const l2 = transform({ pooling: 'idf' }, 'cash cash prize');
    expect(l2[0]).toBeCloseTo(2 / Math.sqrt(40), 12);
    expect(l2[1]).toBeCloseTo(6 / Math.sqrt(40), 12);
  });

  it('composes unseen words from the stored n-gram buckets', () => {
    const buckets = 64;
    const ids = [...new Set(subwordBuckets('cashy', 3, 4, buckets))].sort((a, b) => a - b);
    const state: WordVectorsState = {
      format: WORD_VECTORS_FORMAT,
      dims: 1,
      words: ['cash'],
      idf: [1],
      unseenIdf: 1,
      minn: 3,
      maxn: 4,
      buckets,
      nBuckets: ids.length,
      wordVectors: float32ToBase64(Float32Array.from([7])),
      bucketIds: int32ToBase64(Int32Array.from(ids)),
      bucketVectors: float32ToBase64(Float32Array.from(ids, (_, i) => i + 1)),
    };
    const e = def.load(params({ dims: 1, minn: 3, maxn: 4, bucketsLog2: 8 }), state) as WordVectorsEmbedding;
    expect(e.wordVector('cash')![0]).toBe(7);
    // 'cashy' -> its n-gram buckets (each listed once per occurrence) averaged.
    const all = subwordBuckets('cashy', 3, 4, buckets);
    expect(e.wordVector('cashy')![0]).toBeCloseTo(all.reduce((s, b) => s + ids.indexOf(b) + 1, 0) / all.length, 6);
  });

  it('separates topics as features of a classifier, and round-trips inside a pipeline', () => {
    const test = corpus(200, 2);
    const spec = { features: { text: { kind: 'word_vectors', dims: 24, epochs: 8 } }, classifier: { kind: 'logreg', C: 10 } };
    const pipeline = Pipeline.create(spec).fit({ nRows: train.texts.length, columns: { text: train.texts } }, train.labels, { seed: 3 });
    const table = { nRows: test.texts.length, columns: { text: test.texts } };
    const proba = pipeline.predictProba(table);
    const y = Int32Array.from(test.labels, (l) => pipeline.classes.indexOf(l));
    expect(computeMetric('roc_auc', y, proba, 2, pipeline.classes.indexOf('spam'))).toBeGreaterThan(0.95);
    const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())) as FittedPipelineJSON);
    expect(restored.predictProba(table)).toEqual(proba);
  });

  it('reports a corpus without any word reaching minCount', () => {
    expect(() => def.create(params({ minCount: 5 })).fit(['one two', 'three four'], { seed: 0 })).toThrow(/minCount \(5\)/);
  });
});
