/**
 * Classification metrics on class indices and row-major probabilities (rows x nClasses),
 * with scikit-learn's definitions so numbers compare with Python baselines.
 * Binary problems score the `positiveClass` column; with more than two classes roc_auc and
 * pr_auc are one-vs-rest macro averages and f1 is the macro average.
 * A metric that is undefined on the data (ROC AUC with one class present) is NaN.
 */
import { averagePrecision, bestPointAtPrecision, binaryRocAuc, type PrecisionOperatingPoint } from './ranking.js';

export type MetricName = 'roc_auc' | 'pr_auc' | 'f1' | 'log_loss' | 'accuracy';

export const METRICS: Record<MetricName, { direction: 'maximize' | 'minimize'; description: string }> = {
  roc_auc: { direction: 'maximize', description: 'Area under the ROC curve (one-vs-rest macro average for more than two classes).' },
  pr_auc: { direction: 'maximize', description: 'Average precision, the step-wise area under the precision-recall curve (macro one-vs-rest for more than two classes).' },
  f1: { direction: 'maximize', description: 'F1 of the positive class at the most probable class (macro average for more than two classes).' },
  log_loss: { direction: 'minimize', description: 'Mean negative log-likelihood of the true class, probabilities clipped to [1e-15, 1 - 1e-15].' },
  accuracy: { direction: 'maximize', description: 'Fraction of rows whose most probable class is the true class.' },
};

export function isMetricName(x: unknown): x is MetricName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(METRICS, x);
}

const EPS = 1e-15;

/**
 * `yPred`: the labels to score label-based metrics (f1, accuracy) on, e.g. a model's decision
 * rule (../core/decision-rule.ts); argmax of `proba` when absent. Ranking metrics and log loss
 * read the probabilities only.
 */
export function computeMetric(name: MetricName, yTrue: Int32Array, proba: Float64Array, nClasses: number, positiveClass: number, yPred?: Int32Array): number {
  checkInputs(yTrue, proba, nClasses, positiveClass);
  if (yPred !== undefined && yPred.length !== yTrue.length) throw new Error(`metrics: ${yPred.length} predicted labels for ${yTrue.length} rows`);
  switch (name) {
    case 'roc_auc':
      return perClassRanking(binaryRocAuc, yTrue, proba, nClasses, positiveClass);
    case 'pr_auc':
      return perClassRanking(averagePrecision, yTrue, proba, nClasses, positiveClass);
    case 'f1':
      return f1(yTrue, yPred ?? argmaxPredictions(proba, nClasses), nClasses, positiveClass);
    case 'log_loss':
      return logLoss(yTrue, proba, nClasses);
    case 'accuracy':
      return accuracy(yTrue, yPred ?? argmaxPredictions(proba, nClasses));
  }
}

export function computeAllMetrics(yTrue: Int32Array, proba: Float64Array, nClasses: number, positiveClass: number, yPred?: Int32Array): Record<MetricName, number> {
  const all = {} as Record<MetricName, number>;
  for (const name of Object.keys(METRICS) as MetricName[]) all[name] = computeMetric(name, yTrue, proba, nClasses, positiveClass, yPred);
  return all;
}

/**
 * The highest recall reachable while precision stays >= minPrecision, thresholding the
 * positive-class probability (0 when no threshold reaches that precision).
 * Moderation teams fix the precision they can afford and ask what recall it buys.
 */
export function recallAtPrecision(yTrue: Int32Array, proba: Float64Array, nClasses: number, positiveClass: number, minPrecision: number): number {
  return thresholdForPrecision(yTrue, proba, nClasses, positiveClass, minPrecision)?.recall ?? 0;
}

/** The operating point behind `recallAtPrecision`: predict positive when p >= threshold. */
export function thresholdForPrecision(
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass: number,
  minPrecision: number,
): PrecisionOperatingPoint | undefined {
  checkInputs(yTrue, proba, nClasses, positiveClass);
  return bestPointAtPrecision(column(proba, nClasses, positiveClass), indicator(yTrue, positiveClass), minPrecision);
}

export type { PrecisionOperatingPoint };

// ---- helpers ----------------------------------------------------------------------------

