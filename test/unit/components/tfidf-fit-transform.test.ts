import { describe, expect, it, vi } from 'vitest';
import { Pipeline, getFeatureComponent, resolveParams, type CellValue } from '../../../components/index.js';
import { TfidfVectorizer } from '../../../components/feature-extraction/tfidf.js';
import { mulberry32 as rng } from '../../../core/random.js';

const tfidf = getFeatureComponent('tfidf', 'test');
const params = (raw: Record<string, unknown>) => resolveParams(tfidf.params, raw, 'tfidf').params;

const WORDS = ['cash', 'Prize', 'free', 'meeting', 'notes', 'shipping', 'shipped', 'ünïcödé', '送料無料', 'x', 'a', '😀', 'the', 'and'];
function docs(n: number, seed: number): CellValue[] {
  const next = rng(seed);
  return Array.from({ length: n }, (_, i) =>
    i % 13 === 3 ? null : i % 17 === 4 ? 2024 : Array.from({ length: Math.floor(next() * 15) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(next() < 0.3 ? '  ' : ' '),
  );
}

const CONFIGS: Record<string, unknown>[] = [
  {},
  { ngramMax: 3 },
  { ngramMin: 2, ngramMax: 2, minDf: 2 },
  { maxFeatures: 15, sublinearTf: true },
  { maxDf: 0.5, useIdf: false, norm: 'none' },
  { analyzer: 'char', ngramMin: 1, ngramMax: 3 },
  { analyzer: 'char_wb', ngramMin: 2, ngramMax: 5, minDf: 2 },
  { tokenizer: 'english-stem', ngramMax: 2, normalize: 'nfkc', maskPatterns: true },
];

describe('tfidf one-pass fitTransform and reused transform scratch', () => {
  it.each(CONFIGS.map((c) => [JSON.stringify(c), c] as const))('fitTransform equals fit + transform: %s', (_name, raw) => {
    const train = docs(300, 1);
    const a = tfidf.create(params(raw));
    a.fit(train, { seed: 0 });
    const b = tfidf.create(params(raw));
    expect(b.fitTransform!(train, { seed: 0 })).toEqual(a.transform(train));
    expect(b.getState()).toEqual(a.getState());
  });

  it('repeated transforms of different batches give what a fresh vectorizer gives', () => {
    const train = docs(200, 2);
    const reused = tfidf.create(params({ ngramMax: 2 }));
    reused.fit(train, { seed: 0 });
    const state = JSON.parse(JSON.stringify(reused.getState()));
    for (let i = 0; i < 5; i++) {
      const batch = docs(1 + i * 7, 10 + i);
      expect(reused.transform(batch)).toEqual(tfidf.load(params({ ngramMax: 2 }), state).transform(batch));
    }
  });

  it('a transform that fails mid-batch leaves the scratch clean for the next call', () => {
    const train = docs(200, 3);
    const v = tfidf.create(params({}));
    v.fit(train, { seed: 0 });
    const expected = v.transform(['cash prize cash', 'meeting notes']);
    const poison = { toString: () => { throw new Error('bad cell'); } } as unknown as CellValue;
    expect(() => v.transform(['cash prize cash', poison])).toThrow('bad cell');
    expect(() => v.transform(['cash cash cash free', poison])).toThrow('bad cell');
    expect(v.transform(['cash prize cash', 'meeting notes'])).toEqual(expected);
  });

  it('Pipeline.fit tokenizes the training column once (fitTransform), and fitAsync gives the same model', async () => {
    const text = docs(200, 4);
    const labels = text.map((_, i) => (i % 3 === 0 ? 'spam' : 'ham'));
    const table = { nRows: text.length, columns: { text } };
    const spec = { features: { text: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'logreg' } };
    const transform = vi.spyOn(TfidfVectorizer.prototype, 'transform');
    const fitTransform = vi.spyOn(TfidfVectorizer.prototype, 'fitTransform');
    const pipeline = Pipeline.create(spec).fit(table, labels, { seed: 0 });
    expect(fitTransform).toHaveBeenCalledTimes(1);
    expect(transform).not.toHaveBeenCalled();
    transform.mockRestore();
    fitTransform.mockRestore();
    const viaAsync = await Pipeline.create(spec).fitAsync(table, labels, { seed: 0 });
    expect(viaAsync.toJSON()).toEqual(pipeline.toJSON());
    expect(await viaAsync.predictProbaAsync(table)).toEqual(pipeline.predictProba(table));
  });
});
