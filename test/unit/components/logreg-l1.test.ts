/**
 * L1 and elastic-net penalties of logreg, fitted with the proximal gradient solver: exact
 * zeros on noise features, the L1 optimality conditions at the solution, elasticnet with
 * l1Ratio = 0 reducing to l2, and the unchanged fitted-state format.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline, UserInputError, denseToCsr, getClassifierComponent, validatePipelineSpec, type DenseMatrix } from '../../../components/index.js';
import type { LogisticRegression, LogisticRegressionState } from '../../../components/classifiers/logistic-regression.js';
import { mulberry32 as rng } from '../../../core/random.js';

const logreg = getClassifierComponent('logreg', 'test');
const ctx = { seed: 0 };

function make(params: Record<string, unknown> = {}): LogisticRegression {
  const defaults = Object.fromEntries(Object.entries(logreg.params).map(([k, s]) => [k, s.default]));
  return logreg.create({ ...defaults, ...params }) as LogisticRegression;
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

const INFORMATIVE = 5;
const NOISE = 50;
const D = INFORMATIVE + NOISE;

/**
 * Rows with 5 informative and 50 pure-noise Gaussian features. Binary: label = sign of a
 * linear score plus a little noise. Three classes: argmax of three such scores.
 */
function synthetic(n: number, seed: number, nClasses = 2): { X: DenseMatrix; y: Int32Array } {
  const next = rng(seed);
  const coef = [
    [2, -2, 1.5, -1.5, 1],
    [-1, 2, -2, 1, 1.5],
    [1.5, 0, 1, -2, -2],
  ];
  const values = new Float64Array(n * D);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < D; j++) values[i * D + j] = gaussian(next);
    const scores = coef.slice(0, nClasses === 2 ? 1 : nClasses).map((c) => c.reduce((s, w, j) => s + w * values[i * D + j], 0.3 * gaussian(next)));
    y[i] = nClasses === 2 ? (scores[0] > 0 ? 1 : 0) : scores.indexOf(Math.max(...scores));
  }
  return { X: { kind: 'dense', rows: n, cols: D, values }, y };
}

function accuracy(model: LogisticRegression, X: DenseMatrix, y: Int32Array, nClasses: number): number {
  const proba = model.predictProba(X);
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    const row = Array.from(proba.subarray(i * nClasses, (i + 1) * nClasses));
    if (row.indexOf(Math.max(...row)) === y[i]) right++;
  }
  return right / y.length;
}

function zeros(state: LogisticRegressionState): number {
  return state.weights.flat().filter((w) => w === 0).length;
}

const train = synthetic(400, 1);
const test = synthetic(400, 2);

