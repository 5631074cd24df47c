/**
 * Per-row weights for imbalanced classes, shared by the classifiers added with issue 3.
 * 'balanced' follows scikit-learn: n / (classes present * rows of that class), so every
 * present class carries the same total weight.
 */
import { classCounts } from './training-data.js';

export type ClassWeight = 'none' | 'balanced';

export function rowWeights(y: Int32Array, nClasses: number, classWeight: ClassWeight): Float64Array {
  const weights = new Float64Array(y.length).fill(1);
  if (classWeight === 'none') return weights;
  const perClass = classWeightVector(y, nClasses, classWeight);
  for (let i = 0; i < y.length; i++) weights[i] = perClass[y[i]];
  return weights;
}

/** One weight per class (1 for a class without rows). */
export function classWeightVector(y: Int32Array, nClasses: number, classWeight: ClassWeight): Float64Array {
  const out = new Float64Array(nClasses).fill(1);
  if (classWeight === 'none') return out;
  const counts = classCounts(y, nClasses);
  const present = counts.filter((c) => c > 0).length;
  for (let k = 0; k < nClasses; k++) if (counts[k] > 0) out[k] = y.length / (present * counts[k]);
  return out;
}

export const CLASS_WEIGHT_PARAM = {
  type: 'enum',
  default: 'none',
  choices: ['none', 'balanced'],
  description: 'Weight rows so every class counts equally in the loss (scikit-learn\'s "balanced").',
  search: { type: 'categorical', choices: ['none', 'balanced'] },
} as const;

/** Row-wise softmax of K scores starting at `offset`, written into `out` at the same place. */
export function softmaxRow(scores: ArrayLike<number>, offset: number, K: number, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, scores[offset + k]);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[offset + k] = Math.exp(scores[offset + k] - max);
  for (let k = 0; k < K; k++) out[offset + k] /= sum;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
