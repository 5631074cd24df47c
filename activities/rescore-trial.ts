/**
 * Re-scores one of the best trials on the k folds stored with the prepared dataset (in a
 * training thread: ./training/rescore-job.ts). Keyed by (search id, trial number) like a
 * trial: a retry after the result was written returns it instead of fitting again.
 */
import { Context } from '@temporalio/activity';
import { getJSON, putJSON } from '../artifacts/artifact-store.js';
import type { RescoredTrial, RescoreTrialInput } from '../workflows/rescore-types.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { runInThread } from './training/run-in-thread.js';

export function rescoreResultKey(searchId: string, trialNumber: number): string {
  return `searches/${searchId}/rescored/${trialNumber}.json`;
}

export function rescoreTrialActivity(deps: ActivityDeps) {
  return async function rescoreTrial(input: RescoreTrialInput): Promise<RescoredTrial> {
    const key = rescoreResultKey(input.searchId, input.trialNumber);
    const existing = await deps.store.head(key);
    if (existing) return getJSON<RescoredTrial>(deps.store, existing);
    return failFastOnUserError(() =>
      withHeartbeats(async (report) => {
        const job = { kind: 'rescore' as const, storeRoot: deps.store.rootUri, dataset: input.dataset.ref, pipeline: input.pipeline, metric: input.metric, seed: input.seed };
        const { values, fitSeconds } = await runInThread(job, {
          signal: Context.current().cancellationSignal,
          onProgress: (fraction) => report({ rescoring: input.trialNumber, fraction }),
        });
        const finite = values.filter((v) => Number.isFinite(v));
        const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
        const result: RescoredTrial = { trialNumber: input.trialNumber, values, mean, fitSeconds };
        await putJSON(deps.store, key, result);
        return result;
      }),
    );
  };
}
