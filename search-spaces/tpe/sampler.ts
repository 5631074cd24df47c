/**
 * Tree-structured Parzen Estimator (TPE), after Bergstra et al. (2011) and Optuna's TPESampler.
 *
 * One ask:
 *   1. Fewer than `nStartupTrials` finished (complete or pruned) trials: a start-up point,
 *      quasi-random (scrambled Halton) or random.
 *   2. Otherwise split the trials: the best gamma(n) finished trials are "below" (good),
 *      the rest "above"; pruned trials rank after complete ones, by how far they got and then
 *      by their last intermediate value; running trials are "above" (constant liar: a trial
 *      in flight is assumed to be bad, so parallel asks spread out); failed trials count as
 *      bad too (or, with `failed: 'ignore'`, are left out as in Optuna).
 *   3. For each group of parameters (one parameter in univariate mode; in multivariate mode the
 *      parameters that are always active together, i.e. share their condition chain), build
 *      Parzen estimators l(x) from the below trials and g(x) from the above trials in which
 *      the group was active, draw `nEiCandidates` points from l and keep the one maximising
 *      log l(x) - log g(x).
 *   4. Inactive groups (their condition does not hold for the values chosen so far) are
 *      skipped. If the configuration equals one already in the history (any state), the
 *      next-best candidates are tried, then random points.
 *
 * Pure: a function of (space, history, state); the state is a JSON RNG state plus the
 * quasi-random counter.
 */
import { conditionHolds, ConfigSet } from '../active.js';
import { initQmc, sampleQmc, type QmcState } from '../qmc-sampler.js';
import { sampleRandom } from '../random-sampler.js';
import { Rng, seedRng, type RngState } from '../rng.js';
import type { AskContext, AskResult, Choice, Direction, Distribution, ParamSpace, ParamValues, Sampler, SearchSpace, TrialRecord } from '../types.js';
import { assertValidSearchSpace } from '../validate.js';
import { choiceIndex, numericObservation, stepCount } from '../values.js';
import type { Mixture } from './distributions.js';
import { buildParzenEstimator, defaultWeights, type ParzenParameters } from './parzen-estimator.js';

export interface TpeOptions {
  /** Finished trials before TPE takes over from the start-up sampler (default 5). */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per ask and group (default 32). */
  nEiCandidates?: number;
  /**
   * Number of "below" trials out of n finished ones (default min(ceil(0.15 n), 25)). A number
   * in (0, 1] is a fraction: min(ceil(gamma n), 25).
   */
  gamma?: number | ((nFinished: number) => number);
  /** Weight of the prior kernel (default 1). */
  priorWeight?: number;
  /** Lower-bound bandwidths by range / min(100, 1 + kernels) (default true). */
  considerMagicClip?: boolean;
  /** Let the interval ends widen the outermost kernels (default false). */
  considerEndpoints?: boolean;
  /** Observation weights by age, oldest first (default: ramp beyond 25 observations). */
  weights?: (n: number) => number[];
  /** Weights of the "below" observations only (default: `weights`); MOTPE weighs them equally. */
  weightsBelow?: (n: number) => number[];
  /** Model parameters jointly (default true). */
  multivariate?: boolean;
  /**
   * With `multivariate`: model each set of parameters that share their condition chain jointly
   * (default true). Without it only the unconditional parameters are joint and conditional ones
   * are modelled one by one.
   */
  group?: boolean;
  /** Treat running trials as bad ones so parallel asks spread out (default true). */
  constantLiar?: boolean;
  /**
   * Failed trials: 'worst' (default) counts them among the bad ("above") trials, so TPE steers
   * away from regions where trials fail; 'ignore' leaves them out of the model as Optuna does,
   * which keeps a failing region looking unexplored and attractive (on Branin with failures
   * next to the optimum, nearly every later trial failed). Either way a failed configuration
   * is never suggested again while fresh ones exist.
   */
  failed?: 'ignore' | 'worst';
  /** Start-up points: 'qmc' (scrambled Halton, default) or 'random'. */
  startup?: 'qmc' | 'random';
}

