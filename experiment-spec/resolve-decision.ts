/**
 * The spec's `decision`: how the registered model turns probabilities into labels.
 *   decision: argmax                          the most probable class, no tuning
 *   decision: { metric: f1 }                  (the default) best F1 of the positive class, or
 *                                             best macro F1 with more than two classes
 *   decision: { metric: macro_f1 }            best macro F1
 *   decision: { precision: 0.95, class: fraud }  the most recall at that precision for the class
 * Checked against the target's labels before anything starts; the rule itself is chosen on
 * validation predictions at refit (activities/training/choose-decision-rule.ts).
 */
import { closestName } from '../core/closest-name.js';
import { DECISION_METRICS, type DecisionMetric } from '../components/model-selection/tune-decision-rule.js';
import type { ResolvedDecision } from './experiment-spec.js';


export const DEFAULT_DECISION: ResolvedDecision = { metric: 'f1' };

const KEYS = ['metric', 'precision', 'class'];
const FORMS = 'argmax, { metric: f1 }, { metric: macro_f1 } or { precision: 0.95, class: LABEL }';

/**
 * @param classes the target's labels (as strings); empty when the data could not be profiled,
 *   in which case only the shape is checked
 */
export function resolveDecision(raw: unknown, classes: readonly string[], target: string): { decision: ResolvedDecision; problems: string[] } {
  if (raw === undefined || raw === null) return { decision: DEFAULT_DECISION, problems: [] };
  if (typeof raw === 'string') {
    if (raw === 'argmax') return { decision: 'argmax', problems: [] };
    // `decision: f1` reads naturally; take it as { metric: f1 }.
    if ((DECISION_METRICS as readonly string[]).includes(raw)) return { decision: { metric: raw as DecisionMetric }, problems: [] };
    const hint = closestName(raw, ['argmax', ...DECISION_METRICS]);
    return { decision: DEFAULT_DECISION, problems: [`decision: unknown rule "${raw}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected ${FORMS}`] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) return { decision: DEFAULT_DECISION, problems: [`decision: expected ${FORMS}, got ${JSON.stringify(raw)}`] };
  const d = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(d)) {
    if (KEYS.includes(key)) continue;
    const hint = closestName(key, KEYS);
    problems.push(`decision.${key}: unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; fields: ${KEYS.join(', ')}`);
  }
  if (d.metric !== undefined && d.precision !== undefined) problems.push('decision: give metric or precision, not both');
  if (d.precision === undefined) {
    const metric = d.metric ?? 'f1';
    if (d.class !== undefined) problems.push('decision.class: only used with precision (the class whose precision is targeted)');
    if (typeof metric !== 'string' || !(DECISION_METRICS as readonly string[]).includes(metric)) {
      const hint = typeof metric === 'string' ? closestName(metric, [...DECISION_METRICS]) : undefined;
      problems.push(`decision.metric: unknown decision metric ${JSON.stringify(metric)}${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${DECISION_METRICS.join(', ')}`);
      return { decision: DEFAULT_DECISION, problems };
    }
    return { decision: { metric: metric as DecisionMetric }, problems };
  }
  const precision = d.precision;
  if (typeof precision !== 'number' || !Number.isFinite(precision) || precision <= 0 || precision > 1) {
    problems.push(`decision.precision: expected a number in (0, 1], got ${JSON.stringify(precision)}`);
  }
  let cls: string | undefined;
  if (d.class !== undefined) {
    // YAML reads `class: 1` as a number; labels compare as text everywhere.
    cls = typeof d.class === 'string' || typeof d.class === 'number' || typeof d.class === 'boolean' ? String(d.class).trim() : undefined;
    if (cls === undefined) problems.push(`decision.class: expected a label of ${target}, got ${JSON.stringify(d.class)}`);
    else if (classes.length > 0 && !classes.includes(cls)) {
      const hint = closestName(cls, [...classes]);
      problems.push(`decision.class: "${cls}" is not a label of ${target}${hint ? ` (did you mean "${hint}"?)` : ''}; labels: ${classes.slice(0, 20).join(', ')}`);
    }
  } else if (classes.length > 2) {
    problems.push(`decision.class: required with a precision target when ${target} has ${classes.length} labels; labels: ${classes.slice(0, 20).join(', ')}`);
  }
  return { decision: cls === undefined ? { precision: precision as number } : { precision: precision as number, class: cls }, problems };
}
