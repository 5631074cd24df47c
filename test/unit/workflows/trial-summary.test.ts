import { describe, expect, it } from 'vitest';
import { trialSummary } from '../../../workflows/trial-summary.js';

describe('trialSummary', () => {
  it('names the trial, the classifier with its parameters first, and the rung under a pruner', () => {
    expect(trialSummary(12, { classifier: 'logreg', features__title__ngramMax: 2, classifier__C: 3.2149 }, 'gbt', 1 / 9, [1 / 9, 1 / 3, 1])).toBe('trial 12 · logreg C=3.2 ngramMax=2 · fidelity 1/3');
  });

  it("takes the template's classifier when the kind is not searched, and shows no rung without a pruner", () => {
    expect(trialSummary(0, { classifier__mlp__learningRate: 0.000123456 }, 'mlp', 1, [1])).toBe('trial 0 · mlp learningRate=0.00012');
  });

  it('cuts a summary too long for one line', () => {
    const params = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`classifier__p${i}`, i + 0.5]));
    const text = trialSummary(3, params, 'logreg', 1, [1]);
    expect(text.length).toBe(120);
    expect(text.endsWith('…')).toBe(true);
  });
});