function checkInputs(yTrue: Int32Array, proba: Float64Array, nClasses: number, positiveClass: number): void {
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new Error(`metrics: nClasses must be an integer >= 2, got ${nClasses}`);
  if (proba.length !== yTrue.length * nClasses) throw new Error(`metrics: proba has ${proba.length} values, expected ${yTrue.length} rows x ${nClasses} classes`);
  if (!(positiveClass >= 0 && positiveClass < nClasses)) throw new Error(`metrics: positiveClass ${positiveClass} is not a class index below ${nClasses}`);
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] < 0 || yTrue[i] >= nClasses) throw new Error(`metrics: label ${yTrue[i]} at row ${i} is not a class index below ${nClasses}`);
  }
  for (let i = 0; i < proba.length; i++) {
    if (!Number.isFinite(proba[i])) throw new Error(`metrics: probability at row ${Math.floor(i / nClasses)} is ${proba[i]}`);
  }
}

function column(proba: Float64Array, nClasses: number, k: number): Float64Array {
  const out = new Float64Array(proba.length / nClasses);
  for (let i = 0; i < out.length; i++) out[i] = proba[i * nClasses + k];
  return out;
}

function indicator(yTrue: Int32Array, k: number): Uint8Array {
  return Uint8Array.from(yTrue, (y) => (y === k ? 1 : 0));
}

/**
 * The binary metric on the positive class, or its macro average over classes one-vs-rest.
 * Classes the metric is undefined for on these rows (absent from them, as a rare class can be
 * from a validation or test split) are left out of the average rather than making it NaN;
 * NaN only when it is undefined for every class.
 */
function perClassRanking(
  metric: (scores: Float64Array, positive: Uint8Array) => number,
  yTrue: Int32Array,
  proba: Float64Array,
  nClasses: number,
  positiveClass: number,
): number {
  if (nClasses === 2) return metric(column(proba, nClasses, positiveClass), indicator(yTrue, positiveClass));
  let sum = 0;
  let defined = 0;
  for (let k = 0; k < nClasses; k++) {
    const value = metric(column(proba, nClasses, k), indicator(yTrue, k));
    if (Number.isNaN(value)) continue;
    sum += value;
    defined++;
  }
  return defined === 0 ? NaN : sum / defined;
}

/** Most probable class per row; ties go to the lower index, like numpy's argmax. */
function argmaxPredictions(proba: Float64Array, nClasses: number): Int32Array {
  const rows = proba.length / nClasses;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < nClasses; k++) if (proba[i * nClasses + k] > proba[i * nClasses + best]) best = k;
    out[i] = best;
  }
  return out;
}

/**
 * Binary: F1 of the positive class. Multi-class: unweighted mean of per-class F1 over the
 * classes present in yTrue or in the predictions. F1 with no true or predicted positives is 0.
 */
function f1(yTrue: Int32Array, yPred: Int32Array, nClasses: number, positiveClass: number): number {
  const tp = new Float64Array(nClasses);
  const truth = new Float64Array(nClasses);
  const predicted = new Float64Array(nClasses);
  for (let i = 0; i < yTrue.length; i++) {
    truth[yTrue[i]]++;
    predicted[yPred[i]]++;
    if (yTrue[i] === yPred[i]) tp[yTrue[i]]++;
  }
  const classF1 = (k: number) => (truth[k] + predicted[k] === 0 ? 0 : (2 * tp[k]) / (truth[k] + predicted[k]));
  if (nClasses === 2) return classF1(positiveClass);
  let sum = 0;
  let present = 0;
  for (let k = 0; k < nClasses; k++) {
    if (truth[k] + predicted[k] === 0) continue;
    sum += classF1(k);
    present++;
  }
  return present === 0 ? 0 : sum / present;
}

function logLoss(yTrue: Int32Array, proba: Float64Array, nClasses: number): number {
  if (yTrue.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(Math.max(proba[i * nClasses + yTrue[i]], EPS), 1 - EPS);
    sum -= Math.log(p);
  }
  return sum / yTrue.length;
}

function accuracy(yTrue: Int32Array, yPred: Int32Array): number {
  if (yTrue.length === 0) return NaN;
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}
