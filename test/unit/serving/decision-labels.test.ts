import { describe, expect, it } from 'vitest';
import type { DecisionRule } from '../../../components/core/decision-rule.js';
import { toPredictions } from '../../../serving/servable-model.js';

describe('toPredictions', () => {
  const classes = ['ham', 'spam'];
  const proba = Float64Array.from([0.9, 0.1, 0.7, 0.3, 0.4, 0.6]);
  const rule: DecisionRule = { kind: 'threshold', class: 'spam', threshold: 0.25, objective: 'f1', validation: { value: 0.8, argmaxValue: 0.7, rows: 100 } };

  it('labels by argmax without a rule', () => {
    expect(toPredictions(proba, classes, 3).map((p) => p.label)).toEqual(['ham', 'ham', 'spam']);
  });

  it('labels by the stored rule, probabilities unchanged', () => {
    const out = toPredictions(proba, classes, 3, rule);
    expect(out.map((p) => p.label)).toEqual(['ham', 'spam', 'spam']);
    expect(out[1].probabilities).toEqual({ ham: 0.7, spam: 0.3 });
  });

  it('class weights move labels toward the weighted class', () => {
    const weights: DecisionRule = { kind: 'class_weights', weights: { ham: 1, spam: 3 }, objective: 'macro_f1', validation: { value: 0, argmaxValue: 0, rows: 0 } };
    expect(toPredictions(proba, classes, 3, weights).map((p) => p.label)).toEqual(['ham', 'spam', 'spam']);
  });
});
