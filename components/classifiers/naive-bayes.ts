/**
 * Multinomial and complement naive Bayes with scikit-learn's semantics. Both learn from the
 * same sufficient statistics (per-class feature totals and class row counts), which are the
 * saved state; the log-probabilities are derived from them on fit and on load.
 * Complement NB (Rennie et al. 2003) estimates each class from the rows of all other
 * classes, which holds up better on imbalanced text; like scikit-learn it ignores the prior.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { FeatureMatrix } from '../core/matrix.js';
import type { Classifier, FitContext } from '../core/types.js';
import { classifierConverter } from '../export/onnx-converter.js';
import { softmaxHead } from '../export/probability-heads.js';
import { findValue, linearBackward, linearForward } from './linear-ops.js';
import { checkTrainingData, classCounts } from './training-data.js';

export const NAIVE_BAYES_SCHEMA = paramSchema({
  variant: { type: 'enum', default: 'multinomial', choices: ['multinomial', 'complement'], description: 'Multinomial NB, or complement NB (often better on imbalanced text).', search: { type: 'categorical', choices: ['multinomial', 'complement'] } },
  alpha: { type: 'float', default: 1, min: 0, exclusiveMin: true, description: 'Additive smoothing of feature counts.', search: { type: 'float', low: 1e-3, high: 10, log: true } },
  fitPrior: { type: 'bool', default: true, description: 'Multinomial: learn class priors from the data (false = uniform). Complement NB ignores priors.' },
  norm: { type: 'bool', default: false, description: 'Complement: normalise each class weight vector.' },
});

export type NaiveBayesParams = ParamsOf<typeof NAIVE_BAYES_SCHEMA>;

export interface NaiveBayesState {
  nFeatures: number;
  nClasses: number;
  classCount: number[];
  /** featureCount[k][j] = sum of feature j over the training rows of class k. */
  featureCount: number[][];
}

export class NaiveBayes implements Classifier {
  private stats: NaiveBayesState | undefined;
  /** Derived: feature-major log-weights W[j * K + k] and per-class bias. */
  private weights: { W: Float64Array; bias: Float64Array } | undefined;

  constructor(readonly params: NaiveBayesParams) {}

  static load(params: NaiveBayesParams, state: unknown): NaiveBayes {
    const s = state as NaiveBayesState;
    if (!Number.isInteger(s?.nFeatures) || s.classCount?.length !== s.nClasses || s.featureCount?.length !== s.nClasses) {
      throw new Error('naive_bayes: fitted state needs nFeatures, nClasses, classCount and featureCount');
    }
    const model = new NaiveBayes(params);
    model.setStats(s);
    return model;
  }

  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, _ctx: FitContext): void {
    checkTrainingData(X, y, nClasses);
    const negative = findValue(X, (v) => v < 0);
    if (negative) {
      throw new UserInputError(
        `naive_bayes needs non-negative features (counts, tf-idf, one-hot), but feature column ${negative.col} is ${negative.value} at row ${negative.row}; ` +
          'numeric blocks with transform "standardize" produce negative values',
      );
    }
    const d = X.cols;
    // Per-class totals are X^T Y for the one-hot label matrix Y, the gradient-style product.
    const oneHot = new Float64Array(X.rows * nClasses);
    for (let i = 0; i < X.rows; i++) oneHot[i * nClasses + y[i]] = 1;
    const totals = new Float64Array(d * nClasses);
    linearBackward(X, oneHot, nClasses, totals);
    const featureCount = Array.from({ length: nClasses }, (_, k) => Array.from({ length: d }, (_, j) => totals[j * nClasses + k]));
    this.setStats({ nFeatures: d, nClasses, classCount: classCounts(y, nClasses), featureCount });
  }

  predictProba(X: FeatureMatrix): Float64Array {
    const { nFeatures, nClasses } = this.fitted();
    if (X.cols !== nFeatures) throw new Error(`naive_bayes: fitted on ${nFeatures} features, got ${X.cols}`);
    const { W, bias } = this.weights!;
    const jointLogLikelihood = new Float64Array(X.rows * nClasses);
    linearForward(X, W, bias, nClasses, jointLogLikelihood);
    for (let i = 0; i < X.rows; i++) {
      const o = i * nClasses;
      let max = -Infinity;
      for (let k = 0; k < nClasses; k++) max = Math.max(max, jointLogLikelihood[o + k]);
      let sum = 0;
      for (let k = 0; k < nClasses; k++) sum += jointLogLikelihood[o + k] = Math.exp(jointLogLikelihood[o + k] - max);
      for (let k = 0; k < nClasses; k++) jointLogLikelihood[o + k] /= sum;
    }
    return jointLogLikelihood;
  }

  getState(): NaiveBayesState {
    const s = this.fitted();
    return { nFeatures: s.nFeatures, nClasses: s.nClasses, classCount: [...s.classCount], featureCount: s.featureCount.map((row) => [...row]) };
  }

  private setStats(s: NaiveBayesState): void {
    this.stats = s;
    this.weights = this.params.variant === 'complement' ? complementWeights(s, this.params) : multinomialWeights(s, this.params);
  }

  private fitted(): NaiveBayesState {
    if (!this.stats) throw new Error('naive_bayes is not fitted');
    return this.stats;
  }
}

