/**
 * Bad input through whole pipelines of the issue-3 components: missing values, empty strings,
 * unseen categories, all-zero rows, a single class, NaN and infinities. Each has a defined
 * result or a UserInputError; no prediction is ever NaN.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline, UserInputError, type Table } from '../../../components/index.js';
import { withTarget } from '../../../components/model-selection/index.js';

const n = 120;
const train: Table = {
  nRows: n,
  columns: {
    price: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : i % 17 === 0 ? '' : i % 23 === 0 ? Number.NaN : i % 2 === 0 ? 100 + i : 5000 + i)),
    category: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? null : i % 13 === 0 ? '' : i % 2 === 0 ? 'books' : 'watches')),
    text: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? '' : i % 2 === 0 ? 'cheap copy replica' : 'original receipt box')),
  },
};
const labels = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'bad' : 'ok'));
const fresh: Table = {
  nRows: 5,
  columns: { price: [null, '', Number.NaN, 1e12, -5], category: ['never-seen', null, '', 'books', 'watches'], text: ['', null, 'unseen words only', 'replica', 'receipt'] },
};

const SPECS = ['gbt', 'linear_svm', 'mlp'].map((kind) => ({
  features: {
    price: { kind: 'quantile_bins', nBins: 5 },
    category: { kind: 'target_encoding' },
    cat_freq: { kind: 'frequency', column: 'category' },
    text: { kind: 'tfidf', minDf: 1 },
  },
  classifier: kind === 'mlp' ? { kind, epochs: 20, learningRate: 0.01 } : kind === 'gbt' ? { kind, minSamplesLeaf: 5 } : { kind },
}));

describe.each(SPECS.map((s) => [s.classifier.kind, s] as const))('pipeline with %s', (_kind, spec) => {
  it('trains on missing values and empty strings and predicts finite probabilities for unseen categories', () => {
    const pipeline = Pipeline.create(spec).fit(train, labels, withTarget({ seed: 0 }, labels));
    const proba = pipeline.predictProba(fresh);
    expect(proba).toHaveLength(10);
    expect(proba.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)).toBe(true);
    const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())));
    expect(restored.predictProba(fresh)).toEqual(proba);
  });

  it('rejects infinite numbers with a UserInputError naming the encoder and row', () => {
    const bad: Table = { ...train, columns: { ...train.columns, price: train.columns.price.map((v, i) => (i === 4 ? 'Infinity' : v)) } };
    expect(() => Pipeline.create(spec).fit(bad, labels, withTarget({ seed: 0 }, labels))).toThrow(UserInputError);
    expect(() => Pipeline.create(spec).fit(bad, labels, withTarget({ seed: 0 }, labels))).toThrow(/quantile_bins: row 5/);
    const pipeline = Pipeline.create(spec).fit(train, labels, withTarget({ seed: 0 }, labels));
    expect(() => pipeline.predictProba({ ...fresh, columns: { ...fresh.columns, price: [1, 2, 3, Number.NEGATIVE_INFINITY, 5] } })).toThrow(/row 4/);
  });

  it('rejects a single class', () => {
    const one = labels.map(() => 'ok');
    expect(() => Pipeline.create(spec).fit(train, one, withTarget({ seed: 0 }, one))).toThrow(/need at least 2/);
  });
});
