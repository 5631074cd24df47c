import type { AskContext, Direction, ParamValues, Sampler, SearchSpace, TrialRecord } from '../../../search-spaces/index.js';
import { isValueOf } from '../../../search-spaces/index.js';

/** A classifier choice decides which parameters exist; covers every distribution shape. */
export const conditionalSpace: SearchSpace = {
  params: [
    { name: 'classifier', dist: { type: 'categorical', choices: ['logreg', 'svm', 'nb'] } },
    { name: 'classifier__C', dist: { type: 'float', low: 1e-3, high: 1e3, log: true }, condition: { param: 'classifier', in: ['logreg', 'svm'] } },
    { name: 'classifier__kernel', dist: { type: 'categorical', choices: ['linear', 'rbf'] }, condition: { param: 'classifier', in: ['svm'] } },
    { name: 'classifier__gamma', dist: { type: 'float', low: 0.01, high: 10, log: true }, condition: { param: 'classifier__kernel', in: ['rbf'] } },
    { name: 'classifier__alpha', dist: { type: 'float', low: 0, high: 2, step: 0.1 }, condition: { param: 'classifier', in: ['nb'] } },
    { name: 'features__body__minDf', dist: { type: 'int', low: 1, high: 10 } },
    { name: 'features__body__maxFeatures', dist: { type: 'int', low: 100, high: 100000, log: true } },
    { name: 'features__body__ngramMax', dist: { type: 'int', low: 1, high: 5, step: 2 } },
    { name: 'features__body__sublinear', dist: { type: 'categorical', choices: [true, false] } },
    { name: 'combine__weights__body', dist: { type: 'float', low: 0.25, high: 4 } },
  ],
};

/** Checks one suggestion against the space: right keys (active only), every value valid. Returns problems. */
export function checkSuggestion(space: SearchSpace, params: ParamValues): string[] {
  const problems: string[] = [];
  const values = params;
  const active = new Set<string>();
  for (const p of space.params) {
    const isActive = !p.condition || (active.has(p.condition.param) && p.condition.in.includes(values[p.condition.param]));
    if (isActive) {
      active.add(p.name);
      if (!(p.name in params)) problems.push(`${p.name} missing`);
      else if (!isValueOf(p.dist, params[p.name])) problems.push(`${p.name}=${JSON.stringify(params[p.name])} invalid`);
    } else if (p.name in params) problems.push(`${p.name} present but inactive`);
  }
  for (const k of Object.keys(params)) if (!space.params.some((p) => p.name === k)) problems.push(`unknown key ${k}`);
  return problems;
}

export interface RunOptions {
  direction?: Direction;
  /** JSON round-trip the state before this ask index (simulates continueAsNew). */
  roundTripAt?: number;
  /** Trials kept running (not told) before each ask: simulates parallelism. */
  parallel?: number;
  /**
   * Multi-objective search: the directions passed in every ask, and each complete trial's
   * `values` (its `value` stays the single objective's, for single-objective checks).
   */
  multi?: { directions: Direction[]; values: (p: ParamValues) => number[] };
}

/**
 * Sequential ask/tell loop. With `parallel` = k, keeps k trials running: each step asks one new
 * trial and completes the oldest running one once k are in flight.
 */
export function runSearch<S>(
  sampler: Sampler<S>,
  space: SearchSpace,
  objective: (p: ParamValues) => number | 'fail',
  n: number,
  seed: number,
  opts: RunOptions = {},
): { history: TrialRecord[]; states: string[] } {
  const direction = opts.direction ?? 'minimize';
  const history: TrialRecord[] = [];
  const states: string[] = [];
  let state = sampler.init(seed);
  const parallel = opts.parallel ?? 1;
  const finish = (t: TrialRecord) => {
    const v = objective(t.params);
    if (v === 'fail') t.state = 'failed';
    else {
      t.state = 'complete';
      t.value = v;
      if (opts.multi) t.values = opts.multi.values(t.params);
    }
  };
  for (let i = 0; i < n; i++) {
    if (opts.roundTripAt === i) state = JSON.parse(JSON.stringify(state)) as S;
    const ctx: AskContext = { space, history, direction, ...(opts.multi ? { directions: opts.multi.directions } : {}) };
    const r = sampler.ask(ctx, state);
    state = r.state;
    states.push(JSON.stringify(state));
    const t: TrialRecord = { number: i, params: r.params, state: 'running' };
    history.push(t);
    const running = history.filter((h) => h.state === 'running');
    if (running.length >= parallel) finish(running[0]);
  }
  for (const t of history) if (t.state === 'running') finish(t);
  return { history, states };
}

export function bestValue(history: TrialRecord[], direction: Direction = 'minimize'): number {
  let best = direction === 'minimize' ? Infinity : -Infinity;
  for (const t of history) {
    if (t.state !== 'complete' || t.value === undefined) continue;
    best = direction === 'minimize' ? Math.min(best, t.value) : Math.max(best, t.value);
  }
  return best;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
