/** Types shared by the retrainModel workflow, its activities and the client (types only). */
import type { DriftReport } from '../monitoring/drift.js';
import type { PromotionDecision } from '../monitoring/promotion.js';
import type { ValidationReport } from '../monitoring/data-validation.js';
import type { ExperimentSpec } from '../experiment-spec/experiment-spec.js';
import type { PreparedDataset, ResolvedExperiment, SearchResult } from '../workflows/types.js';

export interface RetrainInput {
  /** The spec with a `retrain` block; `data.source` may be a pattern (the newest match is used). */
  spec: ExperimentSpec;
  /** Relative data paths in the spec resolve against this folder. */
  baseDir: string;
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

/** The drift report without per-category detail, small enough for workflow history. */
export type DriftSummary = Pick<DriftReport, 'referenceRows' | 'currentRows' | 'worst'> & {
  columns: { column: string; type: string; statistic: string; value: number; level: string }[];
  skipped?: string;
};

export interface EvaluateInput {
  retrainId: string;
  experiment: ResolvedExperiment;
  dataset: PreparedDataset;
  champion: ChampionRef | null;
  challenger: { name: string; version: number };
}

export interface RetrainResult {
  retrainId: string;
  model: string;
  dataUri: string;
  validation: ValidationReport;
  drift?: DriftSummary;
  search: Pick<SearchResult, 'searchId' | 'bestValue' | 'trials' | 'metric' | 'testMetrics'>;
  challenger?: { name: string; version: number };
  champion: ChampionRef | null;
  decision: PromotionDecision;
  promotedVersion?: number;
}
