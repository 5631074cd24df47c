/**
 * One text column -> the class scores of a linear text model (stacking): word and character
 * TF-IDF n-grams feed a logistic regression, and the block outputs its log-odds, so a
 * classifier that cannot use sparse n-grams well (gradient-boosted trees) still gets the text
 * signal beside the tabular columns. One column (the log-odds of class 1) for two classes,
 * one log-probability per class otherwise.
 *
 * Leakage: scores of a training row from a model that saw that row are overconfident, and the
 * classifier on top would learn to trust them too much. So, as scikit-learn's
 * StackingClassifier does with cross_val_predict, `fitTransform` (which Pipeline.fit uses)
 * scores each training row with a model fitted on the other `folds` stratified folds, and
 * keeps the model fitted on all rows as the state that `transform` (validation, test,
 * serving) uses. The vectorisers are fitted once on all training rows: they never see the
 * labels, so sharing them across folds leaks nothing and saves most of the cost.
 *
 * Labels come in `ctx.target`, like target encoding; without them the block is constant.
 */
import { getClassifierComponent, getFeatureComponent } from '../core/component-table.js';
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import { hstack, selectRows, type DenseMatrix, type FeatureMatrix } from '../core/matrix.js';
import { resolveParams, type ParamSchemaTable, type ResolvedParams } from '../core/params.js';
import { fitTransformOne } from '../core/pipeline.js';
import type { CellValue, Classifier, FeatureExtractor, FitContext } from '../core/types.js';
import { stratifiedKFold } from '../../core/splits.js';

export const TEXT_SCORES_SCHEMA = paramSchema({
  C: { type: 'float', default: 1, min: 0, exclusiveMin: true, description: 'Inverse regularisation of the inner logistic regression.', search: { type: 'float', low: 0.03, high: 30, log: true } },
  classWeight: { type: 'enum', default: 'balanced', choices: ['none', 'balanced'], description: 'Class weighting of the inner logistic regression.' },
  wordNgramMax: { type: 'int', default: 2, min: 1, max: 3, description: 'Longest word n-gram.' },
  charNgramMax: { type: 'int', default: 4, min: 2, max: 6, description: 'Longest character n-gram (char_wb, from 2).', search: { type: 'int', low: 3, high: 5 } },
  minDf: { type: 'int', default: 2, min: 1, description: 'Keep n-grams found in at least this many training documents.' },
  maxFeatures: { type: 'int', default: 100000, min: 0, description: 'Keep only the most frequent n-grams of each vectoriser; 0 = no limit.' },
  normalize: { type: 'enum', default: 'nfkc', choices: ['none', 'nfkc'], description: 'Unicode NFKC before tokenizing (folds full-width forms).' },
  folds: { type: 'int', default: 3, min: 2, max: 10, description: 'Stratified folds for the out-of-fold training scores.' },
});

export type TextScoresParams = ParamsOf<typeof TEXT_SCORES_SCHEMA>;

export interface TextScoresState {
  supervised: boolean;
  nClasses: number;
  words?: unknown;
  chars?: unknown;
  model?: unknown;
}

/** Probabilities are clipped before the log so a confident model gives large, finite scores. */
const EPS = 1e-9;

export class TextScores implements FeatureExtractor {
  private fitted: { nClasses: number; words: FeatureExtractor; chars: FeatureExtractor; model: Classifier } | { nClasses: 0 } | undefined;

  constructor(readonly params: TextScoresParams) {}

  static load(params: TextScoresParams, state: unknown): TextScores {
    const s = state as TextScoresState;
    const block = new TextScores(params);
    if (s?.supervised === false) {
      block.fitted = { nClasses: 0 };
      return block;
    }
    if (s?.supervised !== true || !Number.isInteger(s.nClasses) || s.nClasses < 2 || !s.words || !s.chars || !s.model) {
      throw new Error('text_scores: fitted state needs supervised, nClasses >= 2, words, chars and model');
    }
    const [words, chars] = block.vectorizerSpecs();
    block.fitted = {
      nClasses: s.nClasses,
      words: getFeatureComponent('tfidf', 'text_scores').load(words, s.words),
      chars: getFeatureComponent('tfidf', 'text_scores').load(chars, s.chars),
      model: getClassifierComponent('logreg', 'text_scores').load(block.modelParams(), s.model),
    };
    return block;
  }

  get outputSize(): number {
    const f = this.state();
    return width(f.nClasses);
  }

  fit(values: readonly CellValue[], ctx: FitContext): void {
    this.fitTransform(values, ctx);
  }

