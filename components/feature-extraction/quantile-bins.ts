/**
 * One numeric column -> one-hot of its quantile bins (scikit-learn's KBinsDiscretizer with
 * strategy='quantile', encode='onehot'): edges are quantiles of the training values (ties
 * merged, so skewed columns get fewer, never empty, bins); a value goes to the first bin whose
 * upper edge is >= it, values beyond the training range go to the first or last bin. Missing
 * values (null, '', NaN, non-numbers) get their own last column; +-Infinity is an input error.
 * Sparse output, one non-zero per row. Lets linear models fit non-monotone effects of price,
 * seller age and the like.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import type { CsrMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import { binOf, featureEdges } from '../classifiers/gbt-binning.js';
import { parseNumericCell } from './cell-parsing.js';

export const QUANTILE_BINS_SCHEMA = paramSchema({
  nBins: { type: 'int', default: 10, min: 2, max: 255, description: 'Number of quantile bins (fewer when values tie).', search: { type: 'int', low: 3, high: 50, log: true } },
});

export type QuantileBinsParams = ParamsOf<typeof QUANTILE_BINS_SCHEMA>;

export interface QuantileBinsState {
  /** Ascending upper edges of all bins but the last; column edges.length + 1 is "missing". */
  edges: number[];
}

export class QuantileBins implements FeatureExtractor {
  private edges: Float64Array | undefined;

  constructor(readonly params: QuantileBinsParams) {}

  static load(params: QuantileBinsParams, state: unknown): QuantileBins {
    const s = state as QuantileBinsState;
    if (!Array.isArray(s?.edges) || !s.edges.every(Number.isFinite)) throw new Error('quantile_bins: fitted state needs an edges array of finite numbers');
    const q = new QuantileBins(params);
    q.edges = Float64Array.from(s.edges);
    return q;
  }

  /** Bins plus the missing-value column. */
  get outputSize(): number {
    return this.fitted().length + 2;
  }

  fit(values: readonly CellValue[], _ctx: FitContext): void {
    const present: number[] = [];
    values.forEach((cell, row) => {
      const v = parseNumericCell(cell, row, 'quantile_bins');
      if (v !== null) present.push(v);
    });
    // No present value: a single bin (every present value at transform time lands in it).
    this.edges = present.length === 0 ? new Float64Array(0) : featureEdges(Float64Array.from(present), this.params.nBins);
  }

  transform(values: readonly CellValue[]): CsrMatrix {
    const edges = this.fitted();
    const missing = edges.length + 1;
    const rows = values.length;
    const indices = new Int32Array(rows);
    values.forEach((cell, row) => {
      const v = parseNumericCell(cell, row, 'quantile_bins');
      indices[row] = v === null ? missing : binOf(edges, v);
    });
    return { kind: 'csr', rows, cols: missing + 1, indptr: Int32Array.from({ length: rows + 1 }, (_, i) => i), indices, values: new Float64Array(rows).fill(1) };
  }

  getState(): QuantileBinsState {
    return { edges: Array.from(this.fitted()) };
  }

  private fitted(): Float64Array {
    if (!this.edges) throw new Error('quantile_bins is not fitted');
    return this.edges;
  }
}

defineComponent({
  role: 'feature',
  kind: 'quantile_bins',
  description: 'A numeric column as one-hot quantile bins (ties merged), with a column for missing values; sparse output.',
  accepts: ['numeric'],
  nonNegativeOutput: () => true,
  params: QUANTILE_BINS_SCHEMA,
  create: (params) => new QuantileBins(params),
  load: (params, state) => QuantileBins.load(params, state),
});
