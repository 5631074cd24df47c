/**
 * Feature binning for histogram gradient boosting (scikit-learn's _BinMapper): each feature
 * gets at most `maxBins` bins. With few distinct values the edges are the midpoints between
 * them; otherwise they are quantiles of a seeded subsample. A value goes to the first bin
 * whose upper edge is >= it, so "bin <= b" is exactly "x <= edges[b]" and trees trained on
 * bins predict on raw values with the same thresholds.
 *
 * Binned data is stored column-major in a Uint8Array (row i of feature f at f * n + i), the
 * layout the histogram loops read sequentially. Sparse input is binned column by column
 * without ever materialising a dense float matrix.
 */
import { UserInputError } from '../../core/errors.js';
import type { FeatureMatrix } from '../core/matrix.js';

export interface BinEdges {
  /** Per feature: ascending upper edges of all bins but the last (the last bin is open). */
  edges: Float64Array[];
}

/** Largest input accepted: columns, and rows x columns cells of the binned copy. */
export const MAX_GBT_COLUMNS = 4096;
export const MAX_GBT_CELLS = 600_000_000;

export function checkGbtShape(X: FeatureMatrix): void {
  if (X.cols > MAX_GBT_COLUMNS) {
    throw new UserInputError(
      `gbt: the feature matrix has ${X.cols} columns${X.kind === 'csr' ? ' (sparse)' : ''}; gradient boosting works on dense, low-dimensional features ` +
        `(at most ${MAX_GBT_COLUMNS} columns): numeric, one-hot, or text reduced to a few hundred columns (tfidf maxFeatures, hashing, SVD). ` +
        'For wide sparse text use logreg or linear_svm.',
    );
  }
  if (X.rows * X.cols > MAX_GBT_CELLS) {
    throw new UserInputError(`gbt: ${X.rows} rows x ${X.cols} columns is more than ${MAX_GBT_CELLS} cells; subsample the rows or reduce the columns`);
  }
}

/** Columns of X one at a time, as dense Float64Arrays (reused buffer: copy to keep). */
export function forEachColumn(X: FeatureMatrix, fn: (f: number, column: Float64Array) => void): void {
  const n = X.rows;
  const column = new Float64Array(n);
  if (X.kind === 'dense') {
    const d = X.cols;
    for (let f = 0; f < d; f++) {
      for (let i = 0; i < n; i++) column[i] = X.values[i * d + f];
      fn(f, column);
    }
    return;
  }
  // CSR -> per-column lists (a transpose), then scatter each column into the buffer.
  const d = X.cols;
  const counts = new Int32Array(d + 1);
  const nnz = X.indptr[n];
  for (let p = 0; p < nnz; p++) counts[X.indices[p] + 1]++;
  for (let f = 0; f < d; f++) counts[f + 1] += counts[f];
  const rowsOf = new Int32Array(nnz);
  const valuesOf = new Float64Array(nnz);
  const next = counts.slice(0, d);
  for (let i = 0; i < n; i++) {
    for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) {
      const f = X.indices[p];
      const q = next[f]++;
      rowsOf[q] = i;
      valuesOf[q] += X.values[p]; // += : duplicate column entries in one row add up, as in scipy
    }
  }
  for (let f = 0; f < d; f++) {
    column.fill(0);
    for (let q = counts[f]; q < counts[f + 1]; q++) column[rowsOf[q]] += valuesOf[q];
    fn(f, column);
  }
}

/** Upper edges for one feature from its values (a sample of them). */
export function featureEdges(values: Float64Array, maxBins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  if (distinct.length <= maxBins) {
    const edges = new Float64Array(Math.max(0, distinct.length - 1));
    for (let b = 0; b < edges.length; b++) edges[b] = (distinct[b] + distinct[b + 1]) / 2;
    return edges;
  }
  // Quantile edges (linear interpolation, as numpy's percentile), deduplicated.
  const out: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const pos = (b / maxBins) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const frac = pos - lo;
    const v = lo + 1 < sorted.length ? sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  // The top edge must leave values above it, or the last bin would be empty.
  while (out.length > 0 && out[out.length - 1] >= sorted[sorted.length - 1]) out.pop();
  return Float64Array.from(out);
}

/** Bin index of x: the first b with x <= edges[b], or edges.length. */
export function binOf(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Fits bin edges on (a subsample of) the rows and bins all rows. `sample` lists the rows
 * whose values decide the edges (all rows when undefined).
 */
export function fitBins(X: FeatureMatrix, maxBins: number, sample: Int32Array | undefined): { edges: Float64Array[]; binned: Uint8Array } {
  const n = X.rows;
  const edges: Float64Array[] = new Array(X.cols);
  const binned = new Uint8Array(n * X.cols);
  const picked = sample ? new Float64Array(sample.length) : undefined;
  forEachColumn(X, (f, column) => {
    if (picked && sample) for (let s = 0; s < sample.length; s++) picked[s] = column[sample[s]];
    const e = featureEdges(picked ?? column, maxBins);
    edges[f] = e;
    binColumn(e, column, binned, f * n);
  });
  return { edges, binned };
}

/** Bins rows of X with given edges (validation rows, for early stopping). */
export function applyBins(X: FeatureMatrix, edges: Float64Array[]): Uint8Array {
  const n = X.rows;
  const binned = new Uint8Array(n * X.cols);
  forEachColumn(X, (f, column) => binColumn(edges[f], column, binned, f * n));
  return binned;
}

function binColumn(edges: Float64Array, column: Float64Array, out: Uint8Array, offset: number): void {
  const n = column.length;
  if (edges.length === 0) return; // one bin: all zeros already
  // Runs of equal values (common: zeros of one-hot and sparse columns) reuse the last search.
  let lastX = NaN;
  let lastBin = 0;
  for (let i = 0; i < n; i++) {
    const x = column[i];
    if (x !== lastX) {
      lastX = x;
      lastBin = binOf(edges, x);
    }
    out[offset + i] = lastBin;
  }
}
