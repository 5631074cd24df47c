import { describe, expect, it } from 'vitest';
import { decisionMetrics, decisionSummary, decisionTags, refitDecision } from '../../../activities/refit-decision.js';
import type { DecisionRule } from '../../../components/core/decision-rule.js';
import type { RefitInput } from '../../../workflows/types.js';

const precisionRule: DecisionRule = { kind: 'threshold', class: 'fraud', threshold: 0.81, objective: 'precision', target: 0.95, validation: { value: 0.6, argmaxValue: 0.4, rows: 300, precision: 0.96, recall: 0.6 } };
const weightsRule: DecisionRule = { kind: 'class_weights', weights: { a: 1, b: 2.5 }, objective: 'macro_f1', validation: { value: 0.8, argmaxValue: 0.7, rows: 300 } };

describe('how the refit records its decision rule', () => {
  it('registered metrics: the rule vs argmax on validation, and the threshold', () => {
    expect(decisionMetrics(precisionRule)).toEqual({ decision_validation_recall: 0.6, decision_validation_recall_argmax: 0.4, decision_validation_precision: 0.96, decision_threshold: 0.81 });
    expect(decisionMetrics(weightsRule)).toEqual({ decision_validation_macro_f1: 0.8, decision_validation_macro_f1_argmax: 0.7 });
    expect(decisionMetrics(undefined)).toEqual({});
  });

  it('the model-card tag names the weights or threshold and the metric', () => {
    expect(decisionTags(weightsRule).decision).toMatch(/^argmax of probability x class weight \(a: 1, b: 2\.5\); chosen for best macro_f1 on 300 validation rows \(macro_f1 0\.8 vs 0\.7 by argmax\)$/);
    expect(decisionTags(undefined).decision).toBe('argmax (the most probable class)');
    expect(decisionSummary(precisionRule, ['w'])).toMatchObject({ rule: precisionRule, warnings: ['w'] });
  });

  it('chooses on the winning trial, or on every ensemble member with its weight', () => {
    const input = { searchId: 's1', trialNumber: 4, experiment: { decision: { metric: 'macro_f1' } } } as unknown as RefitInput;
    expect(refitDecision(input)).toEqual({ rule: { metric: 'macro_f1' }, stored: [{ key: 'searches/s1/trials/4.validation-proba.bin', weight: 1 }] });
    const ensemble = { ...input, ensemble: [{ trialNumber: 2, weight: 0.75, pipeline: {} }, { trialNumber: 9, weight: 0.25, pipeline: {} }] } as unknown as RefitInput;
    expect(refitDecision(ensemble).stored).toEqual([
      { key: 'searches/s1/trials/2.validation-proba.bin', weight: 0.75 },
      { key: 'searches/s1/trials/9.validation-proba.bin', weight: 0.25 },
    ]);
  });
});

describe('attaching a chosen rule to the refitted model', () => {
  it('keeps only the classes the model has, and names a threshold class it lacks', async () => {
    const { Pipeline } = await import('../../../components/index.js');
    const { attachDecisionRule, decisionObjective } = await import('../../../activities/training/choose-decision-rule.js');
    const titles = ['cheap pills now', 'meeting at noon', 'cheap cheap offer', 'lunch notes', 'win pills', 'project plan'];
    const model = Pipeline.create({ features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }).fit({ nRows: 6, columns: { title: titles } }, ['spam', 'ok', 'spam', 'ok', 'spam', 'ok']);
    // The dataset had a third class, seen only in validation: its weight cannot apply to this model.
    const warnings = attachDecisionRule(model, { rule: { ...weightsRule, weights: { ok: 1, spam: 2, rare: 5 } }, warnings: [], source: 'trials' });
    expect(warnings).toEqual([]);
    expect(model.decisionRule).toMatchObject({ kind: 'class_weights', weights: { ok: 1, spam: 2 } });
    const other = Pipeline.fromJSON({ ...model.toJSON(), decision: undefined });
    expect(attachDecisionRule(other, { rule: { ...precisionRule, class: 'rare' }, warnings: ['w'], source: 'trials' })).toEqual(['w', 'decision: the refitted model has no class "rare"; labels are the most probable class']);
    expect(other.decisionRule).toBeUndefined();
    // The spec's forms as objectives: the default is best F1, argmax is none, a binary precision target defaults to the positive class.
    expect(decisionObjective(undefined, ['ok', 'spam'], 1)).toEqual({ metric: 'f1' });
    expect(decisionObjective('argmax', ['ok', 'spam'], 1)).toBeUndefined();
    expect(decisionObjective({ precision: 0.9 }, ['ok', 'spam'], 1)).toEqual({ precision: 0.9, class: 'spam' });
  });
});
