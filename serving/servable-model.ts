/**
 * One registered version, loaded and ready to predict: the fitted pipeline from a verified
 * bundle, its input schema and what /v1/model reports about it. Immutable once built, so
 * swapping models is replacing one reference.
 */
import { compileLinearTextScorer, type CompiledScorer } from '../components/compiled/linear-text-scorer.js';
import { tableFromRecords, toCellValue } from '../components/core/table.js';
import { decideIndices, type DecisionRule } from '../components/core/decision-rule.js';
import type { Pipeline } from '../components/core/pipeline.js';
import { loadBundle } from '../registry/bundle.js';
import type { ModelRegistry, ModelVersion } from '../registry/model-registry.js';
import { inputSchema, type InputColumn } from './input-schema.js';
import { PredictResponseEncoder } from './predict-response.js';

export interface Prediction {
  label: string;
  /** Class -> probability, in the pipeline's class order. */
  probabilities: Record<string, number>;
}

export interface ServableModel {
  name: string;
  version: number;
  info: ModelVersion;
  schema: InputColumn[];
  classes: string[];
  loadedAt: string;
  /** How labels follow from the probabilities (the bundle's decision rule); absent = argmax. */
  decision?: DecisionRule;
  /** Records must have passed `validatePredictBody` (or equivalent checks). */
  predict(records: readonly Record<string, unknown>[]): Promise<Prediction[]>;
  /**
   * `predict` as the /v1/predict response body: {"model": {name, version}, "predictions": […]};
   * a string straight away when the model scores synchronously (every model without an
   * async-only block), so the request waits for no promise turn.
   */
  predictResponse(records: readonly Record<string, unknown>[]): string | Promise<string>;
  /**
   * `predictResponse` of a /v1/predict body read straight from its bytes, for the usual request
   * of a compiled text model (one record whose one field is the model's text column, in ASCII):
   * the same response without JSON.parse and validation, whose answer for that body is known.
   * Undefined for any other body, which the caller then parses and checks as usual.
   */
  predictResponseOfJsonBody(body: Uint8Array): string | undefined;
}

/** Loads `name/version` (checksums verified by loadBundle) into a ServableModel. */
export async function loadServableModel(registry: ModelRegistry, name: string, version: number): Promise<ServableModel> {
  const bundle = await loadBundle(registry, `${name}/${version}`);
  return servableFromPipeline(bundle.version, bundle.pipeline);
}

export function servableFromPipeline(info: ModelVersion, pipeline: Pipeline): ServableModel {
  const schema = inputSchema(pipeline);
  const columns = schema.map((c) => c.name);
  const classes = [...pipeline.classes];
  const rule = pipeline.decisionRule;
  const compiled = pipeline.requiresAsyncTransform ? undefined : compileLinearTextScorer(pipeline);
  const probabilities = compiled ? compiledProbabilities(compiled) : pipelineProbabilities(pipeline, columns);
  // Validation passes such a record's string unchanged when the text column is the only input and takes strings.
  const readsBodies = compiled !== undefined && schema.length === 1 && schema[0].name === compiled.column && schema[0].accepts.includes('string');
  const response = new PredictResponseEncoder(info.name, info.version, classes);
  const encode = (proba: Float64Array, rows: number): string =>
    response.encode(proba, decideIndices(proba.subarray(0, rows * classes.length), classes, rule), rows);
  return {
    name: info.name,
    version: info.version,
    info,
    schema,
    classes,
    loadedAt: new Date().toISOString(),
    ...(rule ? { decision: rule } : {}),
    async predict(records) {
      // Labels by the decision rule stored in the bundle (argmax for bundles without one).
      return toPredictions(await probabilities(records), classes, records.length, rule);
    },
    predictResponse(records) {
      const proba = probabilities(records);
      return proba instanceof Promise ? proba.then((p) => encode(p, records.length)) : encode(proba, records.length);
    },
    predictResponseOfJsonBody(body) {
      const proba = readsBodies ? compiled.predictProbaOfJsonBody(body) : undefined;
      return proba && encode(proba, 1);
    },
  };
}

/** Synchronous unless a block is async-only: a request then waits for no extra promise turn. */
type ProbabilityFunction = (records: readonly Record<string, unknown>[]) => Float64Array | Promise<Float64Array>;

/**
 * The usual text model (word tf-idf into logistic regression) scores in one compiled pass:
 * same probabilities, fewer cache misses per request (components/compiled). Its function
 * holds only the compiled tables, so the pipeline's own (the tf-idf vocabulary's word table
 * and trie) are freed once the model is loaded; other models score through the pipeline.
 */
function compiledProbabilities(compiled: CompiledScorer): ProbabilityFunction {
  const column = compiled.column;
  return (records) => compiled.predictProba(records.map((r) => toCellValue(r[column])));
}

function pipelineProbabilities(pipeline: Pipeline, columns: string[]): ProbabilityFunction {
  const asyncOnly = pipeline.requiresAsyncTransform;
  return (records) => {
    const table = tableFromRecords(records, columns);
    // Blocks backed by onnxruntime (sentence encoders) only transform asynchronously.
    return asyncOnly ? pipeline.predictProbaAsync(table) : pipeline.predictProba(table);
  };
}

/**
 * Row-major probabilities -> one { label, probabilities } per row. Labels follow the model's
 * stored decision rule (thresholds or class weights chosen on validation); without one, the
 * most probable class, ties to the first. Probabilities are returned unchanged either way.
 */
export function toPredictions(proba: Float64Array, classes: string[], rows: number, rule?: DecisionRule): Prediction[] {
  const k = classes.length;
  const labels = decideIndices(proba.subarray(0, rows * k), classes, rule);
  const out = new Array<Prediction>(rows);
  for (let r = 0; r < rows; r++) {
    const probabilities: Record<string, number> = {};
    for (let c = 0; c < k; c++) probabilities[classes[c]] = proba[r * k + c];
    out[r] = { label: classes[labels[r]], probabilities };
  }
  return out;
}
