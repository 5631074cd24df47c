/**
 * The durable AutoML search. Deterministic: the sampler is a pure function of
 * (space, history, seeded state); all I/O happens in activities; data travels as references.
 *
 * Loop: keep up to `parallelism` trial activities in flight, wait for the first to finish,
 * record it, ask the sampler again. At the end refit the winner on train+validation,
 * score it on the test split and register it.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import { applyParams } from '../search-spaces/apply-params.js';
import { getPruner } from '../search-spaces/pruners/index.js';
import { getSampler } from '../search-spaces/samplers.js';
import type { AskContext, AskResult, TrialRecord } from '../search-spaces/types.js';
import { chooseRegisteredModel, singleTrialChoice } from './ensemble-choice.js';
import type { RegisteredModelChoice } from './ensemble-types.js';
import { objectiveValues, selectFromFront, updateFront } from './pareto-front.js';
import { chooseWinner } from './rescore-choice.js';
import type { RescoredTrial, RescoreSettings, WinnerChoice } from './rescore-types.js';
import { isBetter, renderDetails, topEntries, trimHistory, violatedConstraint, withRecentParams } from './leaderboard.js';
import { LocalTrialPolicy, localTrialTimeoutSeconds } from './local-trials.js';
import { attemptLimits, trialActivityOptions, withCrashAllowance } from './trial-activity-options.js';
import { failureMessage, failureType, trialFailureMessage } from './trial-failure.js';
import { trialSummary } from './trial-summary.js';
import { SA_BEST_SCORE, SA_EXPERIMENT, SA_STATUS, SA_TRIALS_DONE } from './search-attributes.js';
import type {
  LeaderboardEntry,
  PreparedDataset,
  SearchCarry,
  SearchInput,
  SearchProgress,
  SearchResult,
  SearchStatus,
  TrialOutcome,
} from './types.js';

type Activities = ReturnType<typeof createActivities>;

export const progressQuery = defineQuery<SearchProgress>('progress');
/** Stop launching trials; running ones finish, then the best is refitted and registered as usual. */
export const stopSearchSignal = defineSignal<[string?]>('stopSearch');

const { prepareDataset } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['UserInputError'] },
});

const DEFAULT_TRIALS_PER_RUN = 250;
/** How often finished trials may refresh the search attributes (the Temporal UI list and `autoflow list`). */
const VISIBILITY_UPDATE_EVERY_MS = 1000;

