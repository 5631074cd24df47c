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
  for (let i = 0; i < cond.in.length; i++) if (cond.in[i] === v) return true;
  return false;
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

function encodeChoice(v: Choice | undefined): string {
  if (v === undefined) return '~';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return `n${v}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return v === null ? 'z' : `?${JSON.stringify(v)}`;
}

/**
 * A canonical string for a configuration: the active parameters' values in space order.
 * Two configurations that differ only in inactive or unknown keys get the same key. (The values
 * alone identify the configuration: which parameter comes next depends only on earlier values.)
 */
export function paramsKey(space: SearchSpace, values: ParamValues): string {
  let key = '';
  const active = new Set<string>();
  for (const p of space.params) {
    if (active.has(p.name) || !conditionHolds(p, values, active)) continue;
    active.add(p.name);
    // A missing value (only in hand-made histories) is kept distinct from an explicit null.
    key += encodeChoice(Object.prototype.hasOwnProperty.call(values, p.name) ? values[p.name] : undefined) + ',';
  }
  return key;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193);
}

/**
 * Hashes already computed, by space and configuration object: samplers hash the whole history
 * on every ask to avoid repeats, and a history's records (and their params) outlive many asks.
 * Configurations are never mutated once recorded, so a cached hash cannot go stale.
 */
const hashCache = new WeakMap<SearchSpace, WeakMap<ParamValues, number>>();

/** A 32-bit hash of the active parameters' values (same equivalence as paramsKey, without building strings). */
export function paramsHash(space: SearchSpace, values: ParamValues): number {
  let bySpace = hashCache.get(space);
  if (!bySpace) hashCache.set(space, (bySpace = new WeakMap()));
  let h = bySpace.get(values);
  if (h === undefined) bySpace.set(values, (h = computeParamsHash(space, values)));
  return h;
}

function computeParamsHash(space: SearchSpace, values: ParamValues): number {
  let h = 0x811c9dc5;
  const active = new Set<string>();
  for (const p of space.params) {
    if (active.has(p.name) || !conditionHolds(p, values, active)) continue;
    active.add(p.name);
    if (!Object.prototype.hasOwnProperty.call(values, p.name)) {
      h = mix(h, 0x7e);
      continue;
    }
    const v = values[p.name];
    if (typeof v === 'number') {
      f64[0] = v === 0 ? 0 : v; // -0 and 0 are the same value
      h = mix(mix(mix(h, 1), u32[0]), u32[1]);
    } else if (typeof v === 'string') {
      h = mix(h, 2);
      for (let i = 0; i < v.length; i++) h = mix(h, v.charCodeAt(i));
      h = mix(h, v.length);
    } else h = mix(h, v === true ? 3 : v === false ? 4 : 5);
  }
  return h >>> 0;
}

/** The set ConfigSet.ofHistory built last for a space, and the configurations in it (in history order). */
const historySets = new WeakMap<SearchSpace, { configs: ParamValues[]; set: ConfigSet }>();

/** A set of configurations compared on their active parameters (hash first, then exact). */
export class ConfigSet {
  private readonly buckets = new Map<number, ParamValues[]>();

  constructor(
    private readonly space: SearchSpace,
    configs: Iterable<ParamValues> = [],
  ) {
    for (const c of configs) this.add(c);
  }

  add(values: ParamValues): void {
    const h = paramsHash(this.space, values);
    const b = this.buckets.get(h);
    if (b) b.push(values);
    else this.buckets.set(h, [values]);
  }

  /**
   * The configurations of `history` as a set, shared between asks: a sampler asks for it on
   * every ask, and a history mostly grows by appending, so the set built for the previous ask is
   * extended when its configurations are the first ones of this history (the same objects),
   * instead of hashing a thousand of them into a new map (a tenth of a TPE ask at 1,000 trials).
   * Callers must not add to the set they get.
   */
  static ofHistory(space: SearchSpace, history: readonly { params: ParamValues }[]): ConfigSet {
    const memo = historySets.get(space);
    if (memo && memo.configs.length <= history.length && memo.configs.every((c, i) => history[i].params === c)) {
      for (let i = memo.configs.length; i < history.length; i++) {
        memo.set.add(history[i].params);
        memo.configs.push(history[i].params);
      }
      return memo.set;
    }
    const configs = history.map((t) => t.params);
    const set = new ConfigSet(space, configs);
    historySets.set(space, { configs, set });
    return set;
  }

  has(values: ParamValues): boolean {
    const b = this.buckets.get(paramsHash(this.space, values));
    if (!b) return false;
    const key = paramsKey(this.space, values);
    return b.some((c) => paramsKey(this.space, c) === key);
  }
}
