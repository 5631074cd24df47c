import { describe, expect, it } from 'vitest';
import { applyChanges, storeHistory } from '../../../activities/suggestion-cache.js';
import type { TrialRecord } from '../../../search-spaces/types.js';

const rec = (number: number, state: TrialRecord['state'] = 'running', value?: number): TrialRecord => ({ number, params: { x: number }, state, ...(value === undefined ? {} : { value }) });

describe('suggestion cache', () => {
  it('rebuilds the history from the previous ask and the records changed since, in trial order', () => {
    storeHistory('run-a', 1, [rec(0), rec(1)]);
    const next = applyChanges('run-a', 2, [rec(0, 'complete', 0.7), rec(2)], 3);
    expect(next).toEqual([rec(0, 'complete', 0.7), rec(1), rec(2)]);
    expect(applyChanges('run-a', 3, [rec(1, 'failed')], 3)?.map((r) => r.state)).toEqual(['complete', 'failed', 'running']);
  });

  it('misses when it does not hold the previous ask of the run, or the lengths disagree', () => {
    expect(applyChanges('never-seen', 2, [rec(0)], 1)).toBeUndefined();
    storeHistory('run-b', 4, [rec(0)]);
    // A retried workflow task asks with the same sequence number again: not the successor of 4.
    expect(applyChanges('run-b', 4, [rec(1)], 2)).toBeUndefined();
    expect(applyChanges('run-b', 5, [rec(1)], 3)).toBeUndefined();
    // After a mismatch nothing is trusted until the whole history comes again.
    expect(applyChanges('run-b', 6, [], 2)).toBeUndefined();
  });

  it('keeps a bounded number of runs, dropping the least recently asked', () => {
    storeHistory('oldest', 1, [rec(0)]);
    for (let i = 0; i < 64; i++) storeHistory(`run-${i}`, 1, [rec(0)]);
    expect(applyChanges('oldest', 2, [], 1)).toBeUndefined();
    expect(applyChanges('run-63', 2, [], 1)).toHaveLength(1);
  });
});
