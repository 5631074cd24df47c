/**
 * One registered version, loaded and ready to predict: the fitted pipeline from a verified
 * bundle, its input schema and what /v1/model reports about it. Immutable once built, so
 * swapping models is replacing one reference.
 */
import { tableFromRecords } from '../components/core/table.js';
import type { Pipeline } from '../components/core/pipeline.js';
import { loadBundle } from '../registry/bundle.js';
import type { ModelRegistry, ModelVersion } from '../registry/model-registry.js';
import { inputSchema, type InputColumn } from './input-schema.js';

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
  /** Records must have passed `validatePredictBody` (or equivalent checks). */
  predict(records: readonly Record<string, unknown>[]): Promise<Prediction[]>;
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
  const asyncOnly = pipeline.requiresAsyncTransform;
  return {
    name: info.name,
    version: info.version,
    info,
    schema,
    classes,
    loadedAt: new Date().toISOString(),
    async predict(records) {
      const table = tableFromRecords(records, columns);
      // Blocks backed by onnxruntime (sentence encoders) only transform asynchronously.
      const proba = asyncOnly ? await pipeline.predictProbaAsync(table) : pipeline.predictProba(table);
      return toPredictions(proba, classes, records.length);
    },
  };
}

/** Row-major probabilities -> one { label, probabilities } per row; ties go to the first class. */
export function toPredictions(proba: Float64Array, classes: string[], rows: number): Prediction[] {
  const k = classes.length;
  const out = new Array<Prediction>(rows);
  for (let r = 0; r < rows; r++) {
    const probabilities: Record<string, number> = {};
    let best = 0;
    for (let c = 0; c < k; c++) {
      const p = proba[r * k + c];
      probabilities[classes[c]] = p;
      if (p > proba[r * k + best]) best = c;
    }
    out[r] = { label: classes[best], probabilities };
  }
  return out;
}