export interface TpeState {
  rng: RngState;
  qmc: QmcState;
}

/**
 * Good ("below") trials out of n: min(ceil(0.15 n), 25), 1.5 times Optuna's fraction. With 0.1
 * the good set of an early search is 2-5 trials, and under noisy scores those are largely the
 * luckiest draws, whose narrow kernels pull the search onto noise; a larger good set averages
 * it out. 0.2 averages more but, on a conditional space with a deceptive branch, lets the
 * mediocre branch into the good set and keeps the search there (bench/tpe ablation,
 * search-spaces/README.md).
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.15 * n), 25);
}

function fractionGamma(f: number): (n: number) => number {
  if (!(f > 0 && f <= 1)) throw new Error(`TPE gamma must be a fraction in (0, 1] or a function, got ${f}`);
  return (n) => Math.min(Math.ceil(f * n), 25);
}

interface Resolved {
  nStartupTrials: number;
  nEiCandidates: number;
  gamma: (n: number) => number;
  multivariate: boolean;
  group: boolean;
  constantLiar: boolean;
  failedAsWorst: boolean;
  startup: 'qmc' | 'random';
  parzen: ParzenParameters;
  parzenBelow: ParzenParameters;
}

function resolve(o: TpeOptions): Resolved {
  const parzen: ParzenParameters = {
    priorWeight: o.priorWeight ?? 1,
    considerMagicClip: o.considerMagicClip ?? true,
    considerEndpoints: o.considerEndpoints ?? false,
    weights: o.weights ?? defaultWeights,
  };
  const r: Resolved = {
    nStartupTrials: o.nStartupTrials ?? 5,
    nEiCandidates: o.nEiCandidates ?? 32,
    gamma: typeof o.gamma === 'number' ? fractionGamma(o.gamma) : (o.gamma ?? defaultGamma),
    multivariate: o.multivariate ?? true,
    group: o.group ?? true,
    constantLiar: o.constantLiar ?? true,
    failedAsWorst: (o.failed ?? 'worst') === 'worst',
    startup: o.startup ?? 'qmc',
    parzen,
    parzenBelow: o.weightsBelow ? { ...parzen, weights: o.weightsBelow } : parzen,
  };
  if (!Number.isInteger(r.nStartupTrials) || r.nStartupTrials < 0) throw new Error(`TPE nStartupTrials must be an integer >= 0, got ${r.nStartupTrials}`);
  if (!Number.isInteger(r.nEiCandidates) || r.nEiCandidates < 1) throw new Error(`TPE nEiCandidates must be an integer >= 1, got ${r.nEiCandidates}`);
  if (o.failed !== undefined && o.failed !== 'ignore' && o.failed !== 'worst') throw new Error(`TPE failed must be "ignore" or "worst", got ${JSON.stringify(o.failed)}`);
  if (r.startup !== 'qmc' && r.startup !== 'random') throw new Error(`TPE startup must be "qmc" or "random", got ${JSON.stringify(r.startup)}`);
  return r;
}

/** Complete trials with a finite value, and pruned trials; everything else is ignored. */
function isFinished(t: TrialRecord): boolean {
  if (t.state === 'complete') return typeof t.value === 'number' && Number.isFinite(t.value);
  return t.state === 'pruned';
}

/**
 * Sort key of a pruned trial (smaller ranks better): the later its last reported step the
 * better, then its value at that step. Pruned trials that reported nothing rank last (by their
 * `value` if they have one).
 */
function prunedScore(t: TrialRecord, direction: Direction): [number, number] {
  const sign = direction === 'minimize' ? 1 : -1;
  let step = -Infinity;
  let value = NaN;
  for (const [k, v] of Object.entries(t.intermediate ?? {})) {
    const s = Number(k);
    if (Number.isFinite(s) && s > step) {
      step = s;
      value = v;
    }
  }
  if (step === -Infinity) return [Infinity, typeof t.value === 'number' && Number.isFinite(t.value) ? sign * t.value : Infinity];
  return [-step, typeof value === 'number' && Number.isFinite(value) ? sign * value : Infinity];
}

