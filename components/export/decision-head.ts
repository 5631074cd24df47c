/**
 * The ONNX form of a stored decision rule (../core/decision-rule.ts): scores whose ArgMax
 * (first index on ties, as `decideIndices`) is the rule's label, so the graph's `label`
 * output agrees with `Pipeline.predict`, serve and score. The `probabilities` output is
 * untouched. A row whose probability lies within float rounding of a threshold may be
 * labelled differently by onnxruntime than by the TypeScript path (the probabilities agree
 * to ~1e-5); everything else agrees exactly.
 */
import type { DecisionRule } from '../core/decision-rule.js';
import type { OnnxGraphBuilder } from './onnx-builder.js';
import { attr, DataType } from './onnx-values.js';

/** The tensor to ArgMax over for labels: `probabilities` itself without a rule. */
export function decisionScores(g: OnnxGraphBuilder, probabilities: string, classes: readonly string[], rule: DecisionRule | undefined): string {
  if (!rule) return probabilities;
  const k = classes.length;
  if (rule.kind === 'class_weights') {
    const w = classes.map((c) => rule.weights[c] ?? 1);
    return g.node('Mul', [probabilities, g.constant('decision_weights', 'double', [k], w)], ['decision_scores'])[0];
  }
  // Threshold on class c: column c becomes 2 when p_c >= threshold (beats every probability)
  // and -1 otherwise (loses to every one, leaving the argmax of the other classes).
  const c = classes.indexOf(rule.class);
  if (c < 0) throw new Error(`onnx export: decision class "${rule.class}" is not one of ${classes.join(', ')}`);
  const [pc] = g.node('Gather', [probabilities, g.constant('decision_class', 'int64', [1], [c])], ['decision_p'], [attr.int('axis', 1)]);
  const [reached] = g.node('GreaterOrEqual', [pc, g.constant('decision_threshold', 'double', [], [rule.threshold])], ['decision_reached']);
  const [reached01] = g.node('Cast', [reached], ['decision_reached01'], [attr.int('to', DataType.DOUBLE)]);
  const [scaled] = g.node('Mul', [reached01, g.constant('decision_three', 'double', [], [3])], ['decision_scaled']);
  const [override] = g.node('Sub', [scaled, g.constant('decision_one', 'double', [], [1])], ['decision_override']);
  const others = g.constant('decision_others', 'double', [k], classes.map((_, j) => (j === c ? 0 : 1)));
  const only = g.constant('decision_only', 'double', [k], classes.map((_, j) => (j === c ? 1 : 0)));
  const [kept] = g.node('Mul', [probabilities, others], ['decision_kept']);
  const [placed] = g.node('Mul', [override, only], ['decision_placed']);
  return g.node('Add', [kept, placed], ['decision_scores'])[0];
}
