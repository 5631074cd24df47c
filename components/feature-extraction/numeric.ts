/**
 * One numeric column -> a dense block: median imputation, an optional transform, and a
 * missing-value indicator column (scikit-learn's SimpleImputer(add_indicator) followed by a
 * scaler). Missing means null, NaN, or a string that is not a number; infinities are an
 * input error, since no imputation can make them meaningful.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { DenseMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import type { OnnxGraphBuilder } from '../export/onnx-builder.js';
import { blockConverter, type FittedPart } from '../export/onnx-converter.js';
import { DataType, attr } from '../export/onnx-values.js';

export const NUMERIC_SCHEMA = paramSchema({
  transform: { type: 'enum', default: 'standardize', choices: ['standardize', 'log1p', 'none'], description: 'Zero mean and unit variance, sign(x) * ln(1 + |x|), or raw values.', search: { type: 'categorical', choices: ['standardize', 'log1p'] } },
  addMissingIndicator: { type: 'bool', default: true, description: 'Add a 0/1 column marking imputed values (only when training data had missing values).' },
});

export type NumericParams = ParamsOf<typeof NUMERIC_SCHEMA>;

export interface NumericState {
  /** Training median of the present values, used for missing ones (0 if none was present). */
  median: number;
  /** Standardisation: (x - center) / scale; identity otherwise. */
  center: number;
  scale: number;
  /** Whether the block has a second, 0/1 "was missing" column. */
  indicator: boolean;
}

export class NumericFeature implements FeatureExtractor {
  private state: NumericState | undefined;

  constructor(readonly params: NumericParams) {}

  static load(params: NumericParams, state: unknown): NumericFeature {
    const s = state as NumericState;
    if (![s?.median, s?.center, s?.scale].every(Number.isFinite) || typeof s.indicator !== 'boolean') {
      throw new Error('numeric: fitted state needs median, center, scale and indicator');
    }
    const f = new NumericFeature(params);
    f.state = { ...s };
    return f;
  }

  get outputSize(): number {
    return this.fitted().indicator ? 2 : 1;
  }

  fit(values: readonly CellValue[], _ctx: FitContext): void {
    const parsed = values.map(parseCell);
    const present = Float64Array.from(parsed.filter((v): v is number => v !== null)).sort();
    const median = present.length === 0 ? 0 : medianOfSorted(present);
    let center = 0;
    let scale = 1;
    if (this.params.transform === 'standardize') {
      // Moments of the imputed column, as a scaler placed after the imputer would see it.
      const n = parsed.length;
      let sum = 0;
      for (const v of parsed) sum += v ?? median;
      center = n > 0 ? sum / n : 0;
      let squares = 0;
      for (const v of parsed) squares += ((v ?? median) - center) ** 2;
      const std = n > 0 ? Math.sqrt(squares / n) : 0;
      // A constant column stays constant instead of dividing by zero.
      scale = std > 0 ? std : 1;
    }
    this.state = { median, center, scale, indicator: this.params.addMissingIndicator && present.length < parsed.length };
  }

  transform(values: readonly CellValue[]): DenseMatrix {
    const s = this.fitted();
    const cols = s.indicator ? 2 : 1;
    const out = new Float64Array(values.length * cols);
    values.forEach((cell, row) => {
      const v = parseCell(cell, row);
      out[row * cols] = this.transformValue(v ?? s.median, s);
      if (s.indicator) out[row * cols + 1] = v === null ? 1 : 0;
    });
    return { kind: 'dense', rows: values.length, cols, values: out };
  }

  getState(): NumericState {
    return { ...this.fitted() };
  }

  private transformValue(x: number, s: NumericState): number {
    switch (this.params.transform) {
      case 'standardize':
        return (x - s.center) / s.scale;
      case 'log1p':
        // Symmetric, so negative amounts (refunds, deltas) stay finite and keep their sign.
        return Math.sign(x) * Math.log1p(Math.abs(x));
      case 'none':
        return x;
    }
  }

  private fitted(): NumericState {
    if (!this.state) throw new Error('numeric feature is not fitted');
    return this.state;
  }
}

/** The number in a cell, or null when it is missing. */
function parseCell(cell: CellValue, row: number): number | null {
  let v: number;
  if (typeof cell === 'number') v = cell;
  else if (typeof cell === 'string' && cell.trim() !== '') v = Number(cell);
  else return null;
  if (Number.isNaN(v)) return null;
  if (!Number.isFinite(v)) throw new UserInputError(`numeric feature: row ${row} holds ${JSON.stringify(String(cell))}, which is infinite; clean or drop it`);
  return v;
}

function medianOfSorted(a: Float64Array): number {
  const mid = a.length >> 1;
  return a.length % 2 === 1 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
}

/**
 * The block's features as ONNX, [N, 1] or [N, 2] doubles from a [N] double input (NaN =
 * missing): imputed, transformed, plus the missing flag when fitted with one. All in double,
 * so they equal transform's exactly.
 */
function numericOnnxFeatures(g: OnnxGraphBuilder, { name, params, state: s }: FittedPart<NumericParams, NumericState>, input: string): string {
  const [column] = g.node('Unsqueeze', [input, g.constant('axis1', 'int64', [1], [1])], [`${name}_column`]);
  const [missing] = g.node('IsNaN', [column], [`${name}_missing`]);
  const [imputed] = g.node('Where', [missing, g.constant(`${name}_median`, 'double', [], [s.median]), column], [`${name}_imputed`]);
  let value = imputed;
  if (params.transform === 'standardize') {
    const [centered] = g.node('Sub', [imputed, g.constant(`${name}_center`, 'double', [], [s.center])], [`${name}_centered`]);
    [value] = g.node('Div', [centered, g.constant(`${name}_scale`, 'double', [], [s.scale])], [`${name}_standardized`]);
  } else if (params.transform === 'log1p') {
    const [sign] = g.node('Sign', [imputed], [`${name}_sign`]);
    const [abs] = g.node('Abs', [imputed], [`${name}_abs`]);
    const [plusOne] = g.node('Add', [abs, g.constant('one', 'double', [], [1])], [`${name}_abs1`]);
    const [log] = g.node('Log', [plusOne], [`${name}_log1p`]);
    [value] = g.node('Mul', [sign, log], [`${name}_signed_log1p`]);
  }
  if (!s.indicator) return value;
  const [flag] = g.node('Cast', [missing], [`${name}_flag`], [attr.int('to', DataType.DOUBLE)]);
  const [features] = g.node('Concat', [value, flag], [`${name}_features`], [attr.int('axis', 1)]);
  return features;
}

defineComponent({
  role: 'feature',
  kind: 'numeric',
  description: 'A numeric column with median imputation, optional standardisation or log1p, and a missing-value indicator; dense output.',
  accepts: ['numeric'],
  // Imputation uses the median, so only the transform and the column's range matter.
  nonNegativeOutput: (params, input) => params.transform !== 'standardize' && input?.min !== undefined && input.min >= 0,
  toOnnx: blockConverter({ input: 'double', width: (s: NumericState) => (s.indicator ? 2 : 1), features: numericOnnxFeatures }),
  params: NUMERIC_SCHEMA,
  create: (params) => new NumericFeature(params),
  load: (params, state) => NumericFeature.load(params, state),
});
