import { describe, expect, it } from 'vitest';
import { isBetter, renderDetails, topEntries, trimHistory, violatedConstraint, withRecentParams } from '../../../workflows/leaderboard.js';
import type { LeaderboardEntry, SearchProgress } from '../../../workflows/types.js';

const entry = (trialNumber: number, value: number): LeaderboardEntry => ({ trialNumber, value, params: { classifier__C: trialNumber }, metrics: {}, fitSeconds: 1 });

describe('leaderboard', () => {
  it('orders by direction and breaks ties by the earlier trial', () => {
    const entries = [entry(0, 0.5), entry(1, 0.9), entry(2, 0.9), entry(3, 0.1)];
    expect(topEntries(entries, 'maximize', 3).map((e) => e.trialNumber)).toEqual([1, 2, 0]);
    expect(topEntries(entries, 'minimize', 2).map((e) => e.trialNumber)).toEqual([3, 0]);
    expect(isBetter(0.2, 0.3, 'minimize')).toBe(true);
    expect(isBetter(0.2, 0.3, 'maximize')).toBe(false);
  });

  it('renders current details with the top trials for the Temporal UI', () => {
    const progress: SearchProgress = {
      searchId: 's', experiment: 'spam', status: 'searching', metric: 'roc_auc', direction: 'maximize',
      trialsDone: 2, trialsFailed: 1, trialsPruned: 3, trialsRunning: 1, maxTrials: 10,
      best: entry(1, 0.9), leaderboard: [entry(1, 0.9), entry(0, 0.5)], finished: [],
    };
    const text = renderDetails(progress);
    expect(text).toContain('2/10 trials done, 1 running, 3 pruned, 1 failed');
    expect(text).toContain('| 1 | 1 | 0.9000 | `classifier__C=1` |');
    expect(text).toContain('| 2 | 0 | 0.5000 |');
  });
});

describe('trimHistory', () => {
  const trial = (number: number, value: number) => ({ number, params: { x: number }, state: 'complete' as const, value });

  it('carries short histories untouched', () => {
    const history = Array.from({ length: 100 }, (_, i) => trial(i, i));
    expect(trimHistory(history, 'maximize')).toBe(history);
  });

  it('keeps the recent and the best trials of a long history, in trial order', () => {
    // Values peak early (trial 10 is best) so the best ones are not among the recent.
    const history = Array.from({ length: 5000 }, (_, i) => trial(i, i === 10 ? 100 : -i));
    const kept = trimHistory(history, 'maximize', 2000, 200);
    expect(kept).toHaveLength(2200);
    expect(kept[0].number).toBe(0);
    expect(kept.some((t) => t.number === 10)).toBe(true);
    expect(kept.at(-1)!.number).toBe(4999);
    expect(kept.filter((t) => t.number >= 3000)).toHaveLength(2000);
    expect(kept.map((t) => t.number)).toEqual([...kept.map((t) => t.number)].sort((a, b) => a - b));
  });

  it('trims a history of wide records to the byte limit, recent and best kept', () => {
    // 1,000 records of ~600 bytes: 600 kB, over a 200 kB limit though under the trial count limit.
    const wide = (number: number, value: number) => ({ number, params: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`classifier__p${i}`, i + number / 1000])), state: 'complete' as const, value });
    const history = Array.from({ length: 1000 }, (_, i) => wide(i, i === 3 ? 100 : -i));
    const kept = trimHistory(history, 'maximize', 2000, 200, 200_000);
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(200_000);
    expect(kept.length).toBeGreaterThan(250);
    expect(kept.some((t) => t.number === 3)).toBe(true);
    expect(kept.at(-1)!.number).toBe(999);
  });
});

describe('violatedConstraint', () => {
  it('names the first broken limit, or nothing when all hold', () => {
    const metrics = { model_bytes: 2_500_000, predict_ms_per_1k: 12, roc_auc: 0.91 };
    expect(violatedConstraint([{ metric: 'model_bytes', max: 5e6 }, { metric: 'roc_auc', min: 0.9 }], metrics)).toBeUndefined();
    expect(violatedConstraint([{ metric: 'model_bytes', max: 1e6 }], metrics)).toBe('violates constraint model_bytes <= 1000000 (got 2500000)');
    expect(violatedConstraint([{ metric: 'roc_auc', min: 0.95 }], metrics)).toBe('violates constraint roc_auc >= 0.95 (got 0.91)');
    expect(violatedConstraint([{ metric: 'recall', min: 0.5 }], metrics)).toBe('constraint on recall: the trial did not report it');
  });
});

describe('withRecentParams', () => {
  it('gives the last finished trials their parameters and leaves the log itself alone', () => {
    const history = Array.from({ length: 6 }, (_, i) => ({ number: i, params: { classifier__C: i }, state: 'complete' as const, value: i }));
    const finished = history.map((r) => ({ trialNumber: r.number, state: r.state, value: r.value }));
    const shown = withRecentParams(finished, history, 3);
    expect(shown.map((f) => f.params?.classifier__C)).toEqual([undefined, undefined, undefined, 3, 4, 5]);
    expect(finished.every((f) => !('params' in f))).toBe(true);
  });

  it('leaves an entry whose record was trimmed away without parameters', () => {
    const finished = [{ trialNumber: 9, state: 'complete' as const, value: 1 }];
    expect(withRecentParams(finished, [], 3)[0].params).toBeUndefined();
  });
});
