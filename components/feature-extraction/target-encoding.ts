/**
 * One categorical column -> smoothed class-conditional means of the target (scikit-learn's
 * TargetEncoder): for category c and class k,
 *
 *   enc(c, k) = (rows of c with class k + smoothing * prior_k) / (rows of c + smoothing),
 *
 * one column (class 1) for two classes, one column per class otherwise. Missing values are a
 * category; categories unseen in training (or seen only in other folds) get the prior.
 *
 * Leakage: encoding a training row with a mean that includes its own label leaks the label
 * (a rare category's encoding *is* its label). So the training matrix is computed out of fold:
 *  - `fitTransform(values, ctx)` (which Pipeline.fit uses) splits the training rows into
 *    `cv` stratified folds (seeded by ctx.seed) and encodes each row with the means of the
 *    other folds; it also stores the means over all training rows, the fitted state;
 *  - `transform(values)` (validation, test, serving, and any later call on training values)
 *    always uses the all-rows means.
 * So the rows the classifier is trained on carry out-of-fold values and every new row gets
 * full-data values. `fit` then `transform` on the same values gives the full-data (leaky)
 * values: call `fitTransform` for training matrices.
 *
 * Labels: the FeatureExtractor contract gives `fit` only the column, so the training labels
 * come in the fit context as `ctx.target = { y, nClasses }` (class indices in the pipeline's
 * sorted class order; `withTarget(ctx, labels)` builds it; crossValidate passes it). Without
 * them, `fit` and `fitTransform` give a constant encoder (state `supervised: false`, every
 * row 0), so contract checks that fit without labels still run: a pipeline must pass the
 * labels for this block to mean anything.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import { encodeLabels } from '../../core/labels.js';
import type { DenseMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import { stratifiedKFold } from '../../core/splits.js';
import { categoryKey } from './cell-parsing.js';

export const TARGET_ENCODING_SCHEMA = paramSchema({
  smoothing: { type: 'float', default: 10, min: 0, description: 'Pseudo-count pulling rare categories towards the class prior.', search: { type: 'float', low: 0.1, high: 100, log: true } },
  cv: { type: 'int', default: 5, min: 2, max: 20, description: 'Stratified folds for the out-of-fold training encodings.' },
});

export type TargetEncodingParams = ParamsOf<typeof TARGET_ENCODING_SCHEMA>;

/** The training labels an encoder needs, as class indices. */
export interface FitTarget {
  y: Int32Array;
  nClasses: number;
}

export type SupervisedFitContext = FitContext & { target?: FitTarget };

export interface TargetEncodingState {
  supervised: boolean;
  nClasses: number;
  /** Per output column: the class prior. */
  prior: number[];
  /** Sorted categories and, per category, one encoded value per output column. */
  categories: string[];
  encodings: number[][];
}

/** Class indices of `labels` in the Pipeline's order: the one encoder in core/labels.ts. */
export function encodeTarget(labels: readonly CellValue[]): FitTarget & { classes: string[] } {
  const { classes, y } = encodeLabels(labels);
  return { y, nClasses: classes.length, classes };
}

/** `ctx` plus the training labels, for pipelines with supervised encoders. */
export function withTarget(ctx: FitContext, labels: readonly CellValue[]): SupervisedFitContext {
  const { y, nClasses } = encodeTarget(labels);
  return { ...ctx, target: { y, nClasses } };
}

export class TargetEncoder implements FeatureExtractor {
  private state: { s: TargetEncodingState; table: Map<string, number> } | undefined;

  constructor(readonly params: TargetEncodingParams) {}

  static load(params: TargetEncodingParams, state: unknown): TargetEncoder {
    const s = state as TargetEncodingState;
    const width = s?.nClasses === 2 ? 1 : s?.nClasses;
    if (
      typeof s?.supervised !== 'boolean' ||
      !Array.isArray(s.prior) ||
      !Array.isArray(s.categories) ||
      !Array.isArray(s.encodings) ||
      s.categories.length !== s.encodings.length ||
      (s.supervised && (s.prior.length !== width || s.encodings.some((e) => e.length !== width)))
    ) {
      throw new Error('target_encoding: fitted state needs supervised, nClasses, prior, categories and one encoding per category');
    }
    const e = new TargetEncoder(params);
    e.setState(structuredClone(s));
    return e;
  }

  get outputSize(): number {
    return this.fitted().s.prior.length;
  }

