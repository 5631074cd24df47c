/**
 * Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew & Ksikes, 2004;
 * the form auto-sklearn and AutoGluon use): start from an empty ensemble and, each round, add
 * the candidate whose addition gives the best score of the averaged probabilities. A
 * candidate may be added many times, so weights are counts / rounds. The ensemble kept is the
 * best prefix of the rounds, so it is never worse than the best single candidate (round 1
 * picks exactly that one).
 *
 * Pure and deterministic: candidates are tried in ascending id order and only a strictly
 * better score displaces the current pick, so ties go to the smaller id.
 */

export interface EnsembleCandidate {
  /** Identifies the candidate (a trial number); ties are broken towards the smaller id. */
  id: number;
  /** Row-major rows x classes probabilities on the validation rows, the same class order for all. */
  proba: ArrayLike<number>;
}

export interface EnsembleSelectionOptions {
  /** Scores averaged probabilities (row-major, same shape as the candidates'); NaN counts as worst. */
  score: (proba: Float64Array) => number;
  direction: 'maximize' | 'minimize';
  /** Rounds of greedy addition (the ensemble's total count). */
  rounds: number;
  /** Stop after this many rounds in a row without a strictly better ensemble (default 5). */
  patience?: number;
}

export interface EnsembleSelection {
  /** Chosen candidates, ascending id, with their counts and weights (count / total count). */
  members: { id: number; count: number; weight: number }[];
  /** Score of the selected ensemble. */
  value: number;
  /** The best single candidate on its own (smallest id among equals). */
  bestSingle: { id: number; value: number };
  /** Score after each round that ran (the ensemble then, before picking the best prefix). */
  trace: number[];
}

export function selectEnsemble(candidates: readonly EnsembleCandidate[], options: EnsembleSelectionOptions): EnsembleSelection {
  if (candidates.length === 0) throw new Error('selectEnsemble: no candidates');
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new Error(`selectEnsemble: rounds must be an integer >= 1, got ${options.rounds}`);
  const size = candidates[0].proba.length;
  for (const c of candidates) {
    if (c.proba.length !== size) throw new Error(`selectEnsemble: candidate ${c.id} has ${c.proba.length} probabilities, candidate ${candidates[0].id} has ${size}`);
  }
  const ids = new Set(candidates.map((c) => c.id));
  if (ids.size !== candidates.length) throw new Error('selectEnsemble: candidate ids must be unique');
  const sorted = [...candidates].sort((a, b) => a.id - b.id);
  const patience = options.patience ?? 5;
  const better = (a: number, b: number) => !Number.isNaN(a) && (Number.isNaN(b) || (options.direction === 'maximize' ? a > b : a < b));

  const sum = new Float64Array(size);
  const trial = new Float64Array(size);
  const counts = new Map<number, number>();
  const picks: number[] = [];
  const trace: number[] = [];
  let bestValue = NaN;
  let bestRounds = 0;
  let bestSingle: { id: number; value: number } | undefined;
  for (let round = 1; round <= options.rounds; round++) {
    let pick: EnsembleCandidate | undefined;
    let pickValue = NaN;
    for (const c of sorted) {
      for (let i = 0; i < size; i++) trial[i] = (sum[i] + c.proba[i]) / round;
      const value = options.score(trial);
      if (round === 1 && (!bestSingle || better(value, bestSingle.value))) bestSingle = { id: c.id, value };
      if (!pick || better(value, pickValue)) {
        pick = c;
        pickValue = value;
      }
    }
    for (let i = 0; i < size; i++) sum[i] += pick!.proba[i];
    counts.set(pick!.id, (counts.get(pick!.id) ?? 0) + 1);
    picks.push(pick!.id);
    trace.push(pickValue);
    if (round === 1 || better(pickValue, bestValue)) {
      bestValue = pickValue;
      bestRounds = round;
    } else if (round - bestRounds >= patience) break;
  }

  // The best prefix: replaying its picks gives the counts at that round.
  const kept = new Map<number, number>();
  for (const id of picks.slice(0, bestRounds)) kept.set(id, (kept.get(id) ?? 0) + 1);
  const members = [...kept]
    .sort(([a], [b]) => a - b)
    .map(([id, count]) => ({ id, count, weight: count / bestRounds }));
  return { members, value: bestValue, bestSingle: bestSingle!, trace };
}
