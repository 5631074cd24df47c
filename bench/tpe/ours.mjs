/**
 * AutoFlow's side of the TPE benchmark, in-process on the compiled dist/: the synthetic studies
 * and the ask latency at a given history size. A study is the loop the workflow runs:
 * ask({ space, history, direction }, state) -> evaluate -> append a complete TrialRecord.
 */
import { getSampler, sampleRandom, Rng, seedRng } from '../../dist/search-spaces/index.js';
import { buildParzenEstimator, defaultWeights } from '../../dist/search-spaces/tpe/parzen-estimator.js';
import { PROBLEMS, studyObjective } from './objectives.mjs';

/** The AutoFlow samplers compared, by the label used in the tables. */
export const OUR_SAMPLERS = {
  'autoflow-tpe': () => getSampler('tpe'),
  'autoflow-tpe-uni': () => getSampler('tpe', { multivariate: false }),
  /** Ablation: random instead of quasi-random start-up points, as Optuna does. */
  'autoflow-tpe-rs': () => getSampler('tpe', { startup: 'random' }),
  /** Ablation: Optuna's gamma (0.1), start-up count (10) and candidates (24), the defaults before the noise fix. */
  'autoflow-tpe-od': () => getSampler('tpe', { gamma: 0.1, nStartupTrials: 10, nEiCandidates: 24 }),
  random: () => getSampler('random'),
};

/**
 * One study: observed values in trial order (what the sampler was told), the noiseless ones
 * (equal unless the problem is noisy) and the time of each ask in ms. `objective(params, trial)`
 * returns a number or `{ value, trueValue }`.
 */
export function runStudy(sampler, space, objective, seed, trials, direction = 'minimize') {
  let state = sampler.init(seed);
  const history = [];
  const values = [];
  const trueValues = [];
  const askMs = [];
  for (let t = 0; t < trials; t++) {
    const t0 = performance.now();
    const r = sampler.ask({ space, history, direction }, state);
    askMs.push(performance.now() - t0);
    state = r.state;
    const observed = objective(r.params, t);
    const { value, trueValue } = typeof observed === 'number' ? { value: observed, trueValue: observed } : observed;
    history.push({ number: t, params: r.params, state: 'complete', value });
    values.push(value);
    trueValues.push(trueValue);
  }
  return { values, trueValues, askMs };
}

