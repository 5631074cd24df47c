/**
 * When a trial runs as a local activity instead of a regular one. A regular activity costs a
 * server round trip per trial (the task is queued, polled, completed, and a workflow task
 * follows): ~20-30 ms on the dev server, more than a short trial's fit. A local activity runs on
 * the worker that holds the search and is recorded in history as a marker, so it is as durable
 * (replay reads its result; a crashed worker's trial runs again elsewhere) without the trip.
 *
 * The rules, all decided from recorded results so replay takes the same turns:
 * - only at parallelism 1: local activities run on the search's own worker, so parallel trials
 *   would stop spreading over the cluster;
 * - only after the last few trials each fitted in under `localTrialSeconds` (measured on real
 *   runs, not guessed), and never again in a row after a local run failed;
 * - every so often a trial runs as a regular activity anyway: that ends the workflow task, so
 *   the Temporal UI, queries and the search attributes stay live (a workflow task that only runs
 *   local activities is reported to the server only when Temporal's task heartbeat falls due).
 * Pure: the workflow imports it.
 */

/** Short trials in a row needed before the next one runs locally. */
const SHORT_TRIALS_BEFORE_LOCAL = 3;
/** Local trials between two regular ones, and the fit seconds they may add up to. */
const MAX_LOCAL_RUN = 50;
const MAX_LOCAL_RUN_SECONDS = 2;

export class LocalTrialPolicy {
  private shortInARow = 0;
  private localRun = 0;
  private localRunSeconds = 0;

  constructor(private readonly maxFitSeconds: number) {}

  /** Whether the next trial (or rung) should run as a local activity. */
  runLocally(): boolean {
    return this.shortInARow >= SHORT_TRIALS_BEFORE_LOCAL && this.localRun < MAX_LOCAL_RUN && this.localRunSeconds < MAX_LOCAL_RUN_SECONDS;
  }

  /** A trial that ran as a regular activity; `fitSeconds` undefined when it failed. */
  ranRemotely(fitSeconds: number | undefined): void {
    this.localRun = 0;
    this.localRunSeconds = 0;
    this.noteFit(fitSeconds);
  }

  ranLocally(fitSeconds: number): void {
    this.localRun++;
    this.localRunSeconds += fitSeconds;
    this.noteFit(fitSeconds);
  }

  /** A local run that failed or timed out: the trial is run again as a regular activity. */
  localRunFailed(): void {
    this.shortInARow = 0;
  }

  private noteFit(fitSeconds: number | undefined): void {
    this.shortInARow = fitSeconds !== undefined && fitSeconds < this.maxFitSeconds ? this.shortInARow + 1 : 0;
  }
}

/**
 * How long a local trial may run before it is abandoned and run as a regular activity, which
 * has the trial's full timeout, heartbeats and crash accounting: generous against the fits that
 * qualified it, short against a workflow task kept open.
 */
export function localTrialTimeoutSeconds(maxFitSeconds: number, trialTimeoutMinutes: number): number {
  return Math.min(Math.max(30, 30 * maxFitSeconds), trialTimeoutMinutes * 60);
}
