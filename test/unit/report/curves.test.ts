import { describe, expect, it } from 'vitest';
import { computeMetric } from '../../../components/index.js';
import { calibrationBins, confusionMatrix, expectedCalibrationError, prCurve, predictClasses, probabilityColumn, rocCurve } from '../../../report/curves.js';
import { reportFixture } from './fixture.js';

// Worked by hand:
//   score:    .9   .8   .7   .6   .55  .4
//   positive:  T    T    F    T    F    F        (3 positives, 3 negatives)
const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4];
const positive = [true, true, false, true, false, false];

describe('rocCurve', () => {
  it('steps through each distinct score from (0, 0) to (1, 1)', () => {
    const roc = rocCurve(scores, positive)!;
    expect(roc.fpr).toEqual([0, 0, 0, 1 / 3, 1 / 3, 2 / 3, 1]);
    expect(roc.tpr).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1, 1, 1]);
    expect(roc.thresholds).toEqual([Infinity, ...scores]);
    // 8 of the 9 positive-negative pairs are ordered correctly.
    expect(roc.auc).toBeCloseTo(8 / 9, 12);
    expect([roc.positives, roc.negatives]).toEqual([3, 3]);
  });

  it('does not depend on the order of the rows', () => {
    const order = [3, 0, 5, 1, 4, 2];
    const roc = rocCurve(order.map((i) => scores[i]), order.map((i) => positive[i]))!;
    expect(roc.auc).toBeCloseTo(8 / 9, 12);
    expect(roc.fpr).toEqual(rocCurve(scores, positive)!.fpr);
  });

  it('merges tied scores into one point, counting tied pairs half', () => {
    // .8(T) .5(T) .5(F) .2(F): pairs 2 + 1 + 0.5 (the tie) of 4.
    const roc = rocCurve([0.8, 0.5, 0.5, 0.2], [true, true, false, false])!;
    expect(roc.fpr).toEqual([0, 0, 0.5, 1]);
    expect(roc.tpr).toEqual([0, 0.5, 1, 1]);
    expect(roc.auc).toBeCloseTo(0.875, 12);
    const allTied = rocCurve([0.5, 0.5, 0.5, 0.5], [true, false, true, false])!;
    expect(allTied.fpr).toEqual([0, 1]);
    expect(allTied.auc).toBe(0.5);
  });

  it('is undefined without positives or without negatives', () => {
    expect(rocCurve([0.1, 0.2], [false, false])).toBeUndefined();
    expect(rocCurve([0.1, 0.2], [true, true])).toBeUndefined();
    expect(rocCurve([], [])).toBeUndefined();
  });

  it('agrees with the roc_auc metric the search optimises, on the fixture', () => {
    const { test } = reportFixture({ multiClass: false });
    const y = Int32Array.from(test.labels.map((l) => test.classes.indexOf(l)));
    const roc = rocCurve(probabilityColumn(test.proba, 2, test.positiveClass), [...y].map((c) => c === test.positiveClass))!;
    expect(roc.auc).toBeCloseTo(computeMetric('roc_auc', y, Float64Array.from(test.proba), 2, test.positiveClass), 12);
  });
});

describe('prCurve', () => {
  it('gives precision and recall at each threshold and the step-wise average precision', () => {
    const pr = prCurve(scores, positive)!;
    expect(pr.recall).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1, 1, 1]);
    expect(pr.precision).toEqual([1, 1, 1, 2 / 3, 3 / 4, 3 / 5, 1 / 2]);
    // (1 + 1 + 3/4) / 3: the precision at each positive's rank.
    expect(pr.averagePrecision).toBeCloseTo(11 / 12, 12);
    expect(pr.prevalence).toBe(0.5);
  });

  it('agrees with the pr_auc metric on the fixture', () => {
    const { test } = reportFixture({ multiClass: false });
    const y = Int32Array.from(test.labels.map((l) => test.classes.indexOf(l)));
    const pr = prCurve(probabilityColumn(test.proba, 2, test.positiveClass), [...y].map((c) => c === test.positiveClass))!;
    expect(pr.averagePrecision).toBeCloseTo(computeMetric('pr_auc', y, Float64Array.from(test.proba), 2, test.positiveClass), 12);
  });

  it('is undefined without positives', () => {
    expect(prCurve([0.3, 0.9], [false, false])).toBeUndefined();
  });
});

describe('calibrationBins', () => {
  it('bins predictions uniformly and reports mean prediction and observed rate per bin', () => {
    const bins = calibrationBins([0.05, 0.15, 0.12, 0.95, 1.0, 0.5], [false, true, false, true, true, false], 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([1, 2, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(bins[0]).toMatchObject({ lo: 0, hi: 0.1, meanPredicted: 0.05, fractionPositive: 0 });
    expect(bins[1].meanPredicted).toBeCloseTo(0.135, 12);
    expect(bins[1].fractionPositive).toBe(0.5);
    expect(bins[5]).toMatchObject({ meanPredicted: 0.5, fractionPositive: 0 });
    // 1.0 falls in the last bin, not past it.
    expect(bins[9].meanPredicted).toBeCloseTo(0.975, 12);
    expect(bins[9].fractionPositive).toBe(1);
    expect(Number.isNaN(bins[2].meanPredicted)).toBe(true);
    // (0.05 + 2 * 0.365 + 0.5 + 2 * 0.025) / 6
    expect(expectedCalibrationError(bins)).toBeCloseTo(1.33 / 6, 12);
  });

  it('rejects a bad bin count and mismatched lengths', () => {
    expect(() => calibrationBins([0.1], [true], 0)).toThrow(/nBins/);
    expect(() => calibrationBins([0.1, 0.2], [true], 10)).toThrow(/differ in length/);
  });
});

describe('confusionMatrix and predictClasses', () => {
  it('counts actual (rows) against predicted (columns)', () => {
    expect(confusionMatrix([0, 0, 1, 1, 2, 2, 2], [0, 1, 1, 1, 2, 0, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 2],
    ]);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/out of range/);
  });

  it('calls the positive class at probability >= 0.5 for two classes', () => {
    const proba = [0.3, 0.7, 0.5, 0.5, 0.51, 0.49];
    expect(predictClasses(proba, 2, 1)).toEqual([1, 1, 0]);
    expect(predictClasses(proba, 2, 0)).toEqual([1, 0, 0]);
    expect(predictClasses(proba, 2, 1, 0.75)).toEqual([0, 0, 0]);
  });

  it('takes the argmax (first of ties) for more classes', () => {
    expect(predictClasses([0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8], 3, 2)).toEqual([1, 0, 2]);
    expect(() => predictClasses([0.2, 0.5], 3, 0)).toThrow(/does not divide/);
  });

  it('reads one probability column', () => {
    expect(probabilityColumn([0.2, 0.5, 0.3, 0.4, 0.4, 0.2], 3, 1)).toEqual([0.5, 0.4]);
  });
});
