/**
 * Grid search over a conditional space, in random order, never repeating a point.
 *
 * The grid: every choice of a categorical, every value of an int (`low..high` by `step`,
 * default 1) or stepped float. A float without a step contributes `floatPoints` values
 * (default 5) evenly spaced from low to high inclusive, geometrically spaced when `log`.
 * Conditional parameters only multiply the branch they live on: with `classifier` in
 * {logreg, svm}, `C` (3 values, logreg only) and `kernel` (2 values, svm only) the grid has
 * 3 + 2 = 5 points, not 2 x 3 x 2.
 *
 * A point counts as taken when any trial in the history (running, complete, pruned or failed)
 * has it, so parallel asks with trials in flight never hand out the same point. When every
 * point is taken, `ask` returns `exhausted: true` with an arbitrary grid point; the workflow
 * should stop asking.
 */
import { conditionHolds, paramsKey } from './active.js';
import { Rng, seedRng, type RngState } from './rng.js';
import type { AskContext, AskResult, Choice, ParamValues, Sampler, SearchSpace } from './types.js';
import { assertValidSearchSpace } from './validate.js';
import { gridValues } from './values.js';

export interface GridSamplerOptions {
  /** Values taken from a float parameter that has no step (default 5; must be >= 1). */
  floatPoints?: number;
}

export interface GridSamplerState {
  rng: RngState;
}

const MAX_GRID = 2 ** 53;

/** A conditional grid: counts its points and decodes a point from its index (0 .. size-1). */
export class Grid {
  readonly size: number;
  private readonly values: Choice[][];
  private readonly parents: string[];
  private readonly memo = new Map<string, number>();

  constructor(
    private readonly space: SearchSpace,
    floatPoints = 5,
  ) {
    if (!Number.isInteger(floatPoints) || floatPoints < 1) throw new Error(`grid sampler: floatPoints must be an integer >= 1, got ${floatPoints}`);
    this.values = space.params.map((p) => gridValues(p.dist, floatPoints));
    this.parents = [...new Set(space.params.flatMap((p) => (p.condition ? [p.condition.param] : [])))];
    this.size = this.count(0, {}, new Set());
    if (this.size > MAX_GRID) throw new Error(`grid sampler: the grid has more than 2^53 points; add steps or use another sampler`);
  }

  /** Points reachable from parameter i on, given the values (of the active parameters) chosen before it. */
  private count(i: number, values: ParamValues, active: Set<string>): number {
    if (i >= this.space.params.length) return 1;
    const key = `${i}|${JSON.stringify(this.parents.map((n) => (active.has(n) ? [values[n]] : [])))}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const p = this.space.params[i];
    let total = 0;
    if (!conditionHolds(p, values, active)) total = this.count(i + 1, values, active);
    else {
      const next = new Set(active).add(p.name);
      for (const v of this.values[i]) total += this.count(i + 1, { ...values, [p.name]: v }, next);
    }
    this.memo.set(key, total);
    return total;
  }

  /** The point with the given index, its active parameters only. */
  point(index: number): ParamValues {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new Error(`grid point ${index} out of range 0..${this.size - 1}`);
    let rest = index;
    const values: ParamValues = {};
    const active = new Set<string>();
    this.space.params.forEach((p, i) => {
      if (!conditionHolds(p, values, active)) return;
      active.add(p.name);
      const choices = this.values[i];
      for (let c = 0; c < choices.length; c++) {
        const n = this.count(i + 1, { ...values, [p.name]: choices[c] }, active);
        if (rest < n || c === choices.length - 1) {
          values[p.name] = choices[c];
          break;
        }
        rest -= n;
      }
    });
    return values;
  }
}

/** Random probes before falling back to listing every free point. */
const PROBES = 64;

export function createGridSampler(options: GridSamplerOptions = {}): Sampler<GridSamplerState> {
  const floatPoints = options.floatPoints ?? 5;
  return {
    name: 'grid',
    init(seed: number): GridSamplerState {
      return { rng: seedRng(seed) };
    },
    ask(ctx: AskContext, state: GridSamplerState): AskResult<GridSamplerState> {
      assertValidSearchSpace(ctx.space);
      const grid = new Grid(ctx.space, floatPoints);
      const rng = Rng.fromState(state.rng);
      const taken = new Set(ctx.history.map((t) => paramsKey(ctx.space, t.params)));
      const done = (params: ParamValues, exhausted = false): AskResult<GridSamplerState> => ({ params, state: { rng: rng.state() }, ...(exhausted ? { exhausted } : {}) });
      for (let probe = 0; probe < PROBES; probe++) {
        const params = grid.point(rng.nextInt(grid.size));
        if (!taken.has(paramsKey(ctx.space, params))) return done(params);
      }
      // Nearly everything is taken, so the grid is at most a little larger than the history.
      const free: number[] = [];
      for (let i = 0; i < grid.size; i++) if (!taken.has(paramsKey(ctx.space, grid.point(i)))) free.push(i);
      if (free.length > 0) return done(grid.point(free[rng.nextInt(free.length)]));
      return done(grid.point(rng.nextInt(grid.size)), true);
    },
  };
}

export const gridSampler: Sampler<GridSamplerState> = createGridSampler();
