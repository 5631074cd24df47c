/**
 * Chooses a decision rule (../core/decision-rule.ts) from probabilities on rows the model
 * did not train on, in the spirit of scikit-learn's TunedThresholdClassifierCV:
 * - `{ metric: f1 }` with two classes: the threshold on the positive class with the best F1
 *   (`macro_f1`: the best mean F1 of both classes);
 * - `{ metric: f1 | macro_f1 }` with more classes: per-class weights on the probabilities
 *   (label = argmax of p_c * w_c), by coordinate ascent on macro F1 with an exact line search
 *   per class (each row changes label at one weight, so every distinct outcome is tried);
 * - `{ precision, class }`: the lowest threshold on that class's probability whose precision
 *   reaches the target, i.e. the most recall at that precision; other classes by argmax.
 *   A target no threshold reaches is a warning, and the default rule (best F1) is kept.
 *
 * Pure and deterministic: no randomness, ties resolved by fixed orders (documented inline).
 * It reads probabilities only, so the same function serves a single pipeline or an ensemble.
 */
import type { ClassWeightsRule, DecisionRule, ThresholdRule } from '../core/decision-rule.js';
import { decideIndices } from '../core/decision-rule.js';
import { bestPointAtPrecision, operatingPoints } from '../metrics/ranking.js';

export const DECISION_METRICS = ['f1', 'macro_f1'] as const;
export type DecisionMetric = (typeof DECISION_METRICS)[number];

/** What a spec's `decision` asks for (argmax = no rule, so it has no objective). */
export type DecisionObjective = { metric: DecisionMetric } | { precision: number; class: string };

export interface TunedDecision {
  /** Undefined when no rule can be chosen (say, no validation rows): keep argmax. */
  rule?: DecisionRule;
  /** Why the rule is not what was asked for (an unreachable precision target), for logs and the report. */
  warnings: string[];
}

/** Coordinate-ascent sweeps over all classes; each sweep only improves, most converge in 2-3. */
const MAX_SWEEPS = 10;
/** Class weights stay within [1/W, W]: beyond, a class wins rows it has almost no probability on. */
const WEIGHT_LIMIT = 1e4;
/** An improvement smaller than this is noise from float sums, not a better rule. */
const MIN_GAIN = 1e-12;

/**
 * @param yTrue class indices of the validation rows (in `classes` order)
 * @param proba row-major rows x classes probabilities of the same rows
 */
export function tuneDecisionRule(objective: DecisionObjective, yTrue: Int32Array, proba: ArrayLike<number>, classes: readonly string[], positiveClass: number): TunedDecision {
  const k = classes.length;
  if (proba.length !== yTrue.length * k) throw new Error(`tuneDecisionRule: ${proba.length} probabilities for ${yTrue.length} rows x ${k} classes`);
  if (yTrue.length === 0) return { warnings: ['decision: no validation rows to choose a rule on; labels are the most probable class'] };
  const warnings: string[] = [];
  if ('precision' in objective) {
    const rule = precisionRule(objective, yTrue, proba, classes);
    if (typeof rule !== 'string') return { rule, warnings };
    warnings.push(rule);
  }
  const metric: DecisionMetric = 'metric' in objective ? objective.metric : 'f1';
  if (k === 2) {
    const rule = binaryF1Rule(metric, yTrue, proba, classes, positiveClass);
    if (typeof rule === 'string') return { warnings: [...warnings, rule] };
    return { rule, warnings };
  }
  return { rule: classWeightsRule(yTrue, proba, classes), warnings };
}

