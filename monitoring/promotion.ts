/**
 * Champion/challenger on the same fresh holdout, by the criteria a spec cares about: the
 * search (ranking) metric, the decision metric of the stored decision rule, log-loss or any
 * other metric, each with the improvement it must show or the regression it may tolerate.
 * Mode `all`: every criterion with a minImprovement improves and none regresses; mode
 * `any-without-regression`: one improves and none regresses. An improvement counts only when
 * a paired bootstrap of the holdout rows says it is no accident (`confidence`): a small
 * holdout cannot crown a challenger on noise; how sure, when the spec does not say, depends on
 * whether the champion's world drifted (./promotion-bar.ts). The reason names every criterion
 * with both values, and the bar that applied with why.
 */
import type { ConfidenceBar } from './promotion-bar.js';

export interface PromotionCriterion {
  /** What the spec calls it: `search`, `decision` or a metric name. */
  name: string;
  /** The metric compared (for search and decision, the metric they stand for). */
  metric: string;
  direction: 'maximize' | 'minimize';
  /** How much better the challenger must be for this criterion to count as improved (metric units). */
  minImprovement?: number;
  /** How much worse it may get without counting as a regression (default 0). */
  tolerance: number;
  /** Share of bootstrap resamples in which the gain must be positive (0: the point estimate decides). */
  confidence: number;
  /** Set when `confidence` is the policy's bar, not a value the spec wrote. */
  defaultConfidence?: boolean;
}

export type PromotionMode = 'all' | 'any-without-regression';

export interface PromotionPolicy {
  mode: PromotionMode;
  criteria: PromotionCriterion[];
  /** The bar of the criteria whose confidence the spec left unset, and why (./promotion-bar.ts). */
  bar?: ConfidenceBar;
}

export interface CriterionOutcome {
  name: string;
  metric: string;
  champion: number;
  challenger: number;
  /** Challenger minus champion, signed so that positive is better. */
  gain: number;
  /** Share of paired bootstrap resamples in which the challenger was better (when resampled). */
  sureness?: number;
  improved: boolean;
  regressed: boolean;
}

export interface PromotionDecision {
  promote: boolean;
  reason: string;
  champion: Record<string, number>;
  challenger: Record<string, number>;
  mode?: PromotionMode;
  criteria?: CriterionOutcome[];
  /** The confidence bar that applied to the criteria the spec gave no confidence, and why. */
  bar?: ConfidenceBar;
}

const gainOf = (direction: 'maximize' | 'minimize', challenger: number, champion: number) => (direction === 'maximize' ? challenger - champion : champion - challenger);
const fmt = (x: number) => x.toFixed(4);
const label = (c: PromotionCriterion) => (c.name === c.metric ? c.metric : `${c.name} ${c.metric}`);

/**
 * `gains`: by metric, the challenger's signed gain over the champion on each paired bootstrap
 * resample of the holdout (absent: the point estimate decides).
 */
export function decidePromotion(policy: PromotionPolicy, champion: Record<string, number> | undefined, challenger: Record<string, number>, gains?: Record<string, number[]>): PromotionDecision {
  if (!champion) return { promote: true, reason: 'no champion yet: the challenger becomes the first production model', champion: {}, challenger };
  // A metric undefined on the holdout (ROC AUC with one class in it) cannot justify a swap.
  for (const c of policy.criteria) {
    if ([champion, challenger].some((m) => !Number.isFinite(m[c.metric]))) {
      return { promote: false, reason: `cannot compare ${c.metric}: it is undefined on this holdout for ${Number.isFinite(champion[c.metric]) ? 'the challenger' : 'the champion'} (one class only, or too few rows); the champion stays`, champion, challenger };
    }
  }
  const outcomes: CriterionOutcome[] = [];
  const phrases: string[] = [];
  for (const c of policy.criteria) {
    const gain = gainOf(c.direction, challenger[c.metric], champion[c.metric]);
    const samples = gains?.[c.metric]?.filter((g) => Number.isFinite(g));
    const sureness = samples?.length ? samples.filter((g) => g > 0).length / samples.length : undefined;
    const sure = c.confidence === 0 || sureness === undefined || sureness >= c.confidence;
    const improved = c.minImprovement !== undefined && gain > 0 && gain >= c.minImprovement && sure;
    const regressed = gain < -c.tolerance;
    outcomes.push({ name: c.name, metric: c.metric, champion: champion[c.metric], challenger: challenger[c.metric], gain, ...(sureness !== undefined ? { sureness } : {}), improved, regressed });
    const values = `challenger ${fmt(challenger[c.metric])} vs champion ${fmt(champion[c.metric])}`;
    let verdict: string;
    if (regressed) verdict = `regressed by ${fmt(-gain)} (tolerance ${c.tolerance})`;
    else if (c.minImprovement === undefined) verdict = `change ${gain >= 0 ? '+' : ''}${fmt(gain)} within tolerance ${c.tolerance}`;
    else if (!(gain >= c.minImprovement) || gain <= 0) verdict = `improvement ${fmt(gain)} is below the required ${c.minImprovement}`;
    else if (!sure) verdict = `improvement ${fmt(gain)} (required ${c.minImprovement}) is within the holdout's noise: better in ${(100 * sureness!).toFixed(0)}% of resamples, ${(100 * c.confidence).toFixed(0)}% required`;
    else verdict = `improves by ${fmt(gain)} (required ${c.minImprovement}${sureness !== undefined ? `, better in ${(100 * sureness).toFixed(0)}% of resamples` : ''})`;
    phrases.push(`${label(c)}: ${values}, ${verdict}`);
  }
  const withTarget = policy.criteria.map((c, i) => ({ c, o: outcomes[i] })).filter(({ c }) => c.minImprovement !== undefined);
  const noRegression = outcomes.every((o) => !o.regressed);
  const promote = noRegression && (policy.mode === 'all' ? withTarget.length > 0 && withTarget.every(({ o }) => o.improved) : withTarget.some(({ o }) => o.improved));
  const head = promote ? 'promoted' : 'kept the champion';
  if (policy.bar) phrases.push(policy.bar.why);
  return { promote, reason: `${head} (${policy.mode === 'all' ? 'all criteria must hold' : 'one must improve, none regress'}): ${phrases.join('; ')}`, champion, challenger, mode: policy.mode, criteria: outcomes, ...(policy.bar ? { bar: policy.bar } : {}) };
}
