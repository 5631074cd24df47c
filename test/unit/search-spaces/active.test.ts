import { describe, expect, it } from 'vitest';
import { activeParams, ConfigSet, paramsKey, projectActive, Rng, sampleRandom, seedRng, type ParamValues } from '../../../search-spaces/index.js';
import { conditionalSpace } from './helpers.js';

const always = ['features__body__minDf', 'features__body__maxFeatures', 'features__body__ngramMax', 'features__body__sublinear', 'combine__weights__body'];

describe('activeParams', () => {
  it('follows the condition chain', () => {
    expect(activeParams(conditionalSpace, { classifier: 'logreg' })).toEqual(['classifier', 'classifier__C', ...always]);
    expect(activeParams(conditionalSpace, { classifier: 'svm', classifier__kernel: 'rbf' })).toEqual(['classifier', 'classifier__C', 'classifier__kernel', 'classifier__gamma', ...always]);
    expect(activeParams(conditionalSpace, { classifier: 'svm', classifier__kernel: 'linear' })).toEqual(['classifier', 'classifier__C', 'classifier__kernel', ...always]);
    expect(activeParams(conditionalSpace, { classifier: 'nb' })).toEqual(['classifier', 'classifier__alpha', ...always]);
  });

  it('a child of an inactive parent is inactive even when its own condition value is present', () => {
    expect(activeParams(conditionalSpace, { classifier: 'logreg', classifier__kernel: 'rbf' })).not.toContain('classifier__gamma');
  });

  it('projectActive and paramsKey ignore inactive and unknown keys', () => {
    const a = { classifier: 'nb', classifier__alpha: 0.3, classifier__C: 3, junk: 1 };
    expect(projectActive(conditionalSpace, a)).toEqual({ classifier: 'nb', classifier__alpha: 0.3 });
    expect(paramsKey(conditionalSpace, a)).toBe(paramsKey(conditionalSpace, { classifier: 'nb', classifier__alpha: 0.3 }));
    expect(paramsKey(conditionalSpace, a)).not.toBe(paramsKey(conditionalSpace, { classifier: 'nb', classifier__alpha: 0.4 }));
  });
});

describe('ConfigSet.ofHistory', () => {
  const space = conditionalSpace;
  const record = (params: ParamValues) => ({ params });
  const randomConfigs = (seed: number, n: number) => {
    const rng = Rng.fromState(seedRng(seed));
    return Array.from({ length: n }, () => sampleRandom(space, rng));
  };
  /** Whether `set` holds exactly `inside` among `probes`. */
  const holdsExactly = (set: ConfigSet, inside: readonly ParamValues[], probes: readonly ParamValues[]) => {
    for (const p of probes) expect(set.has(p), JSON.stringify(p)).toBe(inside.some((c) => paramsKey(space, c) === paramsKey(space, p)));
  };

  it('answers as a fresh set while a history grows by appending, extending the set it built before', () => {
    const configs = randomConfigs(1, 60);
    const probes = [...configs, ...randomConfigs(2, 40)];
    const history: { params: ParamValues }[] = [];
    let first: ConfigSet | undefined;
    for (let n = 0; n <= configs.length; n += 7) {
      while (history.length < n) history.push(record(configs[history.length]));
      const set = ConfigSet.ofHistory(space, history);
      first ??= set;
      expect(set).toBe(first); // extended, not rebuilt
      holdsExactly(set, history.map((t) => t.params), probes);
    }
  });

  it('starts afresh when the history is not an extension of the last one: shorter, a record replaced, another study', () => {
    const configs = randomConfigs(3, 30);
    const other = randomConfigs(4, 30);
    const probes = [...configs, ...other];
    const long = configs.map(record);
    const a = ConfigSet.ofHistory(space, long);
    holdsExactly(a, configs, probes);
    const short = long.slice(0, 10);
    const b = ConfigSet.ofHistory(space, short);
    expect(b).not.toBe(a);
    holdsExactly(b, configs.slice(0, 10), probes);
    const replaced = [...short.slice(0, 5), record(other[0]), ...short.slice(6)];
    holdsExactly(ConfigSet.ofHistory(space, replaced), replaced.map((t) => t.params), probes);
    // Two studies on the same space, asked in turn: each gets its own configurations.
    const s1 = configs.slice(0, 20).map(record);
    const s2 = other.slice(0, 20).map(record);
    for (let round = 0; round < 3; round++) {
      s1.push(record(configs[20 + round]));
      s2.push(record(other[20 + round]));
      holdsExactly(ConfigSet.ofHistory(space, s1), s1.map((t) => t.params), probes);
      holdsExactly(ConfigSet.ofHistory(space, s2), s2.map((t) => t.params), probes);
    }
  });
});
