/**
 * Ensemble or single trial (pure; runs in the workflow): the ensemble is registered only
 * when its validation score is strictly better than the best single trial's, both scored the
 * same way by the selection activity. Anything else keeps today's choice, the best trial.
 */
import type { Direction } from '../search-spaces/types.js';
import type { EnsembleSelectionOutcome, RegisteredModelChoice } from './ensemble-types.js';
import { isBetter } from './leaderboard.js';
import type { LeaderboardEntry } from './types.js';

export function chooseRegisteredModel(selection: EnsembleSelectionOutcome, leaderboard: readonly LeaderboardEntry[], direction: Direction, metric: string): RegisteredModelChoice {
  const { bestSingle, value, members } = selection;
  const shown = (v: number) => Number(v.toPrecision(6));
  const scores = `validation ${metric}: ensemble ${shown(value)}, best single trial (${bestSingle.trialNumber}) ${shown(bestSingle.value)}`;
  if (members.length < 2 || !isBetter(value, bestSingle.value, direction)) {
    const why = members.length < 2 ? `selection kept only trial ${members[0]?.trialNumber ?? bestSingle.trialNumber}` : 'the ensemble does not beat the best single trial';
    return { kind: 'single', reason: `${why} (${scores})`, bestSingle, ensemble: { value, members: withParams(selection, leaderboard) } };
  }
  return {
    kind: 'ensemble',
    reason: `an ensemble of ${members.length} trials beats the best single trial (${scores})`,
    bestSingle,
    ensemble: { value, members: withParams(selection, leaderboard) },
  };
}

function withParams(selection: EnsembleSelectionOutcome, leaderboard: readonly LeaderboardEntry[]): NonNullable<RegisteredModelChoice['ensemble']>['members'] {
  return selection.members.map((m) => {
    const entry = leaderboard.find((e) => e.trialNumber === m.trialNumber);
    if (!entry) throw new Error(`ensemble member ${m.trialNumber} is not on the leaderboard`);
    return { trialNumber: m.trialNumber, weight: m.weight, params: entry.params };
  });
}

/** The choice when no selection ran, e.g. a single complete trial. */
export function singleTrialChoice(best: LeaderboardEntry, reason: string): RegisteredModelChoice {
  return { kind: 'single', reason, bestSingle: { trialNumber: best.trialNumber, value: best.value } };
}
