/**
 * Tells a trial's attempts that crashed apart from attempts that failed. Temporal retries both
 * alike, but a killed worker (SIGKILL, a lost machine, a graceful shutdown) says nothing about
 * the configuration and must not use up the trial, while an error the trial raised itself is
 * evidence against it. Each attempt that fails with an error leaves a record in the artifact
 * store; an earlier attempt without one ended without a result, i.e. its worker crashed (or it
 * timed out). A trial that crashes its worker again and again (out of memory, say) is stopped
 * after `maxWorkerCrashes` such attempts, with its own message.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { TrialAttemptLimits } from '../workflows/types.js';
import { failFastOnUserError } from './failures.js';

/** The failure type a trial stopped for crashing its worker carries (the workflow reports it by name). */
export const TRIAL_CRASHED_WORKER = 'TrialCrashedWorker';

/** A record kept beside a trial's result; not `.json`, since a trial's folder lists its results by that suffix. */
export function besideResult(resultKey: string, suffix: string): string {
  return `${resultKey.replace(/\.json$/, '')}.${suffix}`;
}

/** One record per failed attempt, never rewritten: counting needs no read-modify-write race. */
function errorKey(resultKey: string, attempt: number): string {
  return besideResult(resultKey, `attempt-${attempt}.failed`);
}

/** Earlier attempts of this trial that ended in an error rather than a crash. */
async function earlierErrors(store: ArtifactStore, resultKey: string, attempt: number): Promise<number> {
  const found = await Promise.all(Array.from({ length: attempt - 1 }, (_, i) => store.head(errorKey(resultKey, i + 1))));
  return found.filter(Boolean).length;
}

/**
 * Runs one attempt of a trial under its limits. Configuration errors fail at once (as before);
 * without limits (a search started before they existed) that is all. The limits on crashes and errors are enforced here, not by the retry policy, which only sees
 * "failed" for both.
 */
export async function withAttemptLimits<T>(
  store: ArtifactStore,
  resultKey: string,
  trialNumber: number,
  limits: TrialAttemptLimits | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const attempt = Context.current().info.attempt;
  const errors = limits && attempt > 1 ? await earlierErrors(store, resultKey, attempt) : 0;
  const crashes = attempt - 1 - errors;
  if (limits && crashes >= limits.maxWorkerCrashes) {
    throw ApplicationFailure.nonRetryable(
      `trial ${trialNumber} stopped: ${crashes} of its attempts ended without a result (worker killed, out of memory or timed out; execution.maxWorkerCrashes = ${limits.maxWorkerCrashes}): it may be crashing its worker`,
      TRIAL_CRASHED_WORKER,
    );
  }
  try {
    return await failFastOnUserError(work);
  } catch (e) {
    if (!limits || (e instanceof ApplicationFailure && e.nonRetryable)) throw e;
    // A worker that leaves (graceful shutdown) cancels its trials: that is a crash, not an error.
    if (Context.current().cancellationDetails?.workerShutdown) throw e;
    const message = e instanceof Error ? e.message : String(e);
    await store.put(errorKey(resultKey, attempt), JSON.stringify({ attempt, message: message.slice(0, 2000) }));
    if (errors + 1 >= limits.maxErrors) {
      throw ApplicationFailure.nonRetryable(`trial ${trialNumber} failed ${errors + 1} times (execution.trialAttempts = ${limits.maxErrors}): ${message}`, e instanceof Error ? e.name : 'Error');
    }
    throw e;
  }
}
