/**
 * Champion/challenger: promote only when the challenger beats the champion on the target
 * metric by a margin on the same fresh holdout, and no guard metric regresses past its tolerance.
 */
export interface PromotionPolicy {
  metric: string;
  direction: 'maximize' | 'minimize';
  /** How much better the challenger must be (in metric units). */
  minImprovement: number;
  /** Metrics that must not get worse by more than the tolerance (in their units). */
  guards?: { metric: string; direction: 'maximize' | 'minimize'; tolerance: number }[];
}

export interface PromotionDecision {
  promote: boolean;
  reason: string;
  champion: Record<string, number>;
  challenger: Record<string, number>;
}

const gain = (direction: 'maximize' | 'minimize', challenger: number, champion: number) => (direction === 'maximize' ? challenger - champion : champion - challenger);

export function decidePromotion(policy: PromotionPolicy, champion: Record<string, number> | undefined, challenger: Record<string, number>): PromotionDecision {
  if (!champion) return { promote: true, reason: 'no champion yet: the challenger becomes the first production model', champion: {}, challenger };
  // A metric undefined on the holdout (ROC AUC with one class in it) cannot justify a swap.
  for (const name of [policy.metric, ...(policy.guards ?? []).map((g) => g.metric)]) {
    const missing = [champion, challenger].some((m) => !Number.isFinite(m[name]));
    if (missing) {
      return { promote: false, reason: `cannot compare ${name}: it is undefined on this holdout for ${Number.isFinite(champion[name]) ? 'the challenger' : 'the champion'} (one class only, or too few rows); the champion stays`, champion, challenger };
    }
  }
  const improvement = gain(policy.direction, challenger[policy.metric], champion[policy.metric]);
  const fmt = (x: number) => x.toFixed(4);
  if (!(improvement >= policy.minImprovement)) {
    return {
      promote: false,
      reason: `challenger ${policy.metric} ${fmt(challenger[policy.metric])} vs champion ${fmt(champion[policy.metric])}: improvement ${fmt(improvement)} is below the required ${policy.minImprovement}`,
      champion,
      challenger,
    };
  }
  for (const guard of policy.guards ?? []) {
    const change = gain(guard.direction, challenger[guard.metric], champion[guard.metric]);
    if (change < -guard.tolerance) {
      return { promote: false, reason: `guard ${guard.metric} regressed by ${fmt(-change)} (tolerance ${guard.tolerance})`, champion, challenger };
    }
  }
  return {
    promote: true,
    reason: `challenger ${policy.metric} ${fmt(challenger[policy.metric])} beats champion ${fmt(champion[policy.metric])} by ${fmt(improvement)} (required ${policy.minImprovement})`,
    champion,
    challenger,
  };
}
