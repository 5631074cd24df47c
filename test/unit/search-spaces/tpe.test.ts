import { describe, expect, it } from 'vitest';
import {
  createTpeSampler,
  defaultGamma,
  defaultWeights,
  paramsKey,
  parameterGroups,
  qmcSampler,
  randomSampler,
  splitTrials,
  tpeSampler,
  type ParamValues,
  type SearchSpace,
  type TrialRecord,
} from '../../../search-spaces/index.js';
import { bestValue, checkSuggestion, conditionalSpace, median, runSearch } from './helpers.js';

const branin = (p: ParamValues) => {
  const x = p.x as number;
  const y = p.y as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
};
const braninSpace: SearchSpace = {
  params: [
    { name: 'x', dist: { type: 'float', low: -5, high: 10 } },
    { name: 'y', dist: { type: 'float', low: 0, high: 15 } },
  ],
};
const quadSpace: SearchSpace = {
  params: [
    { name: 'a', dist: { type: 'float', low: -2, high: 2 } },
    { name: 'b', dist: { type: 'float', low: 1e-3, high: 1e3, log: true } },
    { name: 'c', dist: { type: 'int', low: -50, high: 50 } },
    { name: 'd', dist: { type: 'float', low: 0, high: 1, step: 0.05 } },
  ],
};
const quad = (p: ParamValues) => ((p.a as number) - 0.7) ** 2 + (Math.log10(p.b as number) - 1) ** 2 / 4 + (((p.c as number) - 12) / 25) ** 2 + ((p.d as number) - 0.35) ** 2;

const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9];

function medianBest(sampler: typeof tpeSampler | typeof randomSampler, space: SearchSpace, f: (p: ParamValues) => number, n: number, direction: 'minimize' | 'maximize' = 'minimize', parallel = 1) {
  const sign = direction === 'minimize' ? 1 : -1;
  return median(seeds.map((seed) => sign * bestValue(runSearch(sampler, space, (p) => sign * f(p), n, seed, { direction, parallel }).history, direction)));
}

describe('TPE sampler: search quality', () => {
  it('beats random search on Branin (median best after 50 trials, 9 seeds)', () => {
    const tpe = medianBest(tpeSampler, braninSpace, branin, 50);
    const random = medianBest(randomSampler, braninSpace, branin, 50);
    expect(tpe).toBeLessThan(random * 0.8);
    expect(tpe).toBeLessThan(0.9); // global minimum 0.398
  });

  it('beats random search on a 4-D quadratic mixing log, int and stepped parameters, also maximising and in parallel', () => {
    const random = medianBest(randomSampler, quadSpace, quad, 60);
    expect(medianBest(tpeSampler, quadSpace, quad, 60)).toBeLessThan(random * 0.5);
    expect(medianBest(createTpeSampler({ multivariate: false }), quadSpace, quad, 60)).toBeLessThan(random * 0.7);
    expect(medianBest(tpeSampler, quadSpace, quad, 60, 'maximize')).toBeLessThan(random * 0.5);
    expect(medianBest(tpeSampler, quadSpace, quad, 60, 'minimize', 4)).toBeLessThan(random * 0.6);
  });

  it('finds the good branch of a conditional space more often than random search', () => {
    const space: SearchSpace = {
      params: [
        { name: 'clf', dist: { type: 'categorical', choices: ['a', 'b', 'c'] } },
        { name: 'C', dist: { type: 'float', low: 1e-3, high: 1e3, log: true }, condition: { param: 'clf', in: ['a', 'b'] } },
        { name: 'k', dist: { type: 'int', low: 1, high: 20 }, condition: { param: 'clf', in: ['b'] } },
        { name: 'alpha', dist: { type: 'float', low: 0, high: 1, step: 0.05 }, condition: { param: 'clf', in: ['c'] } },
        { name: 'w', dist: { type: 'float', low: 0, high: 4 } },
      ],
    };
    const f = (p: ParamValues) =>
      (p.clf === 'b' ? Math.log10((p.C as number) / 10) ** 2 + (((p.k as number) - 7) / 5) ** 2 : p.clf === 'a' ? 1 + Math.log10(p.C as number) ** 2 / 4 : 1.5 + (p.alpha as number)) +
      ((p.w as number) - 1) ** 2 / 4;
    const many = Array.from({ length: 21 }, (_, i) => 100 + i);
    const best = (s: typeof tpeSampler | typeof randomSampler) => median(many.map((seed) => bestValue(runSearch(s, space, f, 60, seed).history)));
    expect(best(tpeSampler)).toBeLessThan(best(randomSampler) * 0.5);
  });
});

