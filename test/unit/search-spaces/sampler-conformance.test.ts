/**
 * Conformance suite: every registered sampler, in each configuration it supports (the options
 * in its registry entry), over the same spaces. Adding a sampler or an option to the registry
 * without a configuration here fails the coverage test at the top.
 */
import { describe, expect, it } from 'vitest';
import { SAMPLERS } from '../../../search-spaces/samplers.js';
import { activeParams, sampleRandom, Rng, seedRng, type Direction, type ParamValues, type Sampler, type SearchSpace, type TrialRecord } from '../../../search-spaces/index.js';
import { checkSuggestion, conditionalSpace, runSearch, type RunOptions } from './helpers.js';

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

const smallSpace: SearchSpace = {
  params: [
    { name: 'k', dist: { type: 'categorical', choices: ['x', 'y', 'z'] } },
    { name: 'n', dist: { type: 'int', low: 1, high: 3 } },
    { name: 'm', dist: { type: 'int', low: 0, high: 10, step: 5 }, condition: { param: 'k', in: ['z'] } },
  ],
};

/** Warm-start configurations for a space: a full one (the lowest value or first choice of every active parameter) and a partial one. */
function enqueueFor(space: SearchSpace): ParamValues[] {
  const full: ParamValues = {};
  for (const name of activeParams(space, Object.fromEntries(space.params.map((p) => [p.name, p.dist.type === 'categorical' ? p.dist.choices[0] : p.dist.low])))) {
    const p = space.params.find((q) => q.name === name)!;
    full[name] = p.dist.type === 'categorical' ? p.dist.choices[0] : p.dist.low;
  }
  const first = space.params[0];
  const partial: ParamValues = { [first.name]: first.dist.type === 'categorical' ? first.dist.choices[first.dist.choices.length - 1] : first.dist.high };
  return [full, partial];
}

interface Configuration {
  label: string;
  sampler: string;
  options: (space: SearchSpace) => Record<string, unknown>;
  /** Multi-objective: asks carry these directions and trials a second objective in `values`. */
  directions?: Direction[];
}

/** A second objective that conflicts with the first: small models (low C, few features) score worse. */
const secondObjective = (p: ParamValues): number => {
  const nums = Object.values(p).filter((v): v is number => typeof v === 'number');
  return nums.reduce((a, v) => a + Math.log1p(Math.abs(v)), 0);
};

const fixed = (o: Record<string, unknown>) => () => o;

const CONFIGURATIONS: Configuration[] = [
  { label: 'random', sampler: 'random', options: fixed({}) },
  { label: 'random + enqueue', sampler: 'random', options: (s) => ({ enqueue: enqueueFor(s) }) },
  { label: 'grid', sampler: 'grid', options: fixed({}) },
  { label: 'grid floatPoints 3', sampler: 'grid', options: fixed({ floatPoints: 3 }) },
  { label: 'grid + enqueue', sampler: 'grid', options: (s) => ({ enqueue: enqueueFor(s) }) },
  { label: 'qmc', sampler: 'qmc', options: fixed({}) },
  { label: 'qmc + enqueue', sampler: 'qmc', options: (s) => ({ enqueue: enqueueFor(s) }) },
  { label: 'tpe defaults', sampler: 'tpe', options: fixed({}) },
  { label: 'tpe multivariate', sampler: 'tpe', options: fixed({ nStartupTrials: 5, multivariate: true, group: true }) },
  { label: 'tpe multivariate ungrouped', sampler: 'tpe', options: fixed({ nStartupTrials: 5, multivariate: true, group: false, nEiCandidates: 8 }) },
  { label: 'tpe univariate', sampler: 'tpe', options: fixed({ nStartupTrials: 5, multivariate: false }) },
  {
    label: 'tpe tuned',
    sampler: 'tpe',
    options: fixed({ nStartupTrials: 3, gamma: 0.25, priorWeight: 2, considerMagicClip: false, considerEndpoints: true, constantLiar: false, failed: 'ignore', startup: 'random' }),
  },
  { label: 'tpe + enqueue (warm start)', sampler: 'tpe', options: (s) => ({ nStartupTrials: 5, enqueue: enqueueFor(s) }) },
  { label: 'motpe two objectives', sampler: 'motpe', options: fixed({}), directions: ['minimize', 'maximize'] },
  { label: 'motpe single objective', sampler: 'motpe', options: fixed({ nStartupTrials: 4 }) },
  { label: 'motpe univariate', sampler: 'motpe', options: fixed({ nStartupTrials: 5, multivariate: false, gamma: 0.3 }), directions: ['minimize', 'minimize'] },
  {
    label: 'motpe tuned',
    sampler: 'motpe',
    options: fixed({ nStartupTrials: 3, nEiCandidates: 8, group: false, priorWeight: 2, considerMagicClip: false, considerEndpoints: true, constantLiar: false, failed: 'ignore', startup: 'random' }),
    directions: ['minimize', 'minimize'],
  },
  { label: 'motpe + enqueue (warm start)', sampler: 'motpe', options: (s) => ({ nStartupTrials: 5, enqueue: enqueueFor(s) }), directions: ['minimize', 'maximize'] },
];

