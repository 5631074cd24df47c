import { describe, expect, it } from 'vitest';
import { createGridSampler, Grid, gridSampler, paramsKey, type SearchSpace, type TrialRecord } from '../../../search-spaces/index.js';
import { checkSuggestion } from './helpers.js';

const space: SearchSpace = {
  params: [
    { name: 'classifier', dist: { type: 'categorical', choices: ['logreg', 'svm'] } },
    { name: 'classifier__C', dist: { type: 'float', low: 0.01, high: 100, log: true }, condition: { param: 'classifier', in: ['logreg'] } },
    { name: 'classifier__kernel', dist: { type: 'categorical', choices: ['linear', 'rbf'] }, condition: { param: 'classifier', in: ['svm'] } },
    { name: 'classifier__degree', dist: { type: 'int', low: 2, high: 4 }, condition: { param: 'classifier__kernel', in: ['rbf'] } },
    { name: 'w', dist: { type: 'float', low: 0.5, high: 1.5, step: 0.5 } },
  ],
};
// logreg: 5 C values; svm: linear (1) + rbf (3 degrees) = 4; times 3 weights
const expected = (5 + 4) * 3;

describe('grid sampler', () => {
  it('counts a conditional grid as a tree', () => {
    expect(new Grid(space, 5).size).toBe(expected);
    expect(new Grid(space, 2).size).toBe((2 + 4) * 3);
    const points = Array.from({ length: expected }, (_, i) => new Grid(space, 5).point(i));
    expect(new Set(points.map((p) => paramsKey(space, p))).size).toBe(expected);
    for (const p of points) expect(checkSuggestion(space, p)).toEqual([]);
    expect(points.filter((p) => p.classifier === 'logreg').map((p) => p.classifier__C)).toContain(100);
  });

  it('covers every point exactly once, then reports exhaustion', () => {
    const history: TrialRecord[] = [];
    let state = gridSampler.init(1);
    for (let i = 0; i < expected; i++) {
      const r = gridSampler.ask({ space, history, direction: 'minimize' }, state);
      expect(r.exhausted).toBeUndefined();
      state = JSON.parse(JSON.stringify(r.state));
      history.push({ number: i, params: r.params, state: i % 4 === 0 ? 'running' : 'complete', value: i });
    }
    expect(new Set(history.map((t) => paramsKey(space, t.params))).size).toBe(expected);
    const r = gridSampler.ask({ space, history, direction: 'minimize' }, state);
    expect(r.exhausted).toBe(true);
    expect(checkSuggestion(space, r.params)).toEqual([]);
  });

  it('never repeats a point held by a running trial (parallel asks)', () => {
    const history: TrialRecord[] = [];
    let state = gridSampler.init(2);
    for (let i = 0; i < 10; i++) {
      const r = gridSampler.ask({ space, history, direction: 'maximize' }, state);
      state = r.state;
      history.push({ number: i, params: r.params, state: 'running' });
    }
    expect(new Set(history.map((t) => paramsKey(space, t.params))).size).toBe(10);
  });

  it('is deterministic per seed and honours floatPoints', () => {
    const run = (seed: number) => {
      const history: TrialRecord[] = [];
      let state = gridSampler.init(seed);
      for (let i = 0; i < 8; i++) {
        const r = gridSampler.ask({ space, history, direction: 'minimize' }, state);
        state = r.state;
        history.push({ number: i, params: r.params, state: 'complete', value: 0 });
      }
      return history.map((t) => t.params);
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
    const s3 = createGridSampler({ floatPoints: 3 });
    const small: SearchSpace = { params: [{ name: 'x', dist: { type: 'float', low: 1, high: 100, log: true } }] };
    const seen = new Set<unknown>();
    const history: TrialRecord[] = [];
    let state = s3.init(0);
    for (let i = 0; i < 3; i++) {
      const r = s3.ask({ space: small, history, direction: 'minimize' }, state);
      state = r.state;
      seen.add(r.params.x);
      history.push({ number: i, params: r.params, state: 'failed' });
    }
    expect([...seen].sort((a, b) => (a as number) - (b as number))).toEqual([1, 10, 100]);
    expect(s3.ask({ space: small, history, direction: 'minimize' }, state).exhausted).toBe(true);
  });
});
