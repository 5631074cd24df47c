/**
 * The refit activity's side of decision rules: which stored trial probabilities the rule is
 * chosen on, and how the chosen rule is recorded (registered metrics, a model-card tag, the
 * report and the workflow result). The choice itself runs in the training thread
 * (./training/choose-decision-rule.ts).
 */
import { describeDecisionRule, type DecisionRule } from '../components/core/decision-rule.js';
import type { RefitInput } from '../workflows/types.js';
import type { RefitDecision } from './training/choose-decision-rule.js';
import { validationProbaKey } from './training/validation-predictions.js';

/** What the workflow result, the report and logs say about the stored rule. */
export interface DecisionSummary {
  /** Absent = argmax. */
  rule?: DecisionRule;
  /** One line for people (describeDecisionRule). */
  description: string;
  /** Why the rule is not what the spec asked for, e.g. an unreachable precision target. */
  warnings: string[];
}

/** The refit job's decision: the spec's rule, chosen on the validation probabilities of the trial(s) behind the model. */
export function refitDecision(input: RefitInput & { ensemble?: { trialNumber: number; weight: number }[] }): RefitDecision {
  const members = input.ensemble?.length ? input.ensemble : [{ trialNumber: input.trialNumber, weight: 1 }];
  return { rule: input.experiment.decision, stored: members.map((m) => ({ key: validationProbaKey(input.searchId, m.trialNumber), weight: m.weight })) };
}

export function decisionSummary(rule: DecisionRule | undefined, warnings: string[] = []): DecisionSummary {
  return { ...(rule ? { rule } : {}), description: describeDecisionRule(rule), warnings };
}

/**
 * Numbers registered with the version: the rule's validation value next to argmax's, and the
 * threshold of a threshold rule (class weights are in the `decision` tag and the bundle).
 */
export function decisionMetrics(rule: DecisionRule | undefined): Record<string, number> {
  if (!rule) return {};
  const name = rule.objective === 'precision' ? 'recall' : rule.objective;
  const out: Record<string, number> = {
    [`decision_validation_${name}`]: rule.validation.value,
    [`decision_validation_${name}_argmax`]: rule.validation.argmaxValue,
  };
  if (rule.validation.precision !== undefined) out.decision_validation_precision = rule.validation.precision;
  if (rule.kind === 'threshold') out.decision_threshold = rule.threshold;
  return out;
}

/** The version's `decision` tag: the model card shows it in its own section (registry/model-card.ts). */
export function decisionTags(rule: DecisionRule | undefined): Record<string, string> {
  return { decision: describeDecisionRule(rule) };
}
