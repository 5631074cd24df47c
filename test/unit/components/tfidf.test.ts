import { describe, expect, it } from 'vitest';
import { Pipeline, UserInputError, getFeatureComponent, type CsrMatrix, type FeatureExtractor, type FeatureMatrix } from '../../../components/index.js';

const tfidf = getFeatureComponent('tfidf', 'test');

function make(params: Record<string, unknown> = {}): FeatureExtractor {
  return tfidf.create({ ...defaults(), ...params });
}

function defaults(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(tfidf.params).map(([k, s]) => [k, s.default]));
}

/** tf-idf output is sparse: fails the test otherwise. */
function csr(X: FeatureMatrix): CsrMatrix {
  if (X.kind !== 'csr') throw new Error(`expected a csr matrix, got ${X.kind}`);
  return X;
}

function fitted(docs: (string | number | null)[], params: Record<string, unknown> = {}) {
  const v = make(params);
  v.fit(docs, { seed: 0 });
  return { v, X: csr(v.transform(docs)), terms: (v.getState() as { terms: string[]; idf: number[] }).terms, idf: (v.getState() as { idf: number[] }).idf };
}

function row(X: CsrMatrix, r: number): Record<number, number> {
  const out: Record<number, number> = {};
  for (let p = X.indptr[r]; p < X.indptr[r + 1]; p++) out[X.indices[p]] = X.values[p];
  return out;
}

