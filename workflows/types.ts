/**
 * Types shared by the workflow, its activities and the client. Types only: the workflow
 * sandbox imports this file, so it must not pull in anything with side effects.
 */
import type { ArtifactRef } from '../artifacts/artifact-store.js';
import type { PipelineSpec } from '../components/core/pipeline.js';
import type { DecisionRule } from '../components/core/decision-rule.js';
import type { ColumnType } from '../components/core/types.js';
import type { Direction, ParamValues, SearchSpace, TrialRecord } from '../search-spaces/types.js';
import type { ExperimentSpec, ResolvedDecision } from '../experiment-spec/experiment-spec.js';
import type { TableFormat } from '../data/table-formats.js';
import type { EnsembleSettings, RegisteredModelChoice } from './ensemble-types.js';
import type { RescoredTrial, RescoreSettings, WinnerChoice } from './rescore-types.js';
import type { Objective, SelectRule } from './pareto-front.js';

/** A spec after validation against the data: everything explicit, nothing left to infer. */
export interface ResolvedExperiment {
  name: string;
  dataUri: string;
  dataFormat?: TableFormat;
  target: string;
  positiveLabel?: string;
  /** The columns the pipeline may read, with their types. */
  columnTypes: Record<string, ColumnType>;
  metric: string;
  direction: Direction;
  seed: number;
  /** Held-out fractions; `by` = out of time on that column, `group` = no value of that column on two sides. */
  split: { validation: number; test: number; by?: string; group?: string };
  budget: { maxTrials: number; parallelism: number; maxMinutes?: number; patience: number; trialTimeoutMinutes: number };
  /** trialDeadlineMinutes and maxWorkerCrashes are absent in experiments resolved before they existed. */
  execution: { heartbeatTimeoutSeconds: number; trialAttempts: number; trialDeadlineMinutes?: number; maxWorkerCrashes?: number; localTrialSeconds?: number };
  constraints: { metric: string; max?: number; min?: number }[];
  sampler: { name: string; options?: Record<string, unknown> };
  /** Early stopping: trials train on growing fractions of the data (`rungs`, ending at 1). */
  pruner: { name: string; options?: Record<string, unknown>; rungs: number[] } | null;
  /** The pipeline template; trial params are applied on top of it. */
  pipeline: PipelineSpec;
  space: SearchSpace;
  register: { model: string } | null;
  /** The spec as the user wrote it, kept for lineage. */
  spec: ExperimentSpec;
  /** What profiling found worth a look (ignored identifier columns, unparsable numbers, tiny classes). */
  dataWarnings?: string[];
  /** How the registered model labels rows, tuned on validation at refit; absent = the default ({ metric: f1 }). */
  decision?: ResolvedDecision;
  /** Ensemble selection over the best trials at the end (null = off; absent = resolved before ensembles existed, off). */
  ensemble?: EnsembleSettings | null;
  /** Re-scoring of the best trials on k folds before the refit (null = off; absent = resolved before it existed, off). */
  rescore?: RescoreSettings | null;
  /** Several objectives: a Pareto search; `metric` is the first. Absent = one objective. */
  objectives?: Objective[];
  /** Which front member is registered (with `objectives`). */
  select?: SelectRule;
}

/** What prepareDataset hands the search: a reference, never the rows. */
export interface PreparedDataset {
  ref: ArtifactRef;
  dataSha256: string;
  nRows: number;
  classes: string[];
  positiveClass: number;
  splitSizes: { train: number; validation: number; test: number };
  /** Small summary for reports and the UI. */
  profileRef: ArtifactRef;
}

export interface TrialInput {
  searchId: string;
  trialNumber: number;
  pipeline: PipelineSpec;
  dataset: PreparedDataset;
  metric: string;
  seed: number;
  /** Fraction of the training rows to fit on (successive-halving rungs); 1 = all. */
  fidelity: number;
  /** How many attempts may crash and how many may fail (activities/trial-attempts.ts); absent = Temporal's retry policy alone. */
  attempts?: TrialAttemptLimits;
}

export interface TrialAttemptLimits {
  /** Attempts that ended without a result (worker killed, out of memory, timed out) before the trial is stopped. */
  maxWorkerCrashes: number;
  /** Attempts that failed with an error (not a configuration error: those fail at once). */
  maxErrors: number;
}

export interface TrialOutcome {
  trialNumber: number;
  /** The objective on the validation split. */
  value: number;
  metrics: Record<string, number>;
  fitSeconds: number;
  resultRef: ArtifactRef;
}