describe('TPE sampler: mechanics', () => {
  const objective = (p: ParamValues) => (typeof p.classifier__C === 'number' ? Math.log10(p.classifier__C) ** 2 : 3) + ((p.combine__weights__body as number) - 1) ** 2;

  it('starts with the quasi-random sequence (or random), then models', () => {
    const a = runSearch(tpeSampler, conditionalSpace, objective, 5, 7).history.map((t) => t.params);
    const q = runSearch(qmcSampler, conditionalSpace, objective, 5, 7).history.map((t) => t.params);
    expect(a).toEqual(q);
    const r = runSearch(createTpeSampler({ startup: 'random', nStartupTrials: 5 }), conditionalSpace, objective, 5, 7).history.map((t) => t.params);
    expect(r).toEqual(runSearch(randomSampler, conditionalSpace, objective, 5, 7).history.map((t) => t.params));
  });

  it('is deterministic and its state survives JSON mid-search, in every mode', () => {
    for (const s of [tpeSampler, createTpeSampler({ multivariate: false }), createTpeSampler({ group: false }), createTpeSampler({ constantLiar: false, startup: 'random' })]) {
      const plain = runSearch(s, conditionalSpace, objective, 35, 3, { parallel: 3 });
      const again = runSearch(s, conditionalSpace, objective, 35, 3, { parallel: 3, roundTripAt: 17 });
      expect(again.history.map((t) => t.params)).toEqual(plain.history.map((t) => t.params));
      expect(again.states).toEqual(plain.states);
      for (const t of plain.history) expect(checkSuggestion(conditionalSpace, t.params)).toEqual([]);
    }
  });

  it('constant liar: a running trial in the history changes the next suggestion', () => {
    const base = runSearch(tpeSampler, braninSpace, branin, 30, 11).history;
    const state = tpeSampler.init(99);
    const first = tpeSampler.ask({ space: braninSpace, history: base, direction: 'minimize' }, state);
    const withRunning: TrialRecord[] = [...base, { number: 30, params: first.params, state: 'running' }];
    const second = tpeSampler.ask({ space: braninSpace, history: withRunning, direction: 'minimize' }, state);
    expect(second.params).not.toEqual(first.params);
    // Many parallel asks spread out instead of piling onto one point.
    const pile: TrialRecord[] = [...base];
    let s = state;
    for (let i = 0; i < 6; i++) {
      const r = tpeSampler.ask({ space: braninSpace, history: pile, direction: 'minimize' }, s);
      s = r.state;
      pile.push({ number: 30 + i, params: r.params, state: 'running' });
    }
    expect(new Set(pile.slice(30).map((t) => paramsKey(braninSpace, t.params))).size).toBe(6);
  });

  it('never suggests a configuration already in the history when a fresh one exists', () => {
    const small: SearchSpace = {
      params: [
        { name: 'k', dist: { type: 'categorical', choices: ['x', 'y', 'z'] } },
        { name: 'n', dist: { type: 'int', low: 1, high: 4 } },
      ],
    };
    const sampler = createTpeSampler({ nStartupTrials: 3 });
    const { history } = runSearch(sampler, small, (p) => (p.n as number) + (p.k === 'y' ? 0 : 1), 12, 5, { parallel: 2 });
    expect(new Set(history.map((t) => paramsKey(small, t.params))).size).toBe(12);
    // Full grid taken: still answers (with a repeat).
    const r = sampler.ask({ space: small, history, direction: 'minimize' }, sampler.init(1));
    expect(checkSuggestion(small, r.params)).toEqual([]);
  });

  it('ignores failed trials and handles pruned ones', () => {
    // Trials fail right next to the optimum: ignored failures leave that region looking
    // attractive (Optuna's behaviour, `failed: 'ignore'`); the default counts them as bad.
    const fails = (p: ParamValues) => ((p.x as number) > 2.5 ? 'fail' : branin(p));
    const failedLate = (s: typeof tpeSampler) => seeds.map((seed) => runSearch(s, braninSpace, fails, 40, seed).history.slice(20).filter((t) => t.state === 'failed').length);
    const ignoring = failedLate(createTpeSampler({ failed: 'ignore' }));
    const avoiding = failedLate(tpeSampler);
    expect(median(avoiding)).toBeLessThan(median(ignoring));
    expect(median(avoiding)).toBeLessThan(8);

    const allFailed: TrialRecord[] = Array.from({ length: 15 }, (_, i) => ({ number: i, params: { x: i / 2, y: 1 }, state: 'failed' }));
    const r = tpeSampler.ask({ space: braninSpace, history: allFailed, direction: 'minimize' }, tpeSampler.init(0));
    expect(checkSuggestion(braninSpace, r.params)).toEqual([]);
  });

  it('splits by value, pruned trials by progress, running trials above, failed nowhere', () => {
    const t = (number: number, state: TrialRecord['state'], value?: number, intermediate?: Record<string, number>): TrialRecord => ({ number, params: {}, state, value, intermediate });
    const history = [
      t(0, 'complete', 5),
      t(1, 'complete', 1),
      t(2, 'failed'),
      t(3, 'running'),
      t(4, 'pruned', 0.5, { '1': 0.9, '3': 0.5 }),
      t(5, 'pruned', 0.1, { '1': 0.1 }),
      t(6, 'complete', 3),
      t(7, 'pruned', 0.05),
      t(8, 'complete', NaN),
    ];
    const nums = (xs: TrialRecord[]) => xs.map((x) => x.number);
    let s = splitTrials(history, 2, 'minimize', true);
    expect(nums(s.below)).toEqual([1, 6]);
    expect(nums(s.above)).toEqual([0, 3, 4, 5, 7]);
    s = splitTrials(history, 4, 'minimize', true);
    expect(nums(s.below)).toEqual([0, 1, 4, 6]); // pruned 4 reached step 3, beats 5 (step 1)
    s = splitTrials(history, 5, 'minimize', false);
    expect(nums(s.below)).toEqual([0, 1, 4, 5, 6]);
    expect(nums(s.above)).toEqual([7]);
    s = splitTrials(history, 1, 'maximize', true);
    expect(nums(s.below)).toEqual([0]);
    s = splitTrials(history, 2, 'minimize', false, true);
    expect(nums(s.above)).toEqual([0, 2, 4, 5, 7, 8]);
  });

  it('gamma and weights follow the defaults', () => {
    expect([0, 1, 10, 11, 100, 250, 1000].map(defaultGamma)).toEqual([0, 1, 2, 2, 15, 25, 25]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30);
    expect(w[4]).toBeCloseTo(1);
    expect(w.slice(5)).toEqual(new Array(25).fill(1));
  });

  it('groups parameters by condition chain in multivariate mode', () => {
    const names = (gs: number[][]) => gs.map((g) => g.map((i) => conditionalSpace.params[i].name));
    expect(names(parameterGroups(conditionalSpace, true, true))).toEqual([
      ['classifier', 'features__body__minDf', 'features__body__maxFeatures', 'features__body__ngramMax', 'features__body__sublinear', 'combine__weights__body'],
      ['classifier__C'],
      ['classifier__kernel'],
      ['classifier__gamma'],
      ['classifier__alpha'],
    ]);
    expect(parameterGroups(conditionalSpace, false, true)).toHaveLength(conditionalSpace.params.length);
  });

  it('answers with a long history (1,000 trials, some running, pruned and failed)', () => {
    let rs = randomSampler.init(1);
    const history: TrialRecord[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = randomSampler.ask({ space: conditionalSpace, history, direction: 'minimize' }, rs);
      rs = r.state;
      const state: TrialRecord['state'] = i % 17 === 0 ? 'running' : i % 13 === 0 ? 'failed' : i % 11 === 0 ? 'pruned' : 'complete';
      history.push({ number: i, params: r.params, state, value: state === 'complete' || state === 'pruned' ? objective(r.params) : undefined, intermediate: state === 'pruned' ? { '1': objective(r.params) } : undefined });
    }
    let s = tpeSampler.init(5);
    for (let k = 0; k < 3; k++) {
      const r = tpeSampler.ask({ space: conditionalSpace, history, direction: 'minimize' }, s);
      s = r.state;
      expect(checkSuggestion(conditionalSpace, r.params)).toEqual([]);
    }
  });

  it('rejects bad options', () => {
    expect(() => createTpeSampler({ nEiCandidates: 0 })).toThrow(/nEiCandidates/);
    expect(() => createTpeSampler({ nStartupTrials: -1 })).toThrow(/nStartupTrials/);
    expect(() => createTpeSampler({ failed: 'skip' as 'ignore' })).toThrow(/failed/);
  });
});
