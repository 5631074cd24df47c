/**
 * Multi-layer perceptron trained with TensorFlow.js (./tf-backend.ts picks tfjs-node, wasm or
 * cpu): ReLU hidden layers with dropout, a softmax output, Adam, weighted cross-entropy
 * (class weights), mini-batches in a seeded order, and early stopping on a seeded stratified
 * validation split that restores the best epoch's weights.
 *
 * Training is a synchronous loop of `optimizer.minimize` calls, so `fit` keeps the Classifier
 * contract and polls `ctx.shouldStop` between batches. Call `prepare()` (or
 * `prepareTensorflow()`) first to train on the fast wasm backend; without it, training runs
 * on tfjs's synchronous cpu backend. Weights are initialised here (Glorot uniform from the
 * fit seed) and dropout masks are seeded per step, so a fit is deterministic on one backend.
 *
 * Prediction does not need tfjs: the fitted weights are plain arrays and the forward pass runs
 * in float64 JavaScript, sparse-aware in the first layer (fast single-row serving, identical on
 * every machine and after a JSON round trip).
 *
 * Input: dense blocks, or sparse ones densified when at most `maxInputColumns` wide;
 * wider sparse input (raw tf-idf) is a UserInputError: reduce it or use a linear model.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { FeatureMatrix } from '../core/matrix.js';
import type { Classifier, FitContext } from '../core/types.js';
import { classifierConverter, type LinearScores } from '../export/onnx-converter.js';
import { softmaxHead } from '../export/probability-heads.js';
import { createRng } from '../../core/random.js';
import { stratifiedSplit } from '../../core/splits.js';
import { CLASS_WEIGHT_PARAM, classWeightVector, softmaxRow, type ClassWeight } from './class-weights.js';
import { linearForward } from './linear-ops.js';
import { prepareTensorflow, readyTensorflow } from './tf-backend.js';
import { checkTrainingData } from './training-data.js';
import type * as TF from '@tensorflow/tfjs';

export const MLP_SCHEMA = paramSchema({
  hiddenLayers: { type: 'int', default: 1, min: 1, max: 4, description: 'Number of hidden ReLU layers.', search: { type: 'int', low: 1, high: 3 } },
  units: { type: 'int', default: 64, min: 1, description: 'Units per hidden layer.', search: { type: 'int', low: 16, high: 512, log: true } },
  dropout: { type: 'float', default: 0.1, min: 0, max: 0.9, description: 'Dropout rate after each hidden layer (training only).', search: { type: 'float', low: 0, high: 0.5 } },
  learningRate: { type: 'float', default: 1e-3, min: 0, exclusiveMin: true, description: 'Adam learning rate.', search: { type: 'float', low: 1e-4, high: 1e-2, log: true } },
  epochs: { type: 'int', default: 30, min: 1, description: 'Maximum passes over the training rows.', search: { type: 'int', low: 5, high: 100, log: true } },
  batchSize: { type: 'int', default: 64, min: 1, description: 'Rows per gradient step.', search: { type: 'int', low: 16, high: 512, log: true } },
  earlyStopping: { type: 'bool', default: true, description: 'Hold out a stratified validation split; stop when its loss stops improving and keep the best epoch.' },
  validationFraction: { type: 'float', default: 0.1, min: 0.01, max: 0.5, description: 'Share of the training rows held out for early stopping.' },
  patience: { type: 'int', default: 5, min: 1, description: 'Epochs without validation improvement before stopping.' },
  classWeight: { ...CLASS_WEIGHT_PARAM, choices: [...CLASS_WEIGHT_PARAM.choices], search: { type: 'categorical', choices: ['none', 'balanced'] } },
  maxInputColumns: { type: 'int', default: 4096, min: 1, description: 'Widest sparse input that is densified for training; wider sparse input is an error.' },
});

export type MlpParams = ParamsOf<typeof MLP_SCHEMA>;

export interface MlpLayerState {
  inputs: number;
  units: number;
  /** Row-major inputs x units (tfjs's kernel layout). */
  weights: number[];
  bias: number[];
}

