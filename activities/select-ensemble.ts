/**
 * Ensemble selection at the end of a search: reads the candidates' validation probabilities
 * (artifacts written by full-fidelity trials) and the validation labels, and runs greedy
 * selection with replacement (components/model-selection/ensemble-selection.ts). Returns
 * trial numbers and weights only; the refit builds the ensemble.
 */
import { computeMetric, isMetricName } from '../components/metrics/classification.js';
import { selectEnsemble, type EnsembleCandidate } from '../components/model-selection/ensemble-selection.js';
import type { EnsembleSelectionOutcome, SelectEnsembleInput } from '../workflows/ensemble-types.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { readPreparedDataset } from './training/prepared-dataset.js';
import { decodeProba, validationProbaKey } from './training/validation-predictions.js';

export function selectEnsembleActivity(deps: ActivityDeps) {
  return async function selectEnsembleOfTrials(input: SelectEnsembleInput): Promise<EnsembleSelectionOutcome> {
    return failFastOnUserError(async () => {
      const metric = input.metric;
      if (!isMetricName(metric)) throw new Error(`ensemble selection: unknown metric ${metric}`);
      const data = await readPreparedDataset(deps.store, input.dataset.ref);
      const rows = data.split.validation.length;
      const k = data.classes.length;
      const index = new Map(data.classes.map((c, i) => [c, i]));
      const yTrue = Int32Array.from(data.split.validation, (r) => index.get(data.labels[r]) ?? -1);
      const candidates: EnsembleCandidate[] = [];
      const missing: number[] = [];
      for (const trialNumber of input.trialNumbers) {
        const key = validationProbaKey(input.searchId, trialNumber);
        const ref = await deps.store.head(key);
        if (!ref) {
          missing.push(trialNumber);
          continue;
        }
        candidates.push({ id: trialNumber, proba: decodeProba(await deps.store.get(ref), rows, k, key) });
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
    });
  };
}
