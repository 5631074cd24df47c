import { describe, expect, it } from 'vitest';
import { INACTIVE, parameterImportance, quantileBins, varianceExplained } from '../../../report/importance.js';
import type { ReportTrial } from '../../../report/types.js';

describe('varianceExplained', () => {
  it('splits the variance between and within groups (worked by hand)', () => {
    // y = 1 2 3 4, mean 2.5, SS_total 5. Groups {1,2} {3,4}: means 1.5, 3.5, SS_between 4, MS_within 0.5.
    const v = varianceExplained([1, 2, 3, 4], ['a', 'a', 'b', 'b']);
    expect(v.etaSquared).toBeCloseTo(0.8, 12);
    expect(v.epsilonSquared).toBeCloseTo((4 - 0.5) / 5, 12);
    expect(v.groups).toBe(2);
  });

  it('corrects chance structure down to zero', () => {
    // Groups {1,3} {2,4}: SS_between 1 < (k - 1) * MS_within = 2.
    const v = varianceExplained([1, 2, 3, 4], ['a', 'b', 'a', 'b']);
    expect(v.etaSquared).toBeCloseTo(0.2, 12);
    expect(v.epsilonSquared).toBe(0);
  });

  it('gives no credit without spread, with one group, or with one trial per group', () => {
    expect(varianceExplained([3, 3, 3], ['a', 'b', 'c']).epsilonSquared).toBe(0);
    expect(varianceExplained([1, 2, 3], ['a', 'a', 'a']).epsilonSquared).toBe(0);
    expect(varianceExplained([1, 2, 3], ['a', 'b', 'c'])).toMatchObject({ etaSquared: 1, epsilonSquared: 0 });
  });
});

describe('quantileBins', () => {
  it('cuts ranks into equal-count bins, keeping ties together', () => {
    // sorted: 1 3 | 5 5 | 8 10
    expect(quantileBins([10, 1, 5, 5, 3, 8], 3)).toEqual([2, 0, 1, 1, 0, 2]);
    expect(quantileBins([7, 7, 7, 7], 2)).toEqual([0, 0, 0, 0]);
  });
});

function trial(number: number, params: ReportTrial['params'], value: number, state: ReportTrial['state'] = 'complete'): ReportTrial {
  return { number, state, value, params };
}

describe('parameterImportance', () => {
  // 24 trials in a balanced design (every kind x lr pair three times, once per seedish block):
  // the score is driven by `kind` (a categorical), `lr` (numeric, log-spread) adds a smaller
  // effect, and `seedish` is irrelevant.
  const trials: ReportTrial[] = [];
  for (let i = 0; i < 24; i++) {
    const kind = i % 2 === 0 ? 'good' : 'bad';
    const lr = 10 ** (-3 + (Math.floor(i / 2) % 4));
    const seedish = Math.floor(i / 8);
    const value = (kind === 'good' ? 0.9 : 0.7) + 0.05 * Math.log10(lr) + 0.001 * ((i * 7) % 5);
    trials.push(trial(i, { kind, lr, seedish }, value));
  }

  it('ranks the parameters by how much of the score they explain', () => {
    const imp = parameterImportance(trials);
    expect(imp.map((p) => p.name)).toEqual(['kind', 'lr', 'seedish']);
    expect(imp[0].importance).toBeGreaterThan(0.6);
    expect(imp[0].importance).toBeLessThan(0.8);
    // eta² of lr is about 0.24; the correction charges it for its 3 extra groups against the within-group spread (which includes kind).
    expect(imp[1].importance).toBeGreaterThan(0.1);
    expect(imp[2].importance).toBeLessThan(0.05);
    for (const p of imp) {
      expect(p.importance).toBeGreaterThanOrEqual(0);
      expect(p.importance).toBeLessThanOrEqual(p.etaSquared + 1e-12);
      expect(p.activeTrials).toBe(24);
    }
    // lr has 4 distinct values over 24 trials: at most min(8, 4, sqrt(24)) = 4 bins.
    expect(imp.find((p) => p.name === 'lr')?.groups).toBe(4);
  });

  it('ignores pruned, failed and running trials', () => {
    const noisy = [...trials, trial(90, { kind: 'bad', lr: 1, seedish: 0 }, 99, 'pruned'), { number: 91, state: 'failed' as const, params: { kind: 'good' } }, trial(92, { kind: 'good', lr: 1, seedish: 2 }, -5, 'running')];
    expect(parameterImportance(noisy)).toEqual(parameterImportance(trials));
  });

  it('groups trials where a conditional parameter is inactive', () => {
    // `C` exists only for logreg; the logreg trials score higher.
    const cond: ReportTrial[] = [];
    for (let i = 0; i < 12; i++) {
      const logreg = i % 3 !== 0;
      cond.push(trial(i, logreg ? { classifier: 'logreg', C: 0.1 * (i + 1) } : { classifier: 'nb' }, (logreg ? 0.9 : 0.6) + 0.002 * i));
    }
    const imp = parameterImportance(cond);
    const c = imp.find((p) => p.name === 'C')!;
    expect(c.activeTrials).toBe(8);
    // The inactive group is its own group, so C carries the classifier's effect too.
    expect(c.importance).toBeGreaterThan(0.5);
    expect(INACTIVE).toBe('(inactive)');
  });

  it('returns nothing for no completed trials', () => {
    expect(parameterImportance([])).toEqual([]);
    expect(parameterImportance([trial(0, { a: 1 }, 0.5, 'pruned')])).toEqual([]);
  });
});
