import { describe, expect, it } from 'vitest';
import { computeMetric } from '../../../components/metrics/classification.js';
import { decideIndices, decideLabels, decisionRuleProblems, describeDecisionRule, type DecisionRule } from '../../../components/core/decision-rule.js';
import { tuneDecisionRule } from '../../../components/model-selection/tune-decision-rule.js';
import { createRng } from '../../../core/random.js';

/** Row-major two-column probabilities from P(class 1). */
function binaryProba(p1: number[]): Float64Array {
  return Float64Array.from(p1.flatMap((p) => [1 - p, p]));
}

/** F1 of class `positive` for labels `pred`. */
function f1Of(y: Int32Array, pred: Int32Array, positive: number): number {
  let tp = 0;
  let t = 0;
  let p = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === positive) t++;
    if (pred[i] === positive) p++;
    if (y[i] === positive && pred[i] === positive) tp++;
  }
  return (2 * tp) / (t + p);
}

describe('binary rules (worked by hand)', () => {
  // row:   0    1    2    3    4    5
  // y:     0    0    1    1    0    1      (P = 3)
  // p1:   .1   .4   .4   .8   .7   .2
  // threshold .8: tp1 fp0 -> F1 2/4 = .5, precision 1
  //           .7: tp1 fp1 -> 2/5 = .4,    precision .5
  //           .4: tp2 fp2 -> 4/7 = .571,  precision .5
  //           .2: tp3 fp2 -> 6/8 = .75,   precision .6
  //           .1: tp3 fp3 -> 6/9 = .667,  precision .5
  // argmax (p1 > .5): rows 3, 4 -> tp1 fp1 -> F1 .4
  const y = Int32Array.from([0, 0, 1, 1, 0, 1]);
  const proba = binaryProba([0.1, 0.4, 0.4, 0.8, 0.7, 0.2]);
  const classes = ['ham', 'spam'];

  it('f1 picks the threshold with the best F1 of the positive class', () => {
    const { rule, warnings } = tuneDecisionRule({ metric: 'f1' }, y, proba, classes, 1);
    expect(warnings).toEqual([]);
    expect(rule).toMatchObject({ kind: 'threshold', class: 'spam', threshold: 0.2, objective: 'f1' });
    expect(rule!.validation.value).toBeCloseTo(0.75, 12);
    expect(rule!.validation.argmaxValue).toBeCloseTo(0.4, 12);
    // The stored rule's labels score what it claims.
    expect(f1Of(y, decideIndices(proba, classes, rule), 1)).toBeCloseTo(0.75, 12);
    // Label metrics follow the labels they are given: p1 >= .2 marks rows 1-5 spam, 4 of 6 right.
    const labels = decideIndices(proba, classes, rule);
    expect(computeMetric('f1', y, proba, 2, 1, labels)).toBeCloseTo(0.75, 12);
    expect(computeMetric('accuracy', y, proba, 2, 1, labels)).toBeCloseTo(4 / 6, 12);
    expect(computeMetric('accuracy', y, proba, 2, 1)).toBeCloseTo(3 / 6, 12);
    expect(computeMetric('f1', y, proba, 2, 1)).toBeCloseTo(0.4, 12);
  });

  it('macro_f1 scores both classes', () => {
    // At .2: negatives tn = 1 of 3, predicted negative 1 (row 0) -> F1(ham) 2/4 = .5; mean (.75 + .5) / 2 = .625.
    // At .8: tn 3, predicted negative 5 -> F1(ham) 6/8 = .75; mean (.5 + .75) / 2 = .625; .4: (.571 + 2*1/(3+2)=.4)/2 < .625.
    // Equal values: the higher threshold (fewer positives) wins.
    const { rule } = tuneDecisionRule({ metric: 'macro_f1' }, y, proba, classes, 1);
    expect(rule).toMatchObject({ kind: 'threshold', threshold: 0.8, objective: 'macro_f1' });
    expect(rule!.validation.value).toBeCloseTo(0.625, 12);
  });

  it('a precision target takes the lowest threshold reaching it (max recall there)', () => {
    const at06 = tuneDecisionRule({ precision: 0.6, class: 'spam' }, y, proba, classes, 1).rule!;
    expect(at06).toMatchObject({ kind: 'threshold', class: 'spam', threshold: 0.2, objective: 'precision', target: 0.6 });
    expect(at06.validation).toMatchObject({ precision: 0.6, recall: 1 });
    const at095 = tuneDecisionRule({ precision: 0.95, class: 'spam' }, y, proba, classes, 1).rule!;
    expect(at095).toMatchObject({ kind: 'threshold', threshold: 0.8 });
    expect(at095.validation.recall).toBeCloseTo(1 / 3, 12);
    // Argmax recall of spam: row 3 only, 1/3.
    expect(at095.validation.argmaxValue).toBeCloseTo(1 / 3, 12);
  });

  it('a precision target on the negative class thresholds that class', () => {
    // ham scores 1 - p1: .9(h) .6(h) .6(s) .3(h) .2(s) .8(s)... at >= .9 precision 1, recall 1/3.
    const rule = tuneDecisionRule({ precision: 1, class: 'ham' }, y, proba, classes, 1).rule!;
    expect(rule).toMatchObject({ class: 'ham', threshold: 0.9 });
    expect(decideLabels(proba, classes, rule)).toEqual(['ham', 'spam', 'spam', 'spam', 'spam', 'spam']);
  });

  it('an unreachable precision target warns, names the best reachable, and keeps the F1 rule', () => {
    const yy = Int32Array.from([0, 1, 0, 1]);
    const pp = binaryProba([0.9, 0.8, 0.7, 0.6]);
    const { rule, warnings } = tuneDecisionRule({ precision: 0.9, class: 'spam' }, yy, pp, classes, 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no threshold on "spam" reaches precision 0\.9 on the 4 validation rows \(the highest is 0\.5\)/);
    expect(rule).toMatchObject({ kind: 'threshold', objective: 'f1' });
  });

  it('no positive rows: no rule, a warning', () => {
    const { rule, warnings } = tuneDecisionRule({ metric: 'f1' }, Int32Array.from([0, 0]), binaryProba([0.2, 0.7]), classes, 1);
    expect(rule).toBeUndefined();
    expect(warnings[0]).toMatch(/"spam" has no rows/);
  });
});