describe('logreg with an L1 penalty', () => {
  it('zeroes many noise weights exactly where l2 zeroes none, and still learns', () => {
    const l1 = make({ penalty: 'l1', C: 0.1 });
    l1.fit(train.X, train.y, 2, ctx);
    const l2 = make({ C: 0.1 });
    l2.fit(train.X, train.y, 2, ctx);
    const w1 = l1.getState().weights[0];
    expect(zeros(l2.getState())).toBe(0);
    expect(w1.slice(INFORMATIVE).filter((w) => w === 0).length).toBeGreaterThanOrEqual(40);
    expect(w1.slice(0, INFORMATIVE).every((w) => w !== 0)).toBe(true);
    expect(accuracy(l1, test.X, test.y, 2)).toBeGreaterThan(0.9);
    expect(['gtol', 'xtol']).toContain(l1.fitInfo!.stop);
  });

  it('zeroes more weights under a stronger penalty (smaller C)', () => {
    const counts = [1, 0.1, 0.01].map((C) => {
      const model = make({ penalty: 'l1', C });
      model.fit(train.X, train.y, 2, ctx);
      return zeros(model.getState());
    });
    expect(counts[1]).toBeGreaterThan(counts[0]);
    expect(counts[2]).toBeGreaterThan(counts[1]);
  });

  it('meets the L1 optimality conditions at the solution', () => {
    const C = 0.1;
    const model = make({ penalty: 'l1', C, tol: 1e-9, maxIter: 20000 });
    model.fit(train.X, train.y, 2, ctx);
    expect(model.fitInfo!.stop).toBe('gtol');
    const { weights, intercepts } = model.getState();
    const w = weights[0];
    // Gradient of C * sum_i loss_i with respect to each weight and the intercept.
    const grad = new Array<number>(D).fill(0);
    let gradIntercept = 0;
    for (let i = 0; i < train.y.length; i++) {
      let z = intercepts[0];
      for (let j = 0; j < D; j++) z += w[j] * train.X.values[i * D + j];
      const r = C * (1 / (1 + Math.exp(-z)) - train.y[i]);
      gradIntercept += r;
      for (let j = 0; j < D; j++) grad[j] += r * train.X.values[i * D + j];
    }
    expect(Math.abs(gradIntercept)).toBeLessThan(1e-4);
    let nonZero = 0;
    for (let j = 0; j < D; j++) {
      if (w[j] === 0) {
        expect(Math.abs(grad[j])).toBeLessThanOrEqual(1 + 1e-4);
      } else {
        nonZero++;
        expect(grad[j]).toBeCloseTo(-Math.sign(w[j]), 4);
      }
    }
    expect(nonZero).toBeGreaterThanOrEqual(INFORMATIVE);
  });

  it('gives the same model on sparse and dense input, deterministically', () => {
    const a = make({ penalty: 'l1', C: 0.1 });
    a.fit(train.X, train.y, 2, ctx);
    const b = make({ penalty: 'l1', C: 0.1 });
    b.fit(denseToCsr(train.X), train.y, 2, ctx);
    const c = make({ penalty: 'l1', C: 0.1 });
    c.fit(train.X, train.y, 2, ctx);
    expect(c.getState()).toEqual(a.getState());
    const pa = a.predictProba(test.X);
    const pb = b.predictProba(denseToCsr(test.X));
    for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i] - pb[i])).toBeLessThan(1e-12);
  });

  it('fits multinomial problems with exact zeros', () => {
    const train3 = synthetic(600, 3, 3);
    const test3 = synthetic(400, 4, 3);
    const model = make({ penalty: 'l1', C: 0.1 });
    model.fit(train3.X, train3.y, 3, ctx);
    const state = model.getState();
    expect(state.weights).toHaveLength(3);
    expect(state.intercepts).toHaveLength(3);
    expect(zeros(state)).toBeGreaterThanOrEqual(100);
    expect(accuracy(model, test3.X, test3.y, 3)).toBeGreaterThan(0.85);
  });

  it('survives a getState / load round trip with identical probabilities', () => {
    for (const penalty of ['l1', 'elasticnet']) {
      const model = make({ penalty, C: 0.1 });
      model.fit(train.X, train.y, 2, ctx);
      const defaults = Object.fromEntries(Object.entries(logreg.params).map(([k, s]) => [k, s.default]));
      const loaded = logreg.load({ ...defaults, penalty, C: 0.1 }, JSON.parse(JSON.stringify(model.getState())));
      expect(Array.from(loaded.predictProba(test.X))).toEqual(Array.from(model.predictProba(test.X)));
    }
  });

  it('honours shouldStop and reports progress', () => {
    const progress: number[] = [];
    let polls = 0;
    const model = make({ penalty: 'l1', C: 0.1, tol: 1e-12, maxIter: 1000 });
    model.fit(train.X, train.y, 2, { seed: 0, shouldStop: () => ++polls > 5, onProgress: (f: number) => progress.push(f) });
    expect(model.fitInfo!.stop).toBe('stopped');
    expect(model.fitInfo!.iterations).toBe(5);
    expect(progress.at(-1)).toBe(1);
    const history = model.fitInfo!.lossHistory;
    for (let i = 1; i < history.length; i++) expect(history[i]).toBeLessThanOrEqual(history[i - 1]);
  });
});

describe('logreg with an elastic-net penalty', () => {
  it('matches l2 when l1Ratio = 0', () => {
    const en = make({ penalty: 'elasticnet', l1Ratio: 0, C: 0.5, tol: 1e-8, maxIter: 5000 });
    en.fit(train.X, train.y, 2, ctx);
    const l2 = make({ C: 0.5, tol: 1e-8, maxIter: 5000 });
    l2.fit(train.X, train.y, 2, ctx);
    const pe = en.predictProba(test.X);
    const p2 = l2.predictProba(test.X);
    for (let i = 0; i < pe.length; i++) expect(Math.abs(pe[i] - p2[i])).toBeLessThan(1e-3);
  });

  it('sits between l2 and l1 in sparsity', () => {
    const count = (params: Record<string, unknown>) => {
      const model = make({ C: 0.1, ...params });
      model.fit(train.X, train.y, 2, ctx);
      return zeros(model.getState());
    };
    const en = count({ penalty: 'elasticnet', l1Ratio: 0.5 });
    expect(en).toBeGreaterThan(count({ penalty: 'l2' }));
    expect(en).toBeLessThanOrEqual(count({ penalty: 'l1' }));
  });

  it('rejects an l1Ratio outside [0, 1] with a UserInputError naming classifier__l1Ratio', () => {
    const spec = { features: { body: { kind: 'tfidf' } }, classifier: { kind: 'logreg', penalty: 'elasticnet', l1Ratio: 1.5 } };
    expect(validatePipelineSpec(spec)).toEqual([expect.stringMatching(/^classifier__l1Ratio: must be <= 1, got 1.5/)]);
    expect(() => Pipeline.create(spec)).toThrow(UserInputError);
    expect(() => Pipeline.create(spec)).toThrow(/classifier__l1Ratio/);
    expect(() => Pipeline.create({ ...spec, classifier: { ...spec.classifier, l1Ratio: -0.1 } })).toThrow(/classifier__l1Ratio: must be >= 0/);
    // Constructed directly, bypassing the schema, the fit still refuses it.
    expect(() => make({ penalty: 'elasticnet', l1Ratio: 2 }).fit(train.X, train.y, 2, ctx)).toThrow(/classifier__l1Ratio/);
  });
});
