import { describe, expect, it } from 'vitest';
import { denseToCsr, getClassifierComponent, type Classifier, type DenseMatrix } from '../../../components/index.js';
import type { LogisticRegression, LogisticRegressionState } from '../../../components/classifiers/logistic-regression.js';

const logreg = getClassifierComponent('logreg', 'test');
const ctx = { seed: 0 };

function make(params: Record<string, unknown> = {}): LogisticRegression {
  const defaults = Object.fromEntries(Object.entries(logreg.params).map(([k, s]) => [k, s.default]));
  return logreg.create({ ...defaults, ...params }) as LogisticRegression;
}

function dense(rows: number[][]): DenseMatrix {
  return { kind: 'dense', rows: rows.length, cols: rows[0].length, values: Float64Array.from(rows.flat()) };
}

function argmaxRows(proba: Float64Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < proba.length / k; i++) {
    const row = Array.from(proba.subarray(i * k, (i + 1) * k));
    out.push(row.indexOf(Math.max(...row)));
  }
  return out;
}

/** The penalised objective of a binary model, recomputed here from its saved state. */
function binaryObjective(state: LogisticRegressionState, X: number[][], y: number[], C: number): number {
  let loss = 0;
  X.forEach((x, i) => {
    const z = x.reduce((s, v, j) => s + v * state.weights[0][j], state.intercepts[0]);
    loss += Math.log1p(Math.exp(z)) - y[i] * z;
  });
  return C * loss + 0.5 * state.weights[0].reduce((s, w) => s + w * w, 0);
}

// Separable in 2-D: class 1 iff x0 + x1 > 3.
const separableX = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 0], [3, 3], [2, 2], [4, 1], [1, 4], [3, 2]];
const separableY = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