/**
 * Three classes, the last rare (5%) and under-predicted: the model's probability for it is
 * shrunk, as a model trained without class weights tends to do. Argmax then seldom predicts it.
 */
function imbalanced(n: number, seed: number): { y: Int32Array; proba: Float64Array } {
  const rng = createRng(seed);
  const y = new Int32Array(n);
  const proba = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const u = rng();
    y[i] = u < 0.6 ? 0 : u < 0.95 ? 1 : 2;
    const s = [rng(), rng(), rng()];
    s[y[i]] += 0.8;
    s[2] *= 0.35;
    const sum = s[0] + s[1] + s[2];
    for (let c = 0; c < 3; c++) proba[i * 3 + c] = s[c] / sum;
  }
  return { y, proba };
}

describe('multi-class class weights', () => {
  const classes = ['a', 'b', 'rare'];
  const validation = imbalanced(2000, 1);

  it('improve macro F1 over argmax on an imbalanced case, and the gain holds on fresh rows', () => {
    const { rule, warnings } = tuneDecisionRule({ metric: 'f1' }, validation.y, validation.proba, classes, 0);
    expect(warnings).toEqual([]);
    expect(rule!.kind).toBe('class_weights');
    const weights = (rule as Extract<DecisionRule, { kind: 'class_weights' }>).weights;
    expect(weights.rare).toBeGreaterThan(weights.a);
    const v = rule!.validation;
    expect(v.value).toBeGreaterThan(v.argmaxValue + 0.05);
    // Checked independently: the metrics' macro F1 of argmax(p * w) equals the reported value.
    const weighted = (p: Float64Array) => p.map((x, i) => x * weights[classes[i % 3]]);
    expect(computeMetric('f1', validation.y, weighted(validation.proba), 3, 0)).toBeCloseTo(v.value, 12);
    expect(computeMetric('f1', validation.y, validation.proba, 3, 0)).toBeCloseTo(v.argmaxValue, 12);
    const fresh = imbalanced(2000, 2);
    expect(computeMetric('f1', fresh.y, weighted(fresh.proba), 3, 0)).toBeGreaterThan(computeMetric('f1', fresh.y, fresh.proba, 3, 0) + 0.03);
  });

  it('is deterministic and does not depend on row order', () => {
    const a = tuneDecisionRule({ metric: 'macro_f1' }, validation.y, validation.proba, classes, 0);
    const b = tuneDecisionRule({ metric: 'macro_f1' }, validation.y, validation.proba, classes, 0);
    expect(b).toEqual(a);
    const order = Array.from({ length: validation.y.length }, (_, i) => validation.y.length - 1 - i);
    const y = Int32Array.from(order, (i) => validation.y[i]);
    const proba = Float64Array.from(order.flatMap((i) => [0, 1, 2].map((c) => validation.proba[i * 3 + c])));
    expect(tuneDecisionRule({ metric: 'macro_f1' }, y, proba, classes, 0).rule).toEqual(a.rule);
  });

  it('a precision target on one class thresholds it and leaves the others to argmax', () => {
    const { rule } = tuneDecisionRule({ precision: 0.8, class: 'rare' }, validation.y, validation.proba, classes, 0);
    expect(rule).toMatchObject({ kind: 'threshold', class: 'rare', objective: 'precision' });
    expect(rule!.validation.precision).toBeGreaterThanOrEqual(0.8);
    const labels = decideIndices(validation.proba, classes, rule);
    let tp = 0;
    let predicted = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === 2) (predicted++, validation.y[i] === 2 && tp++);
    expect(tp / predicted).toBeCloseTo(rule!.validation.precision!, 12);
  });
});

