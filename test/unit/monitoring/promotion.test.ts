import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { bootstrap, metricValue, predictionsOf, type Predictions } from '../../../monitoring/holdout-metrics.js';
import { decidePromotion, type PromotionPolicy } from '../../../monitoring/promotion.js';
import { promotionPolicy } from '../../../monitoring/promotion-policy.js';

const legacy: PromotionPolicy = {
  mode: 'all',
  criteria: [
    { name: 'search', metric: 'roc_auc', direction: 'maximize', minImprovement: 0.005, tolerance: 0, confidence: 0 },
    { name: 'log_loss', metric: 'log_loss', direction: 'minimize', tolerance: 0.01, confidence: 0 },
  ],
};

/**
 * Three classes, n rows; a model that gets a share `hit` of each class's rows right (the
 * rest go to the next class), with confident probabilities. Deterministic per seed.
 */
function model(labels: Int32Array, hit: number, seed: number): Predictions {
  const rng = createRng(seed);
  const k = 3;
  const proba = new Float64Array(labels.length * k);
  labels.forEach((y, i) => {
    const label = rng() < hit ? y : (y + 1) % k;
    for (let c = 0; c < k; c++) proba[i * k + c] = c === label ? 0.8 : 0.1;
  });
  return predictionsOf(labels, proba, ['fraud', 'ok', 'spam'], 0);
}

const labelsOf = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Int32Array.from({ length: n }, () => Math.floor(rng() * 3));
};

/** Signed paired gains (challenger - champion) per bootstrap resample. */
function gainsOf(champion: Predictions, challenger: Predictions, names: string[]): Record<string, number[]> {
  const [a, b] = bootstrap([champion, challenger], names, createRng(1), 200);
  return Object.fromEntries(names.map((n, m) => [n, b[m].map((v, r) => v - a[m][r])]));
}

describe('decidePromotion (older minImprovement / guards form)', () => {
  it('promotes a challenger that wins by the margin without guard regressions, naming both values', () => {
    const d = decidePromotion(legacy, { roc_auc: 0.9, log_loss: 0.3 }, { roc_auc: 0.95, log_loss: 0.25 });
    expect(d.promote).toBe(true);
    expect(d.reason).toContain('search roc_auc: challenger 0.9500 vs champion 0.9000, improves by 0.0500');
    expect(d.reason).toContain('log_loss: challenger 0.2500 vs champion 0.3000');
  });

  it('keeps the champion when the gain is below the margin', () => {
    const d = decidePromotion(legacy, { roc_auc: 0.9, log_loss: 0.3 }, { roc_auc: 0.903, log_loss: 0.2 });
    expect(d.promote).toBe(false);
    expect(d.reason).toContain('below the required 0.005');
  });

  it('keeps the champion when a guard regresses past its tolerance', () => {
    const d = decidePromotion(legacy, { roc_auc: 0.9, log_loss: 0.3 }, { roc_auc: 0.95, log_loss: 0.35 });
    expect(d.promote).toBe(false);
    expect(d.reason).toContain('log_loss: challenger 0.3500 vs champion 0.3000, regressed by 0.0500 (tolerance 0.01)');
    expect(d.criteria?.find((c) => c.metric === 'log_loss')?.regressed).toBe(true);
  });

  it('promotes the first model when there is no champion', () => {
    expect(decidePromotion(legacy, undefined, { roc_auc: 0.7 }).promote).toBe(true);
  });

  it('keeps the champion, saying why, when a compared metric is undefined on the holdout', () => {
    const d = decidePromotion(legacy, { roc_auc: NaN, log_loss: 0.3 }, { roc_auc: 0.95, log_loss: 0.25 });
    expect(d.promote).toBe(false);
    expect(d.reason).toContain('cannot compare roc_auc: it is undefined on this holdout for the champion');
  });
});

