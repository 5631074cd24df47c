/**
 * Types of the ensemble step at the end of a search (types only: the workflow sandbox
 * imports this file).
 */
import type { Direction, ParamValues } from '../search-spaces/types.js';
import type { PreparedDataset } from './types.js';

/** `ensemble` of the spec, resolved: null = off. */
export interface EnsembleSettings {
  /** Candidates: the best `size` full-fidelity trials. */
  size: number;
  /** Rounds of greedy selection with replacement. */
  rounds: number;
  /** Rounds without improvement before selection stops. */
  patience: number;
}

export interface SelectEnsembleInput {
  searchId: string;
  dataset: PreparedDataset;
  metric: string;
  direction: Direction;
  /** Candidate trials (full fidelity, complete), best first; their validation probabilities are artifacts. */
  trialNumbers: number[];
  rounds: number;
  patience: number;
}

export interface EnsembleSelectionOutcome {
  /** Selected trials, ascending trial number; weights sum to 1. */
  members: { trialNumber: number; weight: number; count: number }[];
  /** The ensemble's validation score on the search's metric. */
  value: number;
  /** The best candidate alone, scored the same way (float32 probabilities). */
  bestSingle: { trialNumber: number; value: number };
  /** Candidates without stored validation probabilities (trials from before this step existed), left out. */
  missing: number[];
}

/** What the search registered and why: the ensemble only when it beat the best single trial on validation. */
export interface RegisteredModelChoice {
  kind: 'ensemble' | 'single';
  reason: string;
  /** Validation scores on the search's metric. */
  bestSingle: { trialNumber: number; value: number };
  ensemble?: { value: number; members: { trialNumber: number; weight: number; params: ParamValues }[] };
}
