import { describe, expect, it } from 'vitest';
import { Pipeline, UserInputError, computeMetric, type CellValue, type DenseMatrix } from '../../../components/index.js';
import { encodeTarget, withTarget } from '../../../components/model-selection/index.js';
import { classifier, extractor, loadExtractor, rng } from './helpers/toy-data.js';

const ctx = { seed: 0 };

describe('quantile_bins', () => {
  it('one-hot encodes quantile bins, with a missing column and ties merged', () => {
    const values: CellValue[] = [1, 2, 3, 4, 5, 6, 7, 8, null, 'n/a', '', Number.NaN, '9'];
    const q = extractor('quantile_bins', { nBins: 4 });
    q.fit(values, ctx);
    const out = q.transform(values);
    expect(out.kind).toBe('csr');
    expect(out.cols).toBe(q.outputSize);
    const missing = out.cols - 1;
    const col = (i: number) => (out.kind === 'csr' ? out.indices[i] : -1);
    for (const i of [8, 9, 10, 11]) expect(col(i)).toBe(missing);
    // Bins are ordered and non-decreasing with the value.
    for (let i = 1; i < 8; i++) expect(col(i)).toBeGreaterThanOrEqual(col(i - 1));
    expect(col(0)).toBe(0);
    expect(col(12)).toBe(missing - 1);
    // Values beyond the training range land in the outer bins.
    const beyond = q.transform([-100, 100]);
    expect(beyond.kind === 'csr' && Array.from(beyond.indices)).toEqual([0, missing - 1]);
    // A skewed column with ties gets fewer bins, none empty.
    const skewed = extractor('quantile_bins', { nBins: 10 });
    skewed.fit([0, 0, 0, 0, 0, 0, 0, 0, 1, 2], ctx);
    expect(skewed.outputSize).toBeLessThan(12);
    expect(loadExtractor('quantile_bins', { nBins: 4 }, q.getState()).transform(values)).toEqual(out);
  });

  it('infinite values are an input error naming the encoder and row; all-missing columns still work', () => {
    const q = extractor('quantile_bins');
    expect(() => q.fit([1, 2, Number.POSITIVE_INFINITY], ctx)).toThrow(UserInputError);
    expect(() => q.fit([1, 2, '-Infinity'], ctx)).toThrow(/quantile_bins: row 3/);
    q.fit([null, null, ''], ctx);
    expect(q.outputSize).toBe(2);
    const out = q.transform([null, 5]);
    expect(out.kind === 'csr' && Array.from(out.indices)).toEqual([1, 0]);
  });
});

describe('frequency', () => {
  it('encodes training frequency; unseen categories get 0, missing and empty strings are one category', () => {
    const f = extractor('frequency');
    f.fit(['a', 'a', 'b', null, '', 'a', 7, '7'], ctx);
    const out = f.transform(['a', 'b', 'zzz', null, '  ', 7]) as DenseMatrix;
    expect(Array.from(out.values)).toEqual([3 / 8, 1 / 8, 0, 2 / 8, 2 / 8, 2 / 8]);
    const counts = extractor('frequency', { normalize: false });
    counts.fit(['a', 'a', 'b'], ctx);
    expect(Array.from((counts.transform(['a', 'b', 'c']) as DenseMatrix).values)).toEqual([2, 1, 0]);
    expect(loadExtractor('frequency', {}, f.getState()).transform(['a', 'q'])).toEqual(f.transform(['a', 'q']));
  });
});

