/**
 * The experiment spec: what a user writes (YAML or JSON) to describe a search.
 * Documented in README.md ("Spec reference"); every field is checked with a message that
 * names it, and every problem is reported at once.
 */
import type { PipelineSpec } from '../components/core/pipeline.js';
import type { ColumnType } from '../components/core/types.js';
import type { TableFormat } from '../data/table-formats.js';
import type { DecisionMetric } from '../components/model-selection/tune-decision-rule.js';
import type { DeploySection } from './check-deploy.js';

export interface RawBudget {
  maxTrials?: number;
  parallelism?: number;
  /** Stop launching new trials after this many minutes; running ones finish. */
  maxMinutes?: number;
  /** Stop after this many finished trials without improving the best score (0 = off). */
  patience?: number;
  /** Per-trial time limit. */
  trialTimeoutMinutes?: number;
}

/** A search-space override: a range, a list of choices, a fixed value, or null to stop searching it. */
export type SpaceOverride =
  | { low: number; high: number; log?: boolean; step?: number }
  | { choices: (string | number | boolean | null)[] }
  | string | number | boolean | null;

export interface ExperimentSpec {
  name: string;
  data: { source: string; format?: TableFormat };
  target: string;
  positiveLabel?: string;
  /**
   * Picks the default search space when no pipeline is given: text-classification searches
   * linear models and naive Bayes over TF-IDF, tabular-classification boosted trees, linear
   * models and MLPs. Inferred from the columns (any text column = text) when absent.
   */
  task?: 'text-classification' | 'tabular-classification';
  columns?: Record<string, ColumnType | 'ignore'>;
  metric?: string;
  seed?: number;
  /**
   * Held-out fractions, and how rows are chosen: stratified at random (default); `by: COLUMN`
   * out of time, the newest rows in test and the next newest in validation; `group: COLUMN`
   * with every value's rows on one side (experiment-spec/resolve-split.ts, data/split-rows.ts).
   */
  split?: { validation?: number; test?: number; by?: string; group?: string };
  budget?: RawBudget;
  sampler?: string | { name: string; [option: string]: unknown };
  /**
   * Early stopping over a data-fraction fidelity: `successive-halving` (ASHA) or `median`.
   * Options: minResource (smallest fraction, default 1/9), reductionFactor (default 3), and each pruner's own.
   */
  pruner?: string | { name: string; [option: string]: unknown };
  /**
   * Limits a winner must respect, on any trial metric: model_bytes, predict_ms_per_1k, or a
   * quality metric (`{ metric: recall, min: 0.8 }`). A trial that breaks one cannot win, and the
   * sampler learns to avoid its region.
   */
  constraints?: { metric: string; max?: number; min?: number }[];
  /** How trial activities run on Temporal. */
  execution?: {
    /** A worker silent this long is presumed dead and its trial retried elsewhere (default 60). */
    heartbeatTimeoutSeconds?: number;
    /** Tries per trial for errors the trial raises (a lost file, a full disk); worker crashes count apart (maxWorkerCrashes) and bad configurations are never retried (default 3). */
    trialAttempts?: number;
    /**
     * Wall time one trial activity may take across all its attempts, waiting for a worker included
     * (default 4 x budget.trialTimeoutMinutes): a trial whose worker died is retried until then.
     */
    trialDeadlineMinutes?: number;
    /** Attempts of one trial that may end without a result (worker killed, out of memory, timed out) before it is stopped (default 10). */
    maxWorkerCrashes?: number;
    /**
     * With parallelism 1, trials whose recent fits took under this many seconds run as local
     * activities on the search's own worker: no server round trip per trial, still recorded in
     * history (default 1; 0 runs every trial as a regular activity). workflows/local-trials.ts.
     */
    localTrialSeconds?: number;
  };
  pipeline?: PipelineSpec;
  searchSpace?: Record<string, SpaceOverride>;
  register?: { model?: string } | false;
  /** Scheduled retraining (`retrainModel`): how fresh data is checked and when a challenger is promoted. */
  retrain?: RetrainSettings;
  /** What `autoflow deploy` and deploy watches hold this model's versions to (experiment-spec/check-deploy.ts). */
  deploy?: DeploySection;
  /**
   * How the registered model turns probabilities into labels, chosen on validation
   * (experiment-spec/resolve-decision.ts): `argmax`, `{ metric: f1 }` (the default: best F1,
   * macro F1 with more than two classes), `{ metric: macro_f1 }`, or `{ precision: 0.95, class: fraud }`.
   */
  decision?: 'argmax' | DecisionMetric | { metric?: DecisionMetric } | { precision: number; class?: string | number };
  /**
   * Greedy ensemble selection over the best trials' validation predictions, registered when
   * it beats the best single trial (experiment-spec/resolve-ensemble.ts). On by default;
   * `false` turns it off.
   */
  ensemble?: boolean | { size?: number; rounds?: number; patience?: number };
  /**
   * Before the refit, the best `top` trials are scored again on `folds` folds of train +
   * validation (following the split rule) and the best mean wins (experiment-spec/resolve-rescore.ts).
   * On by default (top 5, 3 folds); `false` lets the best validation score win.
   */
  rescore?: boolean | { top?: number; folds?: number };
  /**
   * Several objectives (experiment-spec/resolve-objectives.ts): a Pareto search (motpe by
   * default) over trial metrics, the first a quality metric (it is also `metric`), the
   * others costs such as predict_ms_per_1k or model_bytes. One objective: use `metric`.
   */
  objectives?: string[];
  /** Which member of the Pareto front is registered: the best `best` (default: the first objective) within `constraints`. */
  select?: { best?: string; constraints?: { metric: string; max?: number; min?: number }[] };
}