  fit(values: readonly CellValue[], ctx: SupervisedFitContext): void {
    const target = ctx.target;
    if (!target) {
      this.setState({ supervised: false, nClasses: 0, prior: [0], categories: [], encodings: [] });
      return;
    }
    checkTarget(values, target);
    const keys = values.map(categoryKey);
    this.setState(encodings(keys, target, this.params.smoothing, undefined));
  }

  fitTransform(values: readonly CellValue[], ctx: SupervisedFitContext): DenseMatrix {
    const target = ctx.target;
    if (!target) {
      // No labels: the same constant encoder as `fit` gives (see the file comment).
      this.fit(values, ctx);
      return this.transform(values);
    }
    checkTarget(values, target);
    const keys = values.map(categoryKey);
    const full = encodings(keys, target, this.params.smoothing, undefined);
    this.setState(full);
    const width = full.prior.length;
    const n = values.length;
    const out = new Float64Array(n * width);
    const k = Math.min(this.params.cv, n);
    if (k < 2) return this.transform(values);
    const labels = Array.from(target.y);
    for (const fold of stratifiedKFold(labels, k, ctx.seed)) {
      const partial = encodings(keys, target, this.params.smoothing, fold.train);
      const table = new Map(partial.categories.map((c, i) => [c, partial.encodings[i]]));
      for (const row of fold.validation) {
        const enc = table.get(keys[row]) ?? partial.prior;
        for (let j = 0; j < width; j++) out[row * width + j] = enc[j];
      }
    }
    return { kind: 'dense', rows: n, cols: width, values: out };
  }

  transform(values: readonly CellValue[]): DenseMatrix {
    const { s, table } = this.fitted();
    const width = s.prior.length;
    const out = new Float64Array(values.length * width);
    values.forEach((v, row) => {
      const i = table.get(categoryKey(v));
      const enc = i === undefined ? s.prior : s.encodings[i];
      for (let j = 0; j < width; j++) out[row * width + j] = enc[j];
    });
    return { kind: 'dense', rows: values.length, cols: width, values: out };
  }

  getState(): TargetEncodingState {
    return structuredClone(this.fitted().s);
  }

  private setState(s: TargetEncodingState): void {
    this.state = { s, table: new Map(s.categories.map((c, i) => [c, i])) };
  }

  private fitted() {
    if (!this.state) throw new Error('target_encoding is not fitted');
    return this.state;
  }
}

function checkTarget(values: readonly CellValue[], target: FitTarget): void {
  if (target.y.length !== values.length) throw new Error(`target_encoding: ${values.length} values but ${target.y.length} labels`);
  if (!Number.isInteger(target.nClasses) || target.nClasses < 2) throw new UserInputError(`target_encoding needs at least 2 classes, got ${target.nClasses}`);
}

/** Smoothed per-category class means over `rows` (all rows when undefined). */
function encodings(keys: string[], target: FitTarget, smoothing: number, rows: number[] | undefined): TargetEncodingState {
  const K = target.nClasses;
  const width = K === 2 ? 1 : K;
  const classOf = (k: number) => (K === 2 ? 1 : k);
  const counts = new Map<string, Float64Array>();
  const classTotals = new Float64Array(K);
  const n = rows ? rows.length : keys.length;
  for (let r = 0; r < n; r++) {
    const i = rows ? rows[r] : r;
    let c = counts.get(keys[i]);
    if (!c) counts.set(keys[i], (c = new Float64Array(K + 1)));
    c[target.y[i]]++;
    c[K]++;
    classTotals[target.y[i]]++;
  }
  const prior = Array.from({ length: width }, (_, j) => (n > 0 ? classTotals[classOf(j)] / n : 1 / K));
  const categories = [...counts.keys()].sort();
  const enc = categories.map((cat) => {
    const c = counts.get(cat)!;
    const total = c[K];
    return prior.map((p, j) => (total + smoothing > 0 ? (c[classOf(j)] + smoothing * p) / (total + smoothing) : p));
  });
  return { supervised: true, nClasses: K, prior, categories, encodings: enc };
}

defineComponent({
  role: 'feature',
  kind: 'target_encoding',
  description: 'A categorical column as smoothed per-class target means, out-of-fold on the training rows (no leakage); needs the labels in the fit context; dense output.',
  accepts: ['categorical'],
  nonNegativeOutput: () => true,
  params: TARGET_ENCODING_SCHEMA,
  create: (params) => new TargetEncoder(params),
  load: (params, state) => TargetEncoder.load(params, state),
});
