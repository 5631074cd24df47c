/**
 * Histogram-based gradient boosting (scikit-learn's HistGradientBoostingClassifier, LightGBM):
 * features binned into at most 255 quantile bins, trees grown leaf-wise on gradient
 * histograms, binary log-loss (one tree per iteration) or multinomial softmax (one tree per
 * class per iteration), L2 leaf regularisation, minSamplesLeaf, and early stopping on a
 * seeded stratified validation split.
 *
 * Input: dense or sparse matrices of moderate width (numeric, one-hot, hashed or reduced
 * text); sparse input is binned column by column, never densified as floats. Fitted state is
 * the baseline scores and the trees with raw-value thresholds, so predictions need no bins.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { selectRows, type FeatureMatrix } from '../core/matrix.js';
import type { Classifier, FitContext } from '../core/types.js';
import { classifierConverter } from '../export/onnx-converter.js';
import { treeEnsembleProbabilities } from '../export/tree-ensemble.js';
import { createRng } from '../../core/random.js';
import { stratifiedSplit } from '../../core/splits.js';
import { CLASS_WEIGHT_PARAM, rowWeights, sigmoid, softmaxRow, type ClassWeight } from './class-weights.js';
import { checkGbtShape, fitBins, applyBins } from './gbt-binning.js';
import { TreeGrower, predictBinned, predictRaw, type Tree } from './gbt-tree.js';
import { checkTrainingData } from './training-data.js';

/** Rows above which 'auto' turns early stopping on (scikit-learn's rule). */
const AUTO_EARLY_STOPPING_ROWS = 10_000;

export const GBT_SCHEMA = paramSchema({
  learningRate: { type: 'float', default: 0.1, min: 0, exclusiveMin: true, max: 1, description: 'Shrinkage applied to every leaf value.', search: { type: 'float', low: 0.01, high: 0.3, log: true } },
  maxIter: { type: 'int', default: 100, min: 1, description: 'Boosting iterations (trees per class).', search: { type: 'int', low: 50, high: 500, log: true } },
  maxLeafNodes: { type: 'int', default: 31, min: 2, description: 'Leaves per tree (leaf-wise growth).', search: { type: 'int', low: 8, high: 128, log: true } },
  maxDepth: { type: 'int', default: 0, min: 0, description: 'Maximum depth of a tree; 0 = no limit besides maxLeafNodes.' },
  minSamplesLeaf: { type: 'int', default: 20, min: 1, description: 'Rows needed in every leaf.', search: { type: 'int', low: 5, high: 100, log: true } },
  l2Regularization: { type: 'float', default: 0, min: 0, description: 'L2 penalty on leaf values (added to the hessian sum).', search: { type: 'float', low: 1e-3, high: 10, log: true } },
  maxBins: { type: 'int', default: 255, min: 2, max: 255, description: 'Bins per feature (quantiles of the training values).' },
  earlyStopping: { type: 'enum', default: 'auto', choices: ['auto', 'on', 'off'], description: `Stop when the validation loss stops improving; 'auto' = on above ${AUTO_EARLY_STOPPING_ROWS} rows.` },
  validationFraction: { type: 'float', default: 0.1, min: 0.01, max: 0.5, description: 'Share of the training rows held out (stratified, seeded) for early stopping.' },
  nIterNoChange: { type: 'int', default: 10, min: 1, description: 'Early stopping patience, in iterations.' },
  tol: { type: 'float', default: 1e-7, min: 0, description: 'Smallest validation-loss improvement that counts.' },
  classWeight: { ...CLASS_WEIGHT_PARAM, choices: [...CLASS_WEIGHT_PARAM.choices], search: { type: 'categorical', choices: ['none', 'balanced'] } },
});

export type GbtParams = ParamsOf<typeof GBT_SCHEMA>;

interface TreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface GbtState {
  nFeatures: number;
  nClasses: number;
  /** Initial raw score per output (K = 1 for two classes, else nClasses). */
  baseline: number[];
  /** trees[iteration][output]. */
  trees: TreeJSON[][];
}

export interface GbtFitInfo {
  iterations: number;
  stop: 'maxIter' | 'earlyStopping' | 'stopped';
  trainLoss: number[];
  validationLoss: number[];
}

/** Rows used to find the bin edges (scikit-learn's subsample). */
const BIN_SUBSAMPLE = 200_000;
const EPS = 1e-15;

interface PredictTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export class GradientBoosting implements Classifier {
  private model: { nFeatures: number; nClasses: number; baseline: Float64Array; trees: PredictTree[][] } | undefined;
  fitInfo: GbtFitInfo | undefined;

  constructor(readonly params: GbtParams) {}

