/**
 * Linear SVM (scikit-learn's LinearSVC + CalibratedClassifierCV): squared-hinge (default) or
 * hinge loss, L2 penalty, one-vs-rest for more than two classes, fitted by dual coordinate
 * descent (./svm-dual-cd.ts).
 *
 * Why dual coordinate descent rather than L-BFGS on the squared hinge: it is liblinear's
 * solver, so models match LinearSVC's; each step is closed-form and costs one sparse row, so
 * an epoch over TF-IDF text is O(nnz) and a few epochs converge; per-class C for class
 * weights is just a per-row bound; and it also handles the plain (non-smooth) hinge, which
 * L-BFGS cannot.
 *
 * Probabilities: SVM margins are not probabilities, so they are calibrated. The margins of
 * every training row are computed out of fold (stratified k-fold, seeded; each fold's SVM
 * never saw the rows it scores), one calibrator per output is fitted on those out-of-fold
 * margins (sigmoid = Platt scaling, or isotonic), and the final SVM is refitted on all rows
 * (CalibratedClassifierCV with ensemble=False). Multi-class probabilities are the per-class
 * calibrated one-vs-rest probabilities normalised to sum to 1. With fewer rows per class
 * than folds, the calibrator is fitted on the training margins instead.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { selectRows, toCsr, type CsrMatrix, type FeatureMatrix } from '../core/matrix.js';
import type { Classifier, FitContext } from '../core/types.js';
import { calibratedHead } from '../export/calibration-head.js';
import { classifierConverter } from '../export/onnx-converter.js';
import { createRng } from '../../core/random.js';
import { stratifiedKFold } from '../../core/splits.js';
import { applyIsotonic, applySigmoid, fitIsotonic, fitSigmoid, type Calibration, type IsotonicCalibrator, type SigmoidCalibrator } from './calibration.js';
import { CLASS_WEIGHT_PARAM, classWeightVector, type ClassWeight } from './class-weights.js';
import { linearForward } from './linear-ops.js';
import { solveDualCd } from './svm-dual-cd.js';
import { checkTrainingData, classCounts } from './training-data.js';

export const LINEAR_SVM_SCHEMA = paramSchema({
  C: { type: 'float', default: 1, min: 0, exclusiveMin: true, description: 'Inverse regularisation strength: larger C fits the training data more closely.', search: { type: 'float', low: 1e-3, high: 100, log: true } },
  loss: { type: 'enum', default: 'squared_hinge', choices: ['squared_hinge', 'hinge'], description: 'Squared hinge (LinearSVC default, smoother) or the standard hinge loss.' },
  calibration: { type: 'enum', default: 'sigmoid', choices: ['sigmoid', 'isotonic'], description: 'Margins to probabilities: Platt sigmoid (robust on small data) or isotonic (flexible, needs more rows).', search: { type: 'categorical', choices: ['sigmoid', 'isotonic'] } },
  calibrationFolds: { type: 'int', default: 3, min: 2, max: 10, description: 'Stratified folds for the out-of-fold margins the calibrator is fitted on.' },
  classWeight: { ...CLASS_WEIGHT_PARAM, choices: [...CLASS_WEIGHT_PARAM.choices], search: { type: 'categorical', choices: ['none', 'balanced'] } },
  fitIntercept: { type: 'bool', default: true, description: 'Learn a bias per output (as a constant feature, regularised as in liblinear).' },
  maxIter: { type: 'int', default: 1000, min: 1, description: 'Maximum coordinate-descent epochs per binary problem.' },
  tol: { type: 'float', default: 1e-4, min: 0, exclusiveMin: true, description: 'Stop when the projected-gradient spread falls below this.' },
});

export type LinearSvmParams = ParamsOf<typeof LINEAR_SVM_SCHEMA>;

export interface LinearSvmState {
  nFeatures: number;
  nClasses: number;
  /** One weight vector per output (one for two classes, else one per class, one-vs-rest). */
  weights: number[][];
  intercepts: number[];
  calibration: Calibration;
}

export interface LinearSvmFitInfo {
  /** Coordinate-descent epochs per output of the final fit. */
  iterations: number[];
  converged: boolean;
  stopped: boolean;
  /** How the calibrator was fitted. */
  calibratedOn: 'out-of-fold' | 'training';
}

interface Fitted {
  W: Float64Array;
  b: Float64Array;
  nFeatures: number;
  nClasses: number;
  calibration: LinearSvmState['calibration'];
}

