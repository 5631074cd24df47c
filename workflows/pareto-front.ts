/**
 * The Pareto front of a multi-objective search (pure; runs in the workflow) and the spec's
 * `select` rule that names the member to register. Objectives are trial metrics (the first
 * a quality metric such as pr_auc, the others costs such as predict_ms_per_1k or model_bytes).
 */
import { dominates, toMinimization } from '../search-spaces/multi-objective/pareto.js';
import type { Direction } from '../search-spaces/types.js';
import { isBetter } from './leaderboard.js';
import type { WinnerChoice } from './rescore-types.js';
import type { LeaderboardEntry } from './types.js';

export interface Objective {
  metric: string;
  direction: Direction;
}

/** Which front member is registered: the best on `best` among those within `constraints`. */
export interface SelectRule {
  best: string;
  constraints: { metric: string; max?: number; min?: number }[];
}

/** The entry's objective values in objective order; undefined when one is missing or not finite. */
export function objectiveValues(entry: Pick<LeaderboardEntry, 'metrics'>, objectives: readonly Objective[]): number[] | undefined {
  const values = objectives.map((o) => entry.metrics[o.metric]);
  return values.every((v) => typeof v === 'number' && Number.isFinite(v)) ? values : undefined;
}

/**
 * The front after one more complete trial: the entry joins unless a member dominates it (or
 * equals it: the earlier trial stays), and members it dominates leave. Trial order.
 */
export function updateFront(front: readonly LeaderboardEntry[], entry: LeaderboardEntry, objectives: readonly Objective[]): LeaderboardEntry[] {
  const directions = objectives.map((o) => o.direction);
  const values = objectiveValues(entry, objectives);
  if (!values) return [...front];
  const point = toMinimization(values, directions);
  const pointOf = (e: LeaderboardEntry) => toMinimization(objectiveValues(e, objectives)!, directions);
  const same = (a: number[], b: number[]) => a.every((v, j) => v === b[j]);
  if (front.some((m) => dominates(pointOf(m), point) || same(pointOf(m), point))) return [...front];
  return [...front.filter((m) => !dominates(point, pointOf(m))), entry].sort((a, b) => a.trialNumber - b.trialNumber);
}

const shown = (v: number) => Number(v.toPrecision(4));

function breaks(entry: LeaderboardEntry, c: SelectRule['constraints'][number]): number {
  const v = entry.metrics[c.metric];
  if (v === undefined || !Number.isFinite(v)) return Infinity;
  if (c.max !== undefined && v > c.max) return (v - c.max) / Math.max(Math.abs(c.max), 1e-12);
  if (c.min !== undefined && v < c.min) return (c.min - v) / Math.max(Math.abs(c.min), 1e-12);
  return 0;
}

/**
 * The registered member: the best `select.best` among front members within every select
 * constraint; when none is within them, the member that misses them by the least (relative
 * excess summed), said in the reason. Ties go to the earlier trial.
 */
export function selectFromFront(front: readonly LeaderboardEntry[], objectives: readonly Objective[], select: SelectRule, validationBest: number): WinnerChoice {
  if (front.length === 0) throw new Error('the Pareto front is empty');
  const direction = objectives.find((o) => o.metric === select.best)?.direction ?? 'maximize';
  const byBest = [...front].sort((a, b) => {
    const va = a.metrics[select.best];
    const vb = b.metrics[select.best];
    return va === vb ? a.trialNumber - b.trialNumber : isBetter(va, vb, direction) ? -1 : 1;
  });
  const within = byBest.filter((e) => select.constraints.every((c) => breaks(e, c) === 0));
  const objectiveText = (e: LeaderboardEntry) => objectives.map((o) => `${o.metric} ${shown(e.metrics[o.metric])}`).join(', ');
  const limits = select.constraints.map((c) => `${c.metric}${c.max !== undefined ? ` <= ${c.max}` : ''}${c.min !== undefined ? ` >= ${c.min}` : ''}`).join(' and ');
  if (within.length > 0) {
    const chosen = within[0];
    return {
      trialNumber: chosen.trialNumber,
      bestValidationTrial: validationBest,
      reason: `trial ${chosen.trialNumber} (${objectiveText(chosen)}): the best ${select.best} of the ${front.length} trials on the Pareto front${limits ? `, ${within.length} of them within ${limits}` : ''}`,
    };
  }
  const excess = (e: LeaderboardEntry) => select.constraints.reduce((s, c) => s + breaks(e, c), 0);
  const closest = byBest.reduce((a, b) => (excess(b) < excess(a) ? b : a));
  return {
    trialNumber: closest.trialNumber,
    bestValidationTrial: validationBest,
    reason: `no trial on the Pareto front (${front.length}) is within ${limits}; trial ${closest.trialNumber} (${objectiveText(closest)}) misses the limits by the least`,
  };
}
