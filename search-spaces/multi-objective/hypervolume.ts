/**
 * Hypervolume (the volume a set of minimised points dominates, bounded by a reference point)
 * and greedy hypervolume subset selection. Exact and O(n log n) in 2-D; in more dimensions a
 * plain recursive slicing, fine for the small sets TPE hands it.
 */
import { dominates, paretoFront } from './pareto.js';

/** 2-D hypervolume of `points` w.r.t. `ref`; points not strictly better than `ref` in both objectives add nothing. */
export function hypervolume2d(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const inside = points.filter((p) => p[0] < ref[0] && p[1] < ref[1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let volume = 0;
  let ceiling = ref[1]; // lowest second objective seen so far, sweeping the first upwards
  for (const p of inside) {
    if (p[1] < ceiling) {
      volume += (ref[0] - p[0]) * (ceiling - p[1]);
      ceiling = p[1];
    }
  }
  return volume;
}

/** Hypervolume in any dimension (2-D by the sweep; more by slicing along the last objective). */
export function hypervolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const d = ref.length;
  const inside = points.filter((p) => p.every((v, j) => v < ref[j]));
  if (inside.length === 0) return 0;
  if (d === 1) return ref[0] - Math.min(...inside.map((p) => p[0]));
  if (d === 2) return hypervolume2d(inside, ref);
  const front = paretoFront(inside).map((i) => inside[i]);
  const sorted = [...front].sort((a, b) => a[d - 1] - b[d - 1]);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? sorted[i + 1][d - 1] : ref[d - 1];
    if (top > sorted[i][d - 1]) volume += (top - sorted[i][d - 1]) * hypervolume(sorted.slice(0, i + 1).map((p) => p.slice(0, d - 1)), ref.slice(0, d - 1));
  }
  return volume;
}

/**
 * A reference point just beyond the worst value of each objective (10% of the spread, or of the
 * value when all are equal), so that every point, extremes included, contributes some volume.
 */
export function referencePoint(points: readonly (readonly number[])[]): number[] {
  const d = points[0]?.length ?? 0;
  return Array.from({ length: d }, (_, j) => {
    const col = points.map((p) => p[j]);
    const worst = Math.max(...col);
    const spread = worst - Math.min(...col);
    return worst + 0.1 * (spread > 0 ? spread : Math.max(Math.abs(worst), 1));
  });
}

/**
 * Greedy hypervolume subset selection: `k` indices of `points` picked one at a time, each the
 * point that adds the most hypervolume to those already picked (ties: the lower index).
 * Optuna's MOTPE breaks the tie of the last non-domination rank the same way.
 */
export function selectByHypervolume(points: readonly (readonly number[])[], k: number, ref: readonly number[]): number[] {
  const chosen: number[] = [];
  const left = new Set(points.keys());
  let base = 0;
  while (chosen.length < Math.min(k, points.length)) {
    let best = -1;
    let bestGain = -Infinity;
    const current = chosen.map((i) => points[i]);
    for (const i of left) {
      // A point dominated by (or equal to) one already chosen adds nothing: skip the volume.
      const gain = current.some((q) => dominates(q, points[i]) || q.every((v, j) => v === points[i][j])) ? 0 : hypervolume([...current, points[i]], ref) - base;
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    chosen.push(best);
    left.delete(best);
    base += Math.max(bestGain, 0);
  }
  return chosen;
}
