/**
 * The Parzen estimator of TPE: a mixture with one kernel per observation plus one prior kernel.
 *
 * - Kernel weights: by trial age (oldest observations fade once there are more than 25), and
 *   `priorWeight` for the prior kernel; normalised.
 * - Numeric bandwidth (per dimension, in the transformed space): each observation's distance
 *   to its farther neighbour among the sorted observations and the interval ends; without
 *   `considerEndpoints` the outermost observations use their inner neighbour only. Clipped to
 *   [range / min(100, 1 + kernels), range] ("magic clip") or [1e-12, range] without it.
 *   The prior kernel sits in the middle with bandwidth = range.
 * - Categorical: each observation puts weight 1 on its choice plus `priorWeight / kernels` on
 *   every choice; the prior kernel is uniform.
 *
 * Observations come as vectors in the internal representation: the value for numeric
 * dimensions, the choice index for categorical ones.
 */
import type { Distribution } from '../types.js';
import { transform, transformedBounds } from '../values.js';
import { CategoricalKernels, Mixture, NumericKernels, type KernelColumn, type SortedKernels } from './distributions.js';

const EPS = 1e-12;

export interface ParzenParameters {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  /** Observation weights for n observations ordered oldest first. */
  weights: (n: number) => number[];
}

/** Equal weights up to 25 observations; beyond, a linear ramp from 1/n for the oldest to 1, and the newest 25 at 1. */
export function defaultWeights(n: number): number[] {
  if (n <= 0) return [];
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + (i * (1 - 1 / n)) / (ramp - 1));
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

function checkedWeights(fn: (n: number) => number[], n: number): number[] {
  const w = fn(n).slice(0, n);
  if (w.length !== n) throw new Error(`TPE weights function returned ${w.length} weights for ${n} observations`);
  if (w.some((x) => !(x >= 0) || !Number.isFinite(x))) throw new Error('TPE weights must be finite and >= 0');
  if (n > 0 && !(w.reduce((a, b) => a + b, 0) > 0)) throw new Error('TPE weights must not all be zero');
  return w;
}

/**
 * Indices of `values` in ascending order of value, ties by index: the same order as sorting
 * the indices with a comparator, computed with a native typed-array sort of the values (a
 * comparator sort of 1,000 observations per dimension was a fifth of an ask at 1,000 trials).
 */
function sortedOrder(values: ArrayLike<number>): { order: Int32Array; sorted: Float64Array } {
  const n = values.length;
  const sorted = new Float64Array(values).sort();
  const order = new Int32Array(n);
  // Tied values share their run's first position `lo`; placed[lo] counts the run's rows so
  // far, so they fill the run in index order.
  const placed = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    order[lo + placed[lo]++] = i;
  }
  return { order, sorted };
}

/** Sorts smaller than this are not remembered: redoing them costs less than matching. */
const MEMO_MIN = 64;
/** More insertions plus removals than this since the remembered sort: sort afresh. */
const MEMO_MAX_EDITS = 32;
/** Sorts remembered per key (the most recent first). */
const MEMOS_PER_KEY = 2;

interface SortMemo {
  values: Float64Array;
  order: Int32Array;
}

/**
 * Recent sorts by key (a parameter's distribution object): between two asks the bad trials'
 * values of a parameter are mostly the same values in the same order, a few added or removed,
 * and sorting them afresh for every parameter was a fifth of an ask at 1,000 trials.
 */
const sortMemos = new WeakMap<object, SortMemo[]>();

/**
 * sortedOrder(values), reusing a remembered sort under `key` when `values` is it with a few
 * values inserted or removed. The result is the same: see orderFromMemo.
 */
function sortedOrderMemo(values: Float64Array, key: object | undefined): { order: Int32Array; sorted: Float64Array } {
  const n = values.length;
  if (key === undefined || n < MEMO_MIN || !allFinite(values)) return sortedOrder(values);
  // Remembered as is: the caller does not change `values` afterwards.
  const vals = values;
  const memos = sortMemos.get(key) ?? [];
  let order: Int32Array | undefined;
  for (const memo of memos) if ((order = orderFromMemo(memo, vals))) break;
  order ??= sortedOrder(values).order;
  sortMemos.set(key, [{ values: vals, order }, ...memos].slice(0, MEMOS_PER_KEY));
  const sorted = new Float64Array(n);
  for (let j = 0; j < n; j++) sorted[j] = vals[order[j]];
  return { order, sorted };
}

/**
 * The (value, index) order of `vals` from a remembered sort of other values, or undefined when
 * they differ by more than MEMO_MAX_EDITS insertions and removals. Matches remembered and new
 * values in sequence (equal values only, in increasing index on both sides), so the matched
 * ones keep their remembered relative order, which is their order by (value, new index); the
 * unmatched new values are then placed by binary search on (value, index).
 */
