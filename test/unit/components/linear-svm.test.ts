import { describe, expect, it } from 'vitest';
import { Pipeline, computeMetric, type Table } from '../../../components/index.js';
import { applyIsotonic, applySigmoid, fitIsotonic, fitSigmoid } from '../../../components/classifiers/calibration.js';
import type { LinearSvm } from '../../../components/classifiers/linear-svm.js';
import { solveDualCd } from '../../../components/classifiers/svm-dual-cd.js';
import { accuracy, blobs, classifier, dense, rng } from './helpers/toy-data.js';
import { denseToCsr } from '../../../components/index.js';

describe('dual coordinate descent', () => {
  it('finds the maximum-margin separator of two points (hinge, large C)', () => {
    // Points x=-1 (class -1) and x=+1 (class +1), no bias: w = 1 gives margins exactly 1.
    const X = denseToCsr(dense([[-1], [1]]));
    const r = solveDualCd(X, Uint8Array.from([0, 1]), { loss: 'hinge', rowC: Float64Array.from([1e3, 1e3]), biasScale: 0, maxIter: 1000, tol: 1e-8, rng: rng(1) });
    expect(r.converged).toBe(true);
    expect(r.w[0]).toBeCloseTo(1, 6);
  });

  it('squared hinge: matches the closed form of a one-dimensional problem', () => {
    // One point x=1, y=+1, no bias: minimise w^2/2 + C max(0, 1-w)^2 -> w = 2C / (1 + 2C).
    const X = denseToCsr(dense([[1]]));
    const C = 0.5;
    const r = solveDualCd(X, Uint8Array.from([1]), { loss: 'squared_hinge', rowC: Float64Array.from([C]), biasScale: 0, maxIter: 1000, tol: 1e-10, rng: rng(1) });
    expect(r.w[0]).toBeCloseTo((2 * C) / (1 + 2 * C), 8);
  });
});

describe('calibration', () => {
  it('Platt scaling recovers a known sigmoid', () => {
    const r = rng(3);
    const n = 20000;
    const scores = new Float64Array(n);
    const positive = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = r() * 8 - 4;
      positive[i] = r() < 1 / (1 + Math.exp(-2 * scores[i] + 0.5)) ? 1 : 0;
    }
    const c = fitSigmoid(scores, positive);
    expect(c.a).toBeCloseTo(-2, 0);
    expect(c.b).toBeCloseTo(0.5, 0);
    expect(applySigmoid(c, 0.25)).toBeCloseTo(0.5, 1);
    // Separable scores stay finite thanks to Platt's smoothed targets.
    const sep = fitSigmoid(Float64Array.from([-2, -1, 1, 2]), Uint8Array.from([0, 0, 1, 1]));
    expect(Number.isFinite(sep.a) && Number.isFinite(sep.b)).toBe(true);
    expect(applySigmoid(sep, 2)).toBeLessThan(1);
  });

  it('isotonic regression is non-decreasing, pools violators, and clips outside the range', () => {
    const c = fitIsotonic(Float64Array.from([1, 2, 3, 4, 5, 6]), Uint8Array.from([0, 1, 0, 1, 1, 1]));
    // Blocks: [0], [1, 0] -> 0.5, then 1s.
    expect(applyIsotonic(c, 1)).toBe(0);
    expect(applyIsotonic(c, 2)).toBe(0.5);
    expect(applyIsotonic(c, 3)).toBe(0.5);
    expect(applyIsotonic(c, 4)).toBe(1);
    expect(applyIsotonic(c, 2.5)).toBe(0.5);
    expect(applyIsotonic(c, 3.5)).toBe(0.75);
    expect(applyIsotonic(c, -10)).toBe(0);
    expect(applyIsotonic(c, 99)).toBe(1);
    for (let s = 0; s < 7; s += 0.1) expect(applyIsotonic(c, s + 0.1)).toBeGreaterThanOrEqual(applyIsotonic(c, s));
  });
});

describe('linear_svm', () => {
  it('calibrates out of fold and fits the final model on all rows', () => {
    const train = blobs([150, 150], 1, 3, 1.2);
    const model = classifier('linear_svm') as LinearSvm;
    model.fit(train.X, train.y, 2, { seed: 0 });
    expect(model.fitInfo!.calibratedOn).toBe('out-of-fold');
    expect(model.fitInfo!.converged).toBe(true);
    const state = model.getState();
    expect(state.calibration.method).toBe('sigmoid');
    // Larger margins -> larger calibrated probability (A < 0).
    if (state.calibration.method === 'sigmoid') expect(state.calibration.sigmoid[0].a).toBeLessThan(0);
  });

  it('falls back to training margins when a class has fewer rows than folds', () => {
    const X = dense([[0, 3], [1, 0], [2, 0], [3, 0], [4, 0]]);
    const y = Int32Array.from([0, 1, 1, 1, 1]);
    const model = classifier('linear_svm', { calibrationFolds: 3, C: 100 }) as LinearSvm;
    model.fit(X, y, 2, { seed: 0 });
    expect(model.fitInfo!.calibratedOn).toBe('training');
    expect(accuracy(model.predictProba(X), y, 2)).toBe(1);
  });

  it('isotonic calibration and the plain hinge loss work on multi-class data', () => {
    const train = blobs([100, 100, 100], 2);
    const test = blobs([60, 60, 60], 3);
    for (const params of [{ calibration: 'isotonic' }, { loss: 'hinge' }]) {
      const model = classifier('linear_svm', params);
      model.fit(train.X, train.y, 3, { seed: 0 });
      const proba = model.predictProba(test.X);
      expect(accuracy(proba, test.y, 3)).toBeGreaterThan(0.85);
      for (let i = 0; i < 180; i++) expect(proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2]).toBeCloseTo(1, 12);
    }
  });

  it('larger C fits the training data more closely (larger weights)', () => {
    const train = blobs([100, 100], 4, 3, 1.5);
    const norm = (C: number) => {
      const m = classifier('linear_svm', { C }) as LinearSvm;
      m.fit(train.X, train.y, 2, { seed: 0 });
      return Math.hypot(...m.getState().weights[0]);
    };
    expect(norm(10)).toBeGreaterThan(norm(0.01));
  });

  it('works in a tf-idf pipeline on text', () => {
    const words = { spam: ['free', 'cash', 'prize', 'click', 'winner'], ham: ['meeting', 'report', 'lunch', 'team', 'notes'] };
    const r = rng(5);
    const make = (n: number): { table: Table; labels: string[] } => {
      const text: string[] = [];
      const labels: string[] = [];
      for (let i = 0; i < n; i++) {
        const label = r() < 0.3 ? 'spam' : 'ham';
        const own = words[label as 'spam' | 'ham'];
        const other = words[label === 'spam' ? 'ham' : 'spam'];
        text.push(Array.from({ length: 6 }, () => (r() < 0.8 ? own : other)[Math.floor(r() * 5)]).join(' '));
        labels.push(label);
      }
      return { table: { nRows: n, columns: { text } }, labels };
    };
    const train = make(400);
    const test = make(200);
    const pipeline = Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'linear_svm', classWeight: 'balanced' } });
    pipeline.fit(train.table, train.labels, { seed: 0 });
    const y = Int32Array.from(test.labels, (l) => pipeline.classes.indexOf(l));
    expect(computeMetric('roc_auc', y, pipeline.predictProba(test.table), 2, pipeline.classes.indexOf('spam'))).toBeGreaterThan(0.95);
  });
});