export interface MlpState {
  nFeatures: number;
  nClasses: number;
  /** Hidden layers (ReLU) then the output layer (softmax). */
  layers: MlpLayerState[];
  /** The tfjs backend the weights were trained on (lineage; prediction does not use tfjs). */
  backend: string;
}

export interface MlpFitInfo {
  backend: string;
  epochs: number;
  stop: 'epochs' | 'earlyStopping' | 'stopped';
  bestEpoch: number;
  trainLoss: number[];
  validationLoss: number[];
}

/** Densifying more cells than this would not fit comfortably in memory (float32). */
const MAX_DENSE_CELLS = 250_000_000;

export class Mlp implements Classifier {
  private model: { nFeatures: number; nClasses: number; layers: { inputs: number; units: number; W: Float64Array; b: Float64Array }[]; backend: string } | undefined;
  fitInfo: MlpFitInfo | undefined;

  constructor(readonly params: MlpParams) {}

  /** Loads the fastest tfjs backend (wasm here) before a synchronous `fit`. */
  async prepare(): Promise<void> {
    await prepareTensorflow();
  }

  static load(params: MlpParams, state: unknown): Mlp {
    const s = state as MlpState;
    const ok =
      Number.isInteger(s?.nFeatures) &&
      Number.isInteger(s?.nClasses) &&
      Array.isArray(s.layers) &&
      s.layers.length >= 1 &&
      s.layers.every((l, i) => l.weights?.length === l.inputs * l.units && l.bias?.length === l.units && l.inputs === (i === 0 ? s.nFeatures : s.layers[i - 1].units)) &&
      s.layers[s.layers.length - 1].units === s.nClasses;
    if (!ok) throw new Error('mlp: fitted state needs nFeatures, nClasses and layers of matching inputs x units weights and biases');
    const model = new Mlp(params);
    model.model = {
      nFeatures: s.nFeatures,
      nClasses: s.nClasses,
      layers: s.layers.map((l) => ({ inputs: l.inputs, units: l.units, W: Float64Array.from(l.weights), b: Float64Array.from(l.bias) })),
      backend: String(s.backend),
    };
    return model;
  }

  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, ctx: FitContext): void {
    checkTrainingData(X, y, nClasses);
    const p = this.params;
    const data = denseFloat32(X, p.maxInputColumns);
    const d = X.cols;
    const K = nClasses;
    const { tf, backend } = readyTensorflow();

    let trainRows = Array.from({ length: X.rows }, (_, i) => i);
    let valRows: number[] = [];
    if (p.earlyStopping) {
      const split = stratifiedSplit(Array.from(y), { validation: p.validationFraction, test: 0, seed: ctx.seed });
      if (split.validation.length > 0) {
        trainRows = split.train;
        valRows = split.validation;
      }
    }
    const classWeight = classWeightVector(y, nClasses, p.classWeight);
    const sizes = [d, ...Array.from({ length: p.hiddenLayers }, () => p.units), K];
    const initRng = createRng(ctx.seed);
    const variables: { W: TF.Variable; b: TF.Variable }[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const init = new Float32Array(fanIn * fanOut);
      for (let q = 0; q < init.length; q++) init[q] = (initRng() * 2 - 1) * limit;
      variables.push({ W: tf.variable(tf.tensor2d(init, [fanIn, fanOut])), b: tf.variable(tf.zeros([fanOut])) });
    }
    const trainable = variables.flatMap((v) => [v.W, v.b]);
    const optimizer = tf.train.adam(p.learningRate);

    const forward = (input: TF.Tensor2D, training: boolean, step: number): TF.Tensor2D => {
      let h = input;
      variables.forEach((v, l) => {
        h = tf.add(tf.matMul(h, v.W), v.b);
        if (l < variables.length - 1) {
          h = tf.relu(h);
          if (training && p.dropout > 0) h = tf.dropout(h, p.dropout, undefined, ctx.seed * 7919 + step * 31 + l) as TF.Tensor2D;
        }
      });
      return h;
    };
    /** Weighted mean cross-entropy of the given rows (no dropout), computed in batches. */
    const evaluate = (rows: number[]): number => {
      let loss = 0;
      let wsum = 0;
      const chunk = 4096;
      for (let start = 0; start < rows.length; start += chunk) {
        const part = rows.slice(start, start + chunk);
        const logits = tf.tidy(() => forward(tf.tensor2d(gatherRows(data, d, part), [part.length, d]), false, 0).dataSync());
        part.forEach((row, r) => {
          let max = -Infinity;
          for (let k = 0; k < K; k++) max = Math.max(max, logits[r * K + k]);
          let sum = 0;
          for (let k = 0; k < K; k++) sum += Math.exp(logits[r * K + k] - max);
          const w = classWeight[y[row]];
          loss += w * (max + Math.log(sum) - logits[r * K + y[row]]);
          wsum += w;
        });
      }
      return loss / wsum;
    };

    const orderRng = createRng(ctx.seed + 1);
    const bs = Math.min(p.batchSize, trainRows.length);
    const xBuf = new Float32Array(bs * d);
    const yBuf = new Float32Array(bs * K);
    const wBuf = new Float32Array(bs);
    const trainLoss: number[] = [];
    const validationLoss: number[] = [];
    let best = { loss: Infinity, epoch: 0, weights: undefined as Float32Array[] | undefined };
    let stop: MlpFitInfo['stop'] = 'epochs';
    let step = 0;
    let epochsRun = 0;
    training: for (let epoch = 0; epoch < p.epochs; epoch++) {
      shuffle(trainRows, orderRng);
      let epochLoss = 0;
      let batches = 0;
      for (let start = 0; start < trainRows.length; start += bs) {
        if (ctx.shouldStop?.()) {
          stop = 'stopped';
          break training;
        }
        const rows = trainRows.slice(start, start + bs);
        const m = rows.length;
        yBuf.fill(0, 0, m * K);
        rows.forEach((row, r) => {
          xBuf.set(data.subarray(row * d, (row + 1) * d), r * d);
          yBuf[r * K + y[row]] = 1;
          wBuf[r] = classWeight[y[row]];
        });
        const currentStep = step++;
        const cost = optimizer.minimize(
          () =>
            tf.tidy(() => {
              const logits = forward(tf.tensor2d(xBuf.subarray(0, m * d), [m, d]), true, currentStep);
              const labels = tf.tensor2d(yBuf.subarray(0, m * K), [m, K]);
              const weights = tf.tensor1d(wBuf.subarray(0, m));
              const perRow = tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1));
              return tf.div(tf.sum(tf.mul(perRow, weights)), tf.sum(weights)) as TF.Scalar;
            }),
          true,
          trainable,
        );
        epochLoss += cost!.dataSync()[0];
        cost!.dispose();
        batches++;
      }
      epochsRun = epoch + 1;
      trainLoss.push(epochLoss / Math.max(1, batches));
      ctx.onProgress?.(epochsRun / p.epochs);
      if (valRows.length > 0) {
        const loss = evaluate(valRows);
        validationLoss.push(loss);
        if (loss < best.loss - 1e-6) best = { loss, epoch: epochsRun, weights: trainable.map((v) => v.dataSync().slice() as Float32Array) };
        else if (epochsRun - best.epoch >= p.patience) {
          stop = 'earlyStopping';
          break;
        }
      }
    }
    ctx.onProgress?.(1);
    const finalWeights = best.weights ?? trainable.map((v) => v.dataSync().slice() as Float32Array);
    optimizer.dispose();
    for (const v of trainable) v.dispose();
    this.model = {
      nFeatures: d,
      nClasses,
      layers: variables.map((_, l) => ({ inputs: sizes[l], units: sizes[l + 1], W: Float64Array.from(finalWeights[2 * l]), b: Float64Array.from(finalWeights[2 * l + 1]) })),
      backend,
    };
    this.fitInfo = { backend, epochs: epochsRun, stop, bestEpoch: best.weights ? best.epoch : epochsRun, trainLoss, validationLoss };
  }

  predictProba(X: FeatureMatrix): Float64Array {
    const { nFeatures, nClasses, layers } = this.fitted();
    if (X.cols !== nFeatures) throw new Error(`mlp: fitted on ${nFeatures} features, got ${X.cols}`);
    const rows = X.rows;
    let h = new Float64Array(rows * layers[0].units);
    linearForward(X, layers[0].W, layers[0].b, layers[0].units, h);
    for (let l = 1; l < layers.length; l++) {
      for (let q = 0; q < h.length; q++) if (h[q] < 0) h[q] = 0;
      const { inputs, units, W, b } = layers[l];
      const next = new Float64Array(rows * units);
      for (let i = 0; i < rows; i++) {
        const o = i * units;
        for (let u = 0; u < units; u++) next[o + u] = b[u];
        for (let j = 0; j < inputs; j++) {
          const v = h[i * inputs + j];
          if (v === 0) continue;
          for (let u = 0; u < units; u++) next[o + u] += v * W[j * units + u];
        }
      }
      h = next;
    }
    const proba = new Float64Array(rows * nClasses);
    for (let i = 0; i < rows; i++) softmaxRow(h, i * nClasses, nClasses, proba);
    return proba;
  }

  getState(): MlpState {
    const { nFeatures, nClasses, layers, backend } = this.fitted();
    return { nFeatures, nClasses, layers: layers.map((l) => ({ inputs: l.inputs, units: l.units, weights: Array.from(l.W), bias: Array.from(l.b) })), backend };
  }

  private fitted() {
    if (!this.model) throw new Error('mlp is not fitted');
    return this.model;
  }
}