/** log P(feature j | class k) with smoothing, plus log priors (a class never seen gets -Infinity). */
function multinomialWeights(s: NaiveBayesState, p: NaiveBayesParams): { W: Float64Array; bias: Float64Array } {
  const { nFeatures: d, nClasses: K } = s;
  const W = new Float64Array(d * K);
  const totalRows = s.classCount.reduce((a, b) => a + b, 0);
  const bias = Float64Array.from(s.classCount, (c) => (p.fitPrior ? Math.log(c / totalRows) : -Math.log(K)));
  for (let k = 0; k < K; k++) {
    const row = s.featureCount[k];
    let total = 0;
    for (let j = 0; j < d; j++) total += row[j] + p.alpha;
    for (let j = 0; j < d; j++) W[j * K + k] = Math.log((row[j] + p.alpha) / total);
  }
  return { W, bias };
}

/** Weights from the complement of each class: minus the (optionally normalised) complement log-probabilities. */
function complementWeights(s: NaiveBayesState, p: NaiveBayesParams): { W: Float64Array; bias: Float64Array } {
  const { nFeatures: d, nClasses: K } = s;
  const W = new Float64Array(d * K);
  const featureAll = new Float64Array(d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) featureAll[j] += s.featureCount[k][j];
  for (let k = 0; k < K; k++) {
    const row = s.featureCount[k];
    let total = 0;
    for (let j = 0; j < d; j++) total += featureAll[j] + p.alpha - row[j];
    let logSum = 0;
    for (let j = 0; j < d; j++) {
      const logged = Math.log((featureAll[j] + p.alpha - row[j]) / total);
      W[j * K + k] = logged;
      logSum += logged;
    }
    for (let j = 0; j < d; j++) W[j * K + k] = p.norm ? W[j * K + k] / logSum : -W[j * K + k];
  }
  return { W, bias: new Float64Array(K) };
}

defineComponent({
  role: 'classifier',
  kind: 'naive_bayes',
  needsNonNegativeInput: true,
  description: 'Multinomial or complement naive Bayes for non-negative features such as tf-idf or counts.',
  // ONNX: the joint log-likelihoods are linear in the features (the same weights predictProba uses), then a softmax.
  toOnnx: classifierConverter({
    form: 'linear',
    linear({ params: p, state: s }: { params: NaiveBayesParams; state: NaiveBayesState }) {
      const { W, bias } = p.variant === 'complement' ? complementWeights(s, p) : multinomialWeights(s, p);
      return { nFeatures: s.nFeatures, intercepts: bias, weight: (j, k) => W[j * s.nClasses + k], head: softmaxHead };
    },
  }),
  params: NAIVE_BAYES_SCHEMA,
  create: (params) => new NaiveBayes(params),
  load: (params, state) => NaiveBayes.load(params, state),
});