  static load(params: GbtParams, state: unknown): GradientBoosting {
    const s = state as GbtState;
    const K = s?.nClasses === 2 ? 1 : s?.nClasses;
    if (!Number.isInteger(s?.nFeatures) || !Array.isArray(s.baseline) || s.baseline.length !== K || !Array.isArray(s.trees) || s.trees.some((it) => it.length !== K)) {
      throw new Error('gbt: fitted state needs nFeatures, nClasses, a baseline per output and trees[iteration][output]');
    }
    const model = new GradientBoosting(params);
    model.model = {
      nFeatures: s.nFeatures,
      nClasses: s.nClasses,
      baseline: Float64Array.from(s.baseline),
      trees: s.trees.map((it) =>
        it.map((t) => ({
          feature: Int32Array.from(t.feature),
          threshold: Float64Array.from(t.threshold),
          left: Int32Array.from(t.left),
          right: Int32Array.from(t.right),
          value: Float64Array.from(t.value),
        })),
      ),
    };
    return model;
  }

  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, ctx: FitContext): void {
    checkTrainingData(X, y, nClasses);
    checkGbtShape(X);
    const p = this.params;
    const K = nClasses === 2 ? 1 : nClasses;
    const useValidation = p.earlyStopping === 'on' || (p.earlyStopping === 'auto' && X.rows > AUTO_EARLY_STOPPING_ROWS);

    let trainX = X;
    let trainY = y;
    let valX: FeatureMatrix | undefined;
    let valY: Int32Array | undefined;
    if (useValidation) {
      const split = stratifiedSplit(Array.from(y), { validation: p.validationFraction, test: 0, seed: ctx.seed });
      if (split.validation.length > 0) {
        trainX = selectRows(X, split.train);
        trainY = Int32Array.from(split.train, (i) => y[i]);
        valX = selectRows(X, split.validation);
        valY = Int32Array.from(split.validation, (i) => y[i]);
      }
    }
    const n = trainX.rows;
    const d = trainX.cols;
    const weights = rowWeights(trainY, nClasses, p.classWeight);
    const valWeights = valY ? rowWeights(valY, nClasses, p.classWeight) : undefined;

    // Bin edges from a seeded subsample of the training rows.
    let sample: Int32Array | undefined;
    if (n > BIN_SUBSAMPLE) {
      const rng = createRng(ctx.seed + 1);
      const all = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < BIN_SUBSAMPLE; i++) {
        const j = i + Math.floor(rng() * (n - i));
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      sample = all.slice(0, BIN_SUBSAMPLE).sort();
    }
    const { edges, binned } = fitBins(trainX, p.maxBins, sample);
    const nBins = Int32Array.from(edges, (e) => e.length + 1);
    const valBinned = valX ? applyBins(valX, edges) : undefined;

    const baseline = initialScores(trainY, weights, nClasses);
    const raw = new Float64Array(n * K);
    for (let i = 0; i < n; i++) raw.set(baseline, i * K);
    const nVal = valY?.length ?? 0;
    const valRaw = new Float64Array(nVal * K);
    for (let i = 0; i < nVal; i++) valRaw.set(baseline, i * K);

    const grower = new TreeGrower(binned, n, nBins, edges);
    const g = Array.from({ length: K }, () => new Float64Array(n));
    const h = Array.from({ length: K }, () => new Float64Array(n));
    const trees: Tree[][] = [];
    const trainLoss: number[] = [];
    const validationLoss: number[] = [];
    if (valY) validationLoss.push(logLoss(valRaw, valY, valWeights!, K));
    let stop: GbtFitInfo['stop'] = 'maxIter';
    const growth = { maxLeafNodes: p.maxLeafNodes, maxDepth: p.maxDepth, minSamplesLeaf: p.minSamplesLeaf, l2: p.l2Regularization, learningRate: p.learningRate };

    for (let iter = 0; iter < p.maxIter; iter++) {
      if (ctx.shouldStop?.()) {
        stop = 'stopped';
        break;
      }
      trainLoss.push(gradients(raw, trainY, weights, K, g, h));
      const iteration: Tree[] = [];
      for (let k = 0; k < K; k++) {
        const tree = grower.grow(g[k], h[k], growth, raw, K, k);
        iteration.push(tree);
        if (valBinned) for (let i = 0; i < nVal; i++) valRaw[i * K + k] += predictBinned(tree, valBinned, nVal, i);
      }
      trees.push(iteration);
      ctx.onProgress?.((iter + 1) / p.maxIter);
      if (valY) {
        validationLoss.push(logLoss(valRaw, valY, valWeights!, K));
        if (shouldStopEarly(validationLoss, p.nIterNoChange, p.tol)) {
          stop = 'earlyStopping';
          break;
        }
      }
    }
    ctx.onProgress?.(1);
    this.model = { nFeatures: d, nClasses, baseline, trees };
    this.fitInfo = { iterations: trees.length, stop, trainLoss, validationLoss };
  }

  predictProba(X: FeatureMatrix): Float64Array {
    const { nFeatures, nClasses, baseline, trees } = this.fitted();
    if (X.cols !== nFeatures) throw new Error(`gbt: fitted on ${nFeatures} features, got ${X.cols}`);
    const K = baseline.length;
    const rows = X.rows;
    const raw = new Float64Array(rows * K);
    const dense = new Float64Array(X.kind === 'csr' ? nFeatures : 0);
    for (let i = 0; i < rows; i++) {
      let x: Float64Array;
      let offset: number;
      if (X.kind === 'dense') {
        x = X.values;
        offset = i * nFeatures;
      } else {
        for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) dense[X.indices[q]] += X.values[q];
        x = dense;
        offset = 0;
      }
      for (let k = 0; k < K; k++) {
        let s = baseline[k];
        for (let t = 0; t < trees.length; t++) s += predictRaw(trees[t][k], x, offset);
        raw[i * K + k] = s;
      }
      if (X.kind === 'csr') for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) dense[X.indices[q]] = 0;
    }
    const proba = new Float64Array(rows * nClasses);
    for (let i = 0; i < rows; i++) {
      if (K === 1) {
        const p = sigmoid(raw[i]);
        proba[2 * i] = 1 - p;
        proba[2 * i + 1] = p;
      } else softmaxRow(raw, i * K, K, proba);
    }
    return proba;
  }

  getState(): GbtState {
    const { nFeatures, nClasses, baseline, trees } = this.fitted();
    return {
      nFeatures,
      nClasses,
      baseline: Array.from(baseline),
      trees: trees.map((it) =>
        it.map((t) => ({ feature: Array.from(t.feature), threshold: Array.from(t.threshold), left: Array.from(t.left), right: Array.from(t.right), value: Array.from(t.value) })),
      ),
    };
  }

  private fitted() {
    if (!this.model) throw new Error('gbt is not fitted');
    return this.model;
  }
}

