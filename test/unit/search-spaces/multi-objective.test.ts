/**
 * Pareto helpers, hypervolume (against hand-computed values) and MOTPE, which must beat random
 * sampling by hypervolume on ZDT1.
 */
import { describe, expect, it } from 'vitest';
import {
  createMotpeSampler,
  dominates,
  getSampler,
  hypervolume,
  hypervolume2d,
  nonDominatedRanks,
  paretoFront,
  referencePoint,
  selectByHypervolume,
  selectGood,
  toMinimization,
  type Direction,
  type ParamValues,
  type Sampler,
  type SearchSpace,
  type TrialRecord,
} from '../../../search-spaces/index.js';
import { checkSuggestion, median } from './helpers.js';

describe('Pareto front and non-dominated sort', () => {
  const pts = [
    [1, 5],
    [2, 3],
    [3, 4], // dominated by [2, 3]
    [4, 1],
    [2, 3], // equal to index 1: neither dominates
    [5, 5], // dominated by everything but itself
  ];

  it('dominance is strict in at least one objective', () => {
    expect(dominates([1, 1], [1, 2])).toBe(true);
    expect(dominates([1, 2], [1, 2])).toBe(false);
    expect(dominates([0, 3], [1, 2])).toBe(false);
  });

  it('the front keeps the non-dominated points, equal ones included', () => {
    expect(paretoFront(pts)).toEqual([0, 1, 3, 4]);
  });

  it('ranks peel the fronts one after the other', () => {
    expect(nonDominatedRanks(pts)).toEqual([0, 0, 1, 0, 0, 2]);
    // Stops once enough are ranked: the rest stay unranked.
    expect(nonDominatedRanks(pts, 2)).toEqual([0, 0, Infinity, 0, 0, Infinity]);
  });

  it('maximised objectives are negated', () => {
    expect(toMinimization([1, 2], ['minimize', 'maximize'] as Direction[])).toEqual([1, -2]);
  });
});

describe('hypervolume', () => {
  it('2-D staircase against the hand-computed area', () => {
    // (4-1)(4-3) + (4-2)(3-2) + (4-3)(2-1) = 3 + 2 + 1
    expect(hypervolume2d([[1, 3], [2, 2], [3, 1]], [4, 4])).toBeCloseTo(6, 12);
    // Dominated, duplicate and outside points add nothing.
    expect(hypervolume2d([[1, 3], [2, 2], [3, 1], [3, 3], [2, 2], [5, 0], [0, 4]], [4, 4])).toBeCloseTo(6, 12);
    expect(hypervolume2d([], [1, 1])).toBe(0);
  });

  it('3-D by slicing: one box, and two overlapping boxes', () => {
    expect(hypervolume([[1, 1, 1]], [2, 2, 2])).toBeCloseTo(1, 12);
    // [0,2]x[1,2]x[1,2] (2) + [1,2]x[0,2]x[1,2] (2) - overlap [1,2]^3 (1)
    expect(hypervolume([[0, 1, 1], [1, 0, 1]], [2, 2, 2])).toBeCloseTo(3, 12);
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBeCloseTo(6, 12);
  });

  it('greedy subset selection takes the largest contribution first', () => {
    // Alone: [1,3] covers 3, [2,2] covers 4, [3,1] covers 3.
    expect(selectByHypervolume([[1, 3], [2, 2], [3, 1]], 1, [4, 4])).toEqual([1]);
    // Then [1,3] adds (2-1)(4-3) = 1 and [3,1] adds 1: the lower index wins the tie.
    expect(selectByHypervolume([[1, 3], [2, 2], [3, 1]], 2, [4, 4])).toEqual([1, 0]);
    const ref = referencePoint([[0, 10], [10, 0]]);
    expect(ref).toEqual([11, 11]);
  });

  it('the good set takes whole ranks, then the best contributors of the next', () => {
    const pts = [[1, 5], [5, 1], [3, 3], [6, 6], [2, 6], [6, 2], [4, 4.5]];
    // rank 0: 0, 1, 2; rank 1: 4, 5, 6; rank 2: 3
    expect(selectGood(pts, 3).sort()).toEqual([0, 1, 2]);
    const four = selectGood(pts, 4);
    expect(four.slice(0, 3).sort()).toEqual([0, 1, 2]);
    expect([4, 5, 6]).toContain(four[3]);
    expect(selectGood(pts, 10).length).toBe(7);
    expect(selectGood(pts, 0)).toEqual([]);
  });
});