describe('target_encoding', () => {
  const labels = ['no', 'yes', 'yes', 'no', 'no', 'no', 'yes', 'no'];
  const cats: CellValue[] = ['a', 'a', 'a', 'b', 'b', 'b', null, 'c'];

  it('full-data encodings are the smoothed class means (binary: one column for the second class)', () => {
    const t = extractor('target_encoding', { smoothing: 2 });
    t.fit(cats, withTarget(ctx, labels));
    expect(t.outputSize).toBe(1);
    const prior = 3 / 8;
    const out = t.transform(['a', 'b', null, 'c', 'unseen']) as DenseMatrix;
    expect(out.values[0]).toBeCloseTo((2 + 2 * prior) / (3 + 2), 12);
    expect(out.values[1]).toBeCloseTo((0 + 2 * prior) / (3 + 2), 12);
    expect(out.values[2]).toBeCloseTo((1 + 2 * prior) / (1 + 2), 12);
    expect(out.values[3]).toBeCloseTo((0 + 2 * prior) / (1 + 2), 12);
    expect(out.values[4]).toBeCloseTo(prior, 12);
    expect(loadExtractor('target_encoding', { smoothing: 2 }, t.getState()).transform(['a', 'b', 'zz'])).toEqual(t.transform(['a', 'b', 'zz']));
  });

  it('multi-class: one column per class, rows summing to 1', () => {
    const y3 = ['x', 'y', 'z', 'x', 'x', 'y', 'z', 'z', 'z'];
    const t = extractor('target_encoding', { smoothing: 1 });
    t.fit(['p', 'p', 'p', 'q', 'q', 'q', 'r', 'r', 'r'], withTarget(ctx, y3));
    expect(t.outputSize).toBe(3);
    const out = t.transform(['p', 'q', 'r', 'new']) as DenseMatrix;
    for (let i = 0; i < 4; i++) expect(out.values[3 * i] + out.values[3 * i + 1] + out.values[3 * i + 2]).toBeCloseTo(1, 12);
    expect(encodeTarget(y3).classes).toEqual(['x', 'y', 'z']);
  });

  it('fitTransform encodes training rows out of fold; transform uses all rows', () => {
    const t = extractor('target_encoding', { smoothing: 0, cv: 2 });
    // Each category's label is constant: a leaky encoding would predict the training labels perfectly.
    const values = ['u', 'u', 'v', 'v', 'w', 'w', 'k', 'k'];
    const y = ['1', '1', '0', '0', '1', '1', '0', '0'];
    const oof = t.fitTransform!(values, withTarget({ seed: 3 }, y)) as DenseMatrix;
    const full = t.transform(values) as DenseMatrix;
    expect(Array.from(full.values)).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
    expect(Array.from(oof.values)).not.toEqual(Array.from(full.values));
    // Out of fold, a row never sees its own label: with smoothing 0 its value is its category's
    // mean in the other fold, or the other fold's prior when the category is absent there.
    for (let i = 0; i < 8; i++) expect(oof.values[i]).toBeGreaterThanOrEqual(0);
  });

  it('out-of-fold encodings prevent leakage from high-cardinality ids', () => {
    // Ids repeat a few times and labels are random: ids carry no signal.
    const r = rng(9);
    const n = 3000;
    const ids = Array.from({ length: n }, () => `id${Math.floor(r() * 800)}`);
    const labels = Array.from({ length: n }, () => (r() < 0.5 ? 'bad' : 'ok'));
    const [trainIds, testIds] = [ids.slice(0, 2000), ids.slice(2000)];
    const [trainLabels, testLabels] = [labels.slice(0, 2000), labels.slice(2000)];
    const yTrain = Int32Array.from(trainLabels, (l) => (l === 'ok' ? 1 : 0));
    const yTest = Int32Array.from(testLabels, (l) => (l === 'ok' ? 1 : 0));
    const target = withTarget({ seed: 0 }, trainLabels);
    const enc = extractor('target_encoding', { smoothing: 1 });
    const oofX = enc.fitTransform!(trainIds, target);
    const leakyX = enc.transform(trainIds);
    const testX = enc.transform(testIds);
    const oofModel = classifier('logreg');
    oofModel.fit(oofX, yTrain, 2, target);
    const leakyModel = classifier('logreg');
    leakyModel.fit(leakyX, yTrain, 2, target);
    // The leaky model learns to trust the encoding and is overconfident on new rows.
    const oofLoss = computeMetric('log_loss', yTest, oofModel.predictProba(testX), 2, 1);
    const leakyLoss = computeMetric('log_loss', yTest, leakyModel.predictProba(testX), 2, 1);
    expect(oofLoss).toBeLessThan(leakyLoss - 0.02);
    expect(oofLoss).toBeLessThan(Math.log(2) + 0.01);
    // The same holds through a pipeline given the labels.
    const pipeline = Pipeline.create({ features: { id: { kind: 'target_encoding', smoothing: 1 } }, classifier: { kind: 'logreg' } });
    pipeline.fit({ nRows: 2000, columns: { id: trainIds } }, trainLabels, target);
    const proba = pipeline.predictProba({ nRows: 1000, columns: { id: testIds } });
    expect(computeMetric('log_loss', yTest, proba, 2, 1)).toBeCloseTo(oofLoss, 10);
  });

  it('without labels in the fit context it is a constant encoder (documented contract fallback)', () => {
    const t = extractor('target_encoding');
    t.fit(['a', 'b'], ctx);
    expect(t.getState()).toMatchObject({ supervised: false });
    expect(Array.from((t.transform(['a', 'zz']) as DenseMatrix).values)).toEqual([0, 0]);
    expect(t.fitTransform!(['a', 'b'], ctx)).toEqual(t.transform(['a', 'b']));
  });
});