/** A spec's `decision` after checking: an objective to tune for, or 'argmax' for none. A binary precision target without a class targets the positive class. */
export type ResolvedDecision = 'argmax' | { metric: DecisionMetric } | { precision: number; class?: string };

export interface RetrainSettings {
  /** The alias that marks the champion (default production). */
  championAlias?: string;
  /**
   * Hand a winning challenger to a deploy watch instead of promoting it: the retrain moves this
   * alias (e.g. staging) and `autoflow deploy --watch NAME --from-alias staging` serves, checks
   * and promotes it to championAlias.
   */
  handoff?: string;
  /** Bounds a fresh batch must meet; a failed rule fails the run and promotes nothing. */
  validation?: {
    labels?: string[];
    minRows?: number;
    maxRows?: number;
    maxMissing?: Record<string, number>;
    minClassShare?: number;
  };
  /**
   * Champion vs challenger on the fresh holdout (monitoring/promotion.ts). Default: the decision
   * metric must improve by 0.005 (in 90% of paired bootstrap resamples) and the search metric
   * must not drop by more than 0.005. `minImprovement`/`guards` alone keep their older meaning:
   * a gain on the search metric, guards that must not regress.
   */
  promotion?: {
    /** `all`: every criterion with a minImprovement improves and none regresses; `any-without-regression`: one improves, none regresses. */
    mode?: 'all' | 'any-without-regression';
    criteria?: RetrainCriterion[];
    /** Required gain on the spec's metric (when no criteria are given). */
    minImprovement?: number;
    /** Metrics that must not regress past a tolerance (when no criteria are given). */
    guards?: { metric: string; tolerance: number }[];
  };
  /**
   * Thresholds of the drift report's levels (monitoring/drift-levels.ts): each a change beyond
   * the statistic's noise at the batch's sizes. `classes` overrides them per label.
   */
  drift?: RetrainDriftThresholds & { labels?: { warning?: number; drift?: number }; minClassRows?: number; classes?: Record<string, RetrainDriftThresholds> };
  /**
   * When the search runs: `always` (default); `drift`, only when the drift report reaches
   * warning; `never`, monitoring only. Performance drift at the drift level always searches.
   */
  searchWhen?: 'always' | 'drift' | 'never';
  /** POSTed a JSON summary on promotion or failure. */
  webhook?: string;
}

/** One promotion criterion: `search`, `decision`, a metric (log_loss, accuracy, macro_f1...) or a class's `recall:C` / `precision:C` / `f1:C`. */
export interface RetrainCriterion {
  metric: string;
  minImprovement?: number;
  tolerance?: number;
  /** Share of paired bootstrap resamples in which the challenger must be better (default 0.9; 0 = point estimate). */
  confidence?: number;
}

export interface RetrainDriftThresholds {
  psi?: { warning?: number; drift?: number };
  divergence?: { warning?: number; drift?: number };
  unseen?: { warning?: number; drift?: number };
  ngrams?: { warning?: number; drift?: number };
  performance?: { warning?: number; drift?: number };
}

export const SPEC_KEYS = ['name', 'data', 'target', 'positiveLabel', 'task', 'columns', 'metric', 'seed', 'split', 'budget', 'sampler', 'pruner', 'constraints', 'execution', 'pipeline', 'searchSpace', 'register', 'retrain', 'decision', 'ensemble', 'rescore', 'objectives', 'select', 'deploy'];
export const EXECUTION_KEYS = ['heartbeatTimeoutSeconds', 'trialAttempts', 'trialDeadlineMinutes', 'maxWorkerCrashes', 'localTrialSeconds'];
export const BUDGET_KEYS = ['maxTrials', 'parallelism', 'maxMinutes', 'patience', 'trialTimeoutMinutes'];
