/**
 * Behaviour every classifier added with issue 3 shares: it learns binary and multi-class toy
 * problems, class weights move probability towards the minority class, fitted state survives
 * JSON unchanged, sparse and dense input agree, a fit is deterministic for a seed, and
 * `shouldStop` ends a fit early with a usable model.
 */
import { describe, expect, it } from 'vitest';
import { denseToCsr, UserInputError } from '../../../components/index.js';
import { accuracy, blobs, classifier, loadClassifier, meanProbaOfClass } from './helpers/toy-data.js';

/** Small settings so every kind fits toy data quickly. */
const FAST: Record<string, Record<string, unknown>> = {
  gbt: { maxIter: 40, minSamplesLeaf: 5 },
  linear_svm: {},
  mlp: { epochs: 40, units: 16, learningRate: 0.01, batchSize: 32, dropout: 0 },
};

const stopReason: Record<string, (info: Record<string, unknown>) => boolean> = {
  gbt: (i) => i.stop === 'stopped',
  linear_svm: (i) => i.stopped === true,
  mlp: (i) => i.stop === 'stopped',
};

describe.each(Object.keys(FAST))('classifier %s', (kind) => {
  const params = FAST[kind];

  it('learns a binary toy problem and reports probabilities that sum to 1', () => {
    const train = blobs([150, 150], 1);
    const test = blobs([100, 100], 2);
    const model = classifier(kind, params);
    model.fit(train.X, train.y, 2, { seed: 0 });
    const proba = model.predictProba(test.X);
    expect(proba).toHaveLength(400);
    for (let i = 0; i < 200; i++) {
      expect(proba[2 * i] + proba[2 * i + 1]).toBeCloseTo(1, 12);
      expect(proba[2 * i]).toBeGreaterThanOrEqual(0);
    }
    expect(accuracy(proba, test.y, 2)).toBeGreaterThan(0.9);
  });

  it('learns a multi-class toy problem', () => {
    const train = blobs([100, 100, 100, 100], 3);
    const test = blobs([50, 50, 50, 50], 4);
    const model = classifier(kind, params);
    model.fit(train.X, train.y, 4, { seed: 0 });
    expect(accuracy(model.predictProba(test.X), test.y, 4)).toBeGreaterThan(0.85);
  });

  it('class weights: balanced weighting raises the minority class probability', () => {
    const train = blobs([400, 40], 5, 3, 1.3);
    const plain = classifier(kind, { ...params, classWeight: 'none' });
    const balanced = classifier(kind, { ...params, classWeight: 'balanced' });
    plain.fit(train.X, train.y, 2, { seed: 0 });
    balanced.fit(train.X, train.y, 2, { seed: 0 });
    const test = blobs([200, 200], 6, 3, 1.3);
    const minorityPlain = meanProbaOfClass(plain.predictProba(test.X), test.y, 2, 1);
    const minorityBalanced = meanProbaOfClass(balanced.predictProba(test.X), test.y, 2, 1);
    expect(minorityBalanced).toBeGreaterThan(minorityPlain + 0.05);
  });

  it('round-trips its state through JSON to identical predictions, and is deterministic per seed', () => {
    const train = blobs([80, 80, 80], 7);
    const model = classifier(kind, params);
    model.fit(train.X, train.y, 3, { seed: 11 });
    const proba = model.predictProba(train.X);
    const loaded = loadClassifier(kind, params, model.getState());
    expect(loaded.predictProba(train.X)).toEqual(proba);
    expect(JSON.parse(JSON.stringify(loaded.getState()))).toEqual(JSON.parse(JSON.stringify(model.getState())));
    const again = classifier(kind, params);
    again.fit(train.X, train.y, 3, { seed: 11 });
    expect(again.predictProba(train.X)).toEqual(proba);
  });

  it('gives the same model for sparse and dense input', () => {
    const train = blobs([60, 60], 8);
    const a = classifier(kind, params);
    const b = classifier(kind, params);
    a.fit(train.X, train.y, 2, { seed: 1 });
    b.fit(denseToCsr(train.X), train.y, 2, { seed: 1 });
    const pa = a.predictProba(train.X);
    const pb = b.predictProba(denseToCsr(train.X));
    for (let i = 0; i < pa.length; i++) expect(pb[i]).toBeCloseTo(pa[i], 9);
  });

  it('stops early when shouldStop turns true, leaving a usable model', () => {
    const train = blobs([200, 200], 9);
    let polls = 0;
    const model = classifier(kind, { ...params, ...(kind === 'mlp' ? { epochs: 1000, earlyStopping: false } : kind === 'gbt' ? { maxIter: 1000 } : {}) });
    const progress: number[] = [];
    model.fit(train.X, train.y, 2, { seed: 0, shouldStop: () => ++polls > 3, onProgress: (f) => progress.push(f) });
    expect(stopReason[kind]((model as unknown as { fitInfo: Record<string, unknown> }).fitInfo)).toBe(true);
    const proba = model.predictProba(train.X);
    expect(proba.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < 400; i++) expect(proba[2 * i] + proba[2 * i + 1]).toBeCloseTo(1, 12);
    expect(progress.at(-1)).toBe(1);
  });

  it('rejects a single class and non-finite features with UserInputErrors', () => {
    const train = blobs([30, 30], 10);
    const model = classifier(kind, params);
    expect(() => model.fit(train.X, new Int32Array(60), 2, { seed: 0 })).toThrow(UserInputError);
    const bad = { ...train.X, values: Float64Array.from(train.X.values) };
    bad.values[7] = Number.NaN;
    expect(() => model.fit(bad, train.y, 2, { seed: 0 })).toThrow(/not finite/);
  });

  it('handles all-zero rows and constant features', () => {
    const rows = 80;
    const cols = 3;
    const values = new Float64Array(rows * cols);
    const y = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      y[i] = i % 2;
      // Class 1 rows have feature 0 set; class 0 rows are all zeros; feature 2 is constant 0.
      if (y[i] === 1) values[i * cols] = 1;
      values[i * cols + 1] = 0;
    }
    const X = { kind: 'dense' as const, rows, cols, values };
    const model = classifier(kind, params);
    model.fit(X, y, 2, { seed: 0 });
    const proba = model.predictProba(X);
    expect(proba.every(Number.isFinite)).toBe(true);
    expect(accuracy(proba, y, 2)).toBe(1);
  });
});
