/**
 * Ensemble selection at the end of a search (./training/ensemble-job.ts, in a training
 * thread). Returns trial numbers and weights only; the refit builds the ensemble.
 */
import { Context } from '@temporalio/activity';
import type { EnsembleSelectionOutcome, SelectEnsembleInput } from '../workflows/ensemble-types.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { runInThread } from './training/run-in-thread.js';

export function selectEnsembleActivity(deps: ActivityDeps) {
  return async function selectEnsembleOfTrials(input: SelectEnsembleInput): Promise<EnsembleSelectionOutcome> {
    return failFastOnUserError(() =>
      withHeartbeats(() => runInThread({ kind: 'ensemble', storeRoot: deps.store.rootUri, input }, { signal: Context.current().cancellationSignal })),
    );
  };
}