export async function automlSearch(input: SearchInput): Promise<SearchResult> {
  const { experiment, searchId } = input;
  const direction = experiment.direction;
  const budget = experiment.budget;
  const sampler = getSampler(experiment.sampler.name, experiment.sampler.options);
  const pruner = getPruner(experiment.pruner?.name ?? 'none', experiment.pruner?.options);

  const heartbeatTimeout = `${experiment.execution.heartbeatTimeoutSeconds} seconds`;
  const { runTrial } = proxyActivities<Activities>(trialActivityOptions(experiment));
  const trialAttempts = attemptLimits(experiment);
  const { refitAndRegister } = proxyActivities<Activities>({
    startToCloseTimeout: `${Math.max(budget.trialTimeoutMinutes * 2, 10)} minutes`,
    heartbeatTimeout,
    retry: { maximumAttempts: withCrashAllowance(5, experiment), nonRetryableErrorTypes: ['UserInputError'] },
  });
  const { rescoreTrial } = proxyActivities<Activities>({
    // Every fold is a fit on most of train + validation.
    startToCloseTimeout: `${budget.trialTimeoutMinutes * (experiment.rescore?.folds ?? 1)} minutes`,
    heartbeatTimeout,
    retry: { maximumAttempts: withCrashAllowance(experiment.execution.trialAttempts, experiment), initialInterval: '1 second', nonRetryableErrorTypes: ['UserInputError'] },
  });
  // A local activity, so each suggestion is recorded in history and replay does not ask again.
  const { suggestTrial } = proxyLocalActivities<Activities>({
    startToCloseTimeout: '2 minutes',
    retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['UserInputError'] },
  });
  // Short trials at parallelism 1 run on this worker, without a server round trip each (./local-trials.ts).
  // Guarded so searches started before replay as they ran.
  const localTrialSeconds = experiment.execution.localTrialSeconds ?? 0;
  const localTrials = localTrialSeconds > 0 && budget.parallelism === 1 && patched('local-short-trials') ? new LocalTrialPolicy(localTrialSeconds) : undefined;
  const { runTrial: runTrialLocally } = proxyLocalActivities<Activities>({
    startToCloseTimeout: `${localTrialTimeoutSeconds(localTrialSeconds, budget.trialTimeoutMinutes)} seconds`,
    // A failed local run is not retried here: the regular activity runs the trial with its full retry policy.
    retry: { maximumAttempts: 1 },
  });
  const { selectEnsemble } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout,
    retry: { maximumAttempts: withCrashAllowance(3, experiment), nonRetryableErrorTypes: ['UserInputError'] },
  });

  let status: SearchStatus = input.carry ? 'searching' : 'preparing';
  const carry = input.carry;
  const history: TrialRecord[] = carry ? [...carry.history] : [];
  // Trial numbers keep counting across runs even when the carried history is trimmed.
  let nextTrialNumber = carry?.nextTrialNumber ?? history.length;
  let completedTrials = carry?.completedTrials ?? 0;
  let samplerState = carry ? carry.samplerState : sampler.init(experiment.seed);
  let leaderboard: LeaderboardEntry[] = carry ? [...carry.leaderboard] : [];
  // Several objectives: the Pareto front of complete trials (the leaderboard ranks by the first only).
  const objectives = experiment.objectives;
  let front: LeaderboardEntry[] = carry?.front ? [...carry.front] : [];
  const finishedLog: SearchProgress['finished'] = carry ? [...carry.finishedLog] : [];
  let failedTrials = carry?.failedTrials ?? 0;
  let prunedTrials = carry?.prunedTrials ?? 0;
  let trialsSinceImprovement = carry?.trialsSinceImprovement ?? 0;
  const startedAtMs = carry?.startedAtMs ?? Date.now();
  let stopReason: string | undefined;
  const running = new Map<number, Promise<void>>();

  const progress = (): SearchProgress => ({
    searchId,
    experiment: experiment.name,
    status,
    metric: experiment.metric,
    direction,
    trialsDone: completedTrials,
    trialsFailed: failedTrials,
    trialsPruned: prunedTrials,
    trialsRunning: running.size,
    maxTrials: budget.maxTrials,
    best: leaderboard[0],
    leaderboard: leaderboard.slice(0, 10),
    finished: finishedLog,
    stopReason,
    ...(objectives ? { objectives, front } : {}),
    ...(input.withoutSearchAttributes ? { notice: input.withoutSearchAttributes } : {}),
  });
  // Answered from state, so it may cost a little: the last finished trials carry their parameters.
  setHandler(progressQuery, () => ({ ...progress(), finished: withRecentParams(finishedLog, history) }));
  setHandler(stopSearchSignal, (reason?: string) => {
    stopReason ??= reason ?? 'stopped by request';
  });

  // Upserting an attribute the namespace lacks would fail every workflow task: the client said so at start.
  if (input.withoutSearchAttributes) log.warn(input.withoutSearchAttributes);
  // Each upsert is a history event and a visibility write on the server: per finished trial
  // they held short trials back, so trial completions refresh them at most once a second
  // (status changes always do). Guarded so older searches replay the upserts they made.
  const throttleVisibility = patched('throttled-visibility-updates');
  let lastUpsertMs = -Infinity;
  const publish = (options: { trialDone?: boolean } = {}) => {
    const p = progress();
    const due = !options.trialDone || !throttleVisibility || Date.now() - lastUpsertMs >= VISIBILITY_UPDATE_EVERY_MS;
    if (due && !input.withoutSearchAttributes) {
      lastUpsertMs = Date.now();
      upsertSearchAttributes([
        { key: SA_EXPERIMENT, value: experiment.name },
        { key: SA_STATUS, value: status },
        { key: SA_TRIALS_DONE, value: p.trialsDone },
        ...(p.best ? [{ key: SA_BEST_SCORE, value: p.best.value }] : []),
      ]);
    }
    setCurrentDetails(renderDetails(p));
  };

  let dataset: PreparedDataset;
  try {
    publish();
    dataset = carry?.dataset ?? (await prepareDataset({ searchId, experiment }));
  } catch (e) {
    status = 'failed';
    publish();
    throw e;
  }
  status = 'searching';
  publish();

  const trialsPerRun = input.trialsPerRun ?? DEFAULT_TRIALS_PER_RUN;
  const firstTrialThisRun = nextTrialNumber;

  /**
   * One trial from start to finish: with a pruner, it trains on growing fractions of the
   * training data (the rungs) and stops early when the pruner says so; without, one full fit.
   */
  const runTrialToEnd = async (record: TrialRecord): Promise<void> => {
    const trialNumber = record.number;
    const pipeline = applyParams(experiment.pipeline, record.params);
    const rungs = experiment.pruner?.rungs ?? [1];
    try {
      for (const fidelity of rungs) {
        const trialInput = { searchId, trialNumber, pipeline, dataset, metric: experiment.metric, seed: experiment.seed, fidelity, ...(trialAttempts ? { attempts: trialAttempts } : {}) };
        // The summary labels the activity in the Temporal UI (user metadata: not part of what replay compares).
        const outcome = await executeTrial(trialInput, trialSummary(trialNumber, record.params, experiment.pipeline.classifier.kind, fidelity, rungs));
        record.intermediate = { ...record.intermediate, [String(fidelity)]: outcome.value };
        touched.add(record);
        if (fidelity < 1 && pruner.shouldPrune(trialNumber, fidelity, outcome.value, history, direction)) {
          record.state = 'pruned';
          record.value = outcome.value;
          prunedTrials++;
          finishedLog.push({ trialNumber, state: 'pruned', value: outcome.value, fidelity });
          return;
        }
        if (fidelity < 1) continue;
        const broken = violatedConstraint(experiment.constraints ?? [], outcome.metrics);
        if (broken) {
          // Counted as a failure: the sampler treats it as a bad region, and it cannot win.
          record.state = 'failed';
          failedTrials++;
          finishedLog.push({ trialNumber, state: 'failed', value: outcome.value, error: broken });
          return;
        }
        record.state = 'complete';
        record.value = outcome.value;
        if (objectives) record.values = objectiveValues(outcome, objectives);
        completedTrials++;
        const entry: LeaderboardEntry = { trialNumber, value: outcome.value, params: record.params, metrics: outcome.metrics, fitSeconds: outcome.fitSeconds };
        const improved = !leaderboard[0] || isBetter(outcome.value, leaderboard[0].value, direction);
        trialsSinceImprovement = improved ? 0 : trialsSinceImprovement + 1;
        leaderboard = topEntries([...leaderboard, entry], direction, 50);
        if (objectives) front = updateFront(front, entry, objectives);
        finishedLog.push({ trialNumber, state: 'complete', value: outcome.value });
      }
    } catch (err) {
      record.state = 'failed';
      // The search itself is being cancelled; the outer loop reports it.
      if (isCancellation(err)) return;
      // A trial that keeps failing (bad parameter combination, retries used up) is recorded
      // and the search goes on: one broken configuration must not sink the search.
      failedTrials++;
      const message = trialFailureMessage(err, experiment.execution.trialDeadlineMinutes);
      finishedLog.push({ trialNumber, state: 'failed', error: message.slice(0, 300) });
      log.warn('trial failed', { trialNumber, error: message });
    } finally {
      running.delete(trialNumber);
      touched.add(record);
      publish({ trialDone: true });
    }
  };

  /** One fit of a trial: locally when the policy says so, else (or when that fails) as a regular activity. */
  const executeTrial = async (trialInput: Parameters<typeof runTrial>[0], summary: string): Promise<TrialOutcome> => {
    if (localTrials?.runLocally()) {
      try {
        const outcome = await runTrialLocally.executeWithOptions({ summary }, [trialInput]);
        localTrials.ranLocally(outcome.fitSeconds);
        return outcome;
      } catch (err) {
        // A bad configuration fails the same way anywhere; anything else gets the regular activity.
        if (isCancellation(err) || failureType(err) === 'UserInputError') throw err;
        localTrials.localRunFailed();
        log.info('a local trial run failed; running the trial as a regular activity', { trialNumber: trialInput.trialNumber, error: failureMessage(err) });
      }
    }
    try {
      const outcome = await runTrial.executeWithOptions({ summary }, [trialInput]);
      localTrials?.ranRemotely(outcome.fitSeconds);
      return outcome;
    } catch (err) {
      localTrials?.ranRemotely(undefined);
      throw err;
    }
  };

  const askContext = (): AskContext => ({ space: experiment.space, history, direction, ...(objectives ? { directions: objectives.map((o) => o.direction) } : {}) });
  /** Searches started before suggestions were recorded ask the sampler in the workflow, as they ran. */
  const launch = (): boolean => startTrial(sampler.ask(askContext(), samplerState));
  // Records added or changed since the last ask: what the suggestion activity is sent (it keeps the rest).
  const touched = new Set<TrialRecord>();
  let askSeq = 0;
  const launchRecorded = async (): Promise<boolean> => {
    if (!sendChanges) return startTrial((await suggestTrial({ sampler: experiment.sampler, context: askContext(), state: samplerState })) as AskResult);
    const seq = ++askSeq;
    const key = `${workflowInfo().workflowId}/${workflowInfo().runId}`;
    // Taken before the await: trials that finish meanwhile stay in `touched` for the next ask.
    const changed = [...touched].sort((a, b) => a.number - b.number);
    touched.clear();
    const ask = (full: boolean) =>
      suggestTrial({ sampler: experiment.sampler, context: { ...askContext(), history: full ? history : changed }, state: samplerState, changes: { key, seq, length: history.length, full } });
    let result = await ask(seq === 1);
    // The activity lost the run's history (another worker, a restart): send all of it once.
    if ('miss' in result) result = await ask(true);
    return startTrial(result as AskResult);
  };
  const startTrial = (asked: AskResult): boolean => {
    samplerState = asked.state;
    if (asked.exhausted) {
      stopReason ??= 'every point of the search space was tried';
      return false;
    }
    const record: TrialRecord = { number: nextTrialNumber++, params: asked.params, state: 'running' };
    history.push(record);
    touched.add(record);
    const done = runTrialToEnd(record);
    // A trial that ended before its first await has already left `running`.
    if (record.state === 'running') running.set(record.number, done);
    return true;
  };

  const budgetLeft = (): boolean => {
    if (stopReason) return false;
    const launched = nextTrialNumber;
    if (launched >= budget.maxTrials) {
      stopReason = `reached maxTrials (${budget.maxTrials})`;
      return false;
    }
    if (budget.maxMinutes !== undefined && Date.now() - startedAtMs >= budget.maxMinutes * 60_000) {
      stopReason = `reached maxMinutes (${budget.maxMinutes})`;
      return false;
    }
    if (budget.patience > 0 && trialsSinceImprovement >= budget.patience) {
      stopReason = `no improvement in ${budget.patience} trials`;
      return false;
    }
    return true;
  };

  // Recorded suggestions change the commands (a marker per ask): older histories replay without them.
  const recordSuggestions = patched('recorded-suggestions');
  // Only changed records sent to the suggestion activity (a full-history ask after a miss adds a marker).
  const sendChanges = recordSuggestions && patched('suggestion-changes');
  try {
    for (;;) {
      const rolloverDue = nextTrialNumber - firstTrialThisRun >= trialsPerRun || workflowInfo().continueAsNewSuggested;
      if (recordSuggestions) while (running.size < budget.parallelism && !rolloverDue && budgetLeft() && (await launchRecorded()));
      else while (running.size < budget.parallelism && !rolloverDue && budgetLeft() && launch());
      if (running.size === 0) {
        if (rolloverDue && budgetLeft()) {
          const next: SearchCarry = {
            history: trimHistory(history, direction),
            nextTrialNumber,
            completedTrials,
            samplerState,
            dataset,
            leaderboard,
            finishedLog: finishedLog.slice(-200),
            startedAtMs,
            trialsSinceImprovement,
            failedTrials,
            prunedTrials,
            ...(objectives ? { front } : {}),
          };
          await continueAsNew<typeof automlSearch>({ ...input, carry: next });
        }
        break;
      }
      // Wake when any trial finishes, or when a stop arrives (nothing new is launched then).
      const inFlight = running.size;
      await condition(() => running.size < inFlight || stopReason !== undefined);
      if (stopReason) await Promise.all(running.values());
    }
  } catch (e) {
    if (isCancellation(e)) {
      status = 'cancelled';
      stopReason = 'cancelled';
      await CancellationScope.nonCancellable(async () => publish());
    }
    throw e;
  }

  const validationBest = leaderboard[0];
  if (!validationBest) {
    status = 'failed';
    publish();
    const lastError = finishedLog.filter((f) => f.error).at(-1)?.error;
    throw ApplicationFailure.nonRetryable(`all ${nextTrialNumber} trials failed${lastError ? `; last error: ${lastError}` : ''}`, 'AllTrialsFailed');
  }

  let best = validationBest;
  let winner: WinnerChoice | undefined;
  if (objectives) {
    // The spec's select rule names the front member to register.
    winner = selectFromFront(front, objectives, experiment.select ?? { best: experiment.metric, constraints: [] }, validationBest.trialNumber);
    best = front.find((e) => e.trialNumber === winner!.trialNumber) ?? validationBest;
  } else if (experiment.rescore && patched('rescore-top-trials')) {
    // The best validation score is partly luck after many trials: the top trials are scored
    // again on k folds and the best mean wins. Guarded so older searches replay as they ran.
    status = 'rescoring';
    publish();
    winner = await rescoreTopTrials(experiment.rescore);
    best = leaderboard.find((e) => e.trialNumber === winner!.trialNumber) ?? validationBest;
  }

  status = 'refitting';
  publish();
  // Guarded so searches that were running when this step was added replay as they ran.
  let choice: RegisteredModelChoice | undefined;
  if (experiment.ensemble && patched('ensemble-selection')) choice = await chooseEnsemble(experiment.ensemble);
  // The single trial registered is the re-scored winner, whatever the selection compared against.
  if (choice?.kind === 'single' && winner && choice.bestSingle.trialNumber !== best.trialNumber) {
    choice = singleTrialChoice(best, `${choice.reason}; the single trial registered is the re-scored winner: ${winner.reason}`);
  }
  const ensemble =
    choice?.kind === 'ensemble'
      ? choice.ensemble!.members.map((m) => ({ trialNumber: m.trialNumber, weight: m.weight, pipeline: applyParams(experiment.pipeline, m.params) }))
      : undefined;
  // An ensemble refits every member: its refit gets that many times the single refit's time.
  const refitActivity = ensemble
    ? proxyActivities<Activities>({
        startToCloseTimeout: `${Math.max(budget.trialTimeoutMinutes * 2, 10) * ensemble.length} minutes`,
        heartbeatTimeout,
        retry: { maximumAttempts: withCrashAllowance(5, experiment), nonRetryableErrorTypes: ['UserInputError'] },
      }).refitAndRegister
    : refitAndRegister;
  const refit = await refitActivity({
    searchId,
    trials: history.map((t) => ({ number: t.number, state: t.state, value: t.value, params: t.params, intermediate: t.intermediate })),
    leaderboard: leaderboard.slice(0, 20),
    experiment,
    dataset,
    pipeline: applyParams(experiment.pipeline, best.params),
    params: best.params,
    trialNumber: best.trialNumber,
    ...(ensemble ? { ensemble } : {}),
    ...(choice ? { choice } : {}),
    ...(winner ? { winner } : {}),
    ...(objectives ? { objectives, front } : {}),
  });
  status = 'completed';
  publish();
  return {
    searchId,
    experiment: experiment.name,
    metric: experiment.metric,
    direction,
    bestValue: best.value,
    bestTrial: best.trialNumber,
    bestParams: best.params,
    bestPipeline: applyParams(experiment.pipeline, best.params),
    trials: completedTrials,
    failedTrials,
    prunedTrials,
    testMetrics: refit.testMetrics,
    model: refit.model,
    ...(refit.decision ? { decision: refit.decision } : {}),
    leaderboard: leaderboard.slice(0, 10),
    stopReason: stopReason ?? 'budget exhausted',
    dataset,
    ...(choice ? { registered: choice } : {}),
    ...(winner ? { winner } : {}),
    ...(objectives ? { objectives, front } : {}),
  };

  /**
   * Scores the best `top` trials on the dataset's folds, `parallelism` at a time. A candidate
   * whose re-scoring fails is left out; with none left the best validation score wins.
   */
  async function rescoreTopTrials(settings: RescoreSettings): Promise<WinnerChoice> {
    const candidates = leaderboard.slice(0, settings.top);
    const bestValidationTrial = validationBest.trialNumber;
    if (candidates.length < 2) return { trialNumber: bestValidationTrial, bestValidationTrial, reason: `only ${candidates.length} complete trial: nothing to re-score` };
    const results = new Map<number, RescoredTrial>();
    let next = 0;
    const lane = async () => {
      while (next < candidates.length) {
        const c = candidates[next++];
        try {
          results.set(c.trialNumber, await rescoreTrial({ searchId, trialNumber: c.trialNumber, pipeline: applyParams(experiment.pipeline, c.params), dataset, metric: experiment.metric, seed: experiment.seed }));
        } catch (err) {
          if (isCancellation(err)) throw err;
          const message = failureMessage(err);
          log.warn('re-scoring a trial failed; it is left out of the choice', { trialNumber: c.trialNumber, error: message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(budget.parallelism, candidates.length) }, lane));
    leaderboard = leaderboard.map((e) => {
      const r = results.get(e.trialNumber);
      return r ? { ...e, rescored: { values: r.values, mean: r.mean, fitSeconds: r.fitSeconds } } : e;
    });
    const ranked = candidates.map((c) => results.get(c.trialNumber)).filter((r): r is RescoredTrial => r !== undefined);
    return chooseWinner(ranked, bestValidationTrial, direction, experiment.metric);
  }

  /**
   * Greedy selection over the best full-fidelity trials' validation predictions. A failed
   * selection must not cost the search its model: the best single trial is registered then.
   */
  async function chooseEnsemble(settings: NonNullable<typeof experiment.ensemble>): Promise<RegisteredModelChoice> {
    const candidates = leaderboard.slice(0, settings.size);
    if (candidates.length < 2) return singleTrialChoice(best, `only ${candidates.length} complete trial: nothing to ensemble`);
    try {
      const selection = await selectEnsemble({
        searchId,
        dataset,
        metric: experiment.metric,
        direction,
        trialNumbers: candidates.map((c) => c.trialNumber),
        rounds: settings.rounds,
        patience: settings.patience,
      });
      return chooseRegisteredModel(selection, leaderboard, direction, experiment.metric);
    } catch (err) {
      if (isCancellation(err)) throw err;
      const message = failureMessage(err);
      log.warn('ensemble selection failed; registering the best single trial', { error: message });
      return singleTrialChoice(best, `ensemble selection failed: ${message.slice(0, 300)}`);
    }
  }
}
