/**
 * Conditional parameters: which parameters exist for a given set of values.
 * A parameter is active when it has no condition, or when its parent is active and holds one of
 * the listed values. Conditions chain: the child of an inactive parent is inactive.
 */
import type { Choice, ParamSpace, ParamValues, SearchSpace } from './types.js';

/** Strict equality on JSON scalars (1 and 1.0 are the same number; "1" and 1 differ). */
export function choiceEquals(a: unknown, b: unknown): boolean {
  return a === b;
}

/** True when `param`'s condition holds given the names already known to be active and the values. */
export function conditionHolds(param: ParamSpace, values: ParamValues, active: ReadonlySet<string>): boolean {
  const cond = param.condition;
  if (!cond) return true;
  if (!active.has(cond.param)) return false;
  if (!Object.prototype.hasOwnProperty.call(values, cond.param)) return false;
  const v = values[cond.param];
  return cond.in.some((c) => choiceEquals(c, v));
}

/**
 * Names of the active parameters, in space order. `values` holds the values of (at least) the
 * earlier parameters; a condition only looks at parameters listed before it, so a partially
 * filled `values` gives the right answer for every parameter whose parents are filled in.
 */
export function activeParams(space: SearchSpace, values: ParamValues): string[] {
  const active = new Set<string>();
  const out: string[] = [];
  for (const p of space.params) {
    if (active.has(p.name)) continue; // duplicate name: first declaration wins
    if (conditionHolds(p, values, active)) {
      active.add(p.name);
      out.push(p.name);
    }
  }
  return out;
}

/** `values` reduced to the active parameters, in space order (extra or inactive keys dropped). */
export function projectActive(space: SearchSpace, values: ParamValues): ParamValues {
  const out: ParamValues = {};
  for (const name of activeParams(space, values)) {
    if (Object.prototype.hasOwnProperty.call(values, name)) out[name] = values[name];
  }
  return out;
}

/**
 * A canonical string for a configuration: the active parameters' values in space order.
 * Two configurations that differ only in inactive or unknown keys get the same key.
 */
export function paramsKey(space: SearchSpace, values: ParamValues): string {
  const parts: ([string, Choice] | [string])[] = [];
  for (const name of activeParams(space, values)) {
    // A missing value (only in hand-made histories) is kept distinct from an explicit null.
    parts.push(Object.prototype.hasOwnProperty.call(values, name) ? [name, values[name]] : [name]);
  }
  return JSON.stringify(parts);
}