function orderFromMemo(memo: SortMemo, vals: Float64Array): Int32Array | undefined {
  const old = memo.values;
  const oldN = old.length;
  const n = vals.length;
  const newIndex = new Int32Array(oldN).fill(-1);
  const inserted: number[] = [];
  let removed = 0;
  let i = 0;
  let j = 0;
  while (j < n) {
    if (removed + inserted.length > MEMO_MAX_EDITS) return undefined;
    if (i < oldN && old[i] === vals[j]) newIndex[i++] = j++;
    else if (i + 1 < oldN && old[i + 1] === vals[j]) {
      i++; // old[i] was removed
      removed++;
    } else inserted.push(j++);
  }
  if (removed + (oldN - i) + inserted.length > MEMO_MAX_EDITS) return undefined;
  const order = new Int32Array(n);
  let m = 0;
  for (let p = 0; p < oldN; p++) {
    const k = newIndex[memo.order[p]];
    if (k >= 0) order[m++] = k;
  }
  for (const k of inserted) {
    // First place holding a larger (value, index): ties by index, as in sortedOrder.
    const v = vals[k];
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const w = vals[order[mid]];
      if (w < v || (w === v && order[mid] < k)) lo = mid + 1;
      else hi = mid;
    }
    order.copyWithin(lo + 1, lo, m);
    order[lo] = k;
    m++;
  }
  return order;
}

/**
 * Bandwidths of numeric observations (transformed space). With `memoKey` (the same object for
 * the same parameter), the sort of the observations may reuse one remembered under it.
 */
export function bandwidths(mus: readonly number[], low: number, high: number, considerEndpoints: boolean, considerMagicClip: boolean, memoKey?: object): number[] {
  const sigmas = new Float64Array(mus.length);
  bandwidthsInto(new Float64Array(mus), low, high, considerEndpoints, considerMagicClip, memoKey, sigmas);
  return Array.from(sigmas);
}

/**
 * bandwidths() written into `sigmas` (from index 0), returning the sort of `mus` they came from
 * (for the mixture's density loop). `mus` may be remembered for the next sort: not to be changed.
 */
function bandwidthsInto(mus: Float64Array, low: number, high: number, considerEndpoints: boolean, considerMagicClip: boolean, memoKey: object | undefined, sigmas: Float64Array): SortedKernels {
  const n = mus.length;
  const { order, sorted } = sortedOrderMemo(mus, memoKey);
  // Sorted observations with the interval ends around them: at[0] = low, at[n + 1] = high.
  const at = new Float64Array(n + 2);
  at[0] = low;
  at.set(sorted, 1);
  at[n + 1] = high;
  const range = high - low;
  const minSigma = considerMagicClip ? range / Math.min(100, 1 + (n + 1)) : EPS;
  for (let j = 1; j <= n; j++) {
    let sigma = Math.max(at[j] - at[j - 1], at[j + 1] - at[j]);
    if (!considerEndpoints && n >= 2 && j === 1) sigma = at[2] - at[1];
    if (!considerEndpoints && n >= 2 && j === n) sigma = at[n] - at[n - 1];
    sigmas[order[j - 1]] = Math.min(Math.max(sigma, minSigma), range);
  }
  return { order, sorted };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/**
 * Builds the mixture over `dims` from observation vectors (oldest first).
 * A numeric dimension whose range is a single point gets a tiny positive bandwidth.
 */
export function buildParzenEstimator(dims: readonly Distribution[], observations: readonly (readonly number[])[], params: ParzenParameters): Mixture {
  if (!(params.priorWeight >= 0) || !Number.isFinite(params.priorWeight)) throw new Error(`TPE priorWeight must be a finite number >= 0, got ${params.priorWeight}`);
  const n = observations.length;
  const obsWeights = checkedWeights(params.weights, n);
  const weights = n === 0 ? [1] : [...obsWeights, params.priorWeight];
  if (!(weights.reduce((a, b) => a + b, 0) > 0)) weights[weights.length - 1] = 1;
  const columns: KernelColumn[] = dims.map((dist, d) => {
    if (dist.type === 'categorical') return new CategoricalKernels(dist.choices.length, observations.map((o) => o[d]), params.priorWeight);
    const { low, high } = transformedBounds(dist);
    const range = high - low > 0 ? high - low : EPS;
    // One slot more than observations, for the prior kernel; typed arrays throughout (a
    // thousand observations per parameter and ask).
    const mus = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) mus[i] = transform(dist, observations[i][d]);
    const sigmas = new Float64Array(n + 1);
    const byMu = high - low > 0 ? bandwidthsInto(mus.subarray(0, n), low, high, params.considerEndpoints, params.considerMagicClip, dist, sigmas) : (sigmas.fill(EPS), undefined);
    mus[n] = 0.5 * (low + high);
    sigmas[n] = range;
    return new NumericKernels(dist, mus, sigmas, byMu);
  });
  return new Mixture(weights, columns);
}
