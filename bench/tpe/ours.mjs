/**
 * AutoFlow's side of the TPE benchmark, in-process on the compiled dist/: the synthetic studies
 * and the ask latency at a given history size. A study is the loop the workflow runs:
 * ask({ space, history, direction }, state) -> evaluate -> append a complete TrialRecord.
 */
import { getSampler, sampleRandom, Rng, seedRng } from '../../dist/search-spaces/index.js';
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

export function runSynthetic({ seeds, trials, samplers = Object.keys(OUR_SAMPLERS), problems = Object.keys(PROBLEMS), log = () => {} }) {
  const runs = [];
  for (const problem of problems) {
    const { space } = PROBLEMS[problem];
    for (const name of samplers) {
      const started = performance.now();
      for (let seed = 0; seed < seeds; seed++) {
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
