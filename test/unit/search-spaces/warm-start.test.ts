import { describe, expect, it } from 'vitest';
import { getSampler, paramsKey, randomSampler, tpeSampler, validateSamplerOptions, withWarmStart, type ParamValues } from '../../../search-spaces/index.js';
import { checkSuggestion, conditionalSpace, runSearch } from './helpers.js';

const objective = (p: ParamValues) => (typeof p.classifier__C === 'number' ? Math.log10(p.classifier__C) ** 2 : 3);

describe('warm start', () => {
  const full: ParamValues = {
    classifier: 'nb',
    classifier__alpha: 0.5,
    features__body__minDf: 2,
    features__body__maxFeatures: 5000,
    features__body__ngramMax: 3,
    features__body__sublinear: true,
    combine__weights__body: 1,
  };

  it('hands out enqueued configurations first, completing partial ones, then the wrapped sampler', () => {
    const s = withWarmStart(tpeSampler, [full, { classifier: 'svm', classifier__kernel: 'rbf' }, { classifier: 'logreg', classifier__C: 10, classifier__kernel: 'rbf' }]);
    const { history } = runSearch(s, conditionalSpace, objective, 20, 1);
    expect(history[0].params).toEqual(full);
    expect(history[1].params).toMatchObject({ classifier: 'svm', classifier__kernel: 'rbf' });
    expect(typeof history[1].params.classifier__gamma).toBe('number');
    expect(history[2].params).toMatchObject({ classifier: 'logreg', classifier__C: 10 });
    expect(history[2].params).not.toHaveProperty('classifier__kernel'); // inactive key dropped
    for (const t of history) expect(checkSuggestion(conditionalSpace, t.params)).toEqual([]);
    expect(new Set(history.map((t) => paramsKey(conditionalSpace, t.params))).size).toBe(20);
  });

  it('a fully specified configuration leaves the wrapped sampler untouched', () => {
    const s = withWarmStart(randomSampler, [full]);
    const st = s.init(4);
    const r = s.ask({ space: conditionalSpace, history: [], direction: 'minimize' }, st);
    expect(r.state.inner).toEqual(st.inner);
    const after = s.ask({ space: conditionalSpace, history: [{ number: 0, params: r.params, state: 'complete', value: 1 }], direction: 'minimize' }, r.state);
    expect(after.params).toEqual(randomSampler.ask({ space: conditionalSpace, history: [], direction: 'minimize' }, randomSampler.init(4)).params);
  });

  it('skips configurations already in the history and survives a JSON round trip', () => {
    const s = withWarmStart(randomSampler, [full, { ...full, classifier__alpha: 0.7 }]);
    const r = s.ask({ space: conditionalSpace, history: [{ number: 0, params: full, state: 'failed' }], direction: 'minimize' }, JSON.parse(JSON.stringify(s.init(0))));
    expect(r.params.classifier__alpha).toBe(0.7);
    expect(r.state.next).toBe(2);
  });

  it('rejects configurations with unknown names or impossible values', () => {
    const s = withWarmStart(randomSampler, [{ classifier: 'rf' }]);
    expect(() => s.ask({ space: conditionalSpace, history: [], direction: 'minimize' }, s.init(0))).toThrow(/configuration 0: classifier: "rf" is not a value/);
    const u = withWarmStart(randomSampler, [{ nope: 1 }]);
    expect(() => u.ask({ space: conditionalSpace, history: [], direction: 'minimize' }, u.init(0))).toThrow(/nope: not a parameter/);
  });
});

describe('getSampler options', () => {
  it('configures samplers from JSON options and enqueues', () => {
    const s = getSampler('tpe', { name: 'tpe', nStartupTrials: 3, multivariate: false, gamma: 0.2, failed: 'ignore', enqueue: [full()] });
    const { history } = runSearch(s, conditionalSpace, objective, 8, 2);
    expect(history[0].params).toEqual(full());
    const g = getSampler('grid', { floatPoints: 2 });
    expect(g.name).toBe('grid');
  });

  it('lists problems with options', () => {
    expect(validateSamplerOptions('tpe', { nStartupTrials: 2.5, bogus: 1, startup: 'sobol', multivariate: 'yes' })).toEqual([
      'sampler tpe: option "nStartupTrials" must be an integer, got 2.5',
      expect.stringMatching(/^sampler tpe: unknown option "bogus"; known options: enqueue, nStartupTrials/),
      'sampler tpe: option "startup" must be one of "qmc", "random", got "sobol"',
      'sampler tpe: option "multivariate" must be a boolean, got "yes"',
    ]);
    expect(validateSamplerOptions('random', { floatPoints: 3 })[0]).toMatch(/unknown option "floatPoints"/);
    expect(() => getSampler('tpe', { gamma: 2 })).toThrow(/gamma/);
    expect(() => getSampler('nope', {})).toThrow(/known samplers: random, grid, qmc, tpe/);
  });
});

function full(): ParamValues {
  return { classifier: 'logreg', classifier__C: 1, features__body__minDf: 1, features__body__maxFeatures: 100, features__body__ngramMax: 1, features__body__sublinear: false, combine__weights__body: 2 };
}
