/**
 * One categorical column -> one-hot columns, one per category seen at least `minFrequency`
 * times in training, plus a last "other" column for rare and unseen categories. Missing
 * values are their own category, so "missing" can carry signal. Sparse output.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import type { CsrMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import type { OnnxGraphBuilder } from '../export/onnx-builder.js';
import { blockConverter, type FittedPart } from '../export/onnx-converter.js';
import { DataType, attr } from '../export/onnx-values.js';

export const MISSING_CATEGORY = '__missing__';

export const ONE_HOT_SCHEMA = paramSchema({
  minFrequency: { type: 'int', default: 1, min: 1, description: 'Categories seen fewer times in training go to the "other" column.', search: { type: 'int', low: 1, high: 10, log: true } },
});

export type OneHotParams = ParamsOf<typeof ONE_HOT_SCHEMA>;

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

type OneHotBlock = FittedPart<OneHotParams, OneHotState>;

/**
 * ONNX reads the column as a [N] string input (missing values passed as "__missing__",
 * numbers as their strings): the category index per row, [N] int64, kept categories
 * 0..C-1 and anything else C ("other").
 */
function onnxCategoryIndex(g: OnnxGraphBuilder, { name, state }: OneHotBlock, input: string): string {
  const { categories } = state;
  // With no kept category everything is "other" (column 0); LabelEncoder needs at least one key.
  const keys = categories.length > 0 ? categories : ['\u0000'];
  const [index] = g.node(
    'LabelEncoder',
    [input],
    [`${name}_index`],
    [attr.strings('keys_strings', keys), attr.ints('values_int64s', keys.map((_, i) => (categories.length > 0 ? i : 0))), attr.int('default_int64', categories.length)],
    'ai.onnx.ml',
  );
  return index;
}

const toOnnx = blockConverter({
  input: 'string',
  width: (s: OneHotState) => s.categories.length + 1,
  /** [N, C + 1] doubles: index == [0, 1, ..., C] per row (onnxruntime's OneHot has no double output). */
  features(g: OnnxGraphBuilder, block: OneHotBlock, input: string): string {
    const width = block.state.categories.length + 1;
    const [column] = g.node('Unsqueeze', [onnxCategoryIndex(g, block, input), g.constant('axis1', 'int64', [1], [1])], [`${block.name}_index_column`]);
    const positions = g.constant(`${block.name}_positions`, 'int64', [1, width], Array.from({ length: width }, (_, i) => i));
    const [hot] = g.node('Equal', [column, positions], [`${block.name}_hot`]);
    const [features] = g.node('Cast', [hot], [`${block.name}_onehot`], [attr.int('to', DataType.DOUBLE)]);
    return features;
  },
  /** One hot column per row picks one row of W: a Gather, no matrix product. */
  logits(g: OnnxGraphBuilder, block: OneHotBlock, input: string, W: Float64Array, K: number): string {
    const index = onnxCategoryIndex(g, block, input);
    const weights = g.constant(`${block.name}_W`, 'double', [block.state.categories.length + 1, K], W);
    const [scores] = g.node('Gather', [weights, index], [`${block.name}_scores`], [attr.int('axis', 0)]);
    return scores;
  },
});

defineComponent({
  role: 'feature',
  kind: 'onehot',
  description: 'One-hot encoding of a categorical column, with an "other" column for rare and unseen categories; sparse output.',
  accepts: ['categorical'],
  nonNegativeOutput: () => true,
  toOnnx,
  params: ONE_HOT_SCHEMA,
  create: (params) => new OneHotEncoder(params),
  load: (params, state) => OneHotEncoder.load(params, state),
});
