/**
 * Ensemble selection as a training-thread job: it reads the candidates' stored validation
 * probabilities and the validation labels, and runs greedy selection with replacement
 * (components/model-selection/ensemble-selection.ts). In a thread because scoring ~25 rounds
 * x 20 candidates of a ranking metric on a large validation split takes seconds (2.8 s for
 * roc_auc on 10k rows), which must not stall the worker's event loop and its heartbeats.
 */
import { createArtifactStore } from '../../artifacts/index.js';
import { computeMetric, isMetricName } from '../../components/metrics/classification.js';
import { selectEnsemble, type EnsembleCandidate } from '../../components/model-selection/ensemble-selection.js';
import type { EnsembleSelectionOutcome, SelectEnsembleInput } from '../../workflows/ensemble-types.js';
import { readPreparedDataset } from './prepared-dataset.js';
import { decodeProba, validationProbaKey } from './validation-predictions.js';

export interface EnsembleJob {
  kind: 'ensemble';
  storeRoot: string;
  input: SelectEnsembleInput;
}

export async function runEnsembleJob(job: EnsembleJob): Promise<EnsembleSelectionOutcome> {
  const { input } = job;
  const metric = input.metric;
  if (!isMetricName(metric)) throw new Error(`ensemble selection: unknown metric ${metric}`);
  const store = createArtifactStore(job.storeRoot);
  const data = await readPreparedDataset(store, input.dataset.ref);
  const rows = data.split.validation.length;
  const k = data.classes.length;
  const index = new Map(data.classes.map((c, i) => [c, i]));
  const yTrue = Int32Array.from(data.split.validation, (r) => index.get(data.labels[r]) ?? -1);
  const candidates: EnsembleCandidate[] = [];
  const missing: number[] = [];
  for (const trialNumber of input.trialNumbers) {
    const key = validationProbaKey(input.searchId, trialNumber);
    const ref = await store.head(key);
    if (!ref) {
      missing.push(trialNumber);
      continue;
    }
    candidates.push({ id: trialNumber, proba: decodeProba(await store.get(ref), rows, k, key) });
  }
  if (candidates.length === 0) throw new Error(`ensemble selection: none of trials ${input.trialNumbers.join(', ')} has validation probabilities`);
  const result = selectEnsemble(candidates, {
    score: (proba) => computeMetric(metric, yTrue, proba, k, data.positiveClass),
    direction: input.direction,
    rounds: input.rounds,
    patience: input.patience,
  });
  return {
    members: result.members.map((m) => ({ trialNumber: m.id, weight: m.weight, count: m.count })),
    value: result.value,
    bestSingle: { trialNumber: result.bestSingle.id, value: result.bestSingle.value },
    missing,
  };
}
