import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { getJSON, putJSON } from '../artifacts/artifact-store.js';
import type { TrialInput, TrialOutcome } from '../workflows/types.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { besideResult, withAttemptLimits } from './trial-attempts.js';
import { runInThread } from './training/run-in-thread.js';
import { validationProbaKey } from './training/validation-predictions.js';

/** The failure a local trial raises when an earlier local run of it never finished. */
export const LOCAL_TRIAL_INTERRUPTED = 'LocalTrialInterrupted';

/** Full fits are `trials/<n>.json`; successive-halving rungs are `trials/<n>@<fidelity>.json`. */
export function trialResultKey(searchId: string, trialNumber: number, fidelity = 1): string {
  return `searches/${searchId}/trials/${trialNumber}${fidelity < 1 ? `@${fidelity}` : ''}.json`;
}

/**
 * Trains and scores one configuration. The result is keyed by (search id, trial number):
 * a retry after the result was written (worker crash, lost completion) returns it instead
 * of training again, so a search never records a trial twice. Attempts that crashed and
 * attempts that failed count against separate limits (./trial-attempts.ts).
 *
 * The same function runs short trials as local activities (workflows/local-trials.ts). Those
 * cannot heartbeat, and a worker that dies mid-trial is noticed only when its workflow task
 * times out and another worker replays it and runs the trial again. So a local run leaves a
 * mark before it trains, and a local run that finds its mark refuses: the workflow then runs
 * the trial as a regular activity, whose crash accounting stops a trial that kills its worker.
 */
export function runTrialActivity(deps: ActivityDeps) {
  return async function runTrial(input: TrialInput): Promise<TrialOutcome> {
    const key = trialResultKey(input.searchId, input.trialNumber, input.fidelity);
    const existing = await deps.store.head(key);
    if (existing) {
      const stored = await getJSON<TrialOutcome>(deps.store, existing);
      return { trialNumber: stored.trialNumber, value: stored.value, metrics: stored.metrics, fitSeconds: stored.fitSeconds, resultRef: existing };
    }
    if (Context.current().info.isLocal) {
      await markLocalRun(deps.store, key, input.trialNumber);
      return failFastOnUserError(() => train(deps, input, key));
    }
    return withAttemptLimits(deps.store, key, input.trialNumber, input.attempts, () =>
      withHeartbeats((report) => train(deps, input, key, (fraction) => report({ trial: input.trialNumber, fraction }))),
    );
  };
}

async function markLocalRun(store: ArtifactStore, resultKey: string, trialNumber: number): Promise<void> {
  const mark = besideResult(resultKey, 'local-run');
  if (await store.head(mark)) {
    throw ApplicationFailure.nonRetryable(`trial ${trialNumber}: an earlier local run ended without a result (its worker may have died); it runs as a regular activity`, LOCAL_TRIAL_INTERRUPTED);
  }
  await store.put(mark, JSON.stringify({ startedAt: new Date().toISOString() }));
}

async function train(deps: ActivityDeps, input: TrialInput, key: string, onProgress?: (fraction: number) => void): Promise<TrialOutcome> {
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
    { signal: Context.current().cancellationSignal, ...(onProgress ? { onProgress } : {}) },
  );
  const outcome = { trialNumber: input.trialNumber, fidelity: input.fidelity, value: result.value, metrics: result.metrics, fitSeconds: result.fitSeconds, pipeline: input.pipeline };
  const resultRef = await putJSON(deps.store, key, outcome);
  return { trialNumber: outcome.trialNumber, value: outcome.value, metrics: outcome.metrics, fitSeconds: outcome.fitSeconds, resultRef };
}