  fitTransform(values: readonly CellValue[], ctx: FitContext): DenseMatrix {
    const target = ctx.target;
    if (!target) {
      this.fitted = { nClasses: 0 };
      return this.transform(values);
    }
    if (target.y.length !== values.length) throw new Error(`text_scores: ${values.length} values but ${target.y.length} labels`);
    const [wordParams, charParams] = this.vectorizerSpecs();
    const words = getFeatureComponent('tfidf', 'text_scores').create(wordParams);
    const chars = getFeatureComponent('tfidf', 'text_scores').create(charParams);
    const X = hstack([fitTransformOne(words, values, ctx), fitTransformOne(chars, values, ctx)]);
    const { y, nClasses } = target;
    const fitModel = (rows: FeatureMatrix, labels: Int32Array): Classifier => {
      const model = getClassifierComponent('logreg', 'text_scores').create(this.modelParams());
      model.fit(rows, labels, nClasses, { seed: ctx.seed, shouldStop: ctx.shouldStop });
      return model;
    };
    const m = width(nClasses);
    const out = new Float64Array(values.length * m);
    const k = Math.min(this.params.folds, smallestClass(y, nClasses));
    if (k >= 2) {
      for (const fold of stratifiedKFold(Array.from(y), k, ctx.seed)) {
        const model = fitModel(selectRows(X, fold.train), Int32Array.from(fold.train, (r) => y[r]));
        writeScores(model.predictProba(selectRows(X, fold.validation)), nClasses, fold.validation, out);
      }
    }
    const model = fitModel(X, y);
    this.fitted = { nClasses, words, chars, model };
    // Too few rows of some class for two folds: in-sample scores are all there is.
    if (k < 2) writeScores(model.predictProba(X), nClasses, identity(values.length), out);
    return { kind: 'dense', rows: values.length, cols: m, values: out };
  }

  transform(values: readonly CellValue[]): DenseMatrix {
    const f = this.state();
    const m = width(f.nClasses);
    const out = new Float64Array(values.length * m);
    if ('model' in f) {
      const X = hstack([f.words.transform(values), f.chars.transform(values)]);
      writeScores(f.model.predictProba(X), f.nClasses, identity(values.length), out);
    }
    return { kind: 'dense', rows: values.length, cols: m, values: out };
  }

  getState(): TextScoresState {
    const f = this.state();
    if (!('model' in f)) return { supervised: false, nClasses: 0 };
    return { supervised: true, nClasses: f.nClasses, words: f.words.getState(), chars: f.chars.getState(), model: f.model.getState() };
  }

  private state() {
    if (!this.fitted) throw new Error('text_scores is not fitted');
    return this.fitted;
  }

  /** The two vectorisers: word uni/bi-grams and character n-grams inside word boundaries. */
  private vectorizerSpecs(): [ResolvedParams, ResolvedParams] {
    const p = this.params;
    const shared = { minDf: p.minDf, maxFeatures: p.maxFeatures, normalize: p.normalize, sublinearTf: true };
    const tfidf = getFeatureComponent('tfidf', 'text_scores').params;
    return [
      innerParams(tfidf, { ...shared, analyzer: 'word', ngramMin: 1, ngramMax: p.wordNgramMax }),
      innerParams(tfidf, { ...shared, analyzer: 'char_wb', ngramMin: Math.min(2, p.charNgramMax), ngramMax: p.charNgramMax }),
    ];
  }

  private modelParams(): ResolvedParams {
    return innerParams(getClassifierComponent('logreg', 'text_scores').params, { C: this.params.C, classWeight: this.params.classWeight });
  }
}

/** The inner components' full params (defaults filled, values checked) from the ones this block sets. */
function innerParams(schema: ParamSchemaTable, raw: Record<string, unknown>): ResolvedParams {
  const { params, problems } = resolveParams(schema, raw, 'text_scores');
  if (problems.length) throw new UserInputError(problems);
  return params;
}

function width(nClasses: number): number {
  return nClasses === 2 || nClasses === 0 ? 1 : nClasses;
}

function smallestClass(y: Int32Array, nClasses: number): number {
  const counts = new Array<number>(nClasses).fill(0);
  for (const c of y) counts[c]++;
  return Math.min(...counts);
}

function identity(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Probabilities of `rows` (in order) -> scores at those rows of `out`. */
function writeScores(proba: Float64Array, nClasses: number, rows: readonly number[], out: Float64Array): void {
  const m = width(nClasses);
  rows.forEach((row, i) => {
    if (nClasses === 2) {
      const p1 = Math.min(1 - EPS, Math.max(EPS, proba[i * 2 + 1]));
      out[row] = Math.log(p1 / (1 - p1));
    } else {
      for (let c = 0; c < nClasses; c++) out[row * m + c] = Math.log(Math.max(EPS, proba[i * nClasses + c]));
    }
  });
}

defineComponent({
  role: 'feature',
  kind: 'text_scores',
  description:
    'A text column as the out-of-fold class scores of a logistic regression on word and char_wb TF-IDF (stacking): puts the text signal beside tabular columns for gradient boosting; needs the labels in the fit context; dense output.',
  accepts: ['text'],
  nonNegativeOutput: () => false,
  params: TEXT_SCORES_SCHEMA,
  create: (params) => new TextScores(params),
  load: (params, state) => TextScores.load(params, state),
});
