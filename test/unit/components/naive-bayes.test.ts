import { describe, expect, it } from 'vitest';
import { UserInputError, denseToCsr, getClassifierComponent, type Classifier, type DenseMatrix } from '../../../components/index.js';

const nb = getClassifierComponent('naive_bayes', 'test');
const ctx = { seed: 0 };

function make(params: Record<string, unknown> = {}): Classifier {
  const defaults = Object.fromEntries(Object.entries(nb.params).map(([k, s]) => [k, s.default]));
  return nb.create({ ...defaults, ...params });
}

function dense(rows: number[][]): DenseMatrix {
  return { kind: 'dense', rows: rows.length, cols: rows[0].length, values: Float64Array.from(rows.flat()) };
}

// Class 0 rows [2,0] and [1,1] -> feature totals [3,1]; class 1 row [0,2] -> totals [0,2].
const X = dense([[2, 0], [1, 1], [0, 2]]);
const y = Int32Array.from([0, 0, 1]);
const probes = dense([[1, 0], [0, 1]]);

describe('naive Bayes (worked by hand, alpha = 1)', () => {
  it('multinomial: smoothed per-class feature probabilities and fitted priors', () => {
    // P(f|0) = [4, 2] / 6, P(f|1) = [1, 3] / 4, priors 2/3 and 1/3.
    // Row [1,0]: 2/3 * 4/6 = 4/9 vs 1/3 * 1/4 = 1/12 -> P(0) = (4/9) / (4/9 + 1/12) = 16/19.
    const model = make({ variant: 'multinomial' });
    model.fit(X, y, 2, ctx);
    expect(model.predictProba(probes)[0]).toBeCloseTo(16 / 19, 12);
  });

  it('multinomial without fitted priors uses a uniform prior', () => {
    // Row [1,0]: 4/6 vs 1/4 -> P(0) = (2/3) / (2/3 + 1/4) = 8/11.
    const model = make({ variant: 'multinomial', fitPrior: false });
    model.fit(X, y, 2, ctx);
    expect(model.predictProba(probes)[0]).toBeCloseTo(8 / 11, 12);
  });

  it('complement: weights from the other classes, prior ignored', () => {
    // Totals over classes [3,3]. Complement of class 0: [3+1-3, 3+1-1] = [1,3] -> weights -ln([1/4, 3/4]) = [ln 4, ln 4/3].
    // Complement of class 1: [4, 2] -> weights -ln([4/6, 2/6]) = [ln 3/2, ln 3].
    // Row [1,0]: scores ln 4 vs ln 3/2 -> P(0) = 4 / (4 + 3/2) = 8/11.
    // Row [0,1]: scores ln 4/3 vs ln 3 -> P(0) = (4/3) / (4/3 + 3) = 4/13.
    const model = make({ variant: 'complement' });
    model.fit(X, y, 2, ctx);
    const proba = model.predictProba(probes);
    expect(proba[0]).toBeCloseTo(8 / 11, 12);
    expect(proba[2]).toBeCloseTo(4 / 13, 12);
  });

  it('complement with norm divides each class by the sum of its log-probabilities', () => {
    // Class 0: ln(1/4) / (ln(1/4) + ln(3/4)); class 1: ln(4/6) / (ln(4/6) + ln(2/6)); row [1,0] uses feature 0.
    const w0 = Math.log(1 / 4) / (Math.log(1 / 4) + Math.log(3 / 4));
    const w1 = Math.log(4 / 6) / (Math.log(4 / 6) + Math.log(2 / 6));
    const model = make({ variant: 'complement', norm: true });
    model.fit(X, y, 2, ctx);
    expect(model.predictProba(probes)[0]).toBeCloseTo(Math.exp(w0) / (Math.exp(w0) + Math.exp(w1)), 12);
  });

  it('gives the same answer on sparse input and after a JSON round trip', () => {
    for (const variant of ['multinomial', 'complement']) {
      const model = make({ variant, alpha: 0.5 });
      model.fit(denseToCsr(X), y, 2, ctx);
      const params = { ...Object.fromEntries(Object.entries(nb.params).map(([k, s]) => [k, s.default])), variant, alpha: 0.5 };
      const loaded = nb.load(params, JSON.parse(JSON.stringify(model.getState())));
      expect(loaded.predictProba(probes)).toEqual(model.predictProba(probes));
      const fromDense = make({ variant, alpha: 0.5 });
      fromDense.fit(X, y, 2, ctx);
      expect(fromDense.predictProba(probes)).toEqual(model.predictProba(probes));
    }
  });

  it('rejects negative features with a clear message', () => {
    const model = make();
    expect(() => model.fit(dense([[1, 0], [0, -0.5]]), Int32Array.from([0, 1]), 2, ctx)).toThrow(UserInputError);
    expect(() => model.fit(dense([[1, 0], [0, -0.5]]), Int32Array.from([0, 1]), 2, ctx)).toThrow(/non-negative features.*column 1 is -0.5 at row 1/);
  });
});
