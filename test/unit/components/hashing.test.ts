import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Pipeline, getFeatureComponent, resolveParams, type CsrMatrix } from '../../../components/index.js';
import { murmurhash3String } from '../../../components/feature-extraction/murmurhash3.js';

/** Generated with scikit-learn 1.9.1 (HashingVectorizer, murmurhash3_32); see the file's "generator". */
const SKLEARN = JSON.parse(readFileSync(new URL('./fixtures/sklearn-hashing.json', import.meta.url), 'utf8')) as {
  docs: string[];
  cases: { params: Record<string, unknown>; rows: Record<string, number>[] }[];
  murmurhash3: { text: string; seed0: number; seed42: number }[];
};

const hashing = getFeatureComponent('hashing', 'test');
const make = (raw: Record<string, unknown>) => hashing.create(resolveParams(hashing.params, raw, 'hashing').params);

function rows(X: CsrMatrix): Record<string, number>[] {
  return Array.from({ length: X.rows }, (_, r) => {
    const out: Record<string, number> = {};
    for (let p = X.indptr[r]; p < X.indptr[r + 1]; p++) out[String(X.indices[p])] = X.values[p];
    return out;
  });
}

describe('MurmurHash3 x86-32', () => {
  it("matches scikit-learn's murmurhash3_32 on UTF-8 bytes, with and without a seed", () => {
    for (const { text, seed0, seed42 } of SKLEARN.murmurhash3) {
      expect(murmurhash3String(text), text).toBe(seed0);
      expect(murmurhash3String(text, 42), text).toBe(seed42);
    }
  });
});

describe('hashing vectoriser', () => {
  it.each(SKLEARN.cases.map((c) => [JSON.stringify(c.params), c] as const))("matches scikit-learn's HashingVectorizer %s", (_name, c) => {
    const v = make(c.params);
    v.fit(SKLEARN.docs, { seed: 0 });
    const X = v.transform(SKLEARN.docs) as CsrMatrix;
    expect(X.cols).toBe(2 ** (c.params.nFeaturesLog2 as number));
    const got = rows(X);
    got.forEach((row, r) => {
      expect(Object.keys(row).sort()).toEqual(Object.keys(c.rows[r]).sort());
      for (const [col, value] of Object.entries(c.rows[r])) expect(row[col]).toBeCloseTo(value, 10);
    });
  });

  it('hand-checked: one word hashes to one column with sign from the hash; repeats add up; l2 scales', () => {
    const v = make({ nFeaturesLog2: 4, norm: 'none' });
    v.fit([], { seed: 0 });
    const h = murmurhash3String('cash');
    const col = Math.abs(h) % 16;
    const sign = h < 0 ? -1 : 1;
    expect(rows(v.transform(['cash cash CASH']) as CsrMatrix)).toEqual([{ [col]: 3 * sign }]);
    const l2 = make({ nFeaturesLog2: 4 });
    l2.fit([], { seed: 0 });
    expect(rows(l2.transform(['cash cash']) as CsrMatrix)).toEqual([{ [col]: sign }]);
    // Empty and missing documents give empty rows.
    expect(Array.from((l2.transform([null, '', '!!']) as CsrMatrix).indptr)).toEqual([0, 0, 0, 0]);
  });

  it('is stateless: state is the width only, and it reloads to identical output', () => {
    const params = resolveParams(hashing.params, { nFeaturesLog2: 12, ngramMax: 2, tokenizer: 'english-stem', maskPatterns: true }, 'hashing').params;
    const v = hashing.create(params);
    v.fit(['anything'], { seed: 0 });
    expect(v.getState()).toEqual({ nFeatures: 4096 });
    const docs = ['Shipping to joe@example.com', 'shipped: call 090-1234-5678', 'unseen words are fine'];
    expect(hashing.load(params, JSON.parse(JSON.stringify(v.getState()))).transform(docs)).toEqual(v.transform(docs));
    expect(() => hashing.load({ ...params, nFeaturesLog2: 10 }, v.getState())).toThrow(/4096 features/);
  });

  it('feeds a classifier in a pipeline', () => {
    const texts = ['free cash prize', 'cash prize now', 'meeting notes', 'project meeting', 'free prize', 'notes for project'];
    const labels = ['spam', 'spam', 'ham', 'ham', 'spam', 'ham'];
    const pipeline = Pipeline.create({ features: { text: { kind: 'hashing', nFeaturesLog2: 10 } }, classifier: { kind: 'logreg', C: 10 } }).fit({ nRows: 6, columns: { text: texts } }, labels, { seed: 0 });
    const proba = pipeline.predictProba({ nRows: 2, columns: { text: ['free cash', 'project notes'] } });
    expect(proba[1]).toBeGreaterThan(0.5); // P(spam | free cash)
    expect(proba[3]).toBeLessThan(0.5);
  });
});
