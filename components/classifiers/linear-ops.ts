/**
 * The two products every linear model needs, on sparse (CSR) and dense inputs.
 * Weights are stored feature-major, W[j * K + k] for feature j and output k, so the inner
 * loop over the K outputs of one non-zero reads contiguous memory.
 */
import type { FeatureMatrix } from '../core/matrix.js';

/** out[i * K + k] = sum_j X[i, j] * W[j * K + k] + bias[k] (bias may be omitted). */
export function linearForward(X: FeatureMatrix, W: Float64Array, bias: Float64Array | undefined, K: number, out: Float64Array): void {
  const rows = X.rows;
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < K; k++) out[i * K + k] = bias ? bias[k] : 0;
  }
  if (X.kind === 'csr') {
    const { indptr, indices, values } = X;
    if (K === 1) {
      for (let i = 0; i < rows; i++) {
        let s = out[i];
        for (let p = indptr[i]; p < indptr[i + 1]; p++) s += values[p] * W[indices[p]];
        out[i] = s;
      }
      return;
    }
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const v = values[p];
        const w = indices[p] * K;
        for (let k = 0; k < K; k++) out[o + k] += v * W[w + k];
      }
    }
    return;
  }
  const { cols, values } = X;
  for (let i = 0; i < rows; i++) {
    const o = i * K;
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      if (v === 0) continue;
      for (let k = 0; k < K; k++) out[o + k] += v * W[j * K + k];
    }
  }
}

/** G[j * K + k] += sum_i X[i, j] * R[i * K + k]: the gradient of a linear model from per-row residuals. */
export function linearBackward(X: FeatureMatrix, R: Float64Array, K: number, G: Float64Array): void {
  const rows = X.rows;
  if (X.kind === 'csr') {
    const { indptr, indices, values } = X;
    if (K === 1) {
      for (let i = 0; i < rows; i++) {
        const r = R[i];
        if (r === 0) continue;
        for (let p = indptr[i]; p < indptr[i + 1]; p++) G[indices[p]] += values[p] * r;
      }
      return;
    }
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const v = values[p];
        const g = indices[p] * K;
        for (let k = 0; k < K; k++) G[g + k] += v * R[o + k];
      }
    }
    return;
  }
  const { cols, values } = X;
  for (let i = 0; i < rows; i++) {
    const o = i * K;
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      if (v === 0) continue;
      for (let k = 0; k < K; k++) G[j * K + k] += v * R[o + k];
    }
  }
}

/** The first stored value for which `bad` holds, with its position, for input checks. */
export function findValue(X: FeatureMatrix, bad: (v: number) => boolean): { row: number; col: number; value: number } | undefined {
  if (X.kind === 'csr') {
    for (let i = 0; i < X.rows; i++) {
      for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) if (bad(X.values[p])) return { row: i, col: X.indices[p], value: X.values[p] };
    }
    return undefined;
  }
  for (let q = 0; q < X.values.length; q++) if (bad(X.values[q])) return { row: Math.floor(q / X.cols), col: q % X.cols, value: X.values[q] };
  return undefined;
}
