/**
 * The decision rule of a refitted model, chosen on predictions it did not train on.
 *
 * The refit trains on train + validation, so its own validation predictions are in-sample.
 * The rule is chosen instead on the validation predictions of the same configuration fitted
 * on train only (option (a) of issue #14), which is exactly what the search's full-fidelity
 * trials already computed and stored (./validation-predictions.ts): reading them costs no fit
 * at all, and for an ensemble their weighted average is the ensemble's validation
 * prediction. Only when they are missing (a trial run before they were stored, a refit of a
 * pipeline no trial ran) is the model fitted once more, on train only. Out-of-fold
 * predictions on train + validation (cross-validate.ts) would use more rows but cost k fits
 * per refit, for a threshold that the validation split alone already pins down well.
 *
 * The rule is then applied, unchanged, to the model refitted on train + validation.
 */
import type { ArtifactStore } from '../../artifacts/artifact-store.js';
import type { Pipeline } from '../../components/core/pipeline.js';
import type { DecisionRule } from '../../components/core/decision-rule.js';
import { tuneDecisionRule, type DecisionObjective, type TunedDecision } from '../../components/model-selection/tune-decision-rule.js';
import type { ResolvedDecision } from '../../experiment-spec/experiment-spec.js';
import { evaluateWithPredictions } from './evaluate.js';
import { splitPart, type PreparedDatasetFile } from './prepared-dataset.js';
import { decodeProba } from './validation-predictions.js';

/** What a refit job is told about its decision rule. */
export interface RefitDecision {
  /** The spec's resolved decision; absent = the default (best F1). */
  rule?: ResolvedDecision;
  /** The stored validation probabilities of the trial(s) behind the model: one for a single pipeline, one per member (with its weight) for an ensemble. */
  stored?: { key: string; weight: number }[];
}

export interface ChosenDecision extends TunedDecision {
  /** Where the validation probabilities came from (for logs and tests). */
  source: 'trials' | 'train-fit' | 'none';
}

/** The objective to tune for, or undefined for plain argmax. A binary precision target without a class targets the positive class. */
export function decisionObjective(rule: ResolvedDecision | undefined, classes: readonly string[], positiveClass: number): DecisionObjective | undefined {
  if (rule === 'argmax') return undefined;
  if (rule === undefined) return { metric: 'f1' };
  if ('precision' in rule) return { precision: rule.precision, class: rule.class ?? classes[positiveClass] };
  return { metric: rule.metric };
}

/**
 * Chooses the rule on the validation split.
 * @param fitOnTrain fits the (unfitted) model on the train split only; used when the trials' probabilities are not stored
 */
export async function chooseRefitDecision(decision: RefitDecision | undefined, data: PreparedDatasetFile, store: ArtifactStore, fitOnTrain: () => Promise<Pipeline>): Promise<ChosenDecision> {
  const objective = decisionObjective(decision?.rule, data.classes, data.positiveClass);
  if (!objective) return { warnings: [], source: 'none' };
  const yTrue = Int32Array.from(data.split.validation, (r) => data.classes.indexOf(data.labels[r]));
  const stored = await storedValidationProba(decision?.stored, data, store);
  const proba = stored ?? (await evaluateWithPredictions(await fitOnTrain(), splitPart(data, data.split.validation), data.classes, data.positiveClass)).proba;
  return { ...tuneDecisionRule(objective, yTrue, proba, data.classes, data.positiveClass), source: stored ? 'trials' : 'train-fit' };
}

/** The weighted average of the stored probabilities, or undefined when any is missing. */
async function storedValidationProba(stored: RefitDecision['stored'], data: PreparedDatasetFile, store: ArtifactStore): Promise<Float64Array | undefined> {
  if (!stored?.length) return undefined;
  const rows = data.split.validation.length;
  const k = data.classes.length;
  const total = stored.reduce((s, m) => s + m.weight, 0);
  const out = new Float64Array(rows * k);
  for (const member of stored) {
    const ref = await store.head(member.key);
    if (!ref) return undefined;
    const proba = decodeProba(await store.get(ref), rows, k, member.key);
    for (let i = 0; i < out.length; i++) out[i] += (proba[i] * member.weight) / total;
  }
  return out;
}

/**
 * Sets the chosen rule on the refitted model, restricted to the classes it has (a class
 * seen only in validation rows is still in the dataset's list). Returns warnings to report.
 */
export function attachDecisionRule(pipeline: Pipeline, chosen: ChosenDecision): string[] {
  const rule = chosen.rule;
  if (!rule) return chosen.warnings;
  const classes = pipeline.classes;
  let fitted: DecisionRule = rule;
  if (rule.kind === 'class_weights') fitted = { ...rule, weights: Object.fromEntries(Object.entries(rule.weights).filter(([c]) => classes.includes(c))) };
  else if (!classes.includes(rule.class)) return [...chosen.warnings, `decision: the refitted model has no class "${rule.class}"; labels are the most probable class`];
  pipeline.setDecisionRule(fitted);
  return chosen.warnings;
}
