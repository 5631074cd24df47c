/**
 * Regularised logistic regression: sigmoid for two classes, softmax over all classes
 * otherwise. With penalty 'l2' (the default) it minimises scikit-learn's objective
 * C * sum_i s_i loss_i + ||W||^2 / 2 (intercept not penalised), divided by sum_i s_i so the
 * gradient tolerance does not depend on the row count, as scikit-learn's lbfgs solver does,
 * fitted with the L-BFGS in ./lbfgs.ts. Penalties 'l1' and 'elasticnet' minimise scikit-learn's
 * saga objective C * sum_i s_i loss_i + r ||W||_1 + (1 - r) ||W||^2 / 2 (r = l1Ratio, 1 for
 * 'l1'), with the same normalisation, fitted with the proximal gradient method (FISTA) in
 * ./proximal.ts. Both start from zero weights, so fitting is deterministic.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { FeatureMatrix } from '../core/matrix.js';
import type { Classifier, FitContext } from '../core/types.js';
import { classifierConverter } from '../export/onnx-converter.js';
import { sigmoidPairHead, softmaxHead } from '../export/probability-heads.js';
import { minimizeLbfgs, type LbfgsStop } from './lbfgs.js';
import { minimizeProximal, type ProximalStop } from './proximal.js';
import { linearBackward, linearForward } from './linear-ops.js';
import { rowWeights, sigmoid, softmaxRow } from './class-weights.js';
import { checkTrainingData } from './training-data.js';

export const LOGISTIC_REGRESSION_SCHEMA = paramSchema({
  C: { type: 'float', default: 1, min: 0, exclusiveMin: true, description: 'Inverse regularisation strength: larger C fits the training data more closely.', search: { type: 'float', low: 1e-3, high: 1e3, log: true } },
  classWeight: { type: 'enum', default: 'none', choices: ['none', 'balanced'], description: 'Weight rows so every class counts equally in the loss.', search: { type: 'categorical', choices: ['none', 'balanced'] } },
  maxIter: { type: 'int', default: 200, min: 1, description: 'Maximum solver iterations (L-BFGS for l2, FISTA for l1 / elasticnet).' },
  tol: { type: 'float', default: 1e-4, min: 0, exclusiveMin: true, description: 'Stop when the largest (sub)gradient component falls below this; l1 / elasticnet also stop when a step changes the weights by less than this relative to their size.' },
  fitIntercept: { type: 'bool', default: true, description: 'Learn an unpenalised bias per class.' },
  penalty: { type: 'enum', default: 'l2', choices: ['l2', 'l1', 'elasticnet'], description: "Weight penalty: 'l2' (||W||^2 / 2), 'l1' (||W||_1, gives exact zeros) or 'elasticnet' (a mix set by l1Ratio)." },
  l1Ratio: { type: 'float', default: 0.5, min: 0, max: 1, description: "Elastic-net mixing r in r ||W||_1 + (1 - r) ||W||^2 / 2; used only with penalty 'elasticnet'." },
});

export type LogisticRegressionParams = ParamsOf<typeof LOGISTIC_REGRESSION_SCHEMA>;

export interface LogisticRegressionState {
  nFeatures: number;
  nClasses: number;
  /** One weight vector per output: a single one (for class 1) with two classes, else one per class. */
  weights: number[][];
  intercepts: number[];
}

/** How the last fit ended, for diagnostics and tests; not part of the saved state. */
export interface LogisticRegressionFitInfo {
  iterations: number;
  stop: LbfgsStop | ProximalStop;
  /** Final value of the (row-weight normalised) objective. */
  loss: number;
  /** Largest absolute gradient component at the solution (minimum-norm subgradient with an L1 term). */
  gradMax: number;
  /** Objective after each iteration, from the zero start. */
  lossHistory: number[];
}

export class LogisticRegression implements Classifier {
  /** Feature-major weights W[j * K + k] and intercepts b[k], K = 1 for binary problems. */
  private model: { W: Float64Array; b: Float64Array; nFeatures: number; nClasses: number } | undefined;
  fitInfo: LogisticRegressionFitInfo | undefined;

  constructor(readonly params: LogisticRegressionParams) {}

