/**
 * Pareto dominance over objective vectors, all objectives MINIMISED (callers flip the sign of
 * maximised ones with `toMinimization` first). Pure: runs inside the workflow sandbox.
 */
import type { Direction } from '../types.js';

/** `a` dominates `b`: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let j = 0; j < a.length; j++) {
    if (a[j] > b[j]) return false;
    if (a[j] < b[j]) better = true;
  }
  return better;
}

/** Objective vectors turned into minimisation: maximised objectives negated. */
export function toMinimization(values: readonly number[], directions: readonly Direction[]): number[] {
  return values.map((v, j) => (directions[j] === 'maximize' ? -v : v));
}

/**
 * Non-domination rank of every point (0 = the Pareto front, 1 = the front once rank 0 is
 * removed, ...), by Deb's fast non-dominated sort, O(m n^2). With `enough`, ranking stops once
 * at least that many points are ranked; the rest get rank `Infinity` (TPE only needs the ranks
 * that fill its "good" set).
 */
export function nonDominatedRanks(points: readonly (readonly number[])[], enough = points.length): number[] {
  const n = points.length;
  const ranks = new Array<number>(n).fill(Infinity);
  const dominatedBy = new Array<number>(n).fill(0); // how many points dominate i
  const dominating: number[][] = points.map(() => []); // the points i dominates
  for (let i = 0; i < n; i++) {
    for (let k = i + 1; k < n; k++) {
      if (dominates(points[i], points[k])) {
        dominating[i].push(k);
        dominatedBy[k]++;
      } else if (dominates(points[k], points[i])) {
        dominating[k].push(i);
        dominatedBy[i]++;
      }
    }
  }
  let front = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  let ranked = 0;
  for (let rank = 0; front.length > 0 && ranked < Math.max(enough, 1); rank++) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const k of dominating[i]) if (--dominatedBy[k] === 0) next.push(k);
    }
    ranked += front.length;
    front = next.sort((a, b) => a - b);
  }
  return ranks;
}

/** Indices of the non-dominated points, in input order (equal points are all kept). */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  return points.flatMap((p, i) => (points.some((q) => dominates(q, p)) ? [] : [i]));
}
