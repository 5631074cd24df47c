/**
 * Everything a search report shows, gathered by the refit activity at the end of a search.
 * Plain JSON: the report is rendered from it alone (no network, no store access).
 */
import type { DataProfile } from '../data/profile.js';
import type { Direction, ParamValues, TrialState } from '../search-spaces/types.js';
import type { WinnerChoice } from '../workflows/rescore-types.js';
import type { Objective } from '../workflows/pareto-front.js';
import type { RegisteredModelChoice } from '../workflows/ensemble-types.js';
import type { DecisionSummary, LeaderboardEntry } from '../workflows/types.js';

export interface ReportTrial {
  number: number;
  state: TrialState;
  value?: number;
  params: ParamValues;
  /** Values at successive-halving rungs, keyed by data fraction. */
  intermediate?: Record<string, number>;
}

export interface SearchReportInput {
  searchId: string;
  experiment: string;
  metric: string;
  direction: Direction;
  /** ISO time the report was made. */
  createdAt: string;
  trials: ReportTrial[];
  leaderboard: LeaderboardEntry[];
  best: {
    trialNumber: number;
    params: ParamValues;
    validationMetrics: Record<string, number>;
    testMetrics: Record<string, number>;
  };
  /** The refitted winner on the held-out test split. */
  test: {
    classes: string[];
    positiveClass: number;
    labels: string[];
    /** Row-major rows x classes probabilities. */
    proba: number[];
  };
  profile: DataProfile;
  /** Drift against the champion's training data (scheduled retraining), when there is one. */
  drift?: unknown;
  model?: { name: string; version?: number };
  /** The decision rule stored with the model: the test labels (confusion matrix, label metrics) follow it. */
  decision?: DecisionSummary;
  /** Ensemble or best single trial, and why (absent when the search ran without ensemble selection). */
  registered?: RegisteredModelChoice;
  /** How the single winner was chosen when the best trials were re-scored on k folds. */
  winner?: WinnerChoice;
  /** Several objectives: what they are and the Pareto front (validation metrics of its members). */
  objectives?: Objective[];
  front?: LeaderboardEntry[];
}