export interface RefitInput {
  searchId: string;
  /** For the search report: every trial (trimmed on very long searches) and the leaderboard. */
  trials: { number: number; state: TrialRecord['state']; value?: number; params: ParamValues; intermediate?: Record<string, number> }[];
  leaderboard: LeaderboardEntry[];
  experiment: ResolvedExperiment;
  dataset: PreparedDataset;
  pipeline: PipelineSpec;
  params: ParamValues;
  trialNumber: number;
  /** Refit and register this weighted ensemble of trials instead of `pipeline` (its members' pipelines, weights summing to 1). */
  ensemble?: { trialNumber: number; weight: number; pipeline: PipelineSpec }[];
  /** What is registered and why (ensemble or best single trial, with both validation scores), for the report and the model's description. */
  choice?: RegisteredModelChoice;
  /** How the single winner was chosen when the best trials were re-scored, or which front member the select rule named. */
  winner?: WinnerChoice;
  /** Several objectives: what they are and the Pareto front, for the report. */
  objectives?: Objective[];
  front?: LeaderboardEntry[];
}

export interface RefitOutcome {
  testMetrics: Record<string, number>;
  model?: { name: string; version: number; uri: string };
  bundleRef?: ArtifactRef;
  /** The self-contained HTML search report (also stored in the model bundle as report.html). */
  reportRef?: ArtifactRef;
  /** The decision rule stored with the model (how serve and score label rows), and any warning about it. */
  decision?: DecisionSummary;
}

/** A registered model's decision rule, as the workflow result and the report show it. */
export interface DecisionSummary {
  /** Absent = argmax. */
  rule?: DecisionRule;
  /** One line for people (describeDecisionRule). */
  description: string;
  /** Why the rule is not what the spec asked for, e.g. a precision target no threshold reaches on validation. */
  warnings: string[];
}

export interface LeaderboardEntry {
  trialNumber: number;
  value: number;
  params: ParamValues;
  metrics: Record<string, number>;
  fitSeconds: number;
  /** Its scores on the re-scoring folds, when it was among the best trials re-scored. */
  rescored?: Pick<RescoredTrial, 'values' | 'mean' | 'fitSeconds'>;
}

export type SearchStatus = 'preparing' | 'searching' | 'rescoring' | 'refitting' | 'completed' | 'failed' | 'cancelled';

export interface SearchProgress {
  searchId: string;
  experiment: string;
  status: SearchStatus;
  metric: string;
  direction: Direction;
  trialsDone: number;
  trialsFailed: number;
  trialsPruned: number;
  trialsRunning: number;
  maxTrials: number;
  best?: LeaderboardEntry;
  leaderboard: LeaderboardEntry[];
  /** Finished trials in completion order (number, state, value), for progress lines. */
  /** Finished trials in order; the most recent carry their parameters, so a client that polls after a burst of short trials can still show each one. */
  finished: { trialNumber: number; state: TrialRecord['state']; value?: number; error?: string; fidelity?: number; params?: ParamValues }[];
  stopReason?: string;
  /** Several objectives: what they are and the Pareto front so far (trial order). */
  objectives?: Objective[];
  front?: LeaderboardEntry[];
  /** What the search wants its watchers to know (it runs without search attributes, say). */
  notice?: string;
}

export interface SearchResult {
  searchId: string;
  experiment: string;
  metric: string;
  direction: Direction;
  bestValue: number;
  bestTrial: number;
  bestParams: ParamValues;
  bestPipeline: PipelineSpec;
  trials: number;
  failedTrials: number;
  prunedTrials: number;
  testMetrics: Record<string, number>;
  model?: { name: string; version: number; uri: string };
  leaderboard: LeaderboardEntry[];
  stopReason: string;
  /** The prepared data (a reference): retraining scores champion and challenger on its test split. */
  dataset: PreparedDataset;
  /** The registered model's decision rule (how serve and score label rows), with any warning about it. */
  decision?: DecisionSummary;
  /** Whether an ensemble of trials or the best single trial was registered, and why (absent when ensembles are off). */
  registered?: RegisteredModelChoice;
  /** How the winner was chosen when the best trials were re-scored (absent when rescore is off). */
  winner?: WinnerChoice;
  /** Several objectives: what they are and the final Pareto front (trial order). */
  objectives?: Objective[];
  front?: LeaderboardEntry[];
}

/** Carried across continueAsNew so a long search keeps one id and loses nothing. */
export interface SearchCarry {
  /** What the samplers learn from; trimmed to recent + best trials on very long searches. */
  history: TrialRecord[];
  nextTrialNumber: number;
  completedTrials: number;
  samplerState: unknown;
  dataset: PreparedDataset;
  leaderboard: LeaderboardEntry[];
  finishedLog: SearchProgress['finished'];
  startedAtMs: number;
  trialsSinceImprovement: number;
  failedTrials: number;
  prunedTrials: number;
  /** Several objectives: the Pareto front so far. */
  front?: LeaderboardEntry[];
}

export interface SearchInput {
  searchId: string;
  experiment: ResolvedExperiment;
  carry?: SearchCarry;
  /** Trials per workflow run before continueAsNew (keeps history small). */
  trialsPerRun?: number;
  /** Set when the namespace lacks AutoFlow's search attributes: why; the search then runs without them. */
  withoutSearchAttributes?: string;
}
