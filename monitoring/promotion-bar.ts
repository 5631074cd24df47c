/**
 * How sure the paired bootstrap must be that the challenger is better, for a criterion whose
 * confidence the spec leaves unset. The bar follows what the retrain's drift report said about
 * the champion's world:
 *
 *   - nothing at warning or above: 90%. The champion has been serving on data like this and the
 *     holdout is the only evidence against it; a swap has costs of its own (labels users see
 *     change, regressions the holdout does not show), so the status quo keeps the benefit of
 *     the doubt: the challenger must be better in nine resamples out of ten.
 *   - data drift or performance drift at warning or above: 75%. The champion was chosen on data
 *     that no longer looks like what it serves, and the challenger was fitted to the new data
 *     the next batches will resemble; staying with a champion known to be drifting is itself a
 *     risk, so it no longer earns nine-to-one odds. Three to one still asks for evidence: a
 *     challenger whose lead is a coin flip, or that is behind, is never promoted.
 *   - no report (no champion yet, or its training data unreadable): the stricter bar.
 *
 * A `confidence` written in the spec is never changed by this.
 */
import { LEVEL_RANK, type DriftLevel } from './drift-levels.js';

export const DEFAULT_CONFIDENCE = 0.9;
/** The default confidence when the drift report shows the champion's world changed (see above). */
export const DRIFTED_CONFIDENCE = 0.75;

/** What the promotion needs from the retrain's drift report. */
export interface DriftContext {
  /** The report's worst level, data and performance together. */
  level: DriftLevel;
  performanceLevel: DriftLevel;
  /** The report's first finding, to name what changed. */
  finding?: string;
  /** Why drift was not measured. */
  skipped?: string;
}

export interface ConfidenceBar {
  confidence: number;
  /** Whether the lower bar applied because the champion's world changed. */
  drifted: boolean;
  /** Which bar applied and why, for the decision's reason. */
  why: string;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;
const MAX_FINDING = 160;

export function confidenceBar(drift: DriftContext | undefined): ConfidenceBar {
  const strict = pct(DEFAULT_CONFIDENCE);
  if (!drift || drift.skipped !== undefined) {
    const why = drift?.skipped ? `drift was not measured (${drift.skipped})` : 'there is no drift report';
    return { confidence: DEFAULT_CONFIDENCE, drifted: false, why: `bar ${strict} of resamples: ${why}, so the stricter bar stands` };
  }
  if (LEVEL_RANK[drift.level] === 0) {
    return { confidence: DEFAULT_CONFIDENCE, drifted: false, why: `bar ${strict} of resamples: the drift report found nothing at warning or above, the champion's world held, so the stricter bar stands` };
  }
  const what = `the drift report reached ${drift.level}${LEVEL_RANK[drift.performanceLevel] > 0 ? `, the champion's own performance included (${drift.performanceLevel})` : ''}`;
  const finding = drift.finding ? ` (first finding: ${drift.finding.length > MAX_FINDING ? `${drift.finding.slice(0, MAX_FINDING - 1)}…` : drift.finding})` : '';
  return {
    confidence: DRIFTED_CONFIDENCE,
    drifted: true,
    why: `bar ${pct(DRIFTED_CONFIDENCE)} of resamples, not ${strict}: ${what}${finding}; staying with a champion whose world changed is itself a risk`,
  };
}