export class LinearSvm implements Classifier {
  private model: Fitted | undefined;
  fitInfo: LinearSvmFitInfo | undefined;

  constructor(readonly params: LinearSvmParams) {}

  static load(params: LinearSvmParams, state: unknown): LinearSvm {
    const s = state as LinearSvmState;
    const K = s?.nClasses === 2 ? 1 : s?.nClasses;
    const cal = s?.calibration;
    const calibrators = cal?.method === 'sigmoid' ? cal.sigmoid : cal?.method === 'isotonic' ? cal.isotonic : undefined;
    if (!Number.isInteger(s?.nFeatures) || !Array.isArray(s.weights) || s.weights.length !== K || s.intercepts?.length !== K || calibrators?.length !== K) {
      throw new Error('linear_svm: fitted state needs nFeatures, nClasses, and one weight vector, intercept and calibrator per output');
    }
    const W = new Float64Array(s.nFeatures * K);
    s.weights.forEach((w, k) => w.forEach((v, j) => (W[j * K + k] = v)));
    const model = new LinearSvm(params);
    model.model = { W, b: Float64Array.from(s.intercepts), nFeatures: s.nFeatures, nClasses: s.nClasses, calibration: structuredClone(cal) };
    return model;
  }

  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, ctx: FitContext): void {
    checkTrainingData(X, y, nClasses);
    const p = this.params;
    const csr = toCsr(X);
    const K = nClasses === 2 ? 1 : nClasses;
    const n = csr.rows;
    const rowC = rowCs(y, nClasses, p);

    // Out-of-fold margins for the calibrator, when every class has enough rows for the folds.
    const counts = classCounts(y, nClasses).filter((c) => c > 0);
    const folds = Math.min(p.calibrationFolds, ...counts);
    let calibrationScores: Float64Array | undefined;
    const totalFits = folds >= 2 ? folds + 1 : 1;
    let fitsDone = 0;
    const progress = () => ctx.onProgress?.(++fitsDone / totalFits);
    if (folds >= 2) {
      calibrationScores = new Float64Array(n * K);
      for (const fold of stratifiedKFold(Array.from(y), folds, ctx.seed)) {
        const trainX = selectRows(csr, fold.train) as CsrMatrix;
        const trainY = Int32Array.from(fold.train, (i) => y[i]);
        const trainC = Float64Array.from(fold.train, (i) => rowC[i]);
        const part = this.solve(trainX, trainY, K, trainC, ctx.seed + 1 + fitsDone, ctx);
        const scores = new Float64Array(fold.validation.length * K);
        linearForward(selectRows(csr, fold.validation), part.W, part.b, K, scores);
        fold.validation.forEach((row, v) => {
          for (let k = 0; k < K; k++) calibrationScores![row * K + k] = scores[v * K + k];
        });
        progress();
        if (part.stopped) break;
      }
    }
    const final = this.solve(csr, y, K, rowC, ctx.seed, ctx);
    progress();
    let calibratedOn: LinearSvmFitInfo['calibratedOn'] = 'out-of-fold';
    if (!calibrationScores || final.stopped) {
      calibratedOn = 'training';
      calibrationScores = new Float64Array(n * K);
      linearForward(csr, final.W, final.b, K, calibrationScores);
    }
    const weights = classWeightVector(y, nClasses, p.classWeight);
    const rowWeight = Float64Array.from(y, (c) => weights[c]);
    const sigmoid: SigmoidCalibrator[] = [];
    const isotonic: IsotonicCalibrator[] = [];
    const column = new Float64Array(n);
    for (let k = 0; k < K; k++) {
      const cls = K === 1 ? 1 : k;
      for (let i = 0; i < n; i++) column[i] = calibrationScores[i * K + k];
      const positive = Uint8Array.from(y, (c) => (c === cls ? 1 : 0));
      if (p.calibration === 'sigmoid') sigmoid.push(fitSigmoid(column, positive, rowWeight));
      else isotonic.push(fitIsotonic(column, positive, rowWeight));
    }
    ctx.onProgress?.(1);
    this.model = {
      W: final.W,
      b: final.b,
      nFeatures: csr.cols,
      nClasses,
      calibration: p.calibration === 'sigmoid' ? { method: 'sigmoid', sigmoid } : { method: 'isotonic', isotonic },
    };
    this.fitInfo = { iterations: final.iterations, converged: final.converged, stopped: final.stopped, calibratedOn };
  }

  /** Uncalibrated margins, rows x outputs (one output for two classes). */
  decisionFunction(X: FeatureMatrix): Float64Array {
    const { W, b, nFeatures } = this.fitted();
    if (X.cols !== nFeatures) throw new Error(`linear_svm: fitted on ${nFeatures} features, got ${X.cols}`);
    const scores = new Float64Array(X.rows * b.length);
    linearForward(X, W, b, b.length, scores);
    return scores;
  }

  predictProba(X: FeatureMatrix): Float64Array {
    const { nClasses, calibration } = this.fitted();
    const scores = this.decisionFunction(X);
    const K = nClasses === 2 ? 1 : nClasses;
    const calibrate = (k: number, s: number) =>
      calibration.method === 'sigmoid' ? applySigmoid(calibration.sigmoid[k], s) : applyIsotonic(calibration.isotonic[k], s);
    const proba = new Float64Array(X.rows * nClasses);
    for (let i = 0; i < X.rows; i++) {
      if (K === 1) {
        const p1 = calibrate(0, scores[i]);
        proba[2 * i] = 1 - p1;
        proba[2 * i + 1] = p1;
        continue;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += proba[i * K + k] = calibrate(k, scores[i * K + k]);
      // All calibrated to zero (possible with isotonic): no information, uniform.
      for (let k = 0; k < K; k++) proba[i * K + k] = sum > 0 ? proba[i * K + k] / sum : 1 / K;
    }
    return proba;
  }

  getState(): LinearSvmState {
    const { W, b, nFeatures, nClasses, calibration } = this.fitted();
    const K = b.length;
    const weights = Array.from({ length: K }, (_, k) => Array.from({ length: nFeatures }, (_, j) => W[j * K + k]));
    return { nFeatures, nClasses, weights, intercepts: Array.from(b), calibration: structuredClone(calibration) };
  }

  /** One binary problem per output; weights feature-major W[j * K + k]. */
  private solve(X: CsrMatrix, y: Int32Array, K: number, rowC: Float64Array, seed: number, ctx: FitContext) {
    const p = this.params;
    const d = X.cols;
    const W = new Float64Array(d * K);
    const b = new Float64Array(K);
    const iterations: number[] = [];
    let converged = true;
    let stopped = false;
    const rng = createRng(seed);
    const biasScale = p.fitIntercept ? 1 : 0;
    for (let k = 0; k < K; k++) {
      const cls = K === 1 ? 1 : k;
      const positive = Uint8Array.from(y, (c) => (c === cls ? 1 : 0));
      const r = solveDualCd(X, positive, { loss: p.loss, rowC, biasScale, maxIter: p.maxIter, tol: p.tol, rng, shouldStop: ctx.shouldStop });
      for (let j = 0; j < d; j++) W[j * K + k] = r.w[j];
      b[k] = r.w[d] * biasScale;
      iterations.push(r.iterations);
      converged &&= r.converged;
      stopped ||= r.stopped;
      if (stopped) break;
    }
    return { W, b, iterations, converged, stopped };
  }

  private fitted(): Fitted {
    if (!this.model) throw new Error('linear_svm is not fitted');
    return this.model;
  }
}

function rowCs(y: Int32Array, nClasses: number, p: LinearSvmParams): Float64Array {
  const w = classWeightVector(y, nClasses, p.classWeight);
  return Float64Array.from(y, (c) => p.C * w[c]);
}

defineComponent({
  role: 'classifier',
  kind: 'linear_svm',
  description: 'Linear SVM (squared hinge or hinge, one-vs-rest) by dual coordinate descent like liblinear, with sigmoid or isotonic probability calibration on out-of-fold margins; sparse or dense input.',
  // ONNX: the one-vs-rest margins are linear in the features, then the fitted calibrators.
  toOnnx: classifierConverter({
    form: 'linear',
    linear: ({ state: s }: { state: LinearSvmState }) => ({ nFeatures: s.nFeatures, intercepts: s.intercepts, weight: (j, k) => s.weights[k][j], head: (g, scores, out) => calibratedHead(g, scores, out, s.calibration) }),
  }),
  params: LINEAR_SVM_SCHEMA,
  create: (params) => new LinearSvm(params),
  load: (params, state) => LinearSvm.load(params, state),
});
