/**
 * watchDeployments: deployment without a person. A long-running workflow that looks at the
 * registry on a durable timer (or at once on a `checkNow` signal), and for each new version of
 * a model (or each move of a source alias, e.g. the `staging` a retraining moves) runs
 * deployModel as a child, one at a time, newest wins. A version that fails its check stays
 * where it is, is recorded as refused, and the watch goes on. Its state is queryable and its
 * history is handed to a fresh run (continueAsNew) before it grows long.
 */
import {
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  executeChild,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import type { deployModel } from './deploy-model.js';
import type { DeployWatchInput, DeployWatchState, WatchOutcome, WatchOutcomeKind } from './deploy-types.js';

type Activities = ReturnType<typeof createActivities>;

const { watchBaseline, nextWatchCandidate } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A registry that is down for a while must not end the watch: it waits and looks again.
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['UserInputError'] },
});

export const watchStateQuery = defineQuery<DeployWatchState>('watchState');
/** Look at the registry now instead of at the next poll (sent by `autoflow deploy --watch` when the watch already runs). */
export const checkNowSignal = defineSignal('checkNow');

const KEPT_OUTCOMES = 50;

/** The child's failure message: the check's reason for a refused deployment, else what failed. */
function failureReason(e: unknown): string {
  const cause = e instanceof ChildWorkflowFailure ? e.cause : e;
  return cause instanceof Error ? cause.message : String(cause);
}

export async function watchDeployments(input: DeployWatchInput): Promise<DeployWatchState> {
  const toAlias = input.toAlias ?? 'production';
  const pollMs = Math.max(1, input.pollSeconds ?? 30) * 1000;
  const source = input.fromAlias ? `moves of ${input.name}@${input.fromAlias}` : `new versions of ${input.name}`;
  let wake = false;
  const { state: carried, ...settings } = input;
  const state: DeployWatchState = carried ?? { lastHandled: null, outcomes: [], counts: { deployed: 0, refused: 0, skipped: 0 }, status: 'starting: reading the registry' };
  state.input = settings;
  state.current = null;
  // Before the first await, so the watch answers queries from its first moment.
  setHandler(watchStateQuery, () => state);
  setHandler(checkNowSignal, () => {
    wake = true;
  });
  // A new watch deploys what comes after the registry as it is now, not the versions already there.
  if (!carried) state.lastHandled = await watchBaseline({ name: input.name, fromAlias: input.fromAlias });
  const show = (status: string) => {
    state.status = status;
    setCurrentDetails(`${status}\n\ndeployed ${state.counts.deployed}, refused ${state.counts.refused}, skipped ${state.counts.skipped}; last handled: ${state.lastHandled ?? '(none)'}`);
  };
  const record = (outcome: WatchOutcome) => {
    state.outcomes.push(outcome);
    if (state.outcomes.length > KEPT_OUTCOMES) state.outcomes.splice(0, state.outcomes.length - KEPT_OUTCOMES);
    state.counts[outcome.outcome satisfies WatchOutcomeKind]++;
    state.lastHandled = outcome.version;
  };

  const iterations = input.iterationsPerRun ?? 500;
  for (let iteration = 0; iteration < iterations && !workflowInfo().continueAsNewSuggested; iteration++) {
    const next = await nextWatchCandidate({ name: input.name, fromAlias: input.fromAlias, lastHandled: state.lastHandled });
    if (!next) {
      show(`watching ${source} after ${state.lastHandled ?? '(none)'}, deploying to @${toAlias}`);
      await condition(() => wake, pollMs);
      wake = false;
      continue;
    }
    for (const version of next.superseded) record({ version, outcome: 'skipped', reason: `superseded by version ${next.version} before its turn` });
    const deployId = `${workflowInfo().workflowId}-v${next.version}`;
    state.current = { version: next.version, deployId };
    show(`deploying ${input.name}/${next.version} to @${toAlias} (${deployId})`);
    try {
      const result = await executeChild<typeof deployModel>('deployModel', {
        workflowId: deployId,
        // With mode stream, each deployment writes the `autoflow stream` manifest (its pods follow the alias this moves).
        args: [{ ...input.budget, candidate: `${input.name}/${next.version}`, alias: toAlias, ...(input.mode === 'stream' ? { mode: input.mode, stream: input.stream } : {}) }],
        staticSummary: `Deploy ${input.name}/${next.version} to @${toAlias} (watch)`,
      });
      record({ version: next.version, outcome: 'deployed', reason: result.check.reason, deployId, manifestUri: result.manifestUri });
    } catch (e) {
      // Stopping the watch cancels the deployment in flight: that ends the watch and is no verdict on the version.
      // (A deployment cancelled on its own, from the UI say, is recorded as refused and the watch goes on.)
      if (!(e instanceof ChildWorkflowFailure) || (isCancellation(e) && CancellationScope.current().consideredCancelled)) throw e;
      record({ version: next.version, outcome: 'refused', reason: failureReason(e), deployId });
    } finally {
      state.current = null;
    }
  }
  // A stop that arrived with the last iteration's wake-up (a signal in the same task) must end
  // the watch, not be lost in the hand-over: the new run would know nothing of it.
  const scope = CancellationScope.current();
  if (scope.consideredCancelled) await scope.cancelRequested;
  show('continuing as a new run to keep the history short');
  return continueAsNew<typeof watchDeployments>({ ...input, state });
}
