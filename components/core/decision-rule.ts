/**
 * A decision rule turns a model's class probabilities into labels. Without one a model
 * predicts the most probable class (argmax); a rule chosen on validation data moves that
 * boundary where a team's metric wants it, and it is stored with the fitted model so every
 * consumer (Pipeline.predict, serve, score, the ONNX graph) labels rows the same way.
 *
 * A rule reads probabilities only, so it applies to any model that outputs them: a single
 * pipeline or an ensemble. Classes are named, not indexed, so a rule survives a different
 * class order.
 */
import { UserInputError } from '../../core/errors.js';

/** What the rule was chosen for and how it did on the validation rows. */
export interface DecisionBasis {
  /** `f1`: F1 of the positive class (binary); `macro_f1`: unweighted mean of per-class F1; `precision`: max recall at a precision. */
  objective: 'f1' | 'macro_f1' | 'precision';
  /** The precision asked for (objective `precision`). */
  target?: number;
  /** The objective on the validation rows with this rule, and with plain argmax. */
  validation: { value: number; argmaxValue: number; rows: number; precision?: number; recall?: number };
}

/**
 * `class` when its probability is >= `threshold`, else the most probable of the other
 * classes. With two classes this is the usual threshold on the positive-class probability.
 */
export interface ThresholdRule extends DecisionBasis {
  kind: 'threshold';
  class: string;
  threshold: number;
}

/** The class maximising probability x weight (a class without a weight has weight 1). */
export interface ClassWeightsRule extends DecisionBasis {
  kind: 'class_weights';
  weights: Record<string, number>;
}

export type DecisionRule = ThresholdRule | ClassWeightsRule;

/** Problems with a stored rule against the model's classes (empty = usable). */
export function decisionRuleProblems(rule: unknown, classes: readonly string[]): string[] {
  if (!rule || typeof rule !== 'object') return ['decision: expected an object'];
  const r = rule as { kind?: unknown; class?: unknown; threshold?: unknown; weights?: Record<string, unknown> };
  if (r.kind === 'threshold') {
    const problems: string[] = [];
    if (typeof r.class !== 'string' || !classes.includes(r.class)) problems.push(`decision.class: "${String(r.class)}" is not a class of the model (${classes.join(', ')})`);
    if (typeof r.threshold !== 'number' || !Number.isFinite(r.threshold)) problems.push(`decision.threshold: expected a number, got ${JSON.stringify(r.threshold)}`);
    return problems;
  }
  if (r.kind === 'class_weights') {
    if (!r.weights || typeof r.weights !== 'object') return ['decision.weights: expected an object of class -> weight'];
    return Object.entries(r.weights).flatMap(([c, w]) => {
      if (!classes.includes(c)) return [`decision.weights.${c}: not a class of the model (${classes.join(', ')})`];
      return typeof w === 'number' && Number.isFinite(w) && w > 0 ? [] : [`decision.weights.${c}: expected a number > 0, got ${JSON.stringify(w)}`];
    });
  }
  return [`decision.kind: expected threshold or class_weights, got ${JSON.stringify(r.kind)}`];
}

/** Throws a UserInputError naming every problem of a stored rule. */
export function checkDecisionRule(rule: unknown, classes: readonly string[]): asserts rule is DecisionRule {
  const problems = decisionRuleProblems(rule, classes);
  if (problems.length > 0) throw new UserInputError(problems, 'invalid decision rule');
}

/**
 * Class index of each row of row-major probabilities (rows x classes, in `classes` order).
 * No rule = argmax. Ties go to the lower index, as numpy's argmax and the ONNX graph do.
 */
export function decideIndices(proba: ArrayLike<number>, classes: readonly string[], rule?: DecisionRule): Int32Array {
  const k = classes.length;
  const rows = proba.length / k;
  const out = new Int32Array(rows);
  if (rule?.kind === 'threshold') {
    const c = classes.indexOf(rule.class);
    for (let r = 0; r < rows; r++) out[r] = proba[r * k + c] >= rule.threshold ? c : argmaxExcept(proba, r * k, k, c);
    return out;
  }
  const w = rule?.kind === 'class_weights' ? classes.map((c) => rule.weights[c] ?? 1) : undefined;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestScore = proba[r * k] * (w ? w[0] : 1);
    for (let c = 1; c < k; c++) {
      const score = proba[r * k + c] * (w ? w[c] : 1);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    out[r] = best;
  }
  return out;
}

/** `decideIndices` as labels. */
export function decideLabels(proba: ArrayLike<number>, classes: readonly string[], rule?: DecisionRule): string[] {
  return Array.from(decideIndices(proba, classes, rule), (i) => classes[i]);
}

/** The most probable class of a row other than `skip` (ties: the lower index). */
function argmaxExcept(proba: ArrayLike<number>, offset: number, k: number, skip: number): number {
  let best = -1;
  for (let c = 0; c < k; c++) {
    if (c === skip) continue;
    if (best < 0 || proba[offset + c] > proba[offset + best]) best = c;
  }
  return best;
}

/** One line for people: logs, the report, the model card's tags. */
export function describeDecisionRule(rule: DecisionRule | undefined): string {
  if (!rule) return 'argmax (the most probable class)';
  const how =
    rule.kind === 'threshold'
      ? `"${rule.class}" when its probability >= ${round(rule.threshold)}, else the most probable other class`
      : `argmax of probability x class weight (${Object.entries(rule.weights).map(([c, w]) => `${c}: ${round(w)}`).join(', ')})`;
  const goal = rule.objective === 'precision' ? `max recall at precision >= ${rule.target}` : `best ${rule.objective}`;
  const v = rule.validation;
  // A precision rule's value is the recall it buys at that precision.
  const valueName = rule.objective === 'precision' ? 'recall' : rule.objective;
  const extra = v.precision !== undefined ? `, at precision ${round(v.precision)}` : '';
  return `${how}; chosen for ${goal} on ${v.rows} validation rows (${valueName} ${round(v.value)} vs ${round(v.argmaxValue)} by argmax${extra})`;
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}