/** The precision-target rule, or the warning saying why there is none. */
function precisionRule(objective: { precision: number; class: string }, yTrue: Int32Array, proba: ArrayLike<number>, classes: readonly string[]): ThresholdRule | string {
  const c = classes.indexOf(objective.class);
  if (c < 0) throw new Error(`tuneDecisionRule: class "${objective.class}" is not one of ${classes.join(', ')}`);
  const scores = column(proba, classes.length, c);
  const positive = Uint8Array.from(yTrue, (y) => (y === c ? 1 : 0));
  const point = bestPointAtPrecision(scores, positive, objective.precision);
  if (!point) {
    const best = operatingPoints(scores, positive).reduce((m, p) => Math.max(m, p.truePositives / (p.truePositives + p.falsePositives)), 0);
    const nPositive = positive.reduce((s, v) => s + v, 0);
    return nPositive === 0
      ? `decision: class "${objective.class}" has no rows in the ${yTrue.length} validation rows, so no threshold can reach precision ${objective.precision}; keeping the default rule (best F1)`
      : `decision: no threshold on "${objective.class}" reaches precision ${objective.precision} on the ${yTrue.length} validation rows (the highest is ${round(best)}); keeping the default rule (best F1)`;
  }
  const argmax = decideIndices(proba, classes);
  let tp = 0;
  let predicted = 0;
  let truth = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === c) truth++;
    if (argmax[i] === c) {
      predicted++;
      if (yTrue[i] === c) tp++;
    }
  }
  return {
    kind: 'threshold',
    class: objective.class,
    threshold: point.threshold,
    objective: 'precision',
    target: objective.precision,
    validation: { value: point.recall, argmaxValue: truth === 0 ? 0 : tp / truth, rows: yTrue.length, precision: point.precision, recall: point.recall },
  };
}

/**
 * The threshold on the positive class with the best F1 (or macro F1) over every distinct
 * score; among equal values the highest threshold (the fewest positives) wins.
 */
function binaryF1Rule(metric: DecisionMetric, yTrue: Int32Array, proba: ArrayLike<number>, classes: readonly string[], positiveClass: number): ThresholdRule | string {
  const n = yTrue.length;
  const positive = Uint8Array.from(yTrue, (y) => (y === positiveClass ? 1 : 0));
  const P = positive.reduce((s, v) => s + v, 0);
  if (P === 0) return `decision: class "${classes[positiveClass]}" has no rows in the ${n} validation rows; labels are the most probable class`;
  const N = n - P;
  const score = (tp: number, fp: number) => {
    const f1Positive = (2 * tp) / (tp + fp + P);
    if (metric === 'f1') return f1Positive;
    const predictedNegative = n - tp - fp;
    const f1Negative = N + predictedNegative === 0 ? 0 : (2 * (N - fp)) / (N + predictedNegative);
    // Classes with neither true nor predicted rows are left out, as in the metrics' macro F1.
    return N + predictedNegative === 0 ? f1Positive : (f1Positive + f1Negative) / 2;
  };
  let best: { threshold: number; value: number } | undefined;
  for (const p of operatingPoints(column(proba, 2, positiveClass), positive)) {
    const value = score(p.truePositives, p.falsePositives);
    if (!best || value > best.value + MIN_GAIN) best = { threshold: p.threshold, value };
  }
  const argmax = decideIndices(proba, classes);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) if (argmax[i] === positiveClass) positive[i] ? tp++ : fp++;
  return { kind: 'threshold', class: classes[positiveClass], threshold: best!.threshold, objective: metric, validation: { value: best!.value, argmaxValue: score(tp, fp), rows: n } };
}

/** Per-class weights by coordinate ascent on macro F1, starting from argmax (all weights 1). */
function classWeightsRule(yTrue: Int32Array, proba: ArrayLike<number>, classes: readonly string[]): ClassWeightsRule {
  const k = classes.length;
  const w = new Float64Array(k).fill(1);
  const argmaxValue = macroF1(yTrue, decideIndices(proba, classes), k);
  let value = argmaxValue;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let improved = false;
    // Classes in index order: a fixed order keeps the result deterministic.
    for (let c = 0; c < k; c++) {
      const step = bestWeightFor(c, w, yTrue, proba, k);
      if (step && step.value > value + MIN_GAIN) {
        w[c] = step.weight;
        value = step.value;
        improved = true;
      }
    }
    if (!improved) break;
  }
  const weights = Object.fromEntries(classes.map((name, c) => [name, w[c]]));
  const rule: ClassWeightsRule = { kind: 'class_weights', weights, objective: 'macro_f1', validation: { value, argmaxValue, rows: yTrue.length } };
  // Reported from the stored rule itself, so the number is what serving's labels score.
  rule.validation.value = macroF1(yTrue, decideIndices(proba, classes, rule), k);
  return rule;
}

