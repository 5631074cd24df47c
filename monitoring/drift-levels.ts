/**
 * Drift levels and the thresholds behind them. A statistic computed on two samples is never
 * zero, even when nothing changed: text divergence over a few dozen rows is large by chance
 * alone, and PSI over ten bins of 40 rows is ~0.45 on average. So every statistic is judged
 * against its own noise at the sizes at hand (./drift-noise.ts): a level is reached only when
 * the statistic's excess over the noise mean passes the threshold AND the statistic clears the
 * bar set for all the statistics of its report together (./drift-family.ts). Small classes
 * thus need a larger change to be flagged, large batches do not flag differences nobody would
 * act on, and a report of a hundred statistics is not wrong more often than one of ten.
 */
export type DriftLevel = 'stable' | 'warning' | 'drift';

export interface LevelThresholds {
  warning: number;
  drift: number;
}

/** What a spec's `retrain.drift` may set; every field has a default (DEFAULT_DRIFT_THRESHOLDS). */
export interface DriftThresholds {
  /** Population stability index of numeric and categorical columns (marginal and per class) and of the champion's scores. */
  psi: LevelThresholds;
  /** Jensen-Shannon divergence (bits) of text token distributions. */
  divergence: LevelThresholds;
  /** Share of a class's text tokens the champion's training data never had. */
  unseen: LevelThresholds;
  /** Rise in the share of a class's rows containing one word n-gram (a new phrasing). */
  ngrams: LevelThresholds;
  /** Drop of the champion's metrics (overall and per class) on the new batch below its stored test figures. */
  performance: LevelThresholds;
  /** Label shares: the largest |ln(new share / old share)| of a class (0.4 is x1.5, 0.7 is x2). */
  labels: LevelThresholds;
  /** A class with fewer rows than this in either batch is not compared per class (too little to tell). */
  minClassRows: number;
  /** Per-class overrides, by label. */
  classes?: Record<string, Partial<Pick<DriftThresholds, 'psi' | 'divergence' | 'unseen' | 'ngrams' | 'performance'>>>;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
  psi: { warning: 0.1, drift: 0.25 },
  divergence: { warning: 0.05, drift: 0.15 },
  unseen: { warning: 0.05, drift: 0.15 },
  ngrams: { warning: 0.15, drift: 0.3 },
  performance: { warning: 0.05, drift: 0.1 },
  labels: { warning: 0.4, drift: 0.7 },
  minClassRows: 30,
};

export const LEVEL_RANK: Record<DriftLevel, number> = { stable: 0, warning: 1, drift: 2 };

export function worstLevel(levels: Iterable<DriftLevel>): DriftLevel {
  let worst: DriftLevel = 'stable';
  for (const l of levels) if (LEVEL_RANK[l] > LEVEL_RANK[worst]) worst = l;
  return worst;
}

export const DRIFT_KINDS = ['psi', 'divergence', 'unseen', 'ngrams', 'performance'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** What a spec may write for one kind: either level, or both. */
export type PartialLevels = Partial<LevelThresholds>;
export type PartialThresholds = Partial<Record<DriftKind, PartialLevels>> & { labels?: PartialLevels; minClassRows?: number; classes?: Record<string, Partial<Record<DriftKind, PartialLevels>>> };

/**
 * A spec's partial thresholds over the defaults, level by level: `psi: { warning: 0.2 }`
 * keeps the default drift level rather than dropping it. A class override fills its missing
 * levels from the batch-wide ones.
 */
export function resolveThresholds(partial: PartialThresholds | undefined): DriftThresholds {
  const base = DEFAULT_DRIFT_THRESHOLDS;
  const merged = Object.fromEntries(DRIFT_KINDS.map((k) => [k, { ...base[k], ...partial?.[k] }])) as Record<DriftKind, LevelThresholds>;
  const classes = partial?.classes
    ? Object.fromEntries(
        Object.entries(partial.classes).map(([cls, o]) => [cls, Object.fromEntries(DRIFT_KINDS.filter((k) => o?.[k]).map((k) => [k, { ...merged[k], ...o[k] }]))]),
      )
    : undefined;
  return { ...merged, labels: { ...base.labels, ...partial?.labels }, minClassRows: partial?.minClassRows ?? base.minClassRows, ...(classes ? { classes } : {}) };
}

/** The thresholds of one kind for one class (its override, else the batch-wide ones). */
export function thresholdsFor(t: DriftThresholds, kind: DriftKind, cls?: string): LevelThresholds {
  return (cls !== undefined ? t.classes?.[cls]?.[kind] : undefined) ?? t[kind];
}

/**
 * The level of a change of size `excess` (the statistic minus its noise mean, or a metric's
 * drop) that is `significant` (beyond what chance gives at these sizes).
 */
export function levelOf(excess: number, significant: boolean, t: LevelThresholds): DriftLevel {
  if (!significant) return 'stable';
  return excess >= t.drift ? 'drift' : excess >= t.warning ? 'warning' : 'stable';
}