export function runSynthetic({ seeds, firstSeed = 0, trials, samplers = Object.keys(OUR_SAMPLERS), problems = Object.keys(PROBLEMS), log = () => {} }) {
  const runs = [];
  for (const problem of problems) {
    const { space } = PROBLEMS[problem];
    for (const name of samplers) {
      const started = performance.now();
      for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
        const { values, trueValues, askMs } = runStudy(OUR_SAMPLERS[name](), space, studyObjective(problem, seed), seed, trials);
        runs.push({ problem, sampler: name, seed, values, trueValues, askMs });
      }
      log(`  ${name.padEnd(17)} ${problem.padEnd(12)} ${seeds} seeds x ${trials} trials: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  return runs;
}

/** Points drawn at random from each problem's space, to check that both languages compute the same objective. */
export function checkPoints(perProblem = 25) {
  const out = {};
  for (const [problem, { space, base }] of Object.entries(PROBLEMS)) {
    if (base) continue; // a noisy variant evaluates its base's formula
    const rng = new Rng(seedRng(12345));
    out[problem] = Array.from({ length: perProblem }, () => sampleRandom(space, rng));
  }
  return out;
}

/**
 * A history of `size` complete trials at random points (seeded), with values from `valueOf`.
 * The same trials are handed to Optuna, so both samplers see the same history.
 */
export function randomHistory(space, size, valueOf, seed = 99) {
  const rng = new Rng(seedRng(seed));
  return Array.from({ length: size }, (_, i) => {
    const params = sampleRandom(space, rng);
    return { number: i, params, state: 'complete', value: valueOf(params, i) };
  });
}

/**
 * Median-able ask times of AutoFlow's TPE with `size` trials in the history: `warmup` untimed
 * asks, then `asks` timed ones; each told with a value from the history (as on the Optuna side).
 */
export function askLatency(samplerName, space, trials, size, asks, warmup = 5) {
  const sampler = OUR_SAMPLERS[samplerName]();
  let state = sampler.init(0);
  const history = trials.slice(0, size).map((t) => ({ ...t }));
  const askMs = [];
  for (let k = 0; k < warmup + asks; k++) {
    const t0 = performance.now();
    const r = sampler.ask({ space, history, direction: 'minimize' }, state);
    const ms = performance.now() - t0;
    state = r.state;
    if (k >= warmup) askMs.push(ms);
    history.push({ number: history.length, params: r.params, state: 'complete', value: trials[k % size].value });
  }
  return askMs;
}

/**
 * Cases for the Parzen estimator cross-check: for each group of parameters, the good (best
 * `nBelow` by value) and bad observations of a random history, in trial order, and points to
 * evaluate l(x) and g(x) at. Vectors are in the estimator's representation (the value of a
 * numeric parameter, the index of a categorical one).
 *
 * Groups: each problem's unconditional parameters, and each branch of a conditional problem
 * (the parameters under the same condition; numeric and categorical ones jointly, each int or
 * stepped one alone). Tied values of an int parameter share out their bandwidths (the run's
 * outer gaps, the clip's minimum inside) in the order the sort leaves them, which numpy's
 * argsort does not define; the order changes the density when tied kernels differ elsewhere:
 * in another parameter of a joint group, or in age weight (more than 25 observations). So a
 * discrete parameter is checked alone, with each side under 25 observations.
 */
export function parzenCases(size = 60, nBelow = 8, nPoints = 120) {
  const discrete = (p) => p.dist.type === 'int' || p.dist.step !== undefined;
  const groups = [];
  for (const [problem, { space, base }] of Object.entries(PROBLEMS)) {
    if (base) continue;
    groups.push({ problem, params: space.params.filter((p) => !p.condition) });
    const branches = new Map();
    for (const p of space.params.filter((q) => q.condition)) {
      const key = JSON.stringify(p.condition);
      // Checked as a space of their own: the condition's parent is not in the group.
      branches.set(key, [...(branches.get(key) ?? []), { name: p.name, dist: p.dist }]);
    }
    for (const [key, branch] of branches) {
      const label = `${problem} (${JSON.parse(key).in.join('|')})`;
      if (branch.some((p) => !discrete(p))) groups.push({ problem: label, params: branch.filter((p) => !discrete(p)) });
      for (const p of branch.filter(discrete)) groups.push({ problem: `${label} ${p.name}`, params: [p], size: 24 + nBelow });
    }
  }
  return groups.map((group) => {
    const history = randomHistory(group, group.size ?? size, (_p, i) => ((i + 1) * 0.6180339887498949) % 1, 7);
    const toVector = (params) => group.params.map((p) => (p.dist.type === 'categorical' ? p.dist.choices.indexOf(params[p.name]) : params[p.name]));
    const ranked = [...history].sort((a, b) => a.value - b.value);
    const good = new Set(ranked.slice(0, nBelow));
    const below = history.filter((t) => good.has(t)).map((t) => toVector(t.params));
    const above = history.filter((t) => !good.has(t)).map((t) => toVector(t.params));
    const points = randomHistory(group, nPoints, () => 0, 8).map((t) => toVector(t.params));
    return { problem: group.problem, dims: group.params.map((p) => p.dist), below, above, points: [...points, ...below] };
  });
}

/** log l(x) and log g(x) at each case's points with the given estimator settings (Optuna's by default). */
export function parzenLogDensities(cases, settings = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, weights: defaultWeights }) {
  return cases.map((c) => ({
    below: buildParzenEstimator(c.dims, c.below, settings).logPdf(c.points),
    above: buildParzenEstimator(c.dims, c.above, settings).logPdf(c.points),
  }));
}
