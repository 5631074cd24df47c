import { describe, expect, it } from 'vitest';
import { summaryJson, summaryText } from '../../../cli/search-output.js';
import { searchResult } from '../../helpers/search-result.js';

const base = searchResult({ metric: 'log_loss', direction: 'minimize', bestValue: 0.61, testMetrics: { log_loss: 0.6 } });

describe('search summary', () => {
  it('says whether an ensemble or the best single trial was registered, and why', () => {
    const registered = {
      kind: 'ensemble' as const,
      reason: 'an ensemble of 2 trials beats the best single trial (validation log_loss: ensemble 0.6, best single trial (0) 0.61)',
      bestSingle: { trialNumber: 0, value: 0.61 },
      ensemble: { value: 0.6, members: [{ trialNumber: 0, weight: 0.75, params: {} }, { trialNumber: 1, weight: 0.25, params: {} }] },
    };
    const text = summaryText({ ...base, registered });
    expect(text).toContain('Ensemble of trials 0 (0.75), 1 (0.25): an ensemble of 2 trials beats the best single trial');
    expect(summaryJson({ ...base, registered }, 1).registered).toEqual(registered);
    expect(summaryText(base)).not.toContain('Ensemble of trials');
    expect(summaryJson(base, 1).registered).toBeNull();
  });
});
