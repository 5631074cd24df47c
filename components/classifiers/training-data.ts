/** Checks and counts shared by the classifiers. */
import { UserInputError } from '../../core/errors.js';
import type { FeatureMatrix } from '../core/matrix.js';
import { findValue } from './linear-ops.js';

export function classCounts(y: Int32Array, nClasses: number): number[] {
  const counts = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  return counts;
}

/** Shared by the classifiers: labels in range, at least two classes, finite features. */
export function checkTrainingData(X: FeatureMatrix, y: Int32Array, nClasses: number): void {
  if (y.length !== X.rows) throw new Error(`${X.rows} feature rows but ${y.length} labels`);
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] >= 0 && y[i] < nClasses)) throw new Error(`label ${y[i]} at row ${i} is not a class index below ${nClasses}`);
  }
  const present = classCounts(y, nClasses).filter((c) => c > 0).length;
  if (present < 2) throw new UserInputError(`the training rows hold ${present} class(es); a classifier needs at least 2`);
  const bad = findValue(X, (v) => !Number.isFinite(v));
  if (bad) throw new UserInputError(`feature value ${bad.value} at row ${bad.row}, column ${bad.col} is not finite`);
}
