/**
 * The message a failed trial is recorded with: the trial's own error, or what the infrastructure
 * did to it. Pure: the workflow imports it.
 */
import { ApplicationFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';

/** The innermost useful message of an activity failure (its cause holds the activity's own error). */
export function failureMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? err.cause.message : err.message;
}

/** The application failure type an activity failed with (`UserInputError`, ...), if any. */
export function failureType(err: unknown): string | undefined {
  const cause = err instanceof Error ? err.cause : undefined;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

/**
 * A trial that ran out of its deadline across attempts says so and names the setting; other
 * failures keep their message (a crash-bound stop already names its own).
 */
export function trialFailureMessage(err: unknown, deadlineMinutes: number | undefined): string {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof TimeoutFailure && cause.timeoutType === TimeoutType.SCHEDULE_TO_CLOSE) {
    const last = cause.cause instanceof Error ? `; last attempt: ${cause.cause.message}` : '';
    return `trial deadline passed (execution.trialDeadlineMinutes = ${deadlineMinutes ?? '?'}) before an attempt finished${last}`;
  }
  return failureMessage(err);
}
