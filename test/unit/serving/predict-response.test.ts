/**
 * /v1/predict's body is written straight from the probabilities (serving/predict-response.ts):
 * it must be the very text JSON.stringify gives for the same predictions, whatever the numbers
 * and class names.
 */
import { describe, expect, it } from 'vitest';
import { decideIndices, type DecisionRule } from '../../../components/core/decision-rule.js';
import { PredictResponseEncoder } from '../../../serving/predict-response.js';
import { toPredictions } from '../../../serving/servable-model.js';

function expected(name: string, version: number, classes: string[], proba: Float64Array, rows: number, rule?: DecisionRule): string {
  return JSON.stringify({ model: { name, version }, predictions: toPredictions(proba, classes, rows, rule) });
}

function encoded(name: string, version: number, classes: string[], proba: Float64Array, rows: number, rule?: DecisionRule): string {
  return new PredictResponseEncoder(name, version, classes).encode(proba, decideIndices(proba.subarray(0, rows * classes.length), classes, rule), rows);
}

describe('PredictResponseEncoder', () => {
  it('writes what JSON.stringify writes, for numbers of every form', () => {
    const numbers = [0.5, 0, -0, 1, 1e-7, 1.5e-300, 5e-324, 0.1 + 0.2, 1 - 1e-16, 0.9999999999999999, 123456789.125, 2 ** 70];
    const proba = Float64Array.from(numbers.flatMap((p) => [p, 1 - p]));
    const classes = ['ham', 'spam'];
    expect(encoded('m', 3, classes, proba, numbers.length)).toBe(expected('m', 3, classes, proba, numbers.length));
    expect(JSON.parse(encoded('m', 3, classes, proba, numbers.length)).predictions).toHaveLength(numbers.length);
  });

  it('writes null where a probability is not finite, as JSON.stringify does', () => {
    const proba = Float64Array.from([Number.NaN, Number.POSITIVE_INFINITY, 0.25, 0.75]);
    expect(encoded('m', 1, ['a', 'b'], proba, 2)).toBe(expected('m', 1, ['a', 'b'], proba, 2));
  });

  it('escapes model and class names that need it, and keeps the decision rule labels', () => {
    const classes = ['say "hi"', 'back\\slash', 'ünï\u2028cödé', '</script>'];
    const proba = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.7, 0.1, 0.1, 0.1]);
    const rule: DecisionRule = { kind: 'threshold', class: 'back\\slash', threshold: 0.15, objective: 'f1', validation: { value: 0, argmaxValue: 0, rows: 0 } };
    expect(encoded('name "quoted"', 12, classes, proba, 2, rule)).toBe(expected('name "quoted"', 12, classes, proba, 2, rule));
    expect(JSON.parse(encoded('n', 1, classes, proba, 2, rule)).predictions.map((p: { label: string }) => p.label)).toEqual(['back\\slash', 'say "hi"']);
  });

  it('writes an empty list for no rows', () => {
    expect(encoded('m', 1, ['a', 'b'], new Float64Array(0), 0)).toBe(expected('m', 1, ['a', 'b'], new Float64Array(0), 0));
  });
});
