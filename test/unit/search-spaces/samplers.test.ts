/**
 * Conformance suite: every registered sampler must pass it.
 */
import { describe, expect, it } from 'vitest';
import { getSampler, SAMPLER_NAMES, type ParamValues, type SearchSpace } from '../../../search-spaces/index.js';
import { checkSuggestion, conditionalSpace, runSearch } from './helpers.js';

const objective = (p: ParamValues) => {
  const c = typeof p.classifier__C === 'number' ? Math.log10(p.classifier__C) : 0;
  return (c - 1) ** 2 + (p.classifier === 'svm' ? 0 : 0.5) + Math.abs((p.combine__weights__body as number) - 1);
};

const boundsSpace: SearchSpace = {
  params: [
    { name: 'i', dist: { type: 'int', low: -3, high: 3 } },
    { name: 'is', dist: { type: 'int', low: 0, high: 12, step: 4 } },
    { name: 'il', dist: { type: 'int', low: 1, high: 1000, log: true } },
    { name: 'f', dist: { type: 'float', low: -1, high: 1 } },
    { name: 'fs', dist: { type: 'float', low: 0.1, high: 0.5, step: 0.1 } },
    { name: 'fl', dist: { type: 'float', low: 1e-4, high: 1e-1, log: true } },
    { name: 'fc', dist: { type: 'float', low: 2, high: 2 } },
    { name: 'c', dist: { type: 'categorical', choices: ['a', 1, true, null] } },
  ],
};

describe('getSampler', () => {
  it('knows the names and rejects others naming the known ones', () => {
    expect(SAMPLER_NAMES).toEqual(expect.arrayContaining(['random', 'grid', 'qmc', 'tpe']));
    for (const n of SAMPLER_NAMES) expect(getSampler(n).name).toBe(n);
    expect(() => getSampler('cmaes')).toThrow(/unknown sampler "cmaes".*random/);
  });
});

describe.each(SAMPLER_NAMES.map((n) => [n]))('sampler conformance: %s', (name) => {
  const sampler = getSampler(name);
  const n = name === 'grid' ? 60 : 120;

  it('suggestions stay inside bounds (int, step, log, categorical)', () => {
    const { history } = runSearch(sampler, boundsSpace, (p) => ((p.f as number) - 0.3) ** 2 + Math.log((p.il as number) / 30) ** 2, n, 3);
    const seen = { is: new Set<unknown>(), fs: new Set<unknown>(), c: new Set<unknown>() };
    for (const t of history) {
      expect(checkSuggestion(boundsSpace, t.params)).toEqual([]);
      seen.is.add(t.params.is);
      seen.fs.add(t.params.fs);
      seen.c.add(t.params.c);
    }
    if (name !== 'grid') {
      expect([...seen.is].sort()).toEqual([0, 12, 4, 8]);
      expect(seen.fs.size).toBe(5);
      expect(seen.c.size).toBe(4);
    }
  });

  it('conditional parameters appear only when active', () => {
    const { history } = runSearch(sampler, conditionalSpace, objective, n, 5, { parallel: 3 });
    for (const t of history) expect(checkSuggestion(conditionalSpace, t.params)).toEqual([]);
    expect(new Set(history.map((t) => t.params.classifier)).size).toBeGreaterThan(1);
  });

  it('same seed, same sequence; another seed, another sequence', () => {
    const a = runSearch(sampler, conditionalSpace, objective, 40, 9, { parallel: 2 });
    const b = runSearch(sampler, conditionalSpace, objective, 40, 9, { parallel: 2 });
    const c = runSearch(sampler, conditionalSpace, objective, 40, 10, { parallel: 2 });
    expect(b.history.map((t) => t.params)).toEqual(a.history.map((t) => t.params));
    expect(c.history.map((t) => t.params)).not.toEqual(a.history.map((t) => t.params));
  });

  it('state is JSON and a JSON round trip mid-search continues identically', () => {
    const plain = runSearch(sampler, conditionalSpace, objective, 40, 4, { parallel: 2 });
    const tripped = runSearch(sampler, conditionalSpace, objective, 40, 4, { parallel: 2, roundTripAt: 23 });
    expect(tripped.history.map((t) => t.params)).toEqual(plain.history.map((t) => t.params));
    for (const s of plain.states) expect(JSON.stringify(JSON.parse(s))).toBe(s);
  });

  it('does not mutate the history or the state it is given', () => {
    const { history } = runSearch(sampler, conditionalSpace, objective, 15, 2);
    const state = sampler.init(1);
    const before = JSON.stringify({ history, state });
    sampler.ask({ space: conditionalSpace, history, direction: 'minimize' }, state);
    expect(JSON.stringify({ history, state })).toBe(before);
  });

  it('does not repeat a configuration in a small discrete space while fresh ones exist', () => {
    const small: SearchSpace = {
      params: [
        { name: 'k', dist: { type: 'categorical', choices: ['x', 'y', 'z'] } },
        { name: 'n', dist: { type: 'int', low: 1, high: 3 } },
        { name: 'm', dist: { type: 'int', low: 0, high: 10, step: 5 }, condition: { param: 'k', in: ['z'] } },
      ],
    };
    // 3 + 3 + 9 = 15 configurations
    const { history } = runSearch(sampler, small, (p) => (p.n as number) + (p.k === 'y' ? 0 : 1), 12, 8, { parallel: 2 });
    expect(new Set(history.map((t) => JSON.stringify(t.params))).size).toBe(12);
  });

  it('rejects an invalid space with the problems', () => {
    expect(() => sampler.ask({ space: { params: [{ name: 'x', dist: { type: 'float', low: 1, high: 0 } }] }, history: [], direction: 'minimize' }, sampler.init(0))).toThrow(/x: empty range/);
  });
});
