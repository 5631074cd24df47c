/**
 * Curve data for the search report, computed from the winner's test-split probabilities.
 * Pure functions over plain arrays (no I/O), following scikit-learn's conventions:
 * `roc_curve` (tied scores form one point, the curve starts at (0, 0)), `precision_recall_curve`
 * plus `average_precision_score` (step-wise, no interpolation), `calibration_curve` with
 * uniform bins, and `confusion_matrix` (rows are true classes, columns predicted classes).
 */

export interface RocCurve {
  /** False positive rate at each threshold, from 0 up to 1. */
  fpr: number[];
  /** True positive rate at each threshold. */
  tpr: number[];
  /** Score at or above which a row is called positive; the first is +Infinity (nothing positive). */
  thresholds: number[];
  /** Trapezoidal area under the curve (ties count half, like the Mann-Whitney statistic). */
  auc: number;
  positives: number;
  negatives: number;
}

export interface PrCurve {
  /** Recall at each threshold, from 0 (the added start point) up to 1. */
  recall: number[];
  /** Precision at each threshold; the start point has precision 1 by convention. */
  precision: number[];
  /** Threshold of each point (the start point has +Infinity). */
  thresholds: number[];
  /** Average precision: sum over thresholds of (R_n - R_{n-1}) * P_n, without interpolation. */
  averagePrecision: number;
  /** Share of positive rows: the precision of a random ranking. */
  prevalence: number;
}

/** The distinct thresholds, descending, with the cumulative counts of positives/negatives scored at or above each. */
function cumulativeCounts(scores: readonly number[], positive: readonly boolean[]): { thresholds: number[]; tp: number[]; fp: number[] } {
  if (scores.length !== positive.length) throw new Error(`scores (${scores.length}) and labels (${positive.length}) differ in length`);
  const order = scores.map((_, i) => i).filter((i) => Number.isFinite(scores[i]));
  order.sort((a, b) => scores[b] - scores[a]);
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (positive[i]) t++;
    else f++;
    // One point per distinct score: emit after the last row of a tie group.
    if (k === order.length - 1 || scores[order[k + 1]] !== scores[i]) {
      thresholds.push(scores[i]);
      tp.push(t);
      fp.push(f);
    }
  }
  return { thresholds, tp, fp };
}

/** ROC curve of `scores` against `positive`; undefined when the rows lack positives or negatives (the rates are not defined). */
export function rocCurve(scores: readonly number[], positive: readonly boolean[]): RocCurve | undefined {
  const { thresholds, tp, fp } = cumulativeCounts(scores, positive);
  const positives = tp.at(-1) ?? 0;
  const negatives = fp.at(-1) ?? 0;
  if (positives === 0 || negatives === 0) return undefined;
  const fpr = [0, ...fp.map((v) => v / negatives)];
  const tpr = [0, ...tp.map((v) => v / positives)];
  let auc = 0;
  for (let k = 1; k < fpr.length; k++) auc += ((fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1])) / 2;
  return { fpr, tpr, thresholds: [Infinity, ...thresholds], auc, positives, negatives };
}

/** Precision-recall curve; undefined when there is no positive row (recall is not defined). */
export function prCurve(scores: readonly number[], positive: readonly boolean[]): PrCurve | undefined {
  const { thresholds, tp, fp } = cumulativeCounts(scores, positive);
  const positives = tp.at(-1) ?? 0;
  const total = positives + (fp.at(-1) ?? 0);
  if (positives === 0) return undefined;
  const recall = [0, ...tp.map((v) => v / positives)];
  const precision = [1, ...tp.map((v, k) => v / (v + fp[k]))];
  let ap = 0;
  for (let k = 1; k < recall.length; k++) ap += (recall[k] - recall[k - 1]) * precision[k];
  return { recall, precision, thresholds: [Infinity, ...thresholds], averagePrecision: ap, prevalence: positives / total };
}

