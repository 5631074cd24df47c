/**
 * The CPU-heavy work of trials and refits, as plain functions. They run inside a worker
 * thread (thread-entry.ts) so the activity's event loop keeps heartbeating, and can be
 * called directly in tests.
 */
import type { ArtifactRef } from '../../artifacts/artifact-store.js';
import { createArtifactStore } from '../../artifacts/index.js';
import { Pipeline, type FittedPipelineJSON, type PipelineSpec } from '../../components/index.js';
import type { FitContext } from '../../components/core/types.js';
import { stratifiedSubsample } from '../../core/splits.js';
import { evaluatePipeline, evaluateWithPredictions } from './evaluate.js';
import { readPreparedDataset, splitPart } from './prepared-dataset.js';
import { attachDecisionRule, chooseRefitDecision, type RefitDecision } from './choose-decision-rule.js';
import { encodeProba } from './validation-predictions.js';
import { runEnsembleJob, type EnsembleJob } from './ensemble-job.js';
import { runRescoreJob, type RescoreJob, type RescoreJobResult } from './rescore-job.js';
import type { EnsembleSelectionOutcome } from '../../workflows/ensemble-types.js';

export interface TrialJob {
  kind: 'trial';
  storeRoot: string;
  dataset: ArtifactRef;
  pipeline: PipelineSpec;
  metric: string;
  seed: number;
  /** Fraction of the training rows (nested stratified subsets, so rungs build on each other). */
  fidelity: number;
  /** Where to keep the validation probabilities for ensemble selection (full-fidelity trials). */
  validationProbaKey?: string;
}

export interface RefitJob {
  kind: 'refit';
  storeRoot: string;
  dataset: ArtifactRef;
  pipeline: PipelineSpec;
  seed: number;
  /** How the refitted model labels rows: the spec's decision and where the trials left their validation probabilities. */
  decision?: RefitDecision;
  /** When set, refit this weighted ensemble of pipelines instead of `pipeline` (every member on train + validation). */
  ensemble?: { weight: number; pipeline: PipelineSpec }[];
}

export type TrainingJob = TrialJob | RefitJob | EnsembleJob | RescoreJob;

export interface TrialJobResult {
  metrics: Record<string, number>;
  value: number;
  fitSeconds: number;
}

export interface RefitJobResult {
  testMetrics: Record<string, number>;
  /** The refitted winner's probabilities on the test split, for the report's curves. */
  test: { classes: string[]; positiveClass: number; labels: string[]; proba: number[] };
  validationMetrics: Record<string, number>;
  fitted: FittedPipelineJSON;
  fitSeconds: number;
  /** The same pipeline as an ONNX graph, when every block and the classifier export. */
  onnx?: Uint8Array;
  onnxSkipped?: string[];
  /** Why the stored decision rule is not what the spec asked for (an unreachable precision target). The rule itself is `fitted.decision`. */
  decisionWarnings?: string[];
}

type JobContext = Pick<FitContext, 'shouldStop' | 'onProgress'>;

export async function runTrialJob(job: TrialJob, ctx: JobContext): Promise<TrialJobResult> {
  const store = createArtifactStore(job.storeRoot);
  const data = await readPreparedDataset(store, job.dataset);
  const trainRows = job.fidelity < 1 ? stratifiedSubsample(data.labels, data.split.train, job.fidelity, job.seed) : data.split.train;
  const train = splitPart(data, trainRows);
  const validation = splitPart(data, data.split.validation);
  const started = performance.now();
  const pipeline = await Pipeline.create(job.pipeline, data.columnTypes).fitAsync(train.table, train.labels, { seed: job.seed, ...ctx });
  const fitSeconds = (performance.now() - started) / 1000;
  const predictStarted = performance.now();
  const evaluation = await evaluateWithPredictions(pipeline, validation, data.classes, data.positiveClass);
  const metrics: Record<string, number> = evaluation.metrics;
  // Deployment costs, so a spec can constrain them (model size, prediction latency).
  metrics.predict_ms_per_1k = ((performance.now() - predictStarted) / Math.max(1, validation.labels.length)) * 1000;
  metrics.model_bytes = Buffer.byteLength(JSON.stringify(pipeline.toJSON()));
  const value = metrics[job.metric];
  if (value === undefined || !Number.isFinite(value)) throw new Error(`metric ${job.metric} is ${value} on the validation split`);
  if (job.validationProbaKey) await store.put(job.validationProbaKey, encodeProba(evaluation.proba));
  return { metrics, value, fitSeconds };
}

/** Refits on train + validation, scores on the untouched test split. */
export async function runRefitJob(job: RefitJob, ctx: JobContext): Promise<RefitJobResult> {
  const store = createArtifactStore(job.storeRoot);
  const data = await readPreparedDataset(store, job.dataset);
  const trainRows = [...data.split.train, ...data.split.validation];
  const train = splitPart(data, trainRows);
  const started = performance.now();
  const unfitted = job.ensemble
    ? Pipeline.ensembleOf(job.ensemble.map((m) => ({ weight: m.weight, pipeline: Pipeline.create(m.pipeline, data.columnTypes) })))
    : Pipeline.create(job.pipeline, data.columnTypes);
  // The rule is chosen first, on validation rows the model has not seen (./choose-decision-rule.ts);
  // fitting the same object again below starts from scratch.
  const chosen = await chooseRefitDecision(job.decision, data, store, () => {
    const trainOnly = splitPart(data, data.split.train);
    return unfitted.fitAsync(trainOnly.table, trainOnly.labels, { seed: job.seed, shouldStop: ctx.shouldStop });
  });
  const pipeline = await unfitted.fitAsync(train.table, train.labels, { seed: job.seed, ...ctx });
  const decisionWarnings = attachDecisionRule(pipeline, chosen);
  const fitSeconds = (performance.now() - started) / 1000;
  const testPart = splitPart(data, data.split.test);
  const evaluation = await evaluateWithPredictions(pipeline, testPart, data.classes, data.positiveClass);
  const testMetrics = evaluation.metrics;
  const validationMetrics = await evaluatePipeline(pipeline, splitPart(data, data.split.validation), data.classes, data.positiveClass);
  const test = { classes: data.classes, positiveClass: data.positiveClass, labels: testPart.labels, proba: Array.from(evaluation.proba) };
  const fitted = pipeline.toJSON();
  // Loaded here only: the exporter pulls in protobufjs, which trials do not need.
  const { exportPipelineToOnnx, onnxExportProblems } = await import('../../components/export/index.js');
  const onnxSkipped = onnxExportProblems(fitted);
  const onnx = onnxSkipped.length === 0 ? exportPipelineToOnnx(fitted) : undefined;
  return { testMetrics, validationMetrics, test, fitted, fitSeconds, onnx, onnxSkipped, decisionWarnings };
}

export async function runJob(job: TrainingJob, ctx: JobContext): Promise<TrialJobResult | RefitJobResult | EnsembleSelectionOutcome | RescoreJobResult> {
  if (job.kind === 'ensemble') return runEnsembleJob(job);
  if (job.kind === 'rescore') return runRescoreJob(job, ctx);
  return job.kind === 'trial' ? runTrialJob(job, ctx) : runRefitJob(job, ctx);
}
