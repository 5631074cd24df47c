import { Context } from '@temporalio/activity';
import { getJSON, putJSON } from '../artifacts/artifact-store.js';
import type { TrialInput, TrialOutcome } from '../workflows/types.js';
import type { ActivityDeps } from './create-activities.js';
import { withHeartbeats } from './heartbeat.js';
import { withAttemptLimits } from './trial-attempts.js';
import { runInThread } from './training/run-in-thread.js';
import { validationProbaKey } from './training/validation-predictions.js';

/** Full fits are `trials/<n>.json`; successive-halving rungs are `trials/<n>@<fidelity>.json`. */
export function trialResultKey(searchId: string, trialNumber: number, fidelity = 1): string {
  return `searches/${searchId}/trials/${trialNumber}${fidelity < 1 ? `@${fidelity}` : ''}.json`;
}

/**
 * Trains and scores one configuration. The result is keyed by (search id, trial number):
 * a retry after the result was written (worker crash, lost completion) returns it instead
 * of training again, so a search never records a trial twice. Attempts that crashed and
 * attempts that failed count against separate limits (./trial-attempts.ts).
 */
export function runTrialActivity(deps: ActivityDeps) {
  return async function runTrial(input: TrialInput): Promise<TrialOutcome> {
    const key = trialResultKey(input.searchId, input.trialNumber, input.fidelity);
    const existing = await deps.store.head(key);
    if (existing) {
      const stored = await getJSON<TrialOutcome>(deps.store, existing);
      return { trialNumber: stored.trialNumber, value: stored.value, metrics: stored.metrics, fitSeconds: stored.fitSeconds, resultRef: existing };
    }
    return withAttemptLimits(deps.store, key, input.trialNumber, input.attempts, () =>
      withHeartbeats(async (report) => {
        const result = await runInThread(
          {
            kind: 'trial',
            storeRoot: deps.store.rootUri,
            dataset: input.dataset.ref,
            pipeline: input.pipeline,
            metric: input.metric,
            seed: input.seed,
            fidelity: input.fidelity,
            // Written before the result, so a stored result implies its probabilities are there too.
            validationProbaKey: input.fidelity >= 1 ? validationProbaKey(input.searchId, input.trialNumber) : undefined,
          },
          { signal: Context.current().cancellationSignal, onProgress: (fraction) => report({ trial: input.trialNumber, fraction }) },
        );
        const outcome = { trialNumber: input.trialNumber, fidelity: input.fidelity, value: result.value, metrics: result.metrics, fitSeconds: result.fitSeconds, pipeline: input.pipeline };
        const resultRef = await putJSON(deps.store, key, outcome);
        return { trialNumber: outcome.trialNumber, value: outcome.value, metrics: outcome.metrics, fitSeconds: outcome.fitSeconds, resultRef };
      }),
    );
  };
}