/**
 * Exact line search over w[c] with the other weights fixed. Row i goes to class c exactly
 * when w[c] exceeds r_i = (best other weighted probability) / p_ic, so sorting the r_i and
 * moving rows to c one group at a time visits every labelling w[c] can give. The weight
 * returned sits between two breakpoints (their geometric mean), away from any tie; among
 * equal macro F1 the weight nearest the current one (in log scale) wins.
 */
function bestWeightFor(c: number, w: Float64Array, yTrue: Int32Array, proba: ArrayLike<number>, k: number): { weight: number; value: number } | undefined {
  const n = yTrue.length;
  const other = new Int32Array(n);
  const breakpoint = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < k; j++) {
      if (j === c) continue;
      const s = proba[i * k + j] * w[j];
      if (s > bestScore) {
        best = j;
        bestScore = s;
      }
    }
    other[i] = best;
    const p = proba[i * k + c];
    breakpoint[i] = p > 0 ? bestScore / p : Infinity;
  }
  // Infinity - Infinity is NaN, so compare rather than subtract; equal breakpoints keep row order.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (breakpoint[a] < breakpoint[b] ? -1 : breakpoint[a] > breakpoint[b] ? 1 : a - b));
  // Start with no row in class c (w[c] below every breakpoint), then move groups over.
  const counts = new Counts(yTrue, other, k);
  const candidates: { weight: number; value: number }[] = [];
  const consider = (weight: number) => {
    if (weight >= 1 / WEIGHT_LIMIT && weight <= WEIGHT_LIMIT) candidates.push({ weight, value: counts.macroF1() });
  };
  let prev = 0;
  for (let start = 0; start < n && Number.isFinite(breakpoint[order[start]]); ) {
    const r = breakpoint[order[start]];
    // The state before this group (rows with breakpoint <= prev in c) holds for w[c] in (prev, r).
    if (r > 0) consider(prev > 0 ? Math.sqrt(prev * r) : r / 2);
    let end = start;
    while (end < n && breakpoint[order[end]] === r) counts.move(order[end++], c);
    prev = r;
    start = end;
  }
  consider(prev > 0 ? prev * 2 : 1);
  if (candidates.length === 0) return undefined;
  const distance = (weight: number) => Math.abs(Math.log(weight / w[c]));
  return candidates.reduce((a, b) => (b.value > a.value + MIN_GAIN || (Math.abs(b.value - a.value) <= MIN_GAIN && distance(b.weight) < distance(a.weight)) ? b : a));
}

/** Per-class counts of a labelling, updated as rows change label, with macro F1 on demand. */
class Counts {
  private readonly tp: Float64Array;
  private readonly truth: Float64Array;
  private readonly predicted: Float64Array;
  private readonly labels: Int32Array;

  constructor(
    private readonly yTrue: Int32Array,
    labels: Int32Array,
    private readonly k: number,
  ) {
    this.labels = labels.slice();
    this.tp = new Float64Array(k);
    this.truth = new Float64Array(k);
    this.predicted = new Float64Array(k);
    for (let i = 0; i < yTrue.length; i++) {
      this.truth[yTrue[i]]++;
      this.predicted[this.labels[i]]++;
      if (yTrue[i] === this.labels[i]) this.tp[yTrue[i]]++;
    }
  }

  move(row: number, to: number): void {
    const from = this.labels[row];
    if (from === to) return;
    this.predicted[from]--;
    this.predicted[to]++;
    if (this.yTrue[row] === from) this.tp[from]--;
    if (this.yTrue[row] === to) this.tp[to]++;
    this.labels[row] = to;
  }

  /** Mean F1 over classes with true or predicted rows, as the metrics compute it. */
  macroF1(): number {
    let sum = 0;
    let present = 0;
    for (let j = 0; j < this.k; j++) {
      const d = this.truth[j] + this.predicted[j];
      if (d === 0) continue;
      sum += (2 * this.tp[j]) / d;
      present++;
    }
    return present === 0 ? 0 : sum / present;
  }
}

function macroF1(yTrue: Int32Array, labels: Int32Array, k: number): number {
  return new Counts(yTrue, labels, k).macroF1();
}

function column(proba: ArrayLike<number>, k: number, c: number): Float64Array {
  const out = new Float64Array(proba.length / k);
  for (let i = 0; i < out.length; i++) out[i] = proba[i * k + c];
  return out;
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}
