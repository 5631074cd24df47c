/**
 * Multi-objective TPE (MOTPE, Ozaki et al. 2020, as Optuna's TPESampler does it with several
 * directions): TPE whose "good" set is chosen by Pareto rank instead of by one value.
 *
 * The good set holds ceil(gamma n) of the n finished trials: whole non-domination ranks, best
 * first, while they fit; the rank that does not fit whole is thinned by greedy hypervolume
 * subset selection (the trials adding the most dominated volume). Good observations weigh
 * equally (no age ramp: a front's old members are as good as its new ones). Everything else
 * (start-up points, groups, constant liar, failed and pruned trials, duplicate avoidance) is
 * the single-objective TPE's, which this sampler drives with a relabelled history: good trials
 * get value 0, the other complete ones 1, so that TPE's own split picks exactly the good set.
 *
 * Objectives come from `TrialRecord.values` in the order of `AskContext.directions`; without
 * `directions` the sampler optimises `value` in `direction` (plain TPE with MOTPE's gamma).
 * A complete trial without a full finite vector counts as failed.
 */
import { createTpeSampler, type TpeOptions, type TpeState } from '../tpe/sampler.js';
import type { AskContext, AskResult, Direction, Sampler, TrialRecord } from '../types.js';
import { referencePoint, selectByHypervolume } from './hypervolume.js';
import { nonDominatedRanks, toMinimization } from './pareto.js';

export interface MotpeOptions extends Omit<TpeOptions, 'gamma' | 'weightsBelow'> {
  /** Fraction of the n finished trials in the good set: ceil(gamma n), no cap (default 0.1). */
  gamma?: number;
}

export type MotpeState = TpeState;

/** The trial's objective vector (minimisation), or undefined when it has none usable. */
export function objectiveVector(t: TrialRecord, directions: readonly Direction[]): number[] | undefined {
  const raw = t.values ?? (directions.length === 1 && t.value !== undefined ? [t.value] : undefined);
  if (!raw || raw.length !== directions.length || !raw.every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
  return toMinimization(raw, directions);
}

/** Indices (into `points`) of the `k` best by non-domination rank, the last rank thinned by hypervolume contribution. */
export function selectGood(points: readonly (readonly number[])[], k: number): number[] {
  if (k >= points.length) return [...points.keys()];
  if (k <= 0) return [];
  const ranks = nonDominatedRanks(points, k);
  const good: number[] = [];
  for (let rank = 0; good.length < k; rank++) {
    const members = [...points.keys()].filter((i) => ranks[i] === rank);
    if (good.length + members.length <= k) {
      good.push(...members);
      continue;
    }
    const tied = members.map((i) => points[i]);
    for (const j of selectByHypervolume(tied, k - good.length, referencePoint(tied))) good.push(members[j]);
  }
  return good;
}

export function createMotpeSampler(options: MotpeOptions = {}): Sampler<MotpeState> {
  const fraction = options.gamma ?? 0.1;
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`MOTPE gamma must be a fraction in (0, 1], got ${fraction}`);
  const nGood = (n: number) => Math.ceil(fraction * n);
  const tpe = createTpeSampler({ ...options, gamma: nGood, weightsBelow: (n) => new Array<number>(n).fill(1) });
  return {
    name: 'motpe',
    init: (seed) => tpe.init(seed),
    ask(ctx: AskContext, state: MotpeState): AskResult<MotpeState> {
      const directions = ctx.directions && ctx.directions.length > 0 ? ctx.directions : [ctx.direction];
      const scored: { index: number; point: number[] }[] = [];
      const history: TrialRecord[] = ctx.history.map((t, index) => {
        if (t.state !== 'complete') return t;
        const point = objectiveVector(t, directions);
        if (!point) return { number: t.number, params: t.params, state: 'failed' };
        scored.push({ index, point });
        return { ...t, value: 1 };
      });
      // TPE counts complete and pruned trials as finished; the good set is sized on the same n.
      const n = scored.length + history.filter((t) => t.state === 'pruned').length;
      for (const i of selectGood(scored.map((s) => s.point), nGood(n))) history[scored[i].index] = { ...history[scored[i].index], value: 0 };
      return tpe.ask({ space: ctx.space, history, direction: 'minimize' }, state);
    },
  };
}

export const motpeSampler: Sampler<MotpeState> = createMotpeSampler();
