/**
 * Parameter importance for the search report: an fANOVA-lite estimate of how much of the
 * variance of the score each parameter explains on its own.
 *
 * Method: for each parameter, group the completed trials by the parameter's value (each
 * categorical value is a group, numeric values are cut into equal-count bins over their ranks,
 * trials where a conditional parameter is inactive form one more group) and measure the
 * share of the score's variance that lies between the group means. This is the main-effect
 * term of a functional ANOVA (what fANOVA estimates with a random forest) computed directly
 * from the trials instead of from a surrogate model: no forest to train, deterministic, and
 * defensible for the small trial counts of a search (tens of trials), where a forest would
 * mostly fit noise.
 *
 * With few trials per group the raw between-group share (eta squared) is biased upwards: a
 * parameter with k random groups "explains" about (k - 1) / (n - 1) of pure noise. We use
 * epsilon squared, its bias-corrected form
 *   (SS_between - (k - 1) * MS_within) / SS_total,
 * clipped at 0, and keep the number of bins near sqrt(n) (at most 8).
 *
 * Limits, stated in the report: a main-effect measure misses interactions, and with TPE the
 * parameters are sampled jointly, so a correlated pair can share credit.
 */
import type { Choice } from '../search-spaces/types.js';
import type { ReportTrial } from './types.js';

export interface ParamImportance {
  name: string;
  /** Bias-corrected share of the score's variance explained by this parameter alone, in [0, 1]. */
  importance: number;
  /** Uncorrected between-group share of the variance (eta squared). */
  etaSquared: number;
  /** Number of value groups the trials fell into. */
  groups: number;
  /** Completed trials in which the parameter was active. */
  activeTrials: number;
}

export interface ImportanceOptions {
  /** Most bins for a numeric parameter (default 8). */
  maxBins?: number;
}

export const INACTIVE = '(inactive)';

/** Equal-count bin index of each value over its ranks (ties share a bin). */
export function quantileBins(values: readonly number[], nBins: number): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Array<number>(values.length);
  let k = 0;
  while (k < order.length) {
    // Give a whole tie group the bin of its first member.
    const bin = Math.min(nBins - 1, Math.floor((k * nBins) / order.length));
    let j = k;
    while (j < order.length && values[order[j]] === values[order[k]]) out[order[j++]] = bin;
    k = j;
  }
  return out;
}

/** Between-group share of the variance of `y` for the group labels `groups`. */
export function varianceExplained(y: readonly number[], groups: readonly (string | number)[]): { etaSquared: number; epsilonSquared: number; groups: number } {
  const n = y.length;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const ssTotal = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const byGroup = new Map<string | number, { sum: number; n: number }>();
  y.forEach((v, i) => {
    const g = byGroup.get(groups[i]) ?? { sum: 0, n: 0 };
    g.sum += v;
    g.n++;
    byGroup.set(groups[i], g);
  });
  const k = byGroup.size;
  if (n < 2 || ssTotal <= 0 || k < 2) return { etaSquared: 0, epsilonSquared: 0, groups: k };
  let ssBetween = 0;
  for (const g of byGroup.values()) ssBetween += g.n * (g.sum / g.n - mean) ** 2;
  const ssWithin = ssTotal - ssBetween;
  const etaSquared = ssBetween / ssTotal;
  // One trial per group leaves no within-group spread to compare against: no evidence either way.
  if (n <= k) return { etaSquared, epsilonSquared: 0, groups: k };
  const msWithin = ssWithin / (n - k);
  const epsilonSquared = Math.max(0, Math.min(1, (ssBetween - (k - 1) * msWithin) / ssTotal));
  return { etaSquared, epsilonSquared, groups: k };
}

function isNumber(v: Choice | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Importance of every parameter seen in the completed trials, most important first (ties by
 * name). Trials that did not complete (pruned at a lower fidelity, failed, running) are left
 * out: their values are not comparable with full-fidelity scores.
 */
export function parameterImportance(trials: readonly ReportTrial[], options: ImportanceOptions = {}): ParamImportance[] {
  const done = trials.filter((t) => t.state === 'complete' && typeof t.value === 'number' && Number.isFinite(t.value));
  const names = [...new Set(done.flatMap((t) => Object.keys(t.params)))].sort();
  const y = done.map((t) => t.value as number);
  const maxBins = options.maxBins ?? 8;
  const out: ParamImportance[] = [];
  for (const name of names) {
    const values = done.map((t) => (Object.hasOwn(t.params, name) ? t.params[name] : undefined));
    const active = values.filter((v) => v !== undefined);
    const numeric = active.length > 0 && active.every(isNumber);
    const groups: (string | number)[] = values.map((v) => (v === undefined ? INACTIVE : `=${JSON.stringify(v)}`));
    if (numeric) {
      const idx = values.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
      const distinct = new Set(idx.map((i) => values[i] as number)).size;
      const nBins = Math.max(1, Math.min(maxBins, distinct, Math.round(Math.sqrt(idx.length))));
      const bins = quantileBins(idx.map((i) => values[i] as number), nBins);
      idx.forEach((i, k) => (groups[i] = bins[k]));
    }
    const v = varianceExplained(y, groups);
    out.push({ name, importance: v.epsilonSquared, etaSquared: v.etaSquared, groups: v.groups, activeTrials: active.length });
  }
  return out.sort((a, b) => b.importance - a.importance || b.etaSquared - a.etaSquared || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
