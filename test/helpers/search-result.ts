/** A finished search's result for tests of what is printed about it: two trials, no leaderboard, trial 0 best. */
import type { SearchResult } from '../../workflows/types.js';

/** `fields` name the metric and its values (and anything else the test is about). */
export function searchResult(fields: Pick<SearchResult, 'metric' | 'direction' | 'bestValue' | 'testMetrics'> & Partial<SearchResult>): SearchResult {
  return {
    searchId: 's1',
    experiment: 'e',
    bestTrial: 0,
    bestParams: {},
    bestPipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
    trials: 2,
    failedTrials: 0,
    prunedTrials: 0,
    leaderboard: [],
    stopReason: 'reached maxTrials (2)',
    ...fields,
  } as unknown as SearchResult;
}
