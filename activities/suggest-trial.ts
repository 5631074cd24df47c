/**
 * The sampler's next suggestion, run as a local activity so that its result is recorded in the
 * workflow's history (a marker). Replaying a search then re-reads each suggestion instead of
 * asking the sampler again: an ask costs more as the history grows (TPE fits its estimators on
 * every finished trial), and replaying hundreds of them made one workflow task run for seconds.
 * The sampler itself stays the pure function it was (search-spaces/types.ts).
 */
import { getSampler } from '../search-spaces/samplers.js';
import type { AskContext, AskResult } from '../search-spaces/types.js';

export interface SuggestTrialInput {
  sampler: { name: string; options?: Record<string, unknown> };
  context: AskContext;
  state: unknown;
}

export function suggestTrialActivity() {
  return async function suggestTrial(input: SuggestTrialInput): Promise<AskResult> {
    return getSampler(input.sampler.name, input.sampler.options).ask(input.context, input.state);
  };
}
