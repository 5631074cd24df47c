/**
 * A model bundle: the files one registered version holds so serving can rebuild the fitted
 * pipeline without the training code path.
 *
 *   pipeline.json   FittedPipelineJSON (spec + fitted state of every step)
 *   metrics.json    evaluation metrics, name -> number
 *   spec.json       the experiment spec that produced it
 *   model.onnx      optional, when the pipeline exports to ONNX
 *   …               any extra files
 * plus the registry's manifest (sha256 and size of each file).
 */
import { UserInputError } from '../core/errors.js';
import { PIPELINE_FORMAT, type FittedPipelineJSON, type Pipeline } from '../components/core/pipeline.js';
import { sha256Hex } from '../artifacts/hash.js';
import { relativePathProblem } from '../artifacts/keys.js';
import { ModelIntegrityError } from './errors.js';
import type { ModelRegistry, ModelVersion } from './model-registry.js';

export const BUNDLE_PIPELINE_FILE = 'pipeline.json';
export const BUNDLE_METRICS_FILE = 'metrics.json';
export const BUNDLE_SPEC_FILE = 'spec.json';
export const BUNDLE_ONNX_FILE = 'model.onnx';
const CORE_FILES = new Set([BUNDLE_PIPELINE_FILE, BUNDLE_METRICS_FILE, BUNDLE_SPEC_FILE]);

export interface BundleInput {
  pipeline: FittedPipelineJSON;
  metrics: Record<string, number>;
  /** The experiment spec (plain JSON). */
  spec: unknown;
  /** More files by relative path, e.g. `{ 'model.onnx': bytes }`. */
  extra?: Record<string, Uint8Array>;
}

export interface LoadedBundle {
  version: ModelVersion;
  pipeline: Pipeline;
  /** metrics.json, or {} when the bundle has none. */
  metrics: Record<string, number>;
  /** spec.json, or undefined when the bundle has none. */
  spec: unknown;
  /** Every file of the version, checksum-verified (model.onnx among them when present). */
  files: Record<string, Buffer>;
}

/** The files to pass to `registry.register(name, files, info)`. */
export function createBundleFiles(input: BundleInput): Record<string, Uint8Array | string> {
  const problems: string[] = [];
  if (input?.pipeline?.format !== PIPELINE_FORMAT) {
    problems.push(`pipeline: not a fitted pipeline (format ${JSON.stringify(input?.pipeline?.format)}, expected ${PIPELINE_FORMAT}); pass pipeline.toJSON() of a fitted pipeline`);
  }
  if (!input?.metrics || typeof input.metrics !== 'object') problems.push('metrics: expected an object of name -> number');
  else {
    for (const [k, v] of Object.entries(input.metrics)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`metrics.${k}: expected a finite number, got ${JSON.stringify(v) ?? String(v)}`);
    }
  }
  if (input?.spec === undefined) problems.push('spec: the experiment spec is required (it goes into spec.json)');
  for (const [path, bytes] of Object.entries(input?.extra ?? {})) {
    const problem = relativePathProblem(path, 'bundle file path');
    if (problem) problems.push(problem);
    else if (CORE_FILES.has(path)) problems.push(`extra["${path}"]: ${path} is written by createBundleFiles itself`);
    if (!(bytes instanceof Uint8Array)) problems.push(`extra["${path}"]: expected a Uint8Array`);
  }
  if (problems.length) throw new UserInputError(problems, 'cannot build a model bundle');
  return {
    [BUNDLE_PIPELINE_FILE]: JSON.stringify(input.pipeline),
    [BUNDLE_METRICS_FILE]: `${JSON.stringify(input.metrics, null, 2)}\n`,
    [BUNDLE_SPEC_FILE]: `${JSON.stringify(input.spec, null, 2)}\n`,
    ...(input.extra ?? {}),
  };
}

/**
 * Resolves `reference` (`name`, `name@alias`, `name/7`), reads and verifies every file of
 * the version against its manifest, and rebuilds the fitted pipeline.
 * A tampered or missing file throws a `ModelIntegrityError` naming the file and version.
 */
export async function loadBundle(registry: ModelRegistry, reference: string): Promise<LoadedBundle> {
  const version = await registry.resolve(reference);
  const where = `${version.name}/${version.version}`;
  if (!version.files.some((f) => f.path === BUNDLE_PIPELINE_FILE)) {
    throw new UserInputError(
      `model ${where} is not a model bundle: it has no ${BUNDLE_PIPELINE_FILE} (files: ${version.files.map((f) => f.path).join(', ') || '(none)'})`,
    );
  }
  const files: Record<string, Buffer> = {};
  for (const entry of version.files) {
    const data = await registry.readFile(version.name, version.version, entry.path);
    // Checked here as well, so a backend that forgot to verify cannot serve a tampered model.
    const actual = sha256Hex(data);
    if (data.length !== entry.bytes || actual !== entry.sha256) {
      throw new ModelIntegrityError(version.name, version.version, entry.path, `is corrupt: sha256 ${actual} (${data.length} bytes) expected ${entry.sha256} (${entry.bytes} bytes)`);
    }
    files[entry.path] = data;
  }
  const pipelineJSON = parseJSONFile<FittedPipelineJSON>(version, BUNDLE_PIPELINE_FILE, files[BUNDLE_PIPELINE_FILE]);
  const metrics = files[BUNDLE_METRICS_FILE] ? parseJSONFile<Record<string, number>>(version, BUNDLE_METRICS_FILE, files[BUNDLE_METRICS_FILE]) : {};
  const spec = files[BUNDLE_SPEC_FILE] ? parseJSONFile<unknown>(version, BUNDLE_SPEC_FILE, files[BUNDLE_SPEC_FILE]) : undefined;

  // Loaded on demand: importing the registry (e.g. `autoflow models list`) does not load the ML library.
  const components = await import('../components/index.js');
  let pipeline: Pipeline;
  try {
    pipeline = components.Pipeline.fromJSON(pipelineJSON);
    // Loads what blocks need once per process (kuromoji's dictionary, an encoder session) and
    // re-checks external model files against the hashes recorded at training time.
    await pipeline.prepare();
  } catch (e) {
    throw new Error(`model ${where}: ${BUNDLE_PIPELINE_FILE} cannot be loaded: ${(e as Error).message}`, { cause: e });
  }
  return { version, pipeline, metrics, spec, files };
}

function parseJSONFile<T>(version: ModelVersion, path: string, data: Buffer): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch (e) {
    throw new ModelIntegrityError(version.name, version.version, path, `is not valid JSON: ${(e as Error).message}`);
  }
}
