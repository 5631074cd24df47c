/** Types shared by the retrainModel workflow, its activities and the client (types only). */
import type { RetrainDriftReport } from '../monitoring/retrain-drift.js';
import type { PromotionDecision } from '../monitoring/promotion.js';
import type { ValidationReport } from '../monitoring/data-validation.js';
import type { ExperimentSpec } from '../experiment-spec/experiment-spec.js';
import type { PreparedDataset, ResolvedExperiment, SearchResult } from '../workflows/types.js';

export interface RetrainInput {
  /** The spec with a `retrain` block; `data.source` may be a pattern (the newest match is used). */
  spec: ExperimentSpec;
  /** Relative data paths in the spec resolve against this folder. */
  baseDir: string;
  /** Set when the namespace lacks AutoFlow's search attributes: why the retrain (and its search) runs without them. */
  withoutSearchAttributes?: string;
}

export interface ChampionRef {
  name: string;
  version: number;
  alias: string;
  metrics: Record<string, number>;
  dataUri: string;
}

export interface PreparedRetrain {
  experiment: ResolvedExperiment;
  /** Where the fresh batch came from (a pattern's newest match). */
  dataUri: string;
  validation: ValidationReport;
  champion: ChampionRef | null;
}

/**
 * The drift report of a retrain (monitoring/retrain-drift.ts): marginal, per class, per
 * segment, label shares, the champion's performance on the new batch, one level and the
 * findings naming class, column and what moved. Small enough for workflow history (top
 * changes are five per statistic). `skipped` says why nothing was measured.
 */
export type DriftSummary = RetrainDriftReport & { skipped?: string };

export interface EvaluateInput {
  retrainId: string;
  experiment: ResolvedExperiment;
  dataset: PreparedDataset;
  champion: ChampionRef | null;
  challenger: { name: string; version: number };
}

/** Why the search was run or skipped (`retrain.searchWhen`, forced by performance drift). */
export interface SearchChoice {
  searched: boolean;
  reason: string;
}

export interface RetrainResult {
  retrainId: string;
  model: string;
  dataUri: string;
  validation: ValidationReport;
  drift?: DriftSummary;
  /** Absent when `retrain.searchWhen` skipped the search (see `searchChoice`). */
  search?: Pick<SearchResult, 'searchId' | 'bestValue' | 'trials' | 'metric' | 'testMetrics'>;
  searchChoice?: SearchChoice;
  challenger?: { name: string; version: number };
  champion: ChampionRef | null;
  decision: PromotionDecision;
  promotedVersion?: number;
  /** The alias the challenger was handed to (retrain.handoff) for a deploy watch to check and promote; production did not move. */
  handedOffTo?: string;
  /** The retrain's HTML report (drift, findings, the promotion criteria) in the artifact store. */
  reportUri?: string;
}
