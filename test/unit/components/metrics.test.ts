import { describe, expect, it } from 'vitest';
import { METRICS, computeAllMetrics, computeMetric, isMetricName, recallAtPrecision, thresholdForPrecision } from '../../../components/index.js';

/** Row-major two-column probabilities from P(class 1). */
function binaryProba(p1: number[]): Float64Array {
  return Float64Array.from(p1.flatMap((p) => [1 - p, p]));
}

describe('binary metrics (worked by hand)', () => {
  // row:   0    1    2    3    4    5
  // y:     0    0    1    1    0    1
  // p1:   .1   .4   .4   .8   .7   .2      (rows 1 and 2 tie across classes)
  const y = Int32Array.from([0, 0, 1, 1, 0, 1]);
  const proba = binaryProba([0.1, 0.4, 0.4, 0.8, 0.7, 0.2]);

  it('roc_auc counts tied pairs as one half', () => {
    // Positive vs negative pairs (negatives .1, .4, .7):
    //   .4 -> 1 + 0.5 + 0 = 1.5;  .8 -> 3;  .2 -> 1 + 0 + 0 = 1.   5.5 / 9 pairs.
    expect(computeMetric('roc_auc', y, proba, 2, 1)).toBeCloseTo(5.5 / 9, 12);
  });

  it('pr_auc is step-wise average precision, ties forming one threshold', () => {
    // threshold .8: tp1 fp0  P=1   R=1/3  -> +1/3 * 1
    //           .7: tp1 fp1  P=1/2 R=1/3  -> +0
    //           .4: tp2 fp2  P=1/2 R=2/3  -> +1/3 * 1/2
    //           .2: tp3 fp2  P=3/5 R=1    -> +1/3 * 3/5
    //           .1: tp3 fp3               -> +0          total 1/3 + 1/6 + 1/5 = 0.7
    expect(computeMetric('pr_auc', y, proba, 2, 1)).toBeCloseTo(0.7, 12);
  });

  it('f1 and accuracy use the most probable class', () => {
    // Predicted positive: rows 3 (.8) and 4 (.7). TP=1 FP=1 FN=2 -> F1 = 2/(2+1+2) = 0.4.
    expect(computeMetric('f1', y, proba, 2, 1)).toBeCloseTo(0.4, 12);
    // Correct: rows 0, 1, 3 -> 3/6.
    expect(computeMetric('accuracy', y, proba, 2, 1)).toBeCloseTo(0.5, 12);
  });

  it('log_loss is the mean negative log-probability of the true class', () => {
    // True-class probabilities .9 .6 .4 .8 .3 .2, product 0.010368.
    expect(computeMetric('log_loss', y, proba, 2, 1)).toBeCloseTo(-Math.log(0.010368) / 6, 12);
  });

  it('log_loss clips probabilities at 1e-15', () => {
    const loss = computeMetric('log_loss', Int32Array.from([1, 0]), binaryProba([0, 0]), 2, 1);
    // Row 0 has p(true)=0 -> clipped to 1e-15; row 1 has p(true)=1 -> clipped to 1 - 1e-15.
    expect(loss).toBeCloseTo((-Math.log(1e-15) - Math.log(1 - 1e-15)) / 2, 10);
  });

  it('scores the positive class column, whichever index it has', () => {
    // Swapping the labels and the columns describes the same problem with positiveClass 0.
    const flippedY = Int32Array.from(y, (v) => 1 - v);
    const flipped = binaryProba([0.9, 0.6, 0.6, 0.2, 0.3, 0.8]);
    expect(computeMetric('roc_auc', flippedY, flipped, 2, 0)).toBeCloseTo(5.5 / 9, 12);
    expect(computeMetric('pr_auc', flippedY, flipped, 2, 0)).toBeCloseTo(0.7, 12);
  });

  it('recall at a fixed precision picks the lowest threshold meeting it', () => {
    // Operating points (threshold: precision, recall): .8: 1, 1/3   .7: 1/2, 1/3   .4: 1/2, 2/3
    //                                                  .2: 3/5, 1   .1: 1/2, 1
    expect(thresholdForPrecision(y, proba, 2, 1, 0.6)).toEqual({ threshold: 0.2, precision: 0.6, recall: 1 });
    expect(thresholdForPrecision(y, proba, 2, 1, 0.9)).toEqual({ threshold: 0.8, precision: 1, recall: 1 / 3 });
    expect(recallAtPrecision(y, proba, 2, 1, 0.9)).toBeCloseTo(1 / 3, 12);
    expect(thresholdForPrecision(y, proba, 2, 1, 1.01)).toBeUndefined();
    expect(recallAtPrecision(y, proba, 2, 1, 1.01)).toBe(0);
  });

  it('roc_auc is NaN when only one class is present', () => {
    expect(computeMetric('roc_auc', Int32Array.from([1, 1]), binaryProba([0.2, 0.9]), 2, 1)).toBeNaN();
  });
});

