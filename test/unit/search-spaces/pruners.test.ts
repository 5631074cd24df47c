import { describe, expect, it } from 'vitest';
import { createMedianPruner, createSuccessiveHalvingPruner, fidelityRungs, getPruner, isPromotable, percentile, PRUNER_NAMES, type TrialRecord } from '../../../search-spaces/index.js';

const trial = (number: number, state: TrialRecord['state'], intermediate: Record<string, number>, value?: number): TrialRecord => ({ number, params: {}, state, intermediate, value });

describe('fidelity rungs', () => {
  it('geometric rungs up to and including the maximum', () => {
    expect(fidelityRungs({ minResource: 1, maxResource: 27 })).toEqual([1, 3, 9, 27]);
    expect(fidelityRungs({ minResource: 1, maxResource: 20 })).toEqual([1, 3, 9, 20]);
    expect(fidelityRungs({ minResource: 1 / 9, maxResource: 1 })).toEqual([0.111111111111, 0.333333333333, 1]);
    expect(fidelityRungs({ minResource: 1, maxResource: 16, reductionFactor: 2, minEarlyStoppingRate: 1 })).toEqual([2, 4, 8, 16]);
    expect(fidelityRungs({ minResource: 5, maxResource: 5 })).toEqual([5]);
    expect(() => fidelityRungs({ minResource: 0, maxResource: 1 })).toThrow(/minResource/);
    expect(() => fidelityRungs({ minResource: 1, maxResource: 9, reductionFactor: 1 })).toThrow(/reductionFactor/);
  });
});

describe('successive halving (ASHA)', () => {
  const sh = createSuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });

  it('keeps the best third at each rung, the best one while fewer than three competed', () => {
    expect(isPromotable(5, [5], 3, 'minimize')).toBe(true);
    expect(isPromotable(5, [4, 5], 3, 'minimize')).toBe(false);
    expect(isPromotable(4, [4, 5, 6], 3, 'minimize')).toBe(true);
    expect(isPromotable(5, [4, 5, 6, 7, 8, 9], 3, 'minimize')).toBe(true);
    expect(isPromotable(6, [4, 5, 6, 7, 8, 9], 3, 'minimize')).toBe(false);
    expect(isPromotable(8, [4, 5, 6, 7, 8, 9], 3, 'maximize')).toBe(true);
  });

  it('judges a trial when it reaches a rung against the others there (any state)', () => {
    const history: TrialRecord[] = [
      trial(0, 'complete', { 1: 0.5, 3: 0.4, 9: 0.3 }, 0.3),
      trial(1, 'pruned', { 1: 0.9 }),
      trial(2, 'running', { 1: 0.6 }),
      trial(3, 'running', {}),
    ];
    // minimise: at rung 1 the competitors are 0.5, 0.9, 0.6 plus ours; 4 // 3 = 1 -> only the best continues
    expect(sh.shouldPrune(3, 1, 0.45, history, 'minimize')).toBe(false);
    expect(sh.shouldPrune(3, 1, 0.55, history, 'minimize')).toBe(true);
    expect(sh.shouldPrune(3, 1, 0.55, history, 'maximize')).toBe(true);
    expect(sh.shouldPrune(3, 1, 0.95, history, 'maximize')).toBe(false);
    // between rungs: no decision
    expect(sh.shouldPrune(3, 2, 100, [...history.slice(0, 3), trial(3, 'running', { 1: 0.1 })], 'minimize')).toBe(false);
    // the next rung (3): only trial 0 got there; fewer than 3 -> must be the best
    const later = [...history.slice(0, 3), trial(3, 'running', { 1: 0.1, 2: 0.2 })];
    expect(sh.shouldPrune(3, 3, 0.35, later, 'minimize')).toBe(false);
    expect(sh.shouldPrune(3, 3, 0.41, later, 'minimize')).toBe(true);
    // the value may already be recorded in the history: same answer
    expect(sh.shouldPrune(3, 3, 0.41, [...history.slice(0, 3), trial(3, 'running', { 1: 0.1, 2: 0.2, 3: 0.41 })], 'minimize')).toBe(true);
  });

  it('earlier rungs are not judged again, reaching several rungs at once judges each', () => {
    const history: TrialRecord[] = [trial(0, 'complete', { 1: 0.1, 3: 0.1 }, 0.1), trial(1, 'complete', { 1: 0.2, 3: 0.2 }, 0.2), trial(2, 'running', { 1: 0.9 })];
    // trial 2 passed rung 1 long ago (when it was alone); at step 2 nothing new is judged
    expect(sh.shouldPrune(2, 2, 0.9, history, 'minimize')).toBe(false);
    // a first report at step 3 judges rungs 1 and 3
    expect(sh.shouldPrune(3, 3, 0.15, history, 'minimize')).toBe(true);
    expect(sh.shouldPrune(3, 3, 0.05, history, 'minimize')).toBe(false);
  });

  it('bootstrapCount waits for competitors; NaN values are pruned', () => {
    const boot = createSuccessiveHalvingPruner({ bootstrapCount: 2 });
    const history = [trial(0, 'complete', { 1: 0.1 }, 0.1), trial(1, 'running', {})];
    expect(boot.shouldPrune(1, 1, 0.9, history, 'minimize')).toBe(false);
    expect(sh.shouldPrune(1, 1, 0.9, history, 'minimize')).toBe(true);
    expect(sh.shouldPrune(1, 1, NaN, history, 'minimize')).toBe(true);
  });

  it('works on fractional fidelities', () => {
    const [r0, r1] = fidelityRungs({ minResource: 1 / 9, maxResource: 1 });
    const frac = createSuccessiveHalvingPruner({ minResource: 1 / 9 });
    const history = [trial(0, 'complete', { [r0]: 0.8, [r1]: 0.85, 1: 0.9 }, 0.9), trial(1, 'running', {})];
    expect(frac.shouldPrune(1, r0, 0.7, history, 'maximize')).toBe(true);
    expect(frac.shouldPrune(1, r0, 0.81, history, 'maximize')).toBe(false);
  });
});

