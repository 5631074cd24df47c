/**
 * How trial activities are retried. A worker that dies mid-trial is an infrastructure fault, not
 * a verdict on the configuration: such attempts are retried until the trial's deadline, and only
 * `maxWorkerCrashes` of them (a trial that kills its worker every time, out of memory say, must
 * stop). Errors the trial raises itself get `trialAttempts` tries; configuration errors none.
 * The activity tells crashes from errors (activities/trial-attempts.ts); the retry policy only
 * has to allow enough attempts for both. Pure: the workflow imports it.
 */
import type { ActivityOptions } from '@temporalio/common';
import type { ResolvedExperiment, TrialAttemptLimits } from './types.js';

/** The limits the activity enforces; absent for experiments resolved before they existed. */
export function attemptLimits(experiment: ResolvedExperiment): TrialAttemptLimits | undefined {
  const { maxWorkerCrashes, trialAttempts } = experiment.execution;
  return maxWorkerCrashes === undefined ? undefined : { maxWorkerCrashes, maxErrors: trialAttempts };
}

export function trialActivityOptions(experiment: ResolvedExperiment): ActivityOptions {
  const { execution, budget } = experiment;
  const limits = attemptLimits(experiment);
  return {
    startToCloseTimeout: `${budget.trialTimeoutMinutes} minutes`,
    heartbeatTimeout: `${execution.heartbeatTimeoutSeconds} seconds`,
    ...(execution.trialDeadlineMinutes ? { scheduleToCloseTimeout: `${execution.trialDeadlineMinutes} minutes` } : {}),
    retry: {
      // Enough for every crash and every error the activity allows, plus the attempt that reports the stop.
      maximumAttempts: limits ? limits.maxWorkerCrashes + limits.maxErrors : execution.trialAttempts,
      initialInterval: '1 second',
      maximumInterval: '30 seconds',
      nonRetryableErrorTypes: ['UserInputError'],
    },
  };
}

/**
 * Attempts for the search's other long activities (re-scoring, ensemble selection, refit): they
 * cannot tell crashes from errors, so a worker crash would use up one of their few attempts;
 * each gets `maxWorkerCrashes` more.
 */
export function withCrashAllowance(attempts: number, experiment: ResolvedExperiment): number {
  return attempts + (experiment.execution.maxWorkerCrashes ?? 0);
}
