/**
 * Checks a search space and lists every problem, each naming its parameter.
 * An empty list means every sampler can use the space.
 */
import type { Choice, Distribution, SearchSpace } from './types.js';
import { isValueOf, stepOf } from './values.js';

/** Thrown by samplers that are handed a space `validateSearchSpace` rejects. */
export class SearchSpaceError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid search space: ${problems.join('; ')}`);
    this.name = 'SearchSpaceError';
    this.problems = problems;
  }
}

/** Throws a SearchSpaceError listing every problem, or returns the space. */
export function assertValidSearchSpace(space: SearchSpace): SearchSpace {
  const problems = validateSearchSpace(space);
  if (problems.length > 0) throw new SearchSpaceError(problems);
  return space;
}

function show(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function isChoice(v: unknown): v is Choice {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function checkDistribution(where: string, dist: Distribution | undefined, problems: string[]): boolean {
  if (!dist || typeof dist !== 'object') {
    problems.push(`${where}: missing distribution (dist)`);
    return false;
  }
  if (dist.type === 'categorical') {
    if (!Array.isArray(dist.choices)) {
      problems.push(`${where}: categorical needs a choices array`);
      return false;
    }
    if (dist.choices.length === 0) {
      problems.push(`${where}: empty choices`);
      return false;
    }
    const seen: Choice[] = [];
    let ok = true;
    for (const c of dist.choices) {
      if (!isChoice(c)) {
        problems.push(`${where}: choice ${show(c)} is not a string, finite number, boolean or null`);
        ok = false;
      } else if (seen.includes(c)) {
        problems.push(`${where}: duplicate choice ${show(c)}`);
        ok = false;
      } else seen.push(c);
    }
    return ok;
  }
  if (dist.type !== 'float' && dist.type !== 'int') {
    problems.push(`${where}: unknown distribution type ${show((dist as { type?: unknown }).type)} (expected float, int or categorical)`);
    return false;
  }
  const { low, high, log, step } = dist;
  let ok = true;
  for (const [k, v] of [['low', low], ['high', high]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push(`${where}: ${k} must be a finite number, got ${show(v)}`);
      ok = false;
    } else if (dist.type === 'int' && !Number.isInteger(v)) {
      problems.push(`${where}: int ${k} must be an integer, got ${v}`);
      ok = false;
    }
  }
  if (step !== undefined) {
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      problems.push(`${where}: step must be a finite number, got ${show(step)}`);
      ok = false;
    } else if (step <= 0) {
      problems.push(`${where}: step must be > 0, got ${step}`);
      ok = false;
    } else if (dist.type === 'int' && !Number.isInteger(step)) {
      problems.push(`${where}: int step must be an integer, got ${step}`);
      ok = false;
    }
  }
  if (log !== undefined && typeof log !== 'boolean') {
    problems.push(`${where}: log must be true or false, got ${show(log)}`);
    ok = false;
  }
  if (!ok) return false;
  if (low > high) {
    problems.push(`${where}: empty range: low ${low} > high ${high}`);
    return false;
  }
  if (log && low <= 0) {
    problems.push(`${where}: log scale needs low > 0, got low ${low}`);
    ok = false;
  }
  if (log && step !== undefined && !(dist.type === 'int' && step === 1)) {
    problems.push(`${where}: log scale cannot be combined with a step (${dist.type === 'int' ? 'int log needs step 1' : 'drop step or log'})`);
    ok = false;
  }
  const s = stepOf(dist);
  if (s !== undefined && step !== undefined) {
    const k = (high - low) / s;
    const divides = dist.type === 'int' ? (high - low) % s === 0 : Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
    if (!divides) {
      problems.push(`${where}: step ${s} does not divide the range ${low}..${high} (${high - low} is not a multiple of ${s})`);
      ok = false;
    }
  }
  return ok;
}

/**
 * Every problem in the space: missing or duplicate names, empty or inverted ranges, log scale
 * with low <= 0, bad steps, empty or duplicate choices, non-finite numbers, and conditions
 * that refer to an unknown or later parameter or to values the parent can never take.
 */
export function validateSearchSpace(space: SearchSpace): string[] {
  const problems: string[] = [];
  if (!space || typeof space !== 'object' || !Array.isArray(space.params)) return ['search space: expected { params: [...] }'];
  const firstIndex = new Map<string, number>();
  const validDist = new Map<string, boolean>();
  space.params.forEach((p, i) => {
    if (p && typeof p.name === 'string' && p.name.trim().length > 0 && !firstIndex.has(p.name)) firstIndex.set(p.name, i);
  });
  space.params.forEach((p, i) => {
    if (!p || typeof p !== 'object') {
      problems.push(`params[${i}]: expected an object`);
      return;
    }
    const where = typeof p.name === 'string' && p.name.trim().length > 0 ? p.name : `params[${i}]`;
    if (typeof p.name !== 'string' || p.name.trim().length === 0) problems.push(`params[${i}]: name must be a non-empty string`);
    else if (firstIndex.get(p.name) !== i) problems.push(`${where}: duplicate parameter name (first declared at params[${firstIndex.get(p.name)}])`);
    const ok = checkDistribution(where, p.dist, problems);
    if (typeof p.name === 'string' && firstIndex.get(p.name) === i) validDist.set(p.name, ok);
    const cond = p.condition;
    if (cond === undefined) return;
    if (!cond || typeof cond !== 'object' || typeof cond.param !== 'string') {
      problems.push(`${where}: condition needs { param, in }`);
      return;
    }
    const parentIndex = firstIndex.get(cond.param);
    if (parentIndex === undefined) {
      problems.push(`${where}: condition refers to unknown parameter "${cond.param}"`);
      return;
    }
    if (cond.param === p.name) {
      problems.push(`${where}: condition refers to itself`);
      return;
    }
    if (parentIndex > i) {
      problems.push(`${where}: condition refers to "${cond.param}", which is declared after it (conditions may only refer to earlier parameters)`);
      return;
    }
    if (!Array.isArray(cond.in) || cond.in.length === 0) {
      problems.push(`${where}: condition on "${cond.param}" lists no values (in: [])`);
      return;
    }
    const parent = space.params[parentIndex];
    if (!validDist.get(cond.param)) return; // the parent's own problems are already listed
    for (const v of cond.in) {
      if (!isValueOf(parent.dist, v)) {
        const what = parent.dist.type === 'categorical' ? `not one of its choices ${show(parent.dist.choices)}` : `outside its range or grid`;
        problems.push(`${where}: condition value ${show(v)} can never be taken by "${cond.param}" (${what})`);
      }
    }
  });
  return problems;
}
