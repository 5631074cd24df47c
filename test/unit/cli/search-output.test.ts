import { describe, expect, it } from 'vitest';
import { formatParams, trialLine } from '../../../cli/search-output.js';
import type { SearchProgress } from '../../../workflows/types.js';

describe('trial parameters on one line', () => {
  it('puts the classifier first, shortens paths and numbers', () => {
    expect(formatParams({ features__title__ngramMax: 2, classifier: 'logreg', classifier__C: 12.3456 })).toBe('classifier=logreg C=12.3 title__ngramMax=2');
  });

  it('shows at most a dozen and counts the rest', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`features__f${i}__transform`, 'log1p']));
    const line = formatParams({ ...wide, classifier: 'gbt', classifier__gbt__learningRate: 0.05 });
    expect(line.startsWith('classifier=gbt gbt__learningRate=0.05 f0__transform=log1p')).toBe(true);
    expect(line.endsWith('(+290 more)')).toBe(true);
    expect(line.split(' ').length).toBe(12 + 2);
  });
});

describe('one line per finished trial', () => {
  const progress = (finished: SearchProgress['finished']): SearchProgress => ({
    searchId: 's',
    experiment: 'e',
    status: 'searching',
    metric: 'roc_auc',
    direction: 'maximize',
    trialsDone: finished.length,
    trialsFailed: 0,
    trialsPruned: 0,
    trialsRunning: 0,
    maxTrials: 40,
    leaderboard: [],
    finished,
  });

  it('shows the parameters of a trial outside the leaderboard from the progress it finished in', () => {
    const f = { trialNumber: 17, state: 'complete' as const, value: 0.9, params: { classifier: 'logreg', classifier__C: 3.21 } };
    expect(trialLine(progress([f]), f, undefined)).toContain('classifier=logreg C=3.21');
  });

  it('counts each line of a burst at its own place', () => {
    const finished = [0, 1, 2].map((n) => ({ trialNumber: n, state: 'complete' as const, value: 0.5 }));
    const lines = finished.map((f, i) => trialLine(progress(finished), f, undefined, finished.length - 1 - i));
    expect(lines.map((l) => l.match(/\[\s*(\d+)\/40\]/)?.[1])).toEqual(['1', '2', '3']);
  });

  it('shows no parameters when neither the leaderboard nor the entry has them', () => {
    const f = { trialNumber: 17, state: 'complete' as const, value: 0.9 };
    expect(trialLine(progress([f]), f, undefined)).not.toContain('classifier=');
  });
});