/** Baseline raw scores: log-odds of the weighted class prior (log priors for softmax). */
function initialScores(y: Int32Array, weights: Float64Array, nClasses: number): Float64Array {
  const mass = new Float64Array(nClasses);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    mass[y[i]] += weights[i];
    total += weights[i];
  }
  const prior = Float64Array.from(mass, (m) => Math.min(Math.max(m / total, EPS), 1 - EPS));
  if (nClasses === 2) return Float64Array.of(Math.log(prior[1] / prior[0]));
  return Float64Array.from(prior, Math.log);
}

/**
 * Writes weighted gradients and hessians of the loss at `raw`, one array per output (g[k][i]);
 * returns the weighted mean loss.
 */
function gradients(raw: Float64Array, y: Int32Array, w: Float64Array, K: number, gs: Float64Array[], hs: Float64Array[]): number {
  const n = y.length;
  let loss = 0;
  let wsum = 0;
  if (K === 1) {
    const g = gs[0];
    const h = hs[0];
    for (let i = 0; i < n; i++) {
      const z = raw[i];
      const p = sigmoid(z);
      const t = y[i];
      g[i] = w[i] * (p - t);
      h[i] = w[i] * Math.max(p * (1 - p), 1e-16);
      loss += w[i] * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t * z);
      wsum += w[i];
    }
    return loss / wsum;
  }
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (raw[o + k] > max) max = raw[o + k];
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(raw[o + k] - max);
      gs[k][i] = e;
      sum += e;
    }
    const inv = 1 / sum;
    const wi = w[i];
    const yi = y[i];
    for (let k = 0; k < K; k++) {
      const pk = gs[k][i] * inv;
      gs[k][i] = wi * (k === yi ? pk - 1 : pk);
      hs[k][i] = wi * Math.max(pk * (1 - pk), 1e-16);
    }
    loss += wi * (max + Math.log(sum) - raw[o + yi]);
    wsum += wi;
  }
  return loss / wsum;
}

function logLoss(raw: Float64Array, y: Int32Array, w: Float64Array, K: number): number {
  let loss = 0;
  let wsum = 0;
  for (let i = 0; i < y.length; i++) {
    let l: number;
    if (K === 1) {
      const z = raw[i];
      l = (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
    } else {
      const o = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, raw[o + k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(raw[o + k] - max);
      l = max + Math.log(sum) - raw[o + y[i]];
    }
    loss += w[i] * l;
    wsum += w[i];
  }
  return loss / wsum;
}

/** scikit-learn's rule: stop when none of the last n scores beats the one before them by more than tol. */
function shouldStopEarly(losses: number[], nIterNoChange: number, tol: number): boolean {
  if (losses.length <= nIterNoChange) return false;
  const reference = losses[losses.length - 1 - nIterNoChange];
  for (let j = losses.length - nIterNoChange; j < losses.length; j++) if (losses[j] < reference - tol) return false;
  return true;
}

defineComponent({
  role: 'classifier',
  kind: 'gbt',
  description: 'Histogram-based gradient boosted trees (like HistGradientBoostingClassifier): binary log-loss or softmax, leaf-wise growth, early stopping; dense, low-dimensional input.',
  // ONNX: one TreeEnsembleRegressor over the blocks' exact (double) features.
  toOnnx: classifierConverter({ form: 'tree', probabilities: (g, { state }: { state: GbtState }, features, out) => treeEnsembleProbabilities(g, state, features, out) }),
  params: GBT_SCHEMA,
  create: (params) => new GradientBoosting(params),
  load: (params, state) => GradientBoosting.load(params, state),
});
