/**
 * Stratified k-fold cross-validation of a pipeline spec (scikit-learn's cross_validate with
 * StratifiedKFold): the folds come from core/splits.ts `stratifiedKFold`, so the same labels
 * and seed give the same folds everywhere. Each fold fits a fresh pipeline on the other folds
 * (with the training labels in the fit context, for supervised encoders such as
 * target_encoding) and scores the held-out fold with every metric.
 *
 * Class indices are those of the whole dataset (labels sorted by their string form, as the
 * Pipeline orders them), so a fold whose training rows miss a rare class still scores on the
 * full class set (that class gets probability 0).
 */
import { Pipeline, type PipelineSpec } from '../core/pipeline.js';
import { selectTableRows, type Table } from '../core/table.js';
import type { CellValue, FitContext } from '../core/types.js';
import { UserInputError } from '../../core/errors.js';
import { positiveClassIndex, requireTwoClasses } from '../../core/labels.js';
import { computeAllMetrics, isMetricName, METRICS, type MetricName } from '../metrics/classification.js';
import { stratifiedKFold } from '../../core/splits.js';
import { encodeTarget, withTarget } from '../feature-extraction/target-encoding.js';
import { prepareTensorflow } from '../classifiers/tf-backend.js';

export interface CrossValidateOptions {
  /** Number of folds (default 5). */
  k?: number;
  seed?: number;
  /** The metric summarised as `score` (default roc_auc). */
  metric?: MetricName;
  /** Positive class for binary metrics (default: the second class in sorted order). */
  positiveLabel?: string;
  shouldStop?: () => boolean;
  onProgress?: (fraction: number) => void;
}

export interface FoldResult {
  fold: number;
  trainRows: number;
  validationRows: number;
  metrics: Record<MetricName, number>;
  fitSeconds: number;
}

export interface CrossValidationResult {
  metric: MetricName;
  /** Mean of `metric` over the folds. */
  score: number;
  classes: string[];
  positiveClass: string;
  folds: FoldResult[];
  mean: Record<MetricName, number>;
  /** Population standard deviation over folds. */
  std: Record<MetricName, number>;
}

export async function crossValidate(spec: PipelineSpec, table: Table, labels: readonly CellValue[], options: CrossValidateOptions = {}): Promise<CrossValidationResult> {
  const k = options.k ?? 5;
  const seed = options.seed ?? 0;
  const metric = options.metric ?? 'roc_auc';
  if (!isMetricName(metric)) throw new UserInputError(`metric: unknown metric ${JSON.stringify(metric)}; known: ${Object.keys(METRICS).join(', ')}`);
  if (labels.length !== table.nRows) throw new UserInputError(`${table.nRows} rows but ${labels.length} labels`);
  Pipeline.create(spec); // validates the spec before any work
  const { y, nClasses, classes } = encodeTarget(labels);
  requireTwoClasses(classes);
  // The same rule as training (activities/prepare-dataset.ts): positiveLabel, else the last class.
  const positiveClass = positiveClassIndex(classes, options.positiveLabel);
  const positive = classes[positiveClass];
  if (spec.classifier?.kind === 'mlp') await prepareTensorflow();

  const folds = stratifiedKFold(labels, k, seed);
  const results: FoldResult[] = [];
  for (let f = 0; f < folds.length; f++) {
    if (options.shouldStop?.()) break;
    const { train, validation } = folds[f];
    const trainTable = selectTableRows(table, train);
    const trainLabels = train.map((i) => labels[i]);
    const started = performance.now();
    const ctx: FitContext = {
      seed,
      shouldStop: options.shouldStop,
      onProgress: options.onProgress ? (p) => options.onProgress!((f + p) / folds.length) : undefined,
    };
    const pipeline = await Pipeline.create(spec).fitAsync(trainTable, trainLabels, withTarget(ctx, trainLabels));
    const fitSeconds = (performance.now() - started) / 1000;
    const proba = await pipeline.predictProbaAsync(selectTableRows(table, validation));
    // Fold classes are a subset of the full sorted class list: map columns across.
    const foldClasses = pipeline.classes;
    const full = new Float64Array(validation.length * nClasses);
    const column = foldClasses.map((c) => classes.indexOf(c));
    for (let r = 0; r < validation.length; r++) {
      for (let c = 0; c < foldClasses.length; c++) full[r * nClasses + column[c]] = proba[r * foldClasses.length + c];
    }
    const yVal = Int32Array.from(validation, (i) => y[i]);
    results.push({ fold: f, trainRows: train.length, validationRows: validation.length, metrics: computeAllMetrics(yVal, full, nClasses, positiveClass), fitSeconds });
  }
  if (results.length === 0) throw new UserInputError('cross-validation was stopped before any fold finished');
  const names = Object.keys(METRICS) as MetricName[];
  const mean = {} as Record<MetricName, number>;
  const std = {} as Record<MetricName, number>;
  for (const name of names) {
    const values = results.map((r) => r.metrics[name]);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[name] = m;
    std[name] = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
  }
  options.onProgress?.(1);
  return { metric, score: mean[metric], classes, positiveClass: positive, folds: results, mean, std };
}