  static load(params: LogisticRegressionParams, state: unknown): LogisticRegression {
    const s = state as LogisticRegressionState;
    const K = s?.nClasses === 2 ? 1 : s?.nClasses;
    if (!Number.isInteger(s?.nFeatures) || !Array.isArray(s.weights) || s.weights.length !== K || s.intercepts?.length !== K) {
      throw new Error('logreg: fitted state needs nFeatures, nClasses and one weight vector and intercept per output');
    }
    const W = new Float64Array(s.nFeatures * K);
    s.weights.forEach((w, k) => w.forEach((v, j) => (W[j * K + k] = v)));
    const model = new LogisticRegression(params);
    model.model = { W, b: Float64Array.from(s.intercepts), nFeatures: s.nFeatures, nClasses: s.nClasses };
    return model;
  }

  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, ctx: FitContext): void {
    checkTrainingData(X, y, nClasses);
    const { C, maxIter, tol, fitIntercept } = this.params;
    const K = nClasses === 2 ? 1 : nClasses;
    const d = X.cols;
    const n = X.rows;
    const rowWeight = rowWeights(y, nClasses, this.params.classWeight);
    let weightSum = 0;
    for (let i = 0; i < n; i++) weightSum += rowWeight[i];
    const penalty = this.params.penalty ?? 'l2';
    const l1Ratio = penalty === 'l1' ? 1 : penalty === 'elasticnet' ? (this.params.l1Ratio ?? 0.5) : 0;
    if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new UserInputError(`classifier__l1Ratio: must be in [0, 1], got ${l1Ratio}`);
    const l2 = penalty === 'l2' ? 1 / (C * weightSum) : (1 - l1Ratio) / (C * weightSum);
    const scores = new Float64Array(n * K);
    const residual = new Float64Array(n * K);

    // theta = [W (d x K, feature-major), b (K)]; without an intercept b stays 0.
    const objective = (theta: Float64Array, grad: Float64Array): number => {
      const W = theta.subarray(0, d * K);
      const b = fitIntercept ? theta.subarray(d * K) : undefined;
      linearForward(X, W, b, K, scores);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const w = rowWeight[i] / weightSum;
        loss += w * (K === 1 ? binaryLoss(scores, residual, i, y[i]) : softmaxLoss(scores, residual, i, K, y[i]));
        for (let k = 0; k < K; k++) residual[i * K + k] *= w;
      }
      grad.fill(0);
      const gW = grad.subarray(0, d * K);
      linearBackward(X, residual, K, gW);
      let squares = 0;
      for (let j = 0; j < d * K; j++) {
        squares += W[j] * W[j];
        gW[j] += l2 * W[j];
      }
      if (fitIntercept) {
        for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) grad[d * K + k] += residual[i * K + k];
      }
      return loss + 0.5 * l2 * squares;
    };

    const x0 = new Float64Array(d * K + (fitIntercept ? K : 0));
    const onIteration = (iteration: number) => ctx.onProgress?.(iteration / maxIter);
    // The L1 term acts on the weights only; intercepts stay unpenalised.
    const l1Strengths = (): Float64Array => new Float64Array(x0.length).fill(l1Ratio / (C * weightSum), 0, d * K);
    const result =
      penalty === 'l2'
        ? minimizeLbfgs(objective, x0, { maxIter, gtol: tol, shouldStop: ctx.shouldStop, onIteration })
        : minimizeProximal(objective, x0, { l1: l1Strengths(), maxIter, tol, shouldStop: ctx.shouldStop, onIteration });
    // Converging early is finishing: tell the progress bar so.
    ctx.onProgress?.(1);
    const W = result.x.slice(0, d * K);
    const b = fitIntercept ? result.x.slice(d * K) : new Float64Array(K);
    this.model = { W, b, nFeatures: d, nClasses };
    this.fitInfo = { iterations: result.iterations, stop: result.stop, loss: result.f, gradMax: result.gradMax, lossHistory: result.history };
  }

  predictProba(X: FeatureMatrix): Float64Array {
    const { W, b, nFeatures, nClasses } = this.fitted();
    if (X.cols !== nFeatures) throw new Error(`logreg: fitted on ${nFeatures} features, got ${X.cols}`);
    const K = nClasses === 2 ? 1 : nClasses;
    const scores = new Float64Array(X.rows * K);
    linearForward(X, W, b, K, scores);
    const proba = new Float64Array(X.rows * nClasses);
    for (let i = 0; i < X.rows; i++) {
      if (K === 1) {
        const p = sigmoid(scores[i]);
        proba[2 * i] = 1 - p;
        proba[2 * i + 1] = p;
      } else {
        softmaxRow(scores, i * K, K, proba);
      }
    }
    return proba;
  }

  /** The fitted weights as they are (not copies): W[j * K + k], b[k], K = 1 for binary problems. For compiled scorers (components/compiled). */
  linearWeights(): { W: Float64Array; b: Float64Array; K: number; nFeatures: number } {
    const { W, b, nFeatures } = this.fitted();
    return { W, b, K: b.length, nFeatures };
  }

  getState(): LogisticRegressionState {
    const { W, b, nFeatures, nClasses } = this.fitted();
    const K = b.length;
    const weights = Array.from({ length: K }, (_, k) => Array.from({ length: nFeatures }, (_, j) => W[j * K + k]));
    return { nFeatures, nClasses, weights, intercepts: Array.from(b) };
  }

  private fitted() {
    if (!this.model) throw new Error('logreg is not fitted');
    return this.model;
  }
}

/** Log-loss of row i with label y in {0, 1}; writes p - y into residual[i]. */
function binaryLoss(scores: Float64Array, residual: Float64Array, i: number, y: number): number {
  const z = scores[i];
  residual[i] = sigmoid(z) - y;
  // log(1 + e^z) - y z, written so neither exponential can overflow.
  const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  return softplus - y * z;
}

/** Cross-entropy of row i; writes p_k - [k = y] into residual[i * K + k]. */
function softmaxLoss(scores: Float64Array, residual: Float64Array, i: number, K: number, y: number): number {
  const o = i * K;
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, scores[o + k]);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.exp(scores[o + k] - max);
  for (let k = 0; k < K; k++) residual[o + k] = Math.exp(scores[o + k] - max) / sum - (k === y ? 1 : 0);
  return max + Math.log(sum) - scores[o + y];
}

defineComponent({
  role: 'classifier',
  kind: 'logreg',
  description: 'Regularised logistic regression (binary sigmoid or multinomial softmax): L2 fitted with L-BFGS, L1 / elastic net with proximal gradient (FISTA); sparse or dense input.',
  // ONNX: scores linear in the features; one score (two classes) is a sigmoid pair, more a softmax.
  toOnnx: classifierConverter({
    form: 'linear',
    linear: ({ state: s }: { state: LogisticRegressionState }) => ({ nFeatures: s.nFeatures, intercepts: s.intercepts, weight: (j, k) => s.weights[k][j], head: s.weights.length === 1 ? sigmoidPairHead : softmaxHead }),
  }),
  params: LOGISTIC_REGRESSION_SCHEMA,
  create: (params) => new LogisticRegression(params),
  load: (params, state) => LogisticRegression.load(params, state),
});