describe('median pruner', () => {
  const completed = [0, 1, 2, 3, 4].map((i) => trial(i, 'complete', { 1: 0.1 * (i + 1), 2: 0.05 * (i + 1) }, 0.05 * (i + 1)));

  it('prunes a trial whose best so far is worse than the median at this step', () => {
    const m = createMedianPruner();
    // values at step 1: 0.1 .. 0.5, median 0.3
    expect(m.shouldPrune(9, 1, 0.31, completed, 'minimize')).toBe(true);
    expect(m.shouldPrune(9, 1, 0.29, completed, 'minimize')).toBe(false);
    expect(m.shouldPrune(9, 1, 0.29, completed, 'maximize')).toBe(true);
    // best so far counts: a good earlier report saves a bad current one
    const self = trial(9, 'running', { 1: 0.05 });
    expect(m.shouldPrune(9, 2, 0.9, [...completed, self], 'minimize')).toBe(false);
    expect(m.shouldPrune(9, 1, NaN, completed, 'minimize')).toBe(true);
  });

  it('waits for start-up trials, warm-up steps, interval and enough reports at the step', () => {
    expect(createMedianPruner({ nStartupTrials: 6 }).shouldPrune(9, 1, 9, completed, 'minimize')).toBe(false);
    expect(createMedianPruner({ nWarmupSteps: 2 }).shouldPrune(9, 1, 9, completed, 'minimize')).toBe(false);
    expect(createMedianPruner({ intervalSteps: 2 }).shouldPrune(9, 1, 9, completed, 'minimize')).toBe(false);
    expect(createMedianPruner({ intervalSteps: 2 }).shouldPrune(9, 2, 9, completed, 'minimize')).toBe(true);
    expect(createMedianPruner({ nMinTrials: 6 }).shouldPrune(9, 1, 9, completed, 'minimize')).toBe(false);
    expect(createMedianPruner().shouldPrune(9, 7, 9, completed, 'minimize')).toBe(false); // nobody reported step 7
    expect(createMedianPruner().shouldPrune(0, 1, 9, completed.slice(0, 1), 'minimize')).toBe(false); // itself only
  });

  it('percentile interpolates like numpy', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5], 25)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('getPruner', () => {
  it('knows its pruners and their options', () => {
    expect(PRUNER_NAMES).toEqual(['none', 'median', 'successive-halving']);
    expect(getPruner('none').shouldPrune(0, 1, 1, [], 'minimize')).toBe(false);
    expect(getPruner('asha', { reductionFactor: 4 }).name).toBe('successive-halving');
    expect(getPruner('median', { name: 'median', nStartupTrials: 1 }).name).toBe('median');
    expect(() => getPruner('hyperband')).toThrow(/known pruners: none, median, successive-halving/);
    expect(() => getPruner('median', { eta: 3 })).toThrow(/pruner median: unknown option "eta"; known options: nStartupTrials/);
    expect(() => getPruner('median', { nStartupTrial: 3 })).toThrow('pruner median: unknown option "nStartupTrial" (did you mean "nStartupTrials"?)');
    expect(() => getPruner('succesive-halving')).toThrow('unknown pruner "succesive-halving" (did you mean "successive-halving"?)');
    expect(() => getPruner('median', { percentile: 101 })).toThrow('pruner median: option "percentile" must be <= 100, got 101');
    expect(() => getPruner('successive-halving', { reductionFactor: 1 })).toThrow(/reductionFactor/);
  });
});