describe('applying a rule', () => {
  const classes = ['a', 'b', 'c'];
  // rows: (.5 .3 .2), (.2 .3 .5), (.4 .4 .2)
  const proba = Float64Array.from([0.5, 0.3, 0.2, 0.2, 0.3, 0.5, 0.4, 0.4, 0.2]);
  const basis = { objective: 'f1' as const, validation: { value: 0, argmaxValue: 0, rows: 0 } };

  it('argmax without a rule, ties to the lower index', () => {
    expect(decideLabels(proba, classes)).toEqual(['a', 'c', 'a']);
  });

  it('threshold: the class at or above it, else the most probable other class', () => {
    const rule: DecisionRule = { kind: 'threshold', class: 'c', threshold: 0.2, ...basis };
    expect(decideLabels(proba, classes, rule)).toEqual(['c', 'c', 'c']);
    expect(decideLabels(proba, classes, { ...rule, class: 'a', threshold: 0.45 })).toEqual(['a', 'c', 'b']);
  });

  it('class weights scale probabilities before argmax', () => {
    expect(decideLabels(proba, classes, { kind: 'class_weights', weights: { b: 2 }, ...basis })).toEqual(['b', 'b', 'b']);
  });

  it('stored rules are checked against the classes', () => {
    expect(decisionRuleProblems({ kind: 'threshold', class: 'x', threshold: 0.5 }, classes)).toEqual(['decision.class: "x" is not a class of the model (a, b, c)']);
    expect(decisionRuleProblems({ kind: 'class_weights', weights: { b: -1 } }, classes)[0]).toMatch(/decision.weights.b: expected a number > 0/);
    expect(decisionRuleProblems({ kind: 'vote' }, classes)[0]).toMatch(/decision.kind/);
  });

  it('describes itself with the metric and its validation value', () => {
    const text = describeDecisionRule({ kind: 'threshold', class: 'spam', threshold: 0.3127, objective: 'precision', target: 0.95, validation: { value: 0.8, argmaxValue: 0.6, rows: 400, precision: 0.96, recall: 0.8 } });
    expect(text).toBe('"spam" when its probability >= 0.3127, else the most probable other class; chosen for max recall at precision >= 0.95 on 400 validation rows (recall 0.8 vs 0.6 by argmax, at precision 0.96)');
  });
});