/** Three-way comparison that treats equal infinities as equal (Infinity - Infinity is NaN). */
function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Below (good) and above trials, each ordered by trial number. Running trials are above with
 * `constantLiar`; failed trials (and complete ones without a finite value) are above with
 * `failedAsWorst`, otherwise left out.
 */
export function splitTrials(
  history: readonly TrialRecord[],
  nBelow: number,
  direction: Direction,
  constantLiar: boolean,
  failedAsWorst = false,
): { below: TrialRecord[]; above: TrialRecord[] } {
  const complete: TrialRecord[] = [];
  const pruned: TrialRecord[] = [];
  const running: TrialRecord[] = [];
  for (const t of history) {
    if (t.state === 'running') {
      if (constantLiar) running.push(t);
    } else if (isFinished(t)) (t.state === 'complete' ? complete : pruned).push(t);
    else if (failedAsWorst) running.push(t);
  }
  const sign = direction === 'minimize' ? 1 : -1;
  const prunedKeys = new Map(pruned.map((t) => [t, prunedScore(t, direction)] as const));
  pruned.sort((a, b) => {
    const ka = prunedKeys.get(a)!;
    const kb = prunedKeys.get(b)!;
    return cmp(ka[0], kb[0]) || cmp(ka[1], kb[1]) || a.number - b.number;
  });
  let n = Math.max(0, Math.floor(nBelow));
  const below = bestOf(complete, n, (a, b) => sign * (a.value! - b.value!) || a.number - b.number);
  const chosen = new Set(below);
  const above = complete.filter((t) => !chosen.has(t));
  n = Math.max(0, n - below.length);
  below.push(...pruned.slice(0, n));
  above.push(...pruned.slice(n), ...running);
  const byNumber = (a: TrialRecord, b: TrialRecord) => a.number - b.number;
  return { below: below.sort(byNumber), above: above.sort(byNumber) };
}

/**
 * The `n` first of `items` in the order `compare` defines (a strict total order), as a full
 * sort would give them, without sorting everything: the good set is at most 25 trials, the
 * history thousands, and this runs on every ask.
 */
