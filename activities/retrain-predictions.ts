/**
 * A fitted model's predictions on labelled rows in the form monitoring/ judges (class indices,
 * probabilities, the labels its decision rule serves), for performance drift and promotion.
 */
import type { Pipeline } from '../components/core/pipeline.js';
import type { Table } from '../components/core/table.js';
import { labelKey } from '../core/labels.js';
import type { Predictions } from '../monitoring/holdout-metrics.js';
import { evaluateWithPredictions } from './training/evaluate.js';

/** Labels of a table's target column as class keys ('' for a missing label: it matches no class). */
export function labelsOf(table: Table, target: string): string[] {
  return (table.columns[target] ?? []).map((v) => labelKey(v as string | number | null) ?? '');
}

/**
 * @param classes the class order to report in (a class the model never saw gets probability 0;
 *   a row whose label is not in `classes` gets yTrue -1)
 */
export async function predictionsOn(pipeline: Pipeline, table: Table, labels: string[], classes: string[], positiveClass: number): Promise<{ predictions: Predictions; metrics: Record<string, number> }> {
  const { proba, labels: yPred, metrics } = await evaluateWithPredictions(pipeline, { table, labels }, classes, positiveClass);
  const index = new Map(classes.map((c, i) => [c, i]));
  const yTrue = Int32Array.from(labels, (l) => index.get(l) ?? -1);
  return { predictions: { yTrue, proba, yPred, classes, positiveClass }, metrics };
}

/** The positive class's index for a model: the spec's positiveLabel, else the last class. */
export function positiveIndex(classes: readonly string[], positiveLabel: string | undefined): number {
  const i = positiveLabel !== undefined ? classes.indexOf(positiveLabel) : -1;
  return i >= 0 ? i : classes.length - 1;
}