describe('multi-class ranking metrics with a class absent from the rows', () => {
  it('average over the classes present instead of becoming NaN', () => {
    // Classes 0, 1, 2; class 2 (a rare class) is not among these rows.
    const y = Int32Array.from([0, 0, 1, 1]);
    const proba = Float64Array.from([0.7, 0.2, 0.1, 0.4, 0.5, 0.1, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1]);
    // One-vs-rest AUC: class 0 ranks [0.7, 0.4] above [0.3, 0.2] -> 1; class 1 ranks [0.6, 0.7] above [0.2, 0.5] -> 1.
    expect(computeMetric('roc_auc', y, proba, 3, 0)).toBe(1);
    expect(computeMetric('pr_auc', y, proba, 3, 0)).toBe(1);
    // Defined for no class at all: NaN.
    expect(computeMetric('roc_auc', Int32Array.from([0, 0]), Float64Array.from([0.5, 0.3, 0.2, 0.6, 0.2, 0.2]), 3, 0)).toBeNaN();
  });
});

describe('multi-class metrics (worked by hand)', () => {
  // y = 0, 1, 2, 2; argmax predictions 0, 1, 1, 2.
  const y = Int32Array.from([0, 1, 2, 2]);
  const proba = Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.5, 0.3, 0.1, 0.6, 0.3, 0.2, 0.2, 0.6]);

  it('roc_auc is the macro one-vs-rest average', () => {
    // class 0: scores .6 .2 .1 .2, positive .6 beats all  -> 1
    // class 1: positive .5 vs .3 .6 .2                    -> 2/3
    // class 2: positives .3 .6 vs .1 .3 -> (1 + .5 + 2)/4 -> 7/8      mean = 61/72
    expect(computeMetric('roc_auc', y, proba, 3, 1)).toBeCloseTo(61 / 72, 12);
  });

  it('pr_auc is the macro one-vs-rest average precision', () => {
    // class 0: 1.  class 1: .6(N) then .5(P): P=1/2 at R=1 -> 1/2.
    // class 2: .6(P): 1 * 1/2; .3 (P and N tied): P=2/3 over the last 1/2 -> 1/2 + 1/3 = 5/6.   mean = 7/9
    expect(computeMetric('pr_auc', y, proba, 3, 1)).toBeCloseTo(7 / 9, 12);
  });

  it('f1 is the macro average of per-class F1', () => {
    // class 0: tp1 true1 pred1 -> 1; class 1: tp1 true1 pred2 -> 2/3; class 2: tp1 true2 pred1 -> 2/3.
    expect(computeMetric('f1', y, proba, 3, 1)).toBeCloseTo(7 / 9, 12);
  });

  it('computeAllMetrics returns every metric', () => {
    const all = computeAllMetrics(y, proba, 3, 1);
    expect(Object.keys(all).sort()).toEqual(Object.keys(METRICS).sort());
    expect(all.accuracy).toBeCloseTo(3 / 4, 12);
    // True-class probabilities .6 .5 .3 .6, product .054.
    expect(all.log_loss).toBeCloseTo(-Math.log(0.054) / 4, 12);
  });
});

describe('metric catalogue and input checks', () => {
  it('knows directions and names', () => {
    expect(METRICS.log_loss.direction).toBe('minimize');
    expect(METRICS.roc_auc.direction).toBe('maximize');
    expect(isMetricName('pr_auc')).toBe(true);
    expect(isMetricName('toString')).toBe(false);
    expect(isMetricName(3)).toBe(false);
  });

  it('rejects mismatched shapes and labels out of range', () => {
    expect(() => computeMetric('accuracy', Int32Array.from([0, 1]), new Float64Array(3), 2, 1)).toThrow(/expected 2 rows x 2 classes/);
    expect(() => computeMetric('accuracy', Int32Array.from([0, 2]), binaryProba([0.1, 0.2]), 2, 1)).toThrow(/label 2 at row 1/);
  });
});
