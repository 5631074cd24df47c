/**
 * The spec's `rescore`: before the refit, the best trials are scored again on k folds of the
 * training + validation rows (folds that follow the split rule: forward in time for
 * `split.by`, whole groups for `split.group`), and the winner is the best mean, not the
 * luckiest single validation score (the winner's curse of a long search).
 *   (absent) / true                      on: the best 5 trials, 3 folds
 *   rescore: false                       off: the best validation score wins
 *   rescore: { top: 8, folds: 5 }
 */
import type { RescoreSettings } from '../workflows/rescore-types.js';
import { resolveSwitchable } from './resolve-switchable.js';

/** Five candidates x three folds: 15 extra fits, a small share of a search's budget. */
export const DEFAULT_RESCORE: RescoreSettings = { top: 5, folds: 3 };

export function resolveRescore(raw: unknown): { rescore: RescoreSettings | null; problems: string[] } {
  const { settings, problems } = resolveSwitchable('rescore', raw, DEFAULT_RESCORE, {
    // The workflow's leaderboard keeps 50 trials; a single candidate needs no re-scoring.
    top: { min: 2, max: 50 },
    folds: { min: 2, max: 20 },
  });
  return { rescore: settings, problems };
}
