import { describe, expect, it } from 'vitest';
import { UserInputError, computeMetric, recallAtPrecision, thresholdForPrecision, type Table } from '../../../components/index.js';
import { crossValidate } from '../../../components/model-selection/index.js';
import { generateMarketplace } from '../../../data/synthetic/index.js';
import { stratifiedKFold } from '../../../core/splits.js';
import { rng } from './helpers/toy-data.js';

const data = generateMarketplace({ rows: 1500, seed: 21, binary: 'any-bad', imbalance: 0.3 });
const table: Table = { nRows: data.nRows, columns: data.columns };
const labels = data.columns.label;
const spec = {
  features: {
    description: { kind: 'tfidf', analyzer: 'char_wb', ngramMin: 2, ngramMax: 3, minDf: 3 },
    price: { kind: 'quantile_bins' },
    category: { kind: 'target_encoding' },
    seller_listings: { kind: 'numeric', transform: 'log1p' },
  },
  classifier: { kind: 'logreg', C: 10 },
};

describe('crossValidate', () => {
  it('scores every stratified fold and averages them', async () => {
    const result = await crossValidate(spec, table, labels, { k: 4, seed: 3, metric: 'pr_auc', positiveLabel: 'bad' });
    expect(result.classes).toEqual(['bad', 'ok']);
    expect(result.positiveClass).toBe('bad');
    expect(result.folds).toHaveLength(4);
    const folds = stratifiedKFold(labels, 4, 3);
    result.folds.forEach((f, i) => {
      expect(f.validationRows).toBe(folds[i].validation.length);
      expect(f.trainRows + f.validationRows).toBe(1500);
      expect(f.metrics.pr_auc).toBeGreaterThan(0.8);
    });
    const mean = result.folds.reduce((s, f) => s + f.metrics.roc_auc, 0) / 4;
    expect(result.mean.roc_auc).toBeCloseTo(mean, 12);
    expect(result.score).toBe(result.mean.pr_auc);
    expect(result.std.roc_auc).toBeGreaterThanOrEqual(0);
    // Deterministic for a seed.
    const again = await crossValidate(spec, table, labels, { k: 4, seed: 3, metric: 'pr_auc', positiveLabel: 'bad' });
    expect(again.mean).toEqual(result.mean);
  });

  it('works for multi-class labels and every new classifier kind', async () => {
    const multi = generateMarketplace({ rows: 600, seed: 22, imbalance: 0.5 });
    const t: Table = { nRows: multi.nRows, columns: multi.columns };
    const majority = Math.max(...['ok', 'spam', 'fraud', 'prohibited'].map((c) => multi.columns.label.filter((l) => l === c).length)) / multi.nRows;
    for (const classifier of [{ kind: 'gbt', maxIter: 30 }, { kind: 'linear_svm' }, { kind: 'mlp', epochs: 30, units: 16, learningRate: 0.01 }]) {
      const result = await crossValidate(
        {
          features: {
            description: { kind: 'tfidf', analyzer: 'char_wb', ngramMin: 2, ngramMax: 3, minDf: 5, maxFeatures: 300 },
            seller_age_days: { kind: 'numeric', transform: 'log1p' },
            seller_listings: { kind: 'numeric', transform: 'log1p' },
          },
          classifier,
        },
        t,
        multi.columns.label,
        { k: 3, seed: 1, metric: 'accuracy' },
      );
      expect(result.classes).toEqual(['fraud', 'ok', 'prohibited', 'spam']);
      expect(result.score, classifier.kind).toBeGreaterThan(majority + 0.1);
      expect(Number.isFinite(result.mean.log_loss)).toBe(true);
    }
  });

  it('reports bad options as UserInputErrors', async () => {
    await expect(crossValidate(spec, table, labels, { k: 1 })).rejects.toThrow(/folds/);
    await expect(crossValidate(spec, table, labels, { positiveLabel: 'nope' })).rejects.toThrow(/positiveLabel/);
    await expect(crossValidate(spec, table, labels, { metric: 'auc' as never })).rejects.toThrow(UserInputError);
    await expect(crossValidate({ ...spec, classifier: { kind: 'svm' } }, table, labels)).rejects.toThrow(/unknown classifier component "svm"/);
    await expect(crossValidate(spec, table, labels.slice(1))).rejects.toThrow(/labels/);
  });

  it('stops between folds when asked', async () => {
    let folds = 0;
    const result = await crossValidate(spec, table, labels, { k: 5, shouldStop: () => folds >= 2, onProgress: (p) => (folds = Math.floor(p * 5 + 1e-9)) });
    expect(result.folds.length).toBeLessThan(5);
  });
});

