/**
 * The contract between a component and the pipeline exporter (./pipeline-to-onnx.ts): each
 * exportable component registers a converter next to its definition (`toOnnx`), written
 * against its own params and fitted-state types, and the exporter only composes them
 * (inputs, per-block weights, the classifier head, the outputs). A kind without a converter
 * does not export; that is the whole of "exportable". No runtime imports, so component files
 * that import this do not load protobufjs.
 */
import type { ResolvedParams } from '../core/params.js';
import type { OnnxGraphBuilder } from './onnx-builder.js';

/** One fitted block or classifier of a pipeline, as the exporter hands it to its converter. */
export interface FittedPart<P, S> {
  /** The block name (unique in the pipeline; converters use it to name their values). */
  name: string;
  params: P;
  state: S;
}

interface ConverterBase<P> {
  /**
   * Why these (schema-valid) params cannot be exported, each reason starting with the
   * parameter name; empty = they can. Absent = every configuration exports.
   */
  canExport?(params: P): string[];
}

export interface BlockOnnxConverter<P = ResolvedParams, S = unknown> extends ConverterBase<P> {
  /** The element type of the graph input ([N], named after the column) this block reads. */
  input: 'string' | 'double';
  /** The block's output width once fitted. */
  width(state: S): number;
  /**
   * The block's features, [N, width] doubles, exactly as its transform computes them.
   * Absent when onnxruntime computes them only in float32 (models that compare features
   * against thresholds then cannot use the block).
   */
  features?(g: OnnxGraphBuilder, block: FittedPart<P, S>, input: string): string;
  /**
   * The block's partial scores X W, [N, K] doubles, for `W` its rows of a linear model's
   * weights ([width, K] row-major). Absent: `features` times W.
   */
  logits?(g: OnnxGraphBuilder, block: FittedPart<P, S>, input: string, W: Float64Array, K: number): string;
}

/**
 * Scores linear in the features, weight(j, k) x_j + intercepts[k], and the head that turns the
 * [N, K] scores into the [N, classes] probabilities exactly as the classifier's predictProba.
 */
export interface LinearScores {
  nFeatures: number;
  /** One per score: K of them. */
  intercepts: ArrayLike<number>;
  /** The weight of feature j in score k. */
  weight(j: number, k: number): number;
  head(g: OnnxGraphBuilder, scores: string, probabilities: string): void;
}

/** A classifier whose first step is linear in the features: the blocks contribute partial scores. */
export interface LinearClassifierOnnxConverter<P = ResolvedParams, S = unknown> extends ConverterBase<P> {
  form: 'linear';
  linear(classifier: FittedPart<P, S>): LinearScores;
}

/** A tree model: it reads every block's exact features, concatenated in block order. */
export interface TreeClassifierOnnxConverter<P = ResolvedParams, S = unknown> extends ConverterBase<P> {
  form: 'tree';
  probabilities(g: OnnxGraphBuilder, classifier: FittedPart<P, S>, features: string, probabilities: string): void;
}

export type ClassifierOnnxConverter<P = ResolvedParams, S = unknown> = LinearClassifierOnnxConverter<P, S> | TreeClassifierOnnxConverter<P, S>;

/**
 * Erases a converter's own params and state types for the component table. Sound because the
 * exporter hands a converter only the params and state of the kind it is registered with,
 * which that kind's own code wrote. No cast: converter members are methods (compared
 * bivariantly) and a component's params (ParamsOf its schema) are ResolvedParams.
 */
export function blockConverter<P extends ResolvedParams, S>(converter: BlockOnnxConverter<P, S>): BlockOnnxConverter {
  return converter;
}

export function classifierConverter<P extends ResolvedParams, S>(converter: ClassifierOnnxConverter<P, S>): ClassifierOnnxConverter {
  return converter;
}