const build = (c: Configuration, space: SearchSpace) => SAMPLERS.create(c.sampler, c.options(space));

/** runSearch with the configuration's sampler, multi-objective when the configuration is. */
function search(c: Configuration, space: SearchSpace, objective: (p: ParamValues) => number | 'fail', n: number, seed: number, opts: RunOptions = {}) {
  const multi = c.directions ? { directions: c.directions, values: (p: ParamValues) => [objective(p) as number, secondObjective(p)] } : undefined;
  return runSearch(build(c, space), space, objective, n, seed, { ...opts, multi });
}

/** `n` trials at random points of `space` (seeded), each made into a record by `make`. */
function randomTrials(space: SearchSpace, n: number, make: (i: number, params: ParamValues) => Partial<TrialRecord>): TrialRecord[] {
  const rng = Rng.fromState(seedRng(77));
  return Array.from({ length: n }, (_, i) => {
    const params = sampleRandom(space, rng);
    return { number: i, params, state: 'complete' as const, ...make(i, params) };
  });
}

/** Histories no sampler may crash on, each long enough to be past any start-up phase. */
const DEGENERATE: Record<string, TrialRecord[]> = {
  empty: [],
  'all failed': randomTrials(conditionalSpace, 30, () => ({ state: 'failed' })),
  'all pruned': randomTrials(conditionalSpace, 30, (i) => ({ state: 'pruned', intermediate: { '1': i % 7, ...(i % 2 ? { '2': 1 } : {}) } })),
  'all pruned, nothing reported': randomTrials(conditionalSpace, 30, () => ({ state: 'pruned' })),
  'all equal': randomTrials(conditionalSpace, 30, () => ({ value: 0.5, values: [0.5, 0.5] })),
  'all running': randomTrials(conditionalSpace, 30, () => ({ state: 'running' })),
  'non-finite values': randomTrials(conditionalSpace, 30, (i) => ({ value: [NaN, Infinity, -Infinity, undefined][i % 4], values: [[NaN, 1], [1], [], undefined][i % 4] as number[] | undefined })),
  mixed: randomTrials(conditionalSpace, 40, (i) => [{ value: i, values: [i, -i] }, { state: 'failed' as const }, { state: 'pruned' as const, intermediate: { '3': i } }, { state: 'running' as const }][i % 4]),
};

describe('sampler conformance coverage', () => {
  it('every registered sampler and each of its options appear in some configuration', () => {
    for (const entry of SAMPLERS.entries) {
      const used = new Set(CONFIGURATIONS.filter((c) => c.sampler === entry.name).flatMap((c) => Object.keys(c.options(conditionalSpace))));
      expect(CONFIGURATIONS.some((c) => c.sampler === entry.name), `no configuration for sampler ${entry.name}`).toBe(true);
      expect(Object.keys(entry.options).filter((k) => !used.has(k)), `sampler ${entry.name} options without a configuration`).toEqual([]);
    }
  });

  it('every configuration is valid against the registry', () => {
    for (const c of CONFIGURATIONS) expect(SAMPLERS.validate(c.sampler, c.options(conditionalSpace)), c.label).toEqual([]);
  });

  it('the defaults in the table are the defaults the samplers use', () => {
    for (const entry of SAMPLERS.entries) {
      const defaults = Object.fromEntries(Object.entries(entry.options).flatMap(([k, s]) => ('default' in s && s.default !== undefined ? [[k, s.default]] : [])));
      const plain = runSearch(SAMPLERS.create(entry.name), conditionalSpace, objective, 25, 6, { parallel: 2 });
      const explicit = runSearch(SAMPLERS.create(entry.name, defaults), conditionalSpace, objective, 25, 6, { parallel: 2 });
      expect(explicit.history.map((t) => t.params), entry.name).toEqual(plain.history.map((t) => t.params));
    }
  });
});

