/**
 * Dual coordinate descent for L2-regularised linear SVMs (Hsieh et al., ICML 2008; the
 * solver behind liblinear and scikit-learn's LinearSVC), with liblinear's shrinking.
 *
 *   min_w  1/2 ||w||^2 + sum_i C_i loss(y_i w.x_i),  loss = hinge or squared hinge.
 *
 * Each step updates one dual variable in closed form and touches only that row's non-zeros,
 * so an epoch over sparse text costs O(nnz); no line search, no step size. The intercept is
 * an extra constant feature (value `biasScale`), regularised like the other weights, as in
 * liblinear. Row order is shuffled each epoch by a seeded generator: fits are deterministic.
 */
import type { CsrMatrix } from '../core/matrix.js';

export interface DualCdOptions {
  loss: 'hinge' | 'squared_hinge';
  /** Per-row C (class weights folded in). */
  rowC: Float64Array;
  /** 0 = no intercept. */
  biasScale: number;
  maxIter: number;
  /** Stop when the projected-gradient spread falls below tol (liblinear's eps). */
  tol: number;
  rng: () => number;
  shouldStop?: () => boolean;
}

export interface DualCdResult {
  /** d weights followed by the intercept weight (multiply by biasScale for the intercept). */
  w: Float64Array;
  iterations: number;
  converged: boolean;
  stopped: boolean;
}

/** Solves one binary problem; `positive[i]` says whether row i is the +1 class. */
export function solveDualCd(X: CsrMatrix, positive: Uint8Array, o: DualCdOptions): DualCdResult {
  const n = X.rows;
  const d = X.cols;
  const { indptr, indices, values } = X;
  const bias = o.biasScale;
  const w = new Float64Array(d + 1);
  const alpha = new Float64Array(n);
  const diag = new Float64Array(n);
  const upper = new Float64Array(n);
  const QD = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const Ci = o.rowC[i];
    diag[i] = o.loss === 'squared_hinge' ? 0.5 / Ci : 0;
    upper[i] = o.loss === 'squared_hinge' ? Infinity : Ci;
    let q = diag[i] + bias * bias;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) q += values[p] * values[p];
    QD[i] = q;
    index[i] = i;
  }
  let activeSize = n;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iter = 0;
  let converged = false;
  let stopped = false;
  while (iter < o.maxIter) {
    if (o.shouldStop?.()) {
      stopped = true;
      break;
    }
    let pgMaxNew = -Infinity;
    let pgMinNew = Infinity;
    for (let s = 0; s < activeSize; s++) {
      const j = s + Math.floor(o.rng() * (activeSize - s));
      const t = index[s];
      index[s] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s];
      const yi = positive[i] ? 1 : -1;
      let dot = w[d] * bias;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) dot += w[indices[p]] * values[p];
      const G = yi * dot - 1 + alpha[i] * diag[i];
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > pgMaxOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else if (alpha[i] === upper[i]) {
        if (G < pgMinOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        } else if (G > 0) PG = G;
      } else PG = G;
      if (PG > pgMaxNew) pgMaxNew = PG;
      if (PG < pgMinNew) pgMinNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.min(Math.max(old - G / QD[i], 0), upper[i]);
        const delta = (alpha[i] - old) * yi;
        for (let p = indptr[i]; p < indptr[i + 1]; p++) w[indices[p]] += delta * values[p];
        w[d] += delta * bias;
      }
    }
    iter++;
    if (pgMaxNew - pgMinNew <= o.tol) {
      if (activeSize === n) {
        converged = true;
        break;
      }
      // Converged on the active set: check every row once more before stopping.
      activeSize = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
    pgMinOld = pgMinNew >= 0 ? -Infinity : pgMinNew;
  }
  return { w, iterations: iter, converged, stopped };
}