describe('promotion by criteria', () => {
  const ctx = { searchMetric: 'pr_auc', decisionMetric: 'macro_f1' };

  it('by default promotes a clear decision-metric gain while the ranking metric holds (the issue: PR-AUC +0.001, macro F1 0.80 -> 0.95)', () => {
    const policy = promotionPolicy(undefined, ctx);
    expect(policy.criteria.map((c) => [c.name, c.metric, c.minImprovement, c.tolerance, c.confidence])).toEqual([
      ['decision', 'macro_f1', 0.005, 0, 0.9],
      ['search', 'pr_auc', undefined, 0.005, 0],
    ]);
    const labels = labelsOf(600, 3);
    const champion = model(labels, 0.8, 10);
    const challenger = model(labels, 0.95, 11);
    const names = ['macro_f1', 'pr_auc'];
    const metrics = (p: Predictions) => Object.fromEntries(names.map((n) => [n, metricValue(n, p)]));
    const d = decidePromotion(policy, { ...metrics(champion), pr_auc: 0.934 }, { ...metrics(challenger), pr_auc: 0.935 }, gainsOf(champion, challenger, names));
    expect(d.promote).toBe(true);
    expect(d.reason).toMatch(/decision macro_f1: challenger 0\.9\d+ vs champion 0\.[78]\d+, improves by/);
    expect(d.reason).toContain('search pr_auc: challenger 0.9350 vs champion 0.9340');
  });

  it('does not promote on a decision-metric gain that is the holdout noise (same model quality, another draw)', () => {
    const policy = promotionPolicy(undefined, ctx);
    const labels = labelsOf(120, 4);
    const champion = model(labels, 0.85, 20);
    const challenger = model(labels, 0.85, 21);
    const names = ['macro_f1', 'pr_auc'];
    const metrics = (p: Predictions) => Object.fromEntries(names.map((n) => [n, metricValue(n, p)]));
    // Find a draw where the challenger happens to look better by the point estimate.
    const gain = metricValue('macro_f1', challenger) - metricValue('macro_f1', champion);
    const d = decidePromotion(policy, metrics(champion), metrics(challenger), gainsOf(champion, challenger, names));
    expect(d.promote).toBe(false);
    if (gain >= 0.005) expect(d.reason).toContain('within the holdout\'s noise');
  });

  it('keeps the champion when the search metric regresses beyond its tolerance despite a decision gain', () => {
    const d = decidePromotion(promotionPolicy(undefined, ctx), { macro_f1: 0.8, pr_auc: 0.95 }, { macro_f1: 0.9, pr_auc: 0.93 });
    expect(d.promote).toBe(false);
    expect(d.reason).toContain('search pr_auc: challenger 0.9300 vs champion 0.9500, regressed by 0.0200 (tolerance 0.005)');
  });

  it('mode any-without-regression needs one improvement; mode all needs every one', () => {
    const promotion = { criteria: [{ metric: 'decision', minImprovement: 0.01, confidence: 0 }, { metric: 'recall:fraud', minImprovement: 0.05, confidence: 0 }, { metric: 'log_loss', tolerance: 0.02 }] };
    const champion = { macro_f1: 0.8, 'recall:fraud': 0.7, log_loss: 0.4 };
    const challenger = { macro_f1: 0.85, 'recall:fraud': 0.71, log_loss: 0.41 };
    expect(decidePromotion(promotionPolicy({ ...promotion, mode: 'all' }, ctx), champion, challenger).promote).toBe(false);
    const any = decidePromotion(promotionPolicy({ ...promotion, mode: 'any-without-regression' }, ctx), champion, challenger);
    expect(any.promote).toBe(true);
    expect(any.reason).toContain('recall:fraud: challenger 0.7100 vs champion 0.7000, improvement 0.0100 is below the required 0.05');
    expect(any.reason).toContain('log_loss: challenger 0.4100 vs champion 0.4000, change -0.0100 within tolerance 0.02');
  });

  it('keeps the older form: minImprovement on the search metric by its point estimate, guards', () => {
    const policy = promotionPolicy({ minImprovement: 0.01, guards: [{ metric: 'log_loss', tolerance: 0.02 }] }, ctx);
    expect(policy.criteria.map((c) => [c.name, c.metric, c.minImprovement, c.tolerance, c.confidence])).toEqual([
      ['search', 'pr_auc', 0.01, 0, 0],
      ['log_loss', 'log_loss', undefined, 0.02, 0],
    ]);
    expect(policy.criteria[1].direction).toBe('minimize');
  });
});