describe('precision-constrained operating points', () => {
  /** Brute force over every threshold in the scores. */
  function bruteForce(scores: number[], positive: number[], minPrecision: number) {
    let best: { threshold: number; precision: number; recall: number } | undefined;
    const nPos = positive.reduce((a, b) => a + b, 0);
    for (const t of new Set(scores)) {
      let tp = 0;
      let fp = 0;
      scores.forEach((s, i) => {
        if (s >= t) positive[i] ? tp++ : fp++;
      });
      const precision = tp / (tp + fp);
      const recall = tp / nPos;
      if (precision >= minPrecision && (!best || recall > best.recall || (recall === best.recall && precision > best.precision))) best = { threshold: t, precision, recall };
    }
    return best;
  }

  it('matches a brute-force search, with ties and multi-class columns', () => {
    const r = rng(4);
    for (let trial = 0; trial < 30; trial++) {
      const n = 40;
      const K = 3;
      const y = Int32Array.from({ length: n }, () => Math.floor(r() * K));
      const proba = new Float64Array(n * K);
      for (let i = 0; i < n; i++) {
        // Coarse scores so ties happen; the true class gets a boost.
        const raw = Array.from({ length: K }, (_, k) => Math.round((r() + (k === y[i] ? 0.5 : 0)) * 5) / 5 + 0.01);
        const sum = raw.reduce((a, b) => a + b, 0);
        raw.forEach((v, k) => (proba[i * K + k] = v / sum));
      }
      for (const positiveClass of [0, 2]) {
        for (const minPrecision of [0.5, 0.8, 0.95]) {
          const scores = Array.from({ length: n }, (_, i) => proba[i * K + positiveClass]);
          const positive = Array.from(y, (c) => (c === positiveClass ? 1 : 0));
          const expected = bruteForce(scores, positive, minPrecision);
          const got = thresholdForPrecision(y, proba, K, positiveClass, minPrecision);
          expect(got).toEqual(expected);
          expect(recallAtPrecision(y, proba, K, positiveClass, minPrecision)).toBe(expected?.recall ?? 0);
        }
      }
    }
  });

  it('predicting positive at the returned threshold achieves the promised precision', () => {
    const data2 = generateMarketplace({ rows: 400, seed: 5, binary: 'fraud', imbalance: 0.5 });
    const y = Int32Array.from(data2.columns.label, (l) => (l === 'fraud' ? 1 : 0));
    const proba = new Float64Array(400 * 2);
    data2.columns.seller_age_days.forEach((age, i) => {
      const p = 1 / (1 + Number(age) / 30);
      proba[2 * i] = 1 - p;
      proba[2 * i + 1] = p;
    });
    const point = thresholdForPrecision(y, proba, 2, 1, 0.7)!;
    expect(point).toBeDefined();
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < 400; i++) if (proba[2 * i + 1] >= point.threshold) y[i] ? tp++ : fp++;
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.7);
    expect(tp / y.reduce((a, b) => a + b, 0)).toBeCloseTo(point.recall, 12);
    expect(computeMetric('pr_auc', y, proba, 2, 1)).toBeGreaterThan(0.5);
  });
});
