/**
 * The spec's `ensemble`: greedy ensemble selection over the best trials at the end of a
 * search (activities/select-ensemble.ts), registered when it beats the best single trial.
 *   (absent) / true                      on, with the defaults below
 *   ensemble: false                      off: the best single trial is registered
 *   ensemble: { size: 20, rounds: 25, patience: 5 }
 */
import type { EnsembleSettings } from '../workflows/ensemble-types.js';
import { resolveSwitchable } from './resolve-switchable.js';

/** Top 20 trials, 25 rounds, stop after 5 without gain: auto-sklearn's ensemble_nbest/size order of magnitude. */
export const DEFAULT_ENSEMBLE: EnsembleSettings = { size: 20, rounds: 25, patience: 5 };

/** The leaderboard the workflow keeps holds 50 trials; candidates come from it. */
const MAX_SIZE = 50;
const MAX_ROUNDS = 1000;

export function resolveEnsemble(raw: unknown): { ensemble: EnsembleSettings | null; problems: string[] } {
  const { settings, problems } = resolveSwitchable('ensemble', raw, DEFAULT_ENSEMBLE, {
    size: { min: 2, max: MAX_SIZE },
    rounds: { min: 1, max: MAX_ROUNDS },
    patience: { min: 1, max: MAX_ROUNDS },
  });
  return { ensemble: settings, problems };
}