/** ZDT1 with 4 variables: f1 = x1, f2 = g (1 - sqrt(x1 / g)), g = 1 + 9 mean(x2..x4); front at x2..x4 = 0. */
const zdtSpace: SearchSpace = { params: [1, 2, 3, 4].map((i) => ({ name: `x${i}`, dist: { type: 'float' as const, low: 0, high: 1 } })) };
function zdt1(p: ParamValues): number[] {
  const x = [1, 2, 3, 4].map((i) => p[`x${i}`] as number);
  const g = 1 + (9 * (x[1] + x[2] + x[3])) / 3;
  return [x[0], g * (1 - Math.sqrt(x[0] / g))];
}

function moSearch(sampler: Sampler<unknown>, n: number, seed: number, directions: Direction[] = ['minimize', 'minimize']): TrialRecord[] {
  const history: TrialRecord[] = [];
  let state = sampler.init(seed);
  for (let i = 0; i < n; i++) {
    const r = sampler.ask({ space: zdtSpace, history, direction: directions[0], directions }, state);
    state = r.state;
    const values = zdt1(r.params).map((v, j) => (directions[j] === 'maximize' ? -v : v));
    history.push({ number: i, params: r.params, state: 'complete', values, value: values[0] });
  }
  return history;
}

const REF = [1.1, 1.1];
const hvOf = (h: TrialRecord[]) => hypervolume2d(h.map((t) => zdt1(t.params)), REF);

describe('MOTPE', () => {
  it('beats random sampling by hypervolume on ZDT1 over several seeds', () => {
    const seeds = [0, 1, 2, 3, 4, 5];
    const motpe = seeds.map((s) => hvOf(moSearch(getSampler('motpe'), 80, s)));
    const random = seeds.map((s) => hvOf(moSearch(getSampler('random'), 80, s)));
    expect(median(motpe)).toBeGreaterThan(median(random) + 0.05);
    expect(motpe.filter((hv, i) => hv > random[i]).length).toBeGreaterThanOrEqual(5);
  });

  it('reads the directions: maximising a negated objective is the same search', () => {
    const a = moSearch(createMotpeSampler(), 30, 3);
    const b = moSearch(createMotpeSampler(), 30, 3, ['minimize', 'maximize']);
    expect(b.map((t) => t.params)).toEqual(a.map((t) => t.params));
    for (const t of b) expect(checkSuggestion(zdtSpace, t.params)).toEqual([]);
  });

  it('the good set steers the search: without directions the first objective alone is optimised', () => {
    const multi = moSearch(createMotpeSampler(), 40, 1);
    const history: TrialRecord[] = multi.slice(0, 20).map((t) => ({ number: t.number, params: t.params, state: 'complete', value: t.values![0] }));
    const sampler = createMotpeSampler();
    const single = sampler.ask({ space: zdtSpace, history, direction: 'minimize' }, sampler.init(1)).params;
    const both = sampler.ask({ space: zdtSpace, history: multi.slice(0, 20), direction: 'minimize', directions: ['minimize', 'minimize'] }, sampler.init(1)).params;
    expect(single).not.toEqual(both);
  });

  it('counts a complete trial without a full finite vector as failed, and rejects a bad gamma', () => {
    const h = moSearch(createMotpeSampler(), 15, 2);
    const broken: TrialRecord[] = h.map((t, i) => (i % 3 === 0 ? { ...t, values: [NaN, 1] } : i % 3 === 1 ? { ...t, values: [1] } : t));
    const sampler = createMotpeSampler();
    const r = sampler.ask({ space: zdtSpace, history: broken, direction: 'minimize', directions: ['minimize', 'minimize'] }, sampler.init(0));
    expect(checkSuggestion(zdtSpace, r.params)).toEqual([]);
    expect(() => createMotpeSampler({ gamma: 0 })).toThrow(/gamma/);
  });
});
