import { describe, expect, it } from 'vitest';
import { UserInputError, type CsrMatrix } from '../../../components/index.js';
import { binOf, featureEdges, fitBins } from '../../../components/classifiers/gbt-binning.js';
import type { GradientBoosting } from '../../../components/classifiers/gbt.js';
import { accuracy, blobs, classifier, dense, loadClassifier, xor } from './helpers/toy-data.js';

describe('gbt binning', () => {
  it('uses midpoints between distinct values when there are few, quantiles otherwise', () => {
    expect(Array.from(featureEdges(Float64Array.from([3, 1, 2, 2, 1]), 255))).toEqual([1.5, 2.5]);
    expect(featureEdges(Float64Array.from([5, 5, 5]), 255)).toHaveLength(0);
    const many = Float64Array.from({ length: 1000 }, (_, i) => i);
    const edges = featureEdges(many, 10);
    expect(edges.length).toBe(9);
    // Roughly equal-count bins.
    const counts = new Array(10).fill(0);
    for (const x of many) counts[binOf(edges, x)]++;
    for (const c of counts) expect(Math.abs(c - 100)).toBeLessThanOrEqual(1);
  });

  it('bin <= b is exactly x <= edges[b], for dense and sparse input alike', () => {
    const X = dense([[0, 1], [2, 0], [4, 0], [0, 3], [2, 1]]);
    const { edges, binned } = fitBins(X, 255, undefined);
    for (let f = 0; f < 2; f++) {
      for (let i = 0; i < 5; i++) {
        const x = X.values[i * 2 + f];
        const b = binned[f * 5 + i];
        expect(b === 0 || x > edges[f][b - 1]).toBe(true);
        expect(b === edges[f].length || x <= edges[f][b]).toBe(true);
      }
    }
    const csr: CsrMatrix = { kind: 'csr', rows: 5, cols: 2, indptr: Int32Array.from([0, 1, 2, 3, 4, 6]), indices: Int32Array.from([1, 0, 0, 1, 0, 1]), values: Float64Array.from([1, 2, 4, 3, 2, 1]) };
    const sparse = fitBins(csr, 255, undefined);
    expect(sparse.edges.map((e) => Array.from(e))).toEqual(edges.map((e) => Array.from(e)));
    expect(sparse.binned).toEqual(binned);
  });
});

describe('gbt', () => {
  it('learns XOR, which no linear model can', () => {
    const train = xor(2000, 1);
    const test = xor(1000, 2);
    const gbt = classifier('gbt', { maxIter: 60 });
    gbt.fit(train.X, train.y, 2, { seed: 0 });
    expect(accuracy(gbt.predictProba(test.X), test.y, 2)).toBeGreaterThan(0.93);
    const logreg = classifier('logreg');
    logreg.fit(train.X, train.y, 2, { seed: 0 });
    expect(accuracy(logreg.predictProba(test.X), test.y, 2)).toBeLessThan(0.65);
  });

  it('grows at most maxLeafNodes leaves and respects maxDepth', () => {
    const train = xor(1500, 3);
    for (const [maxLeafNodes, maxDepth] of [[4, 0], [31, 2]]) {
      const model = classifier('gbt', { maxIter: 5, maxLeafNodes, maxDepth, minSamplesLeaf: 1 });
      model.fit(train.X, train.y, 2, { seed: 0 });
      const state = (model as GradientBoosting).getState();
      for (const [tree] of state.trees) {
        const leaves = tree.feature.filter((f) => f < 0).length;
        expect(leaves).toBeLessThanOrEqual(maxLeafNodes);
        const depth = (node: number): number => (tree.feature[node] < 0 ? 0 : 1 + Math.max(depth(tree.left[node]), depth(tree.right[node])));
        if (maxDepth > 0) expect(depth(0)).toBeLessThanOrEqual(maxDepth);
      }
    }
  });

  it('minSamplesLeaf bounds the rows in every leaf', () => {
    const train = blobs([100, 100], 4);
    const model = classifier('gbt', { maxIter: 3, minSamplesLeaf: 60 }) as GradientBoosting;
    model.fit(train.X, train.y, 2, { seed: 0 });
    // 200 rows with 60 per leaf: at most 3 leaves.
    for (const [tree] of model.getState().trees) expect(tree.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(3);
  });

  it('early stopping ends before maxIter on a validation split and is deterministic', () => {
    const train = blobs([300, 300], 5, 3, 1.5);
    const fit = () => {
      const m = classifier('gbt', { maxIter: 500, earlyStopping: 'on', nIterNoChange: 5, learningRate: 0.3 }) as GradientBoosting;
      m.fit(train.X, train.y, 2, { seed: 3 });
      return m;
    };
    const a = fit();
    expect(a.fitInfo!.stop).toBe('earlyStopping');
    expect(a.fitInfo!.iterations).toBeLessThan(500);
    expect(a.fitInfo!.validationLoss.length).toBe(a.fitInfo!.iterations + 1);
    expect(fit().getState()).toEqual(a.getState());
    // Training loss goes down.
    expect(a.fitInfo!.trainLoss.at(-1)!).toBeLessThan(a.fitInfo!.trainLoss[0]);
  });

  it('l2 regularisation shrinks leaf values', () => {
    const train = blobs([100, 100], 6);
    const leafSum = (l2: number) => {
      const m = classifier('gbt', { maxIter: 1, l2Regularization: l2, minSamplesLeaf: 5 }) as GradientBoosting;
      m.fit(train.X, train.y, 2, { seed: 0 });
      const [tree] = m.getState().trees[0];
      return tree.value.reduce((s, v, i) => s + (tree.feature[i] < 0 ? Math.abs(v) : 0), 0);
    };
    expect(leafSum(50)).toBeLessThan(leafSum(0));
  });

  it('rejects wide sparse input with advice', () => {
    const wide: CsrMatrix = { kind: 'csr', rows: 2, cols: 100_000, indptr: Int32Array.from([0, 1, 2]), indices: Int32Array.from([5, 7]), values: Float64Array.from([1, 1]) };
    const model = classifier('gbt');
    expect(() => model.fit(wide, Int32Array.from([0, 1]), 2, { seed: 0 })).toThrow(UserInputError);
    expect(() => model.fit(wide, Int32Array.from([0, 1]), 2, { seed: 0 })).toThrow(/100000 columns.*logreg or linear_svm/s);
  });

  it('predicts unseen extreme values with the outermost bins, and rejects a wrong width', () => {
    const train = blobs([100, 100], 7);
    const model = classifier('gbt', { maxIter: 10 });
    model.fit(train.X, train.y, 2, { seed: 0 });
    const extreme = dense([[1e9, -1e9, 1e9], [-1e9, 1e9, -1e9]]);
    expect(model.predictProba(extreme).every(Number.isFinite)).toBe(true);
    expect(() => model.predictProba(dense([[1, 2]]))).toThrow(/fitted on 3 features/);
    const loaded = loadClassifier('gbt', { maxIter: 10 }, (model as GradientBoosting).getState());
    expect(loaded.predictProba(extreme)).toEqual(model.predictProba(extreme));
  });
});
