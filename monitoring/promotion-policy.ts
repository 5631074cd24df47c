/**
 * From a spec's `retrain.promotion` to the criteria ./promotion.ts judges. Three forms:
 *   - `criteria: [...]` (and `mode`): as written; `search` and `decision` stand for the spec's
 *     metric and the decision rule's metric;
 *   - `minImprovement` / `guards` alone (the older form): a gain on the search metric judged by
 *     its point estimate, guards that must not regress past their tolerance;
 *   - nothing: the challenger must improve the decision metric clearly (by 0.005, better in 90%
 *     of paired resamples) while the search (ranking) metric does not drop by more than 0.005.
 *     Why: labels are what users see; a ranking metric near its ceiling (PR-AUC 0.93 vs 0.931)
 *     hides a challenger whose served labels are far better (macro F1 0.80 vs 0.95).
 *
 * The confidence a criterion asks for when the spec does not set one depends on the drift
 * report (./promotion-bar.ts): 90% when the champion's world held, 75% when it changed.
 */
import type { RetrainSettings } from '../experiment-spec/experiment-spec.js';
import { metricDirection } from './holdout-metrics.js';
import { confidenceBar, DEFAULT_CONFIDENCE, type DriftContext } from './promotion-bar.js';
import type { PromotionCriterion, PromotionPolicy } from './promotion.js';

export { DEFAULT_CONFIDENCE, DRIFTED_CONFIDENCE } from './promotion-bar.js';
export const DEFAULT_MIN_IMPROVEMENT = 0.005;
/** The older form's required gain when it gave guards but no minImprovement. */
export const LEGACY_MIN_IMPROVEMENT = 0.002;

/** The names a criterion's `metric` may take besides metric names: stand-ins resolved per experiment. */
export const CRITERION_ALIASES = ['search', 'decision'] as const;

export interface PolicyContext {
  /** The spec's (search) metric. */
  searchMetric: string;
  /** The metric of the decision rule the models label by (./holdout-metrics.ts decisionMetricOf). */
  decisionMetric: string;
  /** What the retrain's drift report said about the champion's world; absent: not measured. */
  drift?: DriftContext;
}

/** The metric a criterion name stands for. */
export function criterionMetric(name: string, ctx: PolicyContext): string {
  return name === 'search' ? ctx.searchMetric : name === 'decision' ? ctx.decisionMetric : name;
}

export function promotionPolicy(promotion: RetrainSettings['promotion'], ctx: PolicyContext): PromotionPolicy {
  const bar = confidenceBar(ctx.drift);
  // A confidence the spec wrote is the spec's; only an unset one follows the drift report.
  const criterion = (name: string, c: { minImprovement?: number; tolerance?: number; confidence?: number }): PromotionCriterion => {
    const metric = criterionMetric(name, ctx);
    return {
      name,
      metric,
      direction: metricDirection(metric),
      ...(c.minImprovement !== undefined ? { minImprovement: c.minImprovement } : {}),
      tolerance: c.tolerance ?? 0,
      confidence: c.confidence ?? (c.minImprovement !== undefined ? bar.confidence : 0),
      ...(c.confidence === undefined && c.minImprovement !== undefined ? { defaultConfidence: true } : {}),
    };
  };
  const withBar = (policy: Omit<PromotionPolicy, 'bar'>): PromotionPolicy => (policy.criteria.some((c) => c.defaultConfidence) ? { ...policy, bar } : policy);
  if (promotion?.criteria?.length) {
    return withBar({ mode: promotion.mode ?? 'all', criteria: promotion.criteria.map((c) => criterion(c.metric, c)) });
  }
  if (promotion?.minImprovement !== undefined || promotion?.guards?.length) {
    return {
      mode: promotion.mode ?? 'all',
      criteria: [
        criterion('search', { minImprovement: promotion.minImprovement ?? LEGACY_MIN_IMPROVEMENT, confidence: 0 }),
        ...(promotion.guards ?? []).map((g) => criterion(g.metric, { tolerance: g.tolerance })),
      ],
    };
  }
  return withBar({
    mode: promotion?.mode ?? 'all',
    criteria: [criterion('decision', { minImprovement: DEFAULT_MIN_IMPROVEMENT }), criterion('search', { tolerance: DEFAULT_MIN_IMPROVEMENT })],
  });
}