export interface CalibrationBin {
  /** Bin edges: [lo, hi), the last bin includes 1. */
  lo: number;
  hi: number;
  count: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  meanPredicted: number;
  /** Observed share of positives in the bin (NaN when empty). */
  fractionPositive: number;
}

/**
 * Reliability diagram data: `nBins` uniform bins over [0, 1] of the predicted probability,
 * each with its mean prediction and observed positive rate. Empty bins are kept (count 0)
 * so the chart's x axis is regular.
 */
export function calibrationBins(probabilities: readonly number[], positive: readonly boolean[], nBins = 10): CalibrationBin[] {
  if (probabilities.length !== positive.length) throw new Error(`probabilities (${probabilities.length}) and labels (${positive.length}) differ in length`);
  if (!Number.isInteger(nBins) || nBins < 1) throw new Error(`nBins must be a positive integer, got ${nBins}`);
  const sums = new Array<number>(nBins).fill(0);
  const hits = new Array<number>(nBins).fill(0);
  const counts = new Array<number>(nBins).fill(0);
  probabilities.forEach((p, i) => {
    if (!Number.isFinite(p)) return;
    const clipped = Math.min(1, Math.max(0, p));
    const b = Math.min(nBins - 1, Math.floor(clipped * nBins));
    counts[b]++;
    sums[b] += clipped;
    if (positive[i]) hits[b]++;
  });
  return counts.map((count, b) => ({
    lo: b / nBins,
    hi: (b + 1) / nBins,
    count,
    meanPredicted: count ? sums[b] / count : NaN,
    fractionPositive: count ? hits[b] / count : NaN,
  }));
}

/** Expected calibration error: the count-weighted mean |observed - predicted| over the bins. */
export function expectedCalibrationError(bins: readonly CalibrationBin[]): number {
  const n = bins.reduce((s, b) => s + b.count, 0);
  if (n === 0) return NaN;
  return bins.reduce((s, b) => s + (b.count ? (b.count / n) * Math.abs(b.fractionPositive - b.meanPredicted) : 0), 0);
}

/** Counts `matrix[true][predicted]` over class indices in [0, nClasses). */
export function confusionMatrix(actual: readonly number[], predicted: readonly number[], nClasses: number): number[][] {
  if (actual.length !== predicted.length) throw new Error(`actual (${actual.length}) and predicted (${predicted.length}) differ in length`);
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const p = predicted[i];
    if (!(a >= 0 && a < nClasses && p >= 0 && p < nClasses)) throw new Error(`row ${i}: class index out of range (actual ${a}, predicted ${p}, ${nClasses} classes)`);
    m[a][p]++;
  }
  return m;
}

/**
 * The predicted class of each row of a row-major `rows x nClasses` probability matrix:
 * with two classes, the positive class when its probability is at least `threshold`
 * (0.5 by default); with more, the argmax (the first of tied maxima).
 */
export function predictClasses(proba: readonly number[], nClasses: number, positiveClass: number, threshold = 0.5): number[] {
  if (nClasses < 1 || proba.length % nClasses !== 0) throw new Error(`probability matrix of ${proba.length} values does not divide into ${nClasses} classes`);
  const rows = proba.length / nClasses;
  const out = new Array<number>(rows);
  for (let r = 0; r < rows; r++) {
    if (nClasses === 2) {
      out[r] = proba[r * 2 + positiveClass] >= threshold ? positiveClass : 1 - positiveClass;
      continue;
    }
    let best = 0;
    for (let c = 1; c < nClasses; c++) if (proba[r * nClasses + c] > proba[r * nClasses + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Column `cls` of a row-major probability matrix. */
export function probabilityColumn(proba: readonly number[], nClasses: number, cls: number): number[] {
  const rows = Math.floor(proba.length / nClasses);
  return Array.from({ length: rows }, (_, r) => proba[r * nClasses + cls]);
}