describe('tfidf on a small corpus (worked by hand)', () => {
  // "a" is a one-letter word and is dropped by the token pattern.
  const docs = ['The cat sat', 'the dog sat', 'a cat, a CAT!'];
  // Vocabulary (sorted): cat dog sat the; document frequencies 2 1 2 2; n = 3.
  // Smoothed idf = ln((1 + n) / (1 + df)) + 1.
  const idfCommon = Math.log(4 / 3) + 1;
  const idfDog = Math.log(4 / 2) + 1;

  it('builds the sorted vocabulary and smoothed idf', () => {
    const { terms, idf } = fitted(docs);
    expect(terms).toEqual(['cat', 'dog', 'sat', 'the']);
    expect(idf[0]).toBeCloseTo(idfCommon, 14);
    expect(idf[1]).toBeCloseTo(idfDog, 14);
    expect(idf[2]).toBeCloseTo(idfCommon, 14);
  });

  it('l2-normalises rows of tf * idf, with sorted column indices', () => {
    const { X } = fitted(docs);
    expect(X.kind).toBe('csr');
    expect([X.rows, X.cols]).toEqual([3, 4]);
    // Doc 0: cat, sat, the once each, equal weights -> 1/sqrt(3).
    expect(row(X, 0)).toEqual({ 0: expect.closeTo(1 / Math.sqrt(3), 12), 2: expect.closeTo(1 / Math.sqrt(3), 12), 3: expect.closeTo(1 / Math.sqrt(3), 12) });
    // Doc 1: dog, sat, the -> dog weight idfDog / sqrt(idfDog^2 + 2 idfCommon^2).
    const norm = Math.sqrt(idfDog ** 2 + 2 * idfCommon ** 2);
    expect(row(X, 1)[1]).toBeCloseTo(idfDog / norm, 12);
    // Doc 2: only "cat" (twice) -> exactly 1.
    expect(row(X, 2)).toEqual({ 0: 1 });
    for (let r = 0; r < X.rows; r++) {
      const cols = Array.from(X.indices.subarray(X.indptr[r], X.indptr[r + 1]));
      expect(cols).toEqual([...cols].sort((a, b) => a - b));
      const sumSquares = Object.values(row(X, r)).reduce((s, v) => s + v * v, 0);
      expect(sumSquares).toBeCloseTo(1, 12);
    }
  });

  it('without idf or norm gives raw counts, and sublinear tf gives 1 + ln(tf)', () => {
    expect(row(fitted(docs, { useIdf: false, norm: 'none' }).X, 2)).toEqual({ 0: 2 });
    expect(row(fitted(docs, { useIdf: false, norm: 'none', sublinearTf: true }).X, 2)).toEqual({ 0: 1 + Math.log(2) });
  });

  it('unsmoothed idf is ln(n / df) + 1', () => {
    expect(fitted(docs, { smoothIdf: false }).idf[1]).toBeCloseTo(Math.log(3) + 1, 14);
  });

  it('prunes by document frequency: minDf counts documents, maxDf is a fraction', () => {
    // Bigrams each occur in one document, so minDf 2 keeps only the shared unigrams.
    expect(fitted(docs, { ngramMax: 2, minDf: 2 }).terms).toEqual(['cat', 'sat', 'the']);
    expect(fitted(docs, { ngramMax: 2 }).terms).toEqual(['cat', 'cat cat', 'cat sat', 'dog', 'dog sat', 'sat', 'the', 'the cat', 'the dog']);
    // maxDf 0.5 of 3 documents keeps terms in at most 1.5 documents.
    expect(fitted(['aa bb', 'aa cc', 'aa bb dd'], { maxDf: 0.5 }).terms).toEqual(['cc', 'dd']);
  });

  it('maxFeatures keeps the most frequent terms, ties broken by term', () => {
    // Corpus counts: aa 2, bb 1, cc 1 -> keep aa, then bb wins the tie with cc.
    expect(fitted(['bb aa', 'cc aa'], { maxFeatures: 2 }).terms).toEqual(['aa', 'bb']);
  });

  it('tokenizes Unicode words like (?u)\\b\\w\\w+\\b and stringifies numbers', () => {
    expect(fitted(['Ünïcödé café x _a', 2024]).terms).toEqual(['2024', '_a', 'café', 'ünïcödé']);
  });

  it('builds character n-grams inside padded words for char_wb', () => {
    expect(fitted(['ab'], { analyzer: 'char_wb', ngramMin: 2, ngramMax: 3 }).terms).toEqual([' a', ' ab', 'ab', 'ab ', 'b ']);
    // A padded word shorter than ngramMin (" a ") counts once as a whole.
    expect(fitted(['a bcdef'], { analyzer: 'char_wb', ngramMin: 4, ngramMax: 5 }).terms).toEqual([' a ', ' bcd', ' bcde', 'bcde', 'bcdef', 'cdef', 'cdef ', 'def ']);
  });

  it('char n-grams collapse runs of whitespace but keep a single newline', () => {
    expect(fitted(['a  b\nc'], { analyzer: 'char', ngramMin: 2, ngramMax: 2 }).terms).toEqual(['\nc', ' b', 'a ', 'b\n']);
  });

  it('gives empty rows for missing, empty and unseen text', () => {
    const { v } = fitted(docs);
    const X = csr(v.transform([null, '', 'zebra unicorn']));
    expect(Array.from(X.indptr)).toEqual([0, 0, 0, 0]);
  });

  it('loads from JSON state to identical transforms', () => {
    for (const params of [{ ngramMax: 2 }, { analyzer: 'char_wb', ngramMin: 2, ngramMax: 4 }, { analyzer: 'char', ngramMin: 1, ngramMax: 3 }]) {
      const { v, X } = fitted([...docs, 'the 😀😀 cat'], params);
      const loaded = tfidf.load({ ...defaults(), ...params }, JSON.parse(JSON.stringify(v.getState())));
      expect(loaded.outputSize).toBe(v.outputSize);
      // The terms are rebuilt from the lookup tables, not kept as strings: same state back.
      expect(loaded.getState()).toEqual(v.getState());
      expect(loaded.transform([...docs, 'the 😀😀 cat'])).toEqual(X);
    }
  });

  it('rejects ngramMin > ngramMax when created and when a pipeline spec is validated', () => {
    expect(() => make({ ngramMin: 3, ngramMax: 2 })).toThrow(UserInputError);
    expect(() => make({ ngramMin: 3, ngramMax: 2 })).toThrow(/ngramMin: must be <= ngramMax \(2\), got 3/);
    expect(() => Pipeline.create({ features: { body: { kind: 'tfidf', ngramMin: 3, ngramMax: 2 } }, classifier: { kind: 'logreg' } })).toThrow(
      /features__body__ngramMin: must be <= ngramMax/,
    );
  });

  it('reports a column that yields no terms', () => {
    expect(() => make({ minDf: 2 }).fit(['only once', null], { seed: 0 })).toThrow(UserInputError);
  });
});