describe.each(CONFIGURATIONS.map((c) => [c.label, c] as const))('sampler conformance: %s', (_label, config) => {
  const n = config.sampler === 'grid' ? 60 : 120;

  it('suggestions stay inside bounds and have the right type (int, step, log, categorical)', () => {
    const f = (p: ParamValues) => ((p.f as number) - 0.3) ** 2 + Math.log((p.il as number) / 30) ** 2;
    // Two seeds: every value must be reached by one of them (a model may settle in one run).
    const history = [...search(config, boundsSpace, f, n, 3).history, ...search(config, boundsSpace, f, n, 4).history];
    const seen = { is: new Set<unknown>(), fs: new Set<unknown>(), c: new Set<unknown>() };
    for (const t of history) {
      expect(checkSuggestion(boundsSpace, t.params)).toEqual([]);
      for (const k of ['i', 'is', 'il']) expect(Number.isInteger(t.params[k]), k).toBe(true);
      seen.is.add(t.params.is);
      seen.fs.add(t.params.fs);
      seen.c.add(t.params.c);
    }
    // Every stepped and categorical value is reachable (grid covers only part of this space in
    // n trials; an enqueued start can make TPE settle before trying all four choices of c, the
    // same sampler without enqueue is checked here).
    if (config.sampler !== 'grid' && !config.label.includes('enqueue')) {
      expect([...seen.is].sort()).toEqual([0, 12, 4, 8]);
      expect(seen.fs.size).toBe(5);
      expect(seen.c.size).toBe(4);
    }
  });

  it('conditional parameters appear only when active', () => {
    const { history } = search(config, conditionalSpace, objective, n, 5, { parallel: 3 });
    for (const t of history) expect(checkSuggestion(conditionalSpace, t.params)).toEqual([]);
    expect(new Set(history.map((t) => t.params.classifier)).size).toBeGreaterThan(1);
  });

  it('same seed and history, same suggestion; another seed, another sequence', () => {
    const a = search(config, conditionalSpace, objective, 40, 9, { parallel: 2 });
    const b = search(config, conditionalSpace, objective, 40, 9, { parallel: 2 });
    const c = search(config, conditionalSpace, objective, 40, 10, { parallel: 2 });
    expect(b.history.map((t) => t.params)).toEqual(a.history.map((t) => t.params));
    expect(c.history.map((t) => t.params)).not.toEqual(a.history.map((t) => t.params));
    // One ask, asked twice from the same state and history: the same answer.
    const sampler = build(config, conditionalSpace);
    const state = JSON.parse(a.states[19]) as unknown;
    const ctx = { space: conditionalSpace, history: a.history.slice(0, 20), direction: 'minimize' as const, directions: config.directions };
    expect(sampler.ask(ctx, structuredClone(state)).params).toEqual(sampler.ask(ctx, structuredClone(state)).params);
  });

  it('state is JSON and a JSON round trip mid-search continues identically (continueAsNew)', () => {
    const plain = search(config, conditionalSpace, objective, 40, 4, { parallel: 2 });
    const tripped = search(config, conditionalSpace, objective, 40, 4, { parallel: 2, roundTripAt: 23 });
    expect(tripped.history.map((t) => t.params)).toEqual(plain.history.map((t) => t.params));
    for (const s of plain.states) expect(JSON.stringify(JSON.parse(s))).toBe(s);
  });

  it('does not mutate the history or the state it is given', () => {
    const sampler = build(config, conditionalSpace);
    const { history } = search(config, conditionalSpace, objective, 15, 2);
    const state = sampler.init(1);
    const before = JSON.stringify({ history, state });
    sampler.ask({ space: conditionalSpace, history, direction: 'minimize', directions: config.directions }, state);
    expect(JSON.stringify({ history, state })).toBe(before);
  });

  it.each(Object.keys(DEGENERATE))('answers a valid, deterministic suggestion on a degenerate history: %s', (name) => {
    const sampler: Sampler<unknown> = build(config, conditionalSpace);
    const history = DEGENERATE[name];
    const before = JSON.stringify(history);
    const ctx = { space: conditionalSpace, history, direction: 'minimize' as const, directions: config.directions };
    const a = sampler.ask(ctx, sampler.init(5));
    const b = sampler.ask(ctx, sampler.init(5));
    expect(checkSuggestion(conditionalSpace, a.params)).toEqual([]);
    expect(b.params).toEqual(a.params);
    expect(JSON.stringify(history)).toBe(before);
    // A sampler with a finite grid may repeat only once it says the grid is exhausted.
    if (!a.exhausted && history.length < 40) expect(history.some((t) => JSON.stringify(t.params) === JSON.stringify(a.params))).toBe(false);
  });

  it('does not repeat a configuration in a small discrete space while fresh ones exist', () => {
    // 3 + 3 + 9 = 15 configurations
    const { history } = search(config, smallSpace, (p) => (p.n as number) + (p.k === 'y' ? 0 : 1), 12, 8, { parallel: 2 });
    expect(new Set(history.map((t) => JSON.stringify(t.params))).size).toBe(12);
  });

  it('rejects an invalid space with the problems', () => {
    const invalid: SearchSpace = { params: [{ name: 'x', dist: { type: 'float', low: 1, high: 0 } }] };
    const sampler = build(config, invalid);
    expect(() => sampler.ask({ space: invalid, history: [], direction: 'minimize' }, sampler.init(0))).toThrow(/x: empty range/);
  });

  if (config.label.includes('enqueue')) {
    it('hands out the enqueued configurations first', () => {
      const { history } = search(config, conditionalSpace, objective, 5, 1);
      const [full, partial] = enqueueFor(conditionalSpace);
      expect(history[0].params).toEqual(full);
      expect(history[1].params).toMatchObject(partial);
      expect(checkSuggestion(conditionalSpace, history[1].params)).toEqual([]);
    });
  }
});