function bestOf<T>(items: readonly T[], n: number, compare: (a: T, b: T) => number): T[] {
  const best: T[] = [];
  if (n <= 0) return best;
  for (const item of items) {
    if (best.length === n && compare(item, best[n - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(best[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > n) best.pop();
  }
  return best;
}

/** How many values a parameter can take (1 = constant, nothing to model). */
function isSingle(dist: Distribution): boolean {
  if (dist.type === 'categorical') return dist.choices.length === 1;
  if (dist.low === dist.high) return true;
  return dist.step !== undefined || dist.type === 'int' ? stepCount(dist) === 1 : false;
}

/**
 * Groups of parameter indices modelled jointly, in space order (a group's condition parents
 * always sit in earlier groups). Multivariate+group: parameters with the same condition chain.
 */
export function parameterGroups(space: SearchSpace, multivariate: boolean, group: boolean): number[][] {
  const byName = new Map(space.params.map((p) => [p.name, p] as const));
  const chainKey = (p: ParamSpace): string => {
    const chain: string[] = [];
    let cur: ParamSpace | undefined = p;
    const seen = new Set<string>();
    while (cur?.condition && !seen.has(cur.name)) {
      seen.add(cur.name);
      const values = cur.condition.in.map((v) => JSON.stringify(v)).sort();
      chain.unshift(`${JSON.stringify(cur.condition.param)}:${values.join(',')}`);
      cur = byName.get(cur.condition.param);
    }
    return chain.join('/');
  };
  const groups = new Map<string, number[]>();
  space.params.forEach((p, i) => {
    let key: string;
    if (!multivariate) key = `#${i}`;
    else if (group) key = `c${chainKey(p)}`;
    else key = p.condition ? `#${i}` : 'root';
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()].sort((a, b) => a[0] - b[0]);
}

/** Internal representation of a trial's values for the given parameters, or undefined if any is absent or invalid. */
function observation(t: TrialRecord, params: readonly ParamSpace[]): number[] | undefined {
  const out: number[] = [];
  for (const p of params) {
    if (!Object.prototype.hasOwnProperty.call(t.params, p.name)) return undefined;
    const v = t.params[p.name];
    if (p.dist.type === 'categorical') {
      const i = choiceIndex(p.dist, v);
      if (i < 0) return undefined;
      out.push(i);
    } else {
      const x = numericObservation(p.dist, v);
      if (x === undefined) return undefined;
      out.push(x);
    }
  }
  return out;
}

interface ObservationMemo {
  params: readonly ParamSpace[];
  byConfig: WeakMap<ParamValues, readonly number[] | null>;
}

/**
 * Observation vectors already computed, by group (its parameter objects) and configuration
 * object: every ask turns the whole history into vectors again, a history's records outlive
 * many asks, and configurations are never mutated once recorded (as paramsHash assumes).
 */
const observationMemos = new WeakMap<ParamSpace, ObservationMemo[]>();

function observationMemo(params: readonly ParamSpace[]): WeakMap<ParamValues, readonly number[] | null> {
  let memos = observationMemos.get(params[0]);
  if (!memos) observationMemos.set(params[0], (memos = []));
  const same = memos.find((m) => m.params.length === params.length && m.params.every((p, i) => p === params[i]));
  if (same) return same.byConfig;
  const byConfig = new WeakMap<ParamValues, readonly number[] | null>();
  memos.push({ params, byConfig });
  return byConfig;
}

/** The observations of the trials for a group, in trial order, skipping trials where it is absent or invalid. */
function observations(trials: readonly TrialRecord[], params: readonly ParamSpace[]): (readonly number[])[] {
  const memo = observationMemo(params);
  const out: (readonly number[])[] = [];
  for (const t of trials) {
    let o = memo.get(t.params);
    if (o === undefined) memo.set(t.params, (o = observation(t, params) ?? null));
    if (o) out.push(o);
  }
  return out;
}

/**
 * Whether two candidates are the same point: equal entries, NaN equal to NaN, -0 to 0 (the
 * equivalence of comparing `join(',')` strings, without formatting 32 x dims numbers per ask).
 */
function sameVector(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d] && !(Number.isNaN(a[d]) && Number.isNaN(b[d]))) return false;
  return true;
}

function externalValue(dist: Distribution, x: number): Choice {
  return dist.type === 'categorical' ? dist.choices[x] : x;
}

/** Most leaves the duplicate-avoiding search may examine before giving up on TPE candidates. */
const MAX_LEAVES = 512;
/** Random draws tried after that. */
const MAX_RANDOM_RETRIES = 64;

export function createTpeSampler(options: TpeOptions = {}): Sampler<TpeState> {
  const opt = resolve(options);
  return {
    name: 'tpe',
    init(seed: number): TpeState {
      return { rng: seedRng(seed), qmc: initQmc(seed) };
    },
    ask(ctx: AskContext, state: TpeState): AskResult<TpeState> {
      const { space, history, direction } = ctx;
      assertValidSearchSpace(space);
      const rng = Rng.fromState(state.rng);
      let qmc = state.qmc;
      const taken = ConfigSet.ofHistory(space, history);
      const finished = history.filter(isFinished);
      const done = (params: ParamValues): AskResult<TpeState> => ({ params, state: { rng: rng.state(), qmc } });

      if (finished.length < opt.nStartupTrials) {
        let params: ParamValues = {};
        for (let attempt = 0; attempt < MAX_RANDOM_RETRIES; attempt++) {
          if (opt.startup === 'qmc' && attempt < MAX_RANDOM_RETRIES / 2) {
            const r = sampleQmc(space, qmc);
            params = r.params;
            qmc = r.state;
          } else params = sampleRandom(space, rng);
          if (!taken.has(params)) break;
        }
        return done(params);
      }

      const { below, above } = splitTrials(history, opt.gamma(finished.length), direction, opt.constantLiar, opt.failedAsWorst);
      const groups = parameterGroups(space, opt.multivariate, opt.group).map((indices) => indices.filter((i) => !isSingle(space.params[i].dist)));

      // Ranked distinct candidates per group, built on first use (RNG order = first-use order).
      const ranked = new Map<number, number[][]>();
      const candidatesFor = (gi: number): number[][] => {
        const hit = ranked.get(gi);
        if (hit) return hit;
        const params = groups[gi].map((i) => space.params[i]);
        const dims = params.map((p) => p.dist);
        const l: Mixture = buildParzenEstimator(dims, observations(below, params), opt.parzenBelow);
        const g: Mixture = buildParzenEstimator(dims, observations(above, params), opt.parzen);
        const samples = l.sample(rng, opt.nEiCandidates);
        const ll = l.logPdf(samples);
        const lg = g.logPdf(samples);
        // Best acquisition first (NaN last), ties in draw order.
        const scored = samples.map((x, i) => ({ x, score: Number.isNaN(ll[i] - lg[i]) ? -Infinity : ll[i] - lg[i], i }));
        scored.sort((a, b) => (a.score === b.score ? a.i - b.i : a.score < b.score ? 1 : -1));
        const out: number[][] = [];
        for (const s of scored) if (!out.some((o) => sameVector(o, s.x))) out.push(s.x);
        ranked.set(gi, out);
        return out;
      };

      // Depth-first over the groups in space order, best candidates first: the first leaf is
      // plain TPE; later leaves are the nearest alternatives when that point is already taken.
      let leaves = 0;
      let first: ParamValues | undefined;
      const order = groups.map((_, gi) => gi).filter((gi) => groups[gi].length > 0);
      const search = (pos: number, chosen: ParamValues): ParamValues | undefined => {
        if (pos >= order.length) {
          const full = resolveActive(space, chosen).values;
          leaves++;
          first ??= full;
          return taken.has(full) ? undefined : full;
        }
        const gi = order[pos];
        const members = groups[gi];
        const lead = space.params[members[0]];
        const before = resolveActive(space, chosen, members[0]);
        if (!conditionHolds(lead, before.values, before.active)) return search(pos + 1, chosen);
        for (const x of candidatesFor(gi)) {
          if (leaves >= MAX_LEAVES) return undefined;
          const next = { ...chosen };
          members.forEach((i, d) => {
            const p = space.params[i];
            next[p.name] = externalValue(p.dist, x[d]);
          });
          const r = search(pos + 1, next);
          if (r) return r;
        }
        return undefined;
      };
      const found = search(0, {});
      if (found) return done(found);
      for (let attempt = 0; attempt < MAX_RANDOM_RETRIES; attempt++) {
        const params = sampleRandom(space, rng);
        if (!taken.has(params)) return done(params);
      }
      return done(first ?? sampleRandom(space, rng));
    },
  };
}

/**
 * The configuration implied by the modelled values chosen so far, in space order: active
 * single-valued parameters get their only value, chosen values of inactive parameters are
 * dropped. With `upTo`, only the parameters before that index are resolved.
 */
function resolveActive(space: SearchSpace, chosen: ParamValues, upTo = space.params.length): { values: ParamValues; active: Set<string> } {
  const values: ParamValues = {};
  const active = new Set<string>();
  for (let i = 0; i < upTo; i++) {
    const p = space.params[i];
    if (active.has(p.name) || !conditionHolds(p, values, active)) continue;
    if (isSingle(p.dist)) values[p.name] = p.dist.type === 'categorical' ? p.dist.choices[0] : p.dist.low;
    else if (Object.prototype.hasOwnProperty.call(chosen, p.name)) values[p.name] = chosen[p.name];
    else continue;
    active.add(p.name);
  }
  return { values, active };
}

export const tpeSampler: Sampler<TpeState> = createTpeSampler();