describe('logistic regression', () => {
  it('learns a linearly separable problem, with loss falling monotonically to a small gradient', () => {
    const model = make({ C: 100 });
    model.fit(dense(separableX), Int32Array.from(separableY), 2, ctx);
    expect(argmaxRows(model.predictProba(dense(separableX)), 2)).toEqual(separableY);
    const info = model.fitInfo!;
    expect(info.stop).toBe('gtol');
    expect(info.gradMax).toBeLessThanOrEqual(1e-4);
    for (let i = 1; i < info.lossHistory.length; i++) expect(info.lossHistory[i]).toBeLessThanOrEqual(info.lossHistory[i - 1]);
    expect(info.lossHistory.at(-1)!).toBeLessThan(info.lossHistory[0] / 10);
  });

  it('matches the optimum scikit-learn finds on a 1-D problem', () => {
    // sklearn LogisticRegression(C=1, tol=1e-12).fit([[0],[1],[2],[3]], [0,0,1,1]):
    // coef 0.95828595, intercept -1.43742892.
    const model = make({ C: 1, tol: 1e-10 });
    model.fit(dense([[0], [1], [2], [3]]), Int32Array.from([0, 0, 1, 1]), 2, ctx);
    const state = model.getState();
    expect(state.weights[0][0]).toBeCloseTo(0.95828595, 6);
    expect(state.intercepts[0]).toBeCloseTo(-1.43742892, 6);
  });

  it('ends at a true minimum of the penalised objective (every nudge makes it worse)', () => {
    const C = 2;
    const model = make({ C, tol: 1e-8 });
    const X = [[0, 1], [1, 3], [2, 0], [3, 2], [1, 1], [2, 3]];
    const y = [0, 1, 0, 1, 1, 0];
    model.fit(dense(X), Int32Array.from(y), 2, ctx);
    const state = model.getState();
    const best = binaryObjective(state, X, y, C);
    const nudge = (f: (s: LogisticRegressionState) => void) => {
      const s = structuredClone(state);
      f(s);
      return binaryObjective(s, X, y, C);
    };
    for (const h of [1e-3, -1e-3]) {
      for (let j = 0; j < 2; j++) expect(nudge((s) => (s.weights[0][j] += h))).toBeGreaterThan(best);
      expect(nudge((s) => (s.intercepts[0] += h))).toBeGreaterThan(best);
    }
  });

  it('fits a multinomial model on three classes', () => {
    // sklearn (C=1, tol=1e-12) gives P([1, 1]) = [0.44044419, 0.27240212, 0.28715369] on this data.
    const model = make({ C: 1, tol: 1e-10 });
    model.fit(dense([[0, 1], [1, 0], [2, 2], [3, 1], [1, 3]]), Int32Array.from([0, 1, 2, 2, 0]), 3, ctx);
    const proba = model.predictProba(dense([[1, 1]]));
    expect(proba).toHaveLength(3);
    expect(proba[0]).toBeCloseTo(0.44044419, 5);
    expect(proba[1]).toBeCloseTo(0.27240212, 5);
    expect(proba[2]).toBeCloseTo(0.28715369, 5);
    expect(model.getState().weights).toHaveLength(3);
  });

  it('separates three clusters with rows summing to one', () => {
    const X: number[][] = [];
    const y: number[] = [];
    const centers = [[0, 0], [6, 0], [0, 6]];
    centers.forEach(([cx, cy], k) => {
      for (let i = 0; i < 8; i++) {
        X.push([cx + Math.cos(i), cy + Math.sin(i)]);
        y.push(k);
      }
    });
    const model = make({ C: 10 });
    model.fit(dense(X), Int32Array.from(y), 3, ctx);
    const proba = model.predictProba(dense(X));
    expect(argmaxRows(proba, 3)).toEqual(y);
    for (let i = 0; i < X.length; i++) expect(proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2]).toBeCloseTo(1, 12);
  });

  it('classWeight balanced raises the minority class probability', () => {
    // One positive among eight overlapping rows.
    const X = dense([[0], [1], [2], [3], [4], [5], [6], [4.5]]);
    const y = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1]);
    const plain = make({ C: 1 });
    const balanced = make({ C: 1, classWeight: 'balanced' });
    plain.fit(X, y, 2, ctx);
    balanced.fit(X, y, 2, ctx);
    const minority = dense([[4.5]]);
    expect(balanced.predictProba(minority)[1]).toBeGreaterThan(plain.predictProba(minority)[1] + 0.1);
  });

  it('gives the same model on sparse and dense input', () => {
    const X = dense(separableX);
    const a = make({ C: 3, tol: 1e-10 });
    const b = make({ C: 3, tol: 1e-10 });
    a.fit(X, Int32Array.from(separableY), 2, ctx);
    b.fit(denseToCsr(X), Int32Array.from(separableY), 2, ctx);
    const pa = a.predictProba(X);
    const pb = b.predictProba(denseToCsr(X));
    for (let i = 0; i < pa.length; i++) expect(pb[i]).toBeCloseTo(pa[i], 10);
  });

  it('loads from JSON state to identical probabilities', () => {
    for (const [X, y, k] of [
      [dense(separableX), separableY, 2],
      [dense([[0, 1], [1, 0], [2, 2], [3, 1], [1, 3]]), [0, 1, 2, 2, 0], 3],
    ] as const) {
      const model = make({ C: 0.5 });
      model.fit(X, Int32Array.from(y), k, ctx);
      const loaded: Classifier = logreg.load(model.params as unknown as Record<string, unknown>, JSON.parse(JSON.stringify(model.getState())));
      expect(loaded.predictProba(X)).toEqual(model.predictProba(X));
    }
  });

  it('stops when asked and reports progress', () => {
    let polls = 0;
    const progress: number[] = [];
    const model = make({ C: 1e6, tol: 1e-12, maxIter: 500 });
    model.fit(dense(separableX), Int32Array.from(separableY), 2, { seed: 0, shouldStop: () => ++polls > 3, onProgress: (f) => progress.push(f) });
    expect(model.fitInfo!.stop).toBe('stopped');
    expect(model.fitInfo!.iterations).toBe(3);
    expect(progress).toEqual([1 / 500, 2 / 500, 3 / 500, 1]);
    // A stopped model still predicts, from its last iterate.
    expect(model.predictProba(dense(separableX))).toHaveLength(20);
  });

  it('refuses training data with a single class or non-finite features', () => {
    expect(() => make().fit(dense([[1], [2]]), Int32Array.from([1, 1]), 2, ctx)).toThrow(/1 class/);
    expect(() => make().fit(dense([[1], [NaN]]), Int32Array.from([0, 1]), 2, ctx)).toThrow(/row 1, column 0 is not finite/);
  });
});
