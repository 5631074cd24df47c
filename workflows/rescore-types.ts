/**
 * Types of the re-scoring step at the end of a search (types only: the workflow sandbox
 * imports this file).
 */
import type { TrialInput } from './types.js';

/** `rescore` of the spec, resolved: null = off. */
export interface RescoreSettings {
  /** Candidates: the best `top` full-fidelity trials by validation score. */
  top: number;
  /** Folds of train + validation each candidate is scored on. */
  folds: number;
}

/** A trial to re-score: what its trial ran on, without a fidelity (every fold is fitted in full). */
export type RescoreTrialInput = Omit<TrialInput, 'fidelity'>;

/** One candidate scored on every fold of the prepared dataset. */
export interface RescoredTrial {
  trialNumber: number;
  /** The metric on each fold, in fold order. */
  values: number[];
  mean: number;
  /** Mean fit time over the folds. */
  fitSeconds: number;
}

/** Which trial wins after re-scoring, and why (for the result, the report and the model card). */
export interface WinnerChoice {
  trialNumber: number;
  /** The trial with the best validation score, which may differ. */
  bestValidationTrial: number;
  reason: string;
}
