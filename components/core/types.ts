/**
 * The contracts every component implements. Modelled on scikit-learn's estimators and
 * tfjs-layers' serialisation: a component is created from a validated config, fitted,
 * and its fitted state is plain JSON that loads back to identical predictions.
 */
import type { FeatureMatrix } from './matrix.js';
import type { BlockOnnxConverter, ClassifierOnnxConverter } from '../export/onnx-converter.js';
import type { ParamSchemaTable, ResolvedParams } from './params.js';

/** One cell of a user table. Missing values are null. */
export type CellValue = string | number | null;

/** Column types a feature extractor can consume. */
export type ColumnType = 'text' | 'numeric' | 'categorical';

export interface FitContext {
  /** Seed for anything random inside fit (shuffles, initialisations). */
  seed: number;
  /** Cooperative cancellation: long fits poll this between iterations and stop early. */
  shouldStop?: () => boolean;
  /** Progress in [0, 1] for heartbeats and progress bars. */
  onProgress?: (fraction: number) => void;
  /**
   * The training labels as class indices (pipeline class order). The pipeline passes them to
   * feature blocks so supervised encoders (target encoding) can learn; others ignore them.
   */
  target?: { y: Int32Array; nClasses: number };
}

/** Turns one column into a feature block. */
export interface FeatureExtractor {
  fit(values: readonly CellValue[], ctx: FitContext): void;
  transform(values: readonly CellValue[]): FeatureMatrix;
  /**
   * Optional: `fit` then `transform` of the same values in one pass, returning exactly what
   * `transform(values)` would (e.g. tf-idf tokenizes the training text once instead of twice).
   * Callers use `fitTransformOne`, which falls back to fit + transform.
   */
  fitTransform?(values: readonly CellValue[], ctx: FitContext): FeatureMatrix;
  /**
   * Optional: loads what fit/transform need from outside the process heap (a tokenizer
   * dictionary, an ONNX session, a checksum of a model directory). Idempotent and cheap once
   * done; heavy resources are shared per process (per worker thread), never per document.
   * `Pipeline.prepare/fitAsync/predictProbaAsync` await it; the synchronous `fit`/`transform`
   * of an extractor that has it throw a clear error until it has resolved.
   */
  prepare?(): Promise<void>;
  /**
   * Optional: for extractors whose transform is inherently asynchronous (onnxruntime's
   * `session.run`). When present, the synchronous `transform` throws and callers must use
   * this (the Pipeline's async path does). `shouldStop` is polled between batches; in-flight
   * runs are always awaited, never abandoned.
   */
  transformAsync?(values: readonly CellValue[], options?: { shouldStop?: () => boolean }): Promise<FeatureMatrix>;
  /** Plain-JSON fitted state; `load(config, state)` must give back identical transforms. */
  getState(): unknown;
  /** Output width once fitted. */
  readonly outputSize: number;
}

/** Predicts class probabilities; classes are indices 0..nClasses-1 decided by the pipeline. */
export interface Classifier {
  /** Optional: loads what fitting needs outside the heap (a faster TensorFlow.js backend); `fitAsync` awaits it. */
  prepare?(): Promise<void>;
  fit(X: FeatureMatrix, y: Int32Array, nClasses: number, ctx: FitContext): void;
  /** Row-major rows x nClasses probabilities, each row summing to 1. */
  predictProba(X: FeatureMatrix): Float64Array;
  getState(): unknown;
}

interface ComponentDefinitionBase {
  /** Unique name used in pipeline specs (`"tfidf"`, `"logreg"`). */
  kind: string;
  description: string;
  params: ParamSchemaTable;
  /**
   * Checks between parameters that the schema cannot express (ngramMin <= ngramMax), run on
   * schema-valid params. Each problem starts with the parameter name (`ngramMin: ...`).
   */
  validate?(params: ResolvedParams): string[];
}

export interface FeatureComponentDefinition extends ComponentDefinitionBase {
  role: 'feature';
  /** The column types this extractor accepts. */
  accepts: ColumnType[];
  /**
   * Whether every feature it outputs is >= 0 with these params, for a column whose smallest
   * training value is `input.min` when known (counts, tf-idf, one-hot: always; log1p of a
   * column without negative values: yes; standardised numbers, embeddings: no). Classifiers
   * that need non-negative input (naive Bayes) are only searched where all blocks say yes.
   */
  nonNegativeOutput(params: ResolvedParams, input?: { min?: number }): boolean;
  /** How a fitted block of this kind is written as ONNX (components/export); absent = it is not. */
  toOnnx?: BlockOnnxConverter;
  create(params: ResolvedParams): FeatureExtractor;
  load(params: ResolvedParams, state: unknown): FeatureExtractor;
}

export interface ClassifierComponentDefinition extends ComponentDefinitionBase {
  role: 'classifier';
  /** Fitting fails on a negative feature value (multinomial / complement naive Bayes). */
  needsNonNegativeInput?: boolean;
  /** How a fitted classifier of this kind is written as ONNX (components/export); absent = it is not. */
  toOnnx?: ClassifierOnnxConverter;
  create(params: ResolvedParams): Classifier;
  load(params: ResolvedParams, state: unknown): Classifier;
}

export type ComponentDefinition = FeatureComponentDefinition | ClassifierComponentDefinition;
