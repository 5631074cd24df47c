import type { Pipeline } from '../../components/core/pipeline.js';
import { computeAllMetrics } from '../../components/metrics/classification.js';
import { decideIndices } from '../../components/core/decision-rule.js';
import type { SplitPart } from './prepared-dataset.js';

/**
 * Scores a fitted pipeline on a split, in the dataset's class order, label metrics by its decision rule. A class the pipeline
 * never saw in training gets probability 0 rather than shifting the columns.
 */
export async function evaluatePipeline(pipeline: Pipeline, part: SplitPart, classes: string[], positiveClass: number): Promise<Record<string, number>> {
  return (await evaluateWithPredictions(pipeline, part, classes, positiveClass)).metrics;
}

/** Metrics plus the probabilities they came from (rows x classes, in `classes` order) and the labels it serves (indices into `classes`). */
export async function evaluateWithPredictions(pipeline: Pipeline, part: SplitPart, classes: string[], positiveClass: number): Promise<{ metrics: Record<string, number>; proba: Float64Array; labels: Int32Array }> {
  const raw = pipeline.requiresAsyncTransform ? await pipeline.predictProbaAsync(part.table) : pipeline.predictProba(part.table);
  const fitted = pipeline.classes;
  const k = classes.length;
  const proba = new Float64Array(part.labels.length * k);
  const columnOf = fitted.map((c) => classes.indexOf(c));
  for (let i = 0; i < part.labels.length; i++) {
    for (let j = 0; j < fitted.length; j++) proba[i * k + columnOf[j]] = raw[i * fitted.length + j];
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const yTrue = Int32Array.from(part.labels, (l) => index.get(l) ?? -1);
  // Label metrics (f1, accuracy) score the labels the model serves: its decision rule's, when it has one.
  const rule = pipeline.decisionRule;
  const labels = decideIndices(proba, classes, rule);
  return { metrics: computeAllMetrics(yTrue, proba, k, positiveClass, rule ? labels : undefined), proba, labels };
}
