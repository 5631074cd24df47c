/**
 * The spec's `ensemble`: greedy ensemble selection over the best trials at the end of a
 * search (activities/select-ensemble.ts), registered when it beats the best single trial.
 *   (absent) / true                      on, with the defaults below
 *   ensemble: false                      off: the best single trial is registered
 *   ensemble: { size: 20, rounds: 25, patience: 5 }
 */
import { closestName } from '../core/closest-name.js';
import type { EnsembleSettings } from '../workflows/ensemble-types.js';

/** Top 20 trials, 25 rounds, stop after 5 without gain: auto-sklearn's ensemble_nbest/size order of magnitude. */
export const DEFAULT_ENSEMBLE: EnsembleSettings = { size: 20, rounds: 25, patience: 5 };

/** The leaderboard the workflow keeps holds 50 trials; candidates come from it. */
const MAX_SIZE = 50;
const MAX_ROUNDS = 1000;
const KEYS = ['size', 'rounds', 'patience'] as const;

export function resolveEnsemble(raw: unknown): { ensemble: EnsembleSettings | null; problems: string[] } {
  if (raw === undefined || raw === null || raw === true) return { ensemble: DEFAULT_ENSEMBLE, problems: [] };
  if (raw === false) return { ensemble: null, problems: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ensemble: null, problems: [`ensemble: expected false or { size, rounds, patience }, got ${JSON.stringify(raw)}`] };
  }
  const given = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if ((KEYS as readonly string[]).includes(key)) continue;
    const hint = closestName(key, [...KEYS]);
    problems.push(`ensemble.${key}: unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; fields: ${KEYS.join(', ')}`);
  }
  const int = (key: (typeof KEYS)[number], min: number, max: number): number => {
    const v = given[key];
    if (v === undefined) return DEFAULT_ENSEMBLE[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.push(`ensemble.${key}: must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return DEFAULT_ENSEMBLE[key];
    }
    return v;
  };
  const ensemble = { size: int('size', 2, MAX_SIZE), rounds: int('rounds', 1, MAX_ROUNDS), patience: int('patience', 1, MAX_ROUNDS) };
  return { ensemble: problems.length ? null : ensemble, problems };
}