/** X as a row-major Float32Array; sparse input only when narrow enough. */
function denseFloat32(X: FeatureMatrix, maxColumns: number): Float32Array {
  if (X.kind === 'csr' && X.cols > maxColumns) {
    throw new UserInputError(
      `mlp: the feature matrix is sparse with ${X.cols} columns, more than maxInputColumns (${maxColumns}); the mlp trains on dense input. ` +
        'Reduce the wide block (tfidf maxFeatures, hashing or SVD/embedding features), raise classifier__maxInputColumns, or use logreg / linear_svm for wide sparse text.',
    );
  }
  if (X.rows * X.cols > MAX_DENSE_CELLS) {
    throw new UserInputError(`mlp: ${X.rows} rows x ${X.cols} columns is more than ${MAX_DENSE_CELLS} dense cells; subsample the rows or reduce the columns`);
  }
  if (X.kind === 'dense') return Float32Array.from(X.values);
  const out = new Float32Array(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let q = X.indptr[i]; q < X.indptr[i + 1]; q++) out[i * X.cols + X.indices[q]] += X.values[q];
  }
  return out;
}

function gatherRows(data: Float32Array, d: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((row, r) => out.set(data.subarray(row * d, (row + 1) * d), r * d));
  return out;
}

function shuffle(items: number[], rng: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * ONNX: the first layer is linear in the features (one score per hidden unit), so the blocks'
 * partial scores compute it; the head applies ReLU and the remaining layers, then softmax, as
 * predictProba does.
 */
function mlpOnnxScores({ state: s }: { state: MlpState }): LinearScores {
  const [first, ...rest] = s.layers;
  return {
    nFeatures: s.nFeatures,
    intercepts: first.bias,
    weight: (j, u) => first.weights[j * first.units + u],
    head(g, scores, out) {
      let h = scores;
      rest.forEach((layer, l) => {
        [h] = g.node('Relu', [h], [`hidden${l + 1}`]);
        [h] = g.node('MatMul', [h, g.constant(`layer${l + 2}_weights`, 'double', [layer.inputs, layer.units], layer.weights)], [`layer${l + 2}_product`]);
        [h] = g.node('Add', [h, g.constant(`layer${l + 2}_bias`, 'double', [layer.units], layer.bias)], [`layer${l + 2}_output`]);
      });
      softmaxHead(g, h, out);
    },
  };
}

defineComponent({
  role: 'classifier',
  kind: 'mlp',
  description: 'Multi-layer perceptron (ReLU, dropout, softmax, Adam) trained with TensorFlow.js on the wasm backend, early stopping on a seeded validation split; dense or narrow sparse input.',
  toOnnx: classifierConverter({ form: 'linear', linear: mlpOnnxScores }),
  params: MLP_SCHEMA,
  create: (params) => new Mlp(params),
  load: (params, state) => Mlp.load(params, state),
});
