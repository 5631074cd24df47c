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
import { conditionHolds, ConfigSet } from './active.js';
import { Rng, seedRng, type RngState } from './rng.js';
import type { AskContext, AskResult, Choice, Distribution, ParamValues, Sampler, SearchSpace } from './types.js';
import { assertValidSearchSpace } from './validate.js';
import { gridValue, gridValues, stepCount, stepOf } from './values.js';

export interface GridSamplerOptions {
  /** Values taken from a float parameter that has no step (default 5; must be >= 1). */
  floatPoints?: number;
}

export interface GridSamplerState {
  rng: RngState;
}

const MAX_GRID = 2 ** 53;

/** One parameter's grid values, computed on demand (an int range can hold many values). */
interface Axis {
  size: number;
  at(i: number): Choice;
}

function axisOf(dist: Distribution, floatPoints: number): Axis {
  if (dist.type === 'categorical') return { size: dist.choices.length, at: (i) => dist.choices[i] };
  if (stepOf(dist) !== undefined) return { size: stepCount(dist), at: (i) => gridValue(dist, i) };
  const values = gridValues(dist, floatPoints);
  return { size: values.length, at: (i) => values[i] };
}

/**
 * A conditional grid: counts its points and decodes a point from its index (0 .. size-1).
 * Counting memoises on (parameter index, values of the condition parents), so a parameter no
 * condition refers to costs one multiplication however many values it has.
 */
export class Grid {
  readonly size: number;
  private readonly axes: Axis[];
  private readonly parents: string[];
  private readonly isParent: boolean[];
  private readonly memo = new Map<string, number>();

  constructor(
    private readonly space: SearchSpace,
    floatPoints = 5,
  ) {
    if (!Number.isInteger(floatPoints) || floatPoints < 1) throw new Error(`grid sampler: floatPoints must be an integer >= 1, got ${floatPoints}`);
    this.axes = space.params.map((p) => axisOf(p.dist, floatPoints));
    this.parents = [...new Set(space.params.flatMap((p) => (p.condition ? [p.condition.param] : [])))];
    this.isParent = space.params.map((p) => this.parents.includes(p.name));
    this.size = this.count(0, {}, new Set());
    if (this.size > MAX_GRID) throw new Error(`grid sampler: the grid has more than 2^53 points; add steps or use another sampler`);
  }

  /** Points reachable from parameter i on, given the values (of the active parameters) chosen before it. */
  private count(i: number, values: ParamValues, active: ReadonlySet<string>): number {
    if (i >= this.space.params.length) return 1;
    const key = `${i}|${JSON.stringify(this.parents.map((n) => (active.has(n) ? [values[n]] : [])))}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const p = this.space.params[i];
    const axis = this.axes[i];
    let total = 0;
    if (!conditionHolds(p, values, active)) total = this.count(i + 1, values, active);
    else {
      const next = new Set(active).add(p.name);
      if (!this.isParent[i]) total = axis.size * this.count(i + 1, values, next);
      else for (let c = 0; c < axis.size; c++) total += this.count(i + 1, { ...values, [p.name]: axis.at(c) }, next);
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
      const axis = this.axes[i];
      if (!this.isParent[i]) {
        const below = this.count(i + 1, values, active);
        const c = Math.min(Math.floor(rest / below), axis.size - 1);
        rest -= c * below;
        values[p.name] = axis.at(c);
        return;
      }
      for (let c = 0; c < axis.size; c++) {
        const n = this.count(i + 1, { ...values, [p.name]: axis.at(c) }, active);
        if (rest < n || c === axis.size - 1) {
          values[p.name] = axis.at(c);
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
      const taken = ConfigSet.ofHistory(ctx.space, ctx.history);
      const done = (params: ParamValues, exhausted = false): AskResult<GridSamplerState> => ({ params, state: { rng: rng.state() }, ...(exhausted ? { exhausted } : {}) });
      for (let probe = 0; probe < PROBES; probe++) {
        const params = grid.point(rng.nextInt(grid.size));
        if (!taken.has(params)) return done(params);
      }
      // Nearly everything is taken, so the grid is at most a little larger than the history.
      const free: number[] = [];
      for (let i = 0; i < grid.size; i++) if (!taken.has(grid.point(i))) free.push(i);
      if (free.length > 0) return done(grid.point(free[rng.nextInt(free.length)]));
      return done(grid.point(rng.nextInt(grid.size)), true);
    },
  };
}

export const gridSampler: Sampler<GridSamplerState> = createGridSampler();
