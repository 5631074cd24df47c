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

describe('the confidence bar follows the drift report', () => {
  const ctx = { searchMetric: 'pr_auc', decisionMetric: 'macro_f1' };
  const calm = { level: 'stable' as const, performanceLevel: 'stable' as const };
  const drifted = { level: 'drift' as const, performanceLevel: 'stable' as const, finding: 'class spam, column category: psi 6.136 (chance alone 0.044, drift)' };
  /** Paired gains where the challenger is ahead in `share` of 200 resamples (by 0.01 when ahead, behind by 0.01 otherwise). */
  const gainsAhead = (share: number) => ({ macro_f1: Array.from({ length: 200 }, (_, i) => (i < share * 200 ? 0.01 : -0.01)), pr_auc: Array(200).fill(0) });
  const champion = { macro_f1: 0.86, pr_auc: 0.95 };
  const challenger = { macro_f1: 0.875, pr_auc: 0.951 };

  it('asks 90% when nothing drifted and 75% when the champion\'s world changed, saying which and why', () => {
    const strict = promotionPolicy(undefined, { ...ctx, drift: calm });
    expect(strict.criteria[0].confidence).toBe(0.9);
    const kept = decidePromotion(strict, champion, challenger, gainsAhead(0.8));
    expect(kept.promote).toBe(false);
    expect(kept.reason).toContain('better in 80% of resamples, 90% required');
    expect(kept.reason).toContain('bar 90% of resamples: the drift report found nothing at warning or above');
    expect(kept.bar?.drifted).toBe(false);

    const lower = promotionPolicy(undefined, { ...ctx, drift: drifted });
    expect(lower.criteria[0].confidence).toBe(0.75);
    expect(lower.criteria[1].confidence).toBe(0);
    const promoted = decidePromotion(lower, champion, challenger, gainsAhead(0.8));
    expect(promoted.promote).toBe(true);
    expect(promoted.reason).toContain('better in 80% of resamples');
    expect(promoted.reason).toContain('bar 75% of resamples, not 90%: the drift report reached drift (first finding: class spam, column category');
    expect(promoted.reason).toContain('staying with a champion whose world changed is itself a risk');
    expect(promoted.bar).toMatchObject({ confidence: 0.75, drifted: true });
  });

  it('names performance drift as the reason when the champion itself degraded', () => {
    const policy = promotionPolicy(undefined, { ...ctx, drift: { level: 'warning', performanceLevel: 'warning' } });
    expect(policy.bar?.why).toContain("bar 75% of resamples, not 90%: the drift report reached warning, the champion's own performance included (warning)");
  });

  it('still refuses a challenger whose lead is a coin flip, or that is behind, when drifted', () => {
    const policy = promotionPolicy(undefined, { ...ctx, drift: drifted });
    expect(decidePromotion(policy, champion, challenger, gainsAhead(0.6)).promote).toBe(false);
    expect(decidePromotion(policy, champion, { macro_f1: 0.85, pr_auc: 0.95 }, gainsAhead(0.3)).promote).toBe(false);
  });

  it('keeps the stricter bar without a drift report, saying why', () => {
    expect(promotionPolicy(undefined, ctx).criteria[0].confidence).toBe(0.9);
    const skipped = promotionPolicy(undefined, { ...ctx, drift: { level: 'stable', performanceLevel: 'stable', skipped: 'champion data gone' } });
    expect(skipped.criteria[0].confidence).toBe(0.9);
    expect(skipped.bar?.why).toContain('drift was not measured (champion data gone), so the stricter bar stands');
  });

  it('never changes a confidence the spec wrote, and says nothing of a bar it did not use', () => {
    const promotion = { criteria: [{ metric: 'decision', minImprovement: 0.005, confidence: 0.95 }, { metric: 'search', tolerance: 0.005 }] };
    const policy = promotionPolicy(promotion, { ...ctx, drift: drifted });
    expect(policy.criteria[0].confidence).toBe(0.95);
    expect(policy.bar).toBeUndefined();
    const d = decidePromotion(policy, champion, challenger, gainsAhead(0.8));
    expect(d.promote).toBe(false);
    expect(d.reason).toContain('95% required');
    expect(d.reason).not.toContain('bar 75%');
    // A low confidence in a calm month is the spec's too.
    expect(promotionPolicy({ criteria: [{ metric: 'decision', minImprovement: 0.005, confidence: 0.6 }] }, { ...ctx, drift: calm }).criteria[0].confidence).toBe(0.6);
    // The older form judges by the point estimate whatever the drift.
    expect(promotionPolicy({ minImprovement: 0.01 }, { ...ctx, drift: drifted }).criteria[0].confidence).toBe(0);
  });
});
