/**
 * The sampler's next suggestion, run as a local activity so that its result is recorded in the
 * workflow's history (a marker). Replaying a search then re-reads each suggestion instead of
 * asking the sampler again: an ask costs more as the history grows (TPE fits its estimators on
 * every finished trial), and replaying hundreds of them made one workflow task run for seconds.
 * The sampler itself stays the pure function it was (search-spaces/types.ts).
 */
import { getSampler } from '../search-spaces/samplers.js';
import type { AskContext, AskResult, TrialRecord } from '../search-spaces/types.js';
import { applyChanges, storeHistory } from './suggestion-cache.js';

export interface SuggestTrialInput {
  sampler: { name: string; options?: Record<string, unknown> };
  context: AskContext;
  state: unknown;
  /**
   * With it, `context.history` holds only the records changed since ask `seq - 1` of the run
   * `key` (or the whole history when `full`), and the activity keeps the rest (./suggestion-cache.ts).
   */
  changes?: { key: string; seq: number; length: number; full: boolean };
}

/** `miss`: the activity does not hold the run's previous history; ask again with all of it. */
export type SuggestTrialResult = AskResult | { miss: true };

export function suggestTrialActivity() {
  return async function suggestTrial(input: SuggestTrialInput): Promise<SuggestTrialResult> {
    const { changes, context } = input;
    let history: readonly TrialRecord[] = context.history;
    if (changes) {
      const known = changes.full ? storeHistory(changes.key, changes.seq, [...context.history]) : applyChanges(changes.key, changes.seq, [...context.history], changes.length);
      if (!known) return { miss: true };
      history = known;
    }
    return getSampler(input.sampler.name, input.sampler.options).ask({ ...context, history }, input.state);
  };
}
