/**
 * Helpers shared by the samplers: how a distribution's values are laid out (steps, log scale,
 * grids), how a uniform number in [0, 1) maps to a value, and how a value read back from the
 * history is checked. Pure functions, no state.
 */
import type { Choice, Distribution } from './types.js';

export type NumericDistribution = Extract<Distribution, { type: 'float' | 'int' }>;

/** The step of a numeric distribution: ints default to 1, floats without a step are continuous. */
export function stepOf(dist: NumericDistribution): number | undefined {
  if (dist.type === 'int') return dist.step ?? 1;
  return dist.step;
}

/** Number of grid values of a stepped numeric distribution (`low, low+step, ..., <= high`). */
export function stepCount(dist: NumericDistribution): number {
  const step = stepOf(dist);
  if (step === undefined) return Infinity;
  const span = (dist.high - dist.low) / step;
  // A float step that divides the range up to rounding (0.1 .. 0.9 by 0.1) must count every point.
  return Math.floor(span + 1e-9 * Math.max(1, Math.abs(span))) + 1;
}

/** Digits after the decimal point in the shortest representation of x (1e-7 -> 7, 0.25 -> 2). */
export function decimalsOf(x: number): number {
  const s = String(x);
  const e = s.indexOf('e');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exponent = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const frac = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, frac - exponent);
}

/**
 * The i-th grid value of a stepped distribution, rounded to the decimals of `low` and `step`
 * so that 0.1 + 2 * 0.1 is 0.3 and not 0.30000000000000004.
 */
export function gridValue(dist: NumericDistribution, index: number): number {
  const step = stepOf(dist)!;
  const raw = dist.low + index * step;
  if (dist.type === 'int') return raw;
  const decimals = Math.max(decimalsOf(dist.low), decimalsOf(step));
  const v = decimals <= 20 ? Number(raw.toFixed(decimals)) : raw;
  return Math.min(Math.max(v, dist.low), dist.high);
}

/** The grid value nearest to x (stepped distributions). */
export function snapToGrid(dist: NumericDistribution, x: number): number {
  const step = stepOf(dist)!;
  const count = stepCount(dist);
  const i = Math.min(Math.max(Math.round((x - dist.low) / step), 0), count - 1);
  return gridValue(dist, i);
}

/**
 * The interval a numeric distribution is sampled on, in the transformed (log if `log`) space.
 * Stepped distributions widen it by half a step on each side so that every grid value owns an
 * equal-width cell (in the untransformed space).
 */
export function transformedBounds(dist: NumericDistribution): { low: number; high: number } {
  const step = stepOf(dist);
  const half = step === undefined ? 0 : step / 2;
  let low = dist.low - half;
  const high = dist.high + half;
  if (dist.log) {
    if (low <= 0) low = dist.low > 0 ? dist.low / 2 : low; // only reachable for spaces validation rejects
    return { low: Math.log(low), high: Math.log(high) };
  }
  return { low, high };
}

/** From the transformed space back to a valid value (exp, snapped to the grid, clamped). */
export function untransform(dist: NumericDistribution, t: number): number {
  const x = dist.log ? Math.exp(t) : t;
  if (stepOf(dist) !== undefined) return snapToGrid(dist, x);
  return Math.min(Math.max(x, dist.low), dist.high);
}

/** The transformed coordinate of a valid value. */
export function transform(dist: NumericDistribution, x: number): number {
  return dist.log ? Math.log(x) : x;
}

/**
 * Maps u in [0, 1) to a value: uniform over the range (log-uniform for `log`), uniform over
 * the grid for stepped/int distributions (inclusive bounds), uniform over the choices.
 */
export function fromUnit(dist: Distribution, u: number): Choice {
  const uu = Math.min(Math.max(u, 0), 1 - Number.EPSILON / 2);
  if (dist.type === 'categorical') return dist.choices[Math.min(Math.floor(uu * dist.choices.length), dist.choices.length - 1)];
  const step = stepOf(dist);
  if (step !== undefined && !dist.log) {
    const count = stepCount(dist);
    return gridValue(dist, Math.min(Math.floor(uu * count), count - 1));
  }
  const { low, high } = transformedBounds(dist);
  return untransform(dist, low + uu * (high - low));
}

/**
 * All values of a distribution for a grid: every choice, every step; `floatPoints` evenly
 * spaced values (endpoints included, geometrically spaced when `log`) for a continuous float.
 */
export function gridValues(dist: Distribution, floatPoints: number): Choice[] {
  if (dist.type === 'categorical') return [...dist.choices];
  const step = stepOf(dist);
  if (step !== undefined) {
    const count = stepCount(dist);
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(gridValue(dist, i));
    return out;
  }
  if (dist.low === dist.high || floatPoints <= 1) return [dist.low];
  const out: number[] = [];
  for (let i = 0; i < floatPoints; i++) {
    const f = i / (floatPoints - 1);
    const v = dist.log ? Math.exp(Math.log(dist.low) + f * (Math.log(dist.high) - Math.log(dist.low))) : dist.low + f * (dist.high - dist.low);
    // 12 significant digits: the geometric midpoint of 1..100 is 10, not 10.000000000000002.
    out.push(i === 0 ? dist.low : i === floatPoints - 1 ? dist.high : Math.min(Math.max(Number(v.toPrecision(12)), dist.low), dist.high));
  }
  return out;
}

/** Index of a categorical value, -1 when it is not one of the choices. */
export function choiceIndex(dist: Extract<Distribution, { type: 'categorical' }>, v: unknown): number {
  for (let i = 0; i < dist.choices.length; i++) if (dist.choices[i] === v) return i;
  return -1;
}

/**
 * A value from the history as a number the numeric samplers can use: finite, inside the range
 * (values a hair outside from rounding are clamped), snapped to the grid for stepped
 * distributions. Anything else gives undefined and the observation is skipped.
 */
export function numericObservation(dist: NumericDistribution, v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  const tol = 1e-9 * Math.max(1, Math.abs(dist.high - dist.low));
  if (v < dist.low - tol || v > dist.high + tol) return undefined;
  if (stepOf(dist) !== undefined) return snapToGrid(dist, v);
  return Math.min(Math.max(v, dist.low), dist.high);
}

/** Whether v is a value the distribution can produce. */
export function isValueOf(dist: Distribution, v: unknown): boolean {
  if (dist.type === 'categorical') return choiceIndex(dist, v) >= 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < dist.low || v > dist.high) return false;
  if (dist.type === 'int' && !Number.isInteger(v)) return false;
  const step = stepOf(dist);
  if (step === undefined) return true;
  const k = (v - dist.low) / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
}
