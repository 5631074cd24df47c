/**
 * Metrics of a model's predictions on some labelled rows, by name, for performance drift and
 * promotion: the classification metrics (label metrics on the labels the model serves, i.e.
 * its decision rule's), `macro_f1`, and per class `recall:C`, `precision:C`, `f1:C`. Plus the
 * bootstrap over rows both use to tell a real difference from the noise of a small holdout.
 */
import { decideIndices, type DecisionRule } from '../components/core/decision-rule.js';
import { computeMetric, isMetricName, METRICS } from '../components/metrics/classification.js';

export interface Predictions {
  /** Class index of each row (into `classes`); -1 for a class the model does not know. */
  yTrue: Int32Array;
  /** Row-major rows x classes. */
  proba: Float64Array;
  /** The labels the model serves (its decision rule's). */
  yPred: Int32Array;
  classes: readonly string[];
  positiveClass: number;
}

export function predictionsOf(yTrue: Int32Array, proba: Float64Array, classes: readonly string[], positiveClass: number, rule?: DecisionRule): Predictions {
  return { yTrue, proba, yPred: decideIndices(proba, classes, rule), classes, positiveClass };
}

/**
 * The metric a stored decision rule was chosen for: `f1` (binary: the positive class's F1;
 * more classes: macro F1, as the metric f1 is), `macro_f1`, or for a precision target the
 * recall of its class (what the rule maximises). Without a rule, f1.
 */
export function decisionMetricOf(rule: Pick<DecisionRule, 'objective'> & { class?: string } | undefined): string {
  if (!rule) return 'f1';
  if (rule.objective === 'precision') return rule.class !== undefined ? `recall:${rule.class}` : 'f1';
  return rule.objective;
}

const PER_CLASS = /^(recall|precision|f1):(.+)$/;

export function metricDirection(name: string): 'maximize' | 'minimize' {
  return isMetricName(name) ? METRICS[name].direction : 'maximize';
}

/** Whether `name` can be computed for these classes (a per-class name must name one of them). */
export function isKnownMetric(name: string, classes?: readonly string[]): boolean {
  if (isMetricName(name) || name === 'macro_f1') return true;
  const m = PER_CLASS.exec(name);
  return m !== null && (classes === undefined || classes.includes(m[2]));
}

function perClass(p: Predictions, c: number): { recall: number; precision: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < p.yTrue.length; i++) {
    const t = p.yTrue[i] === c;
    const y = p.yPred[i] === c;
    if (t && y) tp++;
    else if (y) fp++;
    else if (t) fn++;
  }
  const recall = tp + fn === 0 ? NaN : tp / (tp + fn);
  const precision = tp + fp === 0 ? (tp + fn === 0 ? NaN : 0) : tp / (tp + fp);
  const f1 = 2 * tp + fp + fn === 0 ? NaN : (2 * tp) / (2 * tp + fp + fn);
  return { recall, precision, f1 };
}

export function metricValue(name: string, p: Predictions): number {
  const k = p.classes.length;
  if (isMetricName(name)) {
    // Rows of a class the model does not know cannot be scored by the shared metrics.
    const known = p.yTrue.every((y) => y >= 0) ? p : restrict(p, [...p.yTrue.keys()].filter((i) => p.yTrue[i] >= 0));
    try {
      return computeMetric(name, known.yTrue, known.proba, k, known.positiveClass, known.yPred);
    } catch {
      return NaN;
    }
  }
  if (name === 'macro_f1') {
    const f1s = p.classes.map((_, c) => perClass(p, c).f1).filter((x) => Number.isFinite(x));
    return f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : NaN;
  }
  const m = PER_CLASS.exec(name);
  if (!m) throw new Error(`unknown metric ${name}`);
  const c = p.classes.indexOf(m[2]);
  return c < 0 ? NaN : perClass(p, c)[m[1] as 'recall' | 'precision' | 'f1'];
}

/** The predictions of some rows (repeats allowed: a bootstrap resample). */
export function restrict(p: Predictions, rows: readonly number[]): Predictions {
  const k = p.classes.length;
  const proba = new Float64Array(rows.length * k);
  rows.forEach((r, i) => proba.set(p.proba.subarray(r * k, r * k + k), i * k));
  return { ...p, yTrue: Int32Array.from(rows, (r) => p.yTrue[r]), yPred: Int32Array.from(rows, (r) => p.yPred[r]), proba };
}

export const BOOTSTRAP_ROUNDS = 200;

/**
 * Each metric of each prediction set over the same bootstrap resamples of the rows (paired:
 * sets scored on the same rows, such as champion and challenger on one holdout, are
 * resampled together). Returns [set][metric][round]; non-finite rounds are kept as NaN.
 */
export function bootstrap(sets: readonly Predictions[], names: readonly string[], rng: () => number, rounds = BOOTSTRAP_ROUNDS): number[][][] {
  const n = sets[0]?.yTrue.length ?? 0;
  const out = sets.map(() => names.map(() => [] as number[]));
  if (n === 0) return out;
  for (let b = 0; b < rounds; b++) {
    const rows = Array.from({ length: n }, () => Math.floor(rng() * n));
    sets.forEach((p, s) => {
      const q = restrict(p, rows);
      names.forEach((name, m) => out[s][m].push(metricValue(name, q)));
    });
  }
  return out;
}

/** Standard deviation of the finite values (NaN when fewer than two). */
export function spread(values: readonly number[]): number {
  const x = values.filter((v) => Number.isFinite(v));
  if (x.length < 2) return NaN;
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
}
