/**
 * One categorical column -> one dense column: how often the row's category occurred in the
 * training rows (a fraction, or a count). Missing values (null, empty strings) are their own
 * category; categories never seen in training get 0. Compact for high-cardinality columns
 * (seller ids, brands) where one-hot would be too wide.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import type { DenseMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import { categoryKey } from './cell-parsing.js';

export const FREQUENCY_SCHEMA = paramSchema({
  normalize: { type: 'bool', default: true, description: 'Fraction of the training rows (true) or raw count (false).' },
});

export type FrequencyParams = ParamsOf<typeof FREQUENCY_SCHEMA>;

export interface FrequencyState {
  /** Sorted categories and their training counts. */
  categories: string[];
  counts: number[];
  rows: number;
}

export class FrequencyEncoder implements FeatureExtractor {
  private state: { table: Map<string, number>; s: FrequencyState } | undefined;

  constructor(readonly params: FrequencyParams) {}

  static load(params: FrequencyParams, state: unknown): FrequencyEncoder {
    const s = state as FrequencyState;
    if (!Array.isArray(s?.categories) || !Array.isArray(s.counts) || s.categories.length !== s.counts.length || !Number.isInteger(s.rows)) {
      throw new Error('frequency: fitted state needs categories and counts of equal length, and rows');
    }
    const e = new FrequencyEncoder(params);
    e.setState({ categories: [...s.categories], counts: [...s.counts], rows: s.rows });
    return e;
  }

  get outputSize(): number {
    this.fitted();
    return 1;
  }

  fit(values: readonly CellValue[], _ctx: FitContext): void {
    const counts = new Map<string, number>();
    for (const v of values) {
      const key = categoryKey(v);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const categories = [...counts.keys()].sort();
    this.setState({ categories, counts: categories.map((c) => counts.get(c)!), rows: values.length });
  }

  transform(values: readonly CellValue[]): DenseMatrix {
    const { table, s } = this.fitted();
    const scale = this.params.normalize && s.rows > 0 ? 1 / s.rows : 1;
    return { kind: 'dense', rows: values.length, cols: 1, values: Float64Array.from(values, (v) => (table.get(categoryKey(v)) ?? 0) * scale) };
  }

  getState(): FrequencyState {
    const { s } = this.fitted();
    return { categories: [...s.categories], counts: [...s.counts], rows: s.rows };
  }

  private setState(s: FrequencyState): void {
    this.state = { table: new Map(s.categories.map((c, i) => [c, s.counts[i]])), s };
  }

  private fitted() {
    if (!this.state) throw new Error('frequency is not fitted');
    return this.state;
  }
}

defineComponent({
  role: 'feature',
  kind: 'frequency',
  description: 'A categorical column as the training frequency of its category (unseen = 0, missing is a category); one dense column.',
  accepts: ['categorical'],
  nonNegativeOutput: () => true,
  params: FREQUENCY_SCHEMA,
  create: (params) => new FrequencyEncoder(params),
  load: (params, state) => FrequencyEncoder.load(params, state),
});
