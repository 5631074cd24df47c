/**
 * Feature matrices on typed arrays. Text features are sparse (CSR); numeric and embedding
 * features are dense (row-major). Classifiers accept either.
 */

export interface CsrMatrix {
  kind: 'csr';
  rows: number;
  cols: number;
  /** rows + 1 offsets into indices/values. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface DenseMatrix {
  kind: 'dense';
  rows: number;
  cols: number;
  /** Row-major, rows * cols. */
  values: Float64Array;
}

export type FeatureMatrix = CsrMatrix | DenseMatrix;

export function denseToCsr(m: DenseMatrix): CsrMatrix {
  let nnz = 0;
  for (let i = 0; i < m.values.length; i++) if (m.values[i] !== 0) nnz++;
  const indptr = new Int32Array(m.rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      const v = m.values[r * m.cols + c];
      if (v !== 0) {
        indices[k] = c;
        values[k] = v;
        k++;
      }
    }
    indptr[r + 1] = k;
  }
  return { kind: 'csr', rows: m.rows, cols: m.cols, indptr, indices, values };
}

export function toCsr(m: FeatureMatrix): CsrMatrix {
  return m.kind === 'csr' ? m : denseToCsr(m);
}

/** Horizontal concatenation with a weight per block; dense blocks become sparse when any block is sparse. */
export function hstack(blocks: FeatureMatrix[], weights?: number[]): FeatureMatrix {
  if (blocks.length === 0) throw new Error('hstack needs at least one block');
  const rows = blocks[0].rows;
  for (const b of blocks) {
    if (b.rows !== rows) throw new Error(`hstack: blocks have ${rows} and ${b.rows} rows`);
  }
  const w = weights ?? blocks.map(() => 1);
  if (blocks.length === 1 && w[0] === 1) return blocks[0];
  const cols = blocks.reduce((s, b) => s + b.cols, 0);
  if (blocks.every((b) => b.kind === 'dense')) {
    const values = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      let offset = 0;
      blocks.forEach((b, j) => {
        for (let c = 0; c < b.cols; c++) values[r * cols + offset + c] = b.values[r * b.cols + c] * w[j];
        offset += b.cols;
      });
    }
    return { kind: 'dense', rows, cols, values };
  }
  const csrs = blocks.map(toCsr);
  const nnz = csrs.reduce((s, b) => s + b.indptr[rows], 0);
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    let offset = 0;
    csrs.forEach((b, j) => {
      for (let p = b.indptr[r]; p < b.indptr[r + 1]; p++) {
        indices[k] = b.indices[p] + offset;
        values[k] = b.values[p] * w[j];
        k++;
      }
      offset += b.cols;
    });
    indptr[r + 1] = k;
  }
  return { kind: 'csr', rows, cols, indptr, indices, values };
}

/** Rows picked by index, in the given order (used for folds, subsampling and fidelity). */
export function selectRows(m: FeatureMatrix, rowIndex: ArrayLike<number>): FeatureMatrix {
  const n = rowIndex.length;
  if (m.kind === 'dense') {
    const values = new Float64Array(n * m.cols);
    for (let i = 0; i < n; i++) values.set(m.values.subarray(rowIndex[i] * m.cols, (rowIndex[i] + 1) * m.cols), i * m.cols);
    return { kind: 'dense', rows: n, cols: m.cols, values };
  }
  let nnz = 0;
  for (let i = 0; i < n; i++) nnz += m.indptr[rowIndex[i] + 1] - m.indptr[rowIndex[i]];
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = rowIndex[i];
    const start = m.indptr[r];
    const end = m.indptr[r + 1];
    indices.set(m.indices.subarray(start, end), k);
    values.set(m.values.subarray(start, end), k);
    k += end - start;
    indptr[i + 1] = k;
  }
  return { kind: 'csr', rows: n, cols: m.cols, indptr, indices, values };
}
