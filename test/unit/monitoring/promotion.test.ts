import { describe, expect, it } from 'vitest';
import { decidePromotion, type PromotionPolicy } from '../../../monitoring/promotion.js';

const policy: PromotionPolicy = { metric: 'roc_auc', direction: 'maximize', minImprovement: 0.005, guards: [{ metric: 'log_loss', direction: 'minimize', tolerance: 0.01 }] };

describe('decidePromotion', () => {
  it('promotes a challenger that wins by the margin without guard regressions', () => {
    const d = decidePromotion(policy, { roc_auc: 0.9, log_loss: 0.3 }, { roc_auc: 0.95, log_loss: 0.25 });
    expect(d.promote).toBe(true);
    expect(d.reason).toContain('beats champion 0.9000 by 0.0500');
  });

  it('keeps the champion when the gain is below the margin', () => {
    const d = decidePromotion(policy, { roc_auc: 0.9, log_loss: 0.3 }, { roc_auc: 0.903, log_loss: 0.2 });
    expect(d.promote).toBe(false);
    expect(d.reason).toContain('below the required 0.005');
  });

  it('keeps the champion when a guard metric regresses past its tolerance', () => {
    const d = decidePromotion(policy, { roc_auc: 0.9, log_loss: 0.3 }, { roc_auc: 0.95, log_loss: 0.35 });
    expect(d.promote).toBe(false);
    expect(d.reason).toBe('guard log_loss regressed by 0.0500 (tolerance 0.01)');
  });

  it('promotes the first model when there is no champion', () => {
    expect(decidePromotion(policy, undefined, { roc_auc: 0.7 }).promote).toBe(true);
  });

  it('keeps the champion, saying why, when a compared metric is undefined on the holdout', () => {
    const d = decidePromotion(policy, { roc_auc: NaN, log_loss: 0.3 }, { roc_auc: 0.95, log_loss: 0.25 });
    expect(d.promote).toBe(false);
    expect(d.reason).toBe('cannot compare roc_auc: it is undefined on this holdout for the champion (one class only, or too few rows); the champion stays');
    const guard = decidePromotion(policy, { roc_auc: 0.9, log_loss: 0.3 }, { roc_auc: 0.95 });
    expect(guard.promote).toBe(false);
    expect(guard.reason).toContain('cannot compare log_loss: it is undefined on this holdout for the challenger');
  });
});
