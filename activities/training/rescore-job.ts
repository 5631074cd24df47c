/**
 * Re-scoring one candidate as a training-thread job: fits its pipeline on the training rows
 * of each stored fold (prepared with the dataset, following the split rule: data/split-rows.ts
 * splitFolds) and scores the fold's held-out rows with the search metric.
 */
import type { ArtifactRef } from '../../artifacts/artifact-store.js';
import { createArtifactStore } from '../../artifacts/index.js';
import { Pipeline, type PipelineSpec } from '../../components/index.js';
import type { FitContext } from '../../components/core/types.js';
import { evaluatePipeline } from './evaluate.js';
import { readPreparedDataset, splitPart } from './prepared-dataset.js';

export interface RescoreJob {
  kind: 'rescore';
  storeRoot: string;
  dataset: ArtifactRef;
  pipeline: PipelineSpec;
  metric: string;
  seed: number;
}

export interface RescoreJobResult {
  values: number[];
  /** Mean fit time over the folds. */
  fitSeconds: number;
}

export async function runRescoreJob(job: RescoreJob, ctx: Pick<FitContext, 'shouldStop' | 'onProgress'>): Promise<RescoreJobResult> {
  const store = createArtifactStore(job.storeRoot);
  const data = await readPreparedDataset(store, job.dataset);
  const folds = data.folds;
  if (!folds?.length) throw new Error(`${job.dataset.uri} was prepared without re-scoring folds (rescore was off, or the dataset predates it)`);
  const values: number[] = [];
  let fitSeconds = 0;
  for (const [f, fold] of folds.entries()) {
    const train = splitPart(data, fold.train);
    const started = performance.now();
    const onProgress = ctx.onProgress ? (p: number) => ctx.onProgress!((f + p) / folds.length) : undefined;
    const pipeline = await Pipeline.create(job.pipeline, data.columnTypes).fitAsync(train.table, train.labels, { seed: job.seed, shouldStop: ctx.shouldStop, onProgress });
    fitSeconds += (performance.now() - started) / 1000;
    const metrics = await evaluatePipeline(pipeline, splitPart(data, fold.validation), data.classes, data.positiveClass);
    // A fold where the metric is undefined (one class in it) is NaN: the choice skips it pairwise.
    values.push(metrics[job.metric] ?? NaN);
  }
  return { values, fitSeconds: fitSeconds / folds.length };
}
