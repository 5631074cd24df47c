/**
 * One categorical column -> one-hot columns, one per category seen at least `minFrequency`
 * times in training, plus a last "other" column for rare and unseen categories. Missing
 * values are their own category, so "missing" can carry signal. Sparse output.
 */
import { registerComponent } from '../core/component-table.js';
import type { CsrMatrix } from '../core/matrix.js';
import type { ResolvedParams } from '../core/params.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';

export const MISSING_CATEGORY = '__missing__';

export interface OneHotParams {
  minFrequency: number;
}

export interface OneHotState {
  /** Sorted kept categories; category i is column i, and column categories.length is "other". */
  categories: string[];
}

export class OneHotEncoder implements FeatureExtractor {
  private categories: string[] | undefined;
  private column = new Map<string, number>();

  constructor(readonly params: OneHotParams) {}

  static load(params: OneHotParams, state: unknown): OneHotEncoder {
    const s = state as OneHotState;
    if (!Array.isArray(s?.categories) || !s.categories.every((c) => typeof c === 'string')) {
      throw new Error('onehot: fitted state needs a categories array of strings');
    }
    const encoder = new OneHotEncoder(params);
    encoder.setCategories([...s.categories]);
    return encoder;
  }

  get outputSize(): number {
    return this.fitted().length + 1;
  }

  fit(values: readonly CellValue[], _ctx: FitContext): void {
    const counts = new Map<string, number>();
    for (const v of values) {
      const key = categoryOf(v);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    this.setCategories([...counts].filter(([, n]) => n >= this.params.minFrequency).map(([c]) => c).sort());
  }

  transform(values: readonly CellValue[]): CsrMatrix {
    const other = this.fitted().length;
    const rows = values.length;
    return {
      kind: 'csr',
      rows,
      cols: other + 1,
      indptr: Int32Array.from({ length: rows + 1 }, (_, i) => i),
      indices: Int32Array.from(values, (v) => this.column.get(categoryOf(v)) ?? other),
      values: new Float64Array(rows).fill(1),
    };
  }

  getState(): OneHotState {
    return { categories: [...this.fitted()] };
  }

  private setCategories(categories: string[]): void {
    this.categories = categories;
    this.column = new Map(categories.map((c, i) => [c, i]));
  }

  private fitted(): string[] {
    if (!this.categories) throw new Error('onehot is not fitted');
    return this.categories;
  }
}

/** Numbers and their strings are one category (7 and "7"), as labels are. */
function categoryOf(v: CellValue): string {
  return v === null || v === undefined ? MISSING_CATEGORY : String(v);
}

registerComponent({
  role: 'feature',
  kind: 'onehot',
  description: 'One-hot encoding of a categorical column, with an "other" column for rare and unseen categories; sparse output.',
  accepts: ['categorical'],
  nonNegativeOutput: () => true,
  onnxExportable: true,
  params: {
    minFrequency: { type: 'int', default: 1, min: 1, description: 'Categories seen fewer times in training go to the "other" column.', search: { type: 'int', low: 1, high: 10, log: true } },
  },
  create: (params: ResolvedParams) => new OneHotEncoder(params as unknown as OneHotParams),
  load: (params: ResolvedParams, state: unknown) => OneHotEncoder.load(params as unknown as OneHotParams, state),
});
