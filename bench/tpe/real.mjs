/**
 * The real objective: AutoFlow's TF-IDF + logreg / naive Bayes pipeline on SpamAssassin
 * (headers stripped), validation log loss (minimised), over the search space AutoFlow derives
 * for that pipeline (experiment-spec/build-search-space.ts: classifier in {logreg, naive_bayes}, ngramMax,
 * minDf, sublinearTf, C + classWeight | alpha + variant).
 *
 * Kept small enough to finish: a stratified subsample of `docs` messages, split 70/30 into
 * train/validation once (data/split.ts, fixed seed), so every trial of every sampler sees the
 * same data. The TF-IDF block depends only on (ngramMax, minDf, sublinearTf): its fitted
 * matrices are memoised per setting (20 settings), and each trial fits the classifier component
 * on them exactly as Pipeline.fit does (one block, weight 1: hstack returns the block itself).
 * `verify()` checks on a few configurations that this gives the same value as Pipeline.fit.
 *
 * Both samplers drive this objective in this process: AutoFlow's in-process, Optuna through
 * the JSON-lines ask/tell server in optuna_bench.py (same distributions, same objective).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { computeMetric, getClassifierComponent, Pipeline, resolveParams } from '../../dist/components/index.js';
import { stratifiedSplit, stratifiedSubsample } from '../../dist/core/splits.js';
import { loadTable } from '../../dist/data/index.js';
import { applyParams, gridValues } from '../../dist/search-spaces/index.js';
import { buildSearchSpace } from '../../dist/experiment-spec/build-search-space.js';
import { OUR_SAMPLERS } from './ours.mjs';

export const TEMPLATE = { features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } };

export async function createSpamObjective({ docs = 2000, seed = 11 } = {}) {
  const { space, problems } = buildSearchSpace(TEMPLATE, { classifier: { choices: ['logreg', 'naive_bayes'] } });
  if (problems.length > 0) throw new Error(problems.join('; '));
  const { table } = await loadTable('builtin:spam-assassin');
  const labels = table.columns.label.map(String);
  const rows = stratifiedSubsample(labels, labels.map((_, i) => i), docs / labels.length, seed);
  const subLabels = rows.map((r) => labels[r]);
  const split = stratifiedSplit(subLabels, { validation: 0.3, test: 0, seed });
  const part = (idx) => ({ table: { nRows: idx.length, columns: { text: idx.map((i) => table.columns.text[rows[i]]) } }, labels: idx.map((i) => subLabels[i]) });
  const train = part(split.train);
  const valid = part(split.validation);
  const classes = [...new Set(subLabels)].sort();
  const yTrain = Int32Array.from(train.labels, (l) => classes.indexOf(l));
  const yValid = Int32Array.from(valid.labels, (l) => classes.indexOf(l));
  const positive = classes.indexOf('spam');

  const features = new Map();
  const featuresFor = (spec) => {
    const key = JSON.stringify(spec.features);
    let hit = features.get(key);
    if (!hit) {
      // The feature block fitted by the pipeline itself (naive Bayes is the cheap classifier to carry it).
      const p = Pipeline.create({ features: spec.features, classifier: { kind: 'naive_bayes' } }).fit(train.table, train.labels, { seed: 1 });
      hit = { train: p.transform(train.table), valid: p.transform(valid.table) };
      features.set(key, hit);
    }
    return hit;
  };

  /** Validation log loss of the configuration `params` (Pipeline semantics, memoised features). */
  const evaluate = (params) => {
    const spec = applyParams(TEMPLATE, params);
    Pipeline.create(spec); // validates the spec as a trial would
    const X = featuresFor(spec);
    const def = getClassifierComponent(spec.classifier.kind, 'classifier__kind');
    const resolved = resolveParams(def.params, spec.classifier, 'classifier');
    if (resolved.problems.length > 0) throw new Error(resolved.problems.join('; '));
    const model = def.create(resolved.params);
    model.fit(X.train, yTrain, classes.length, { seed: 1 });
    return computeMetric('log_loss', yValid, model.predictProba(X.valid), classes.length, positive);
  };

  /** The same configuration through Pipeline.fit / predictProba, for verify(). */
  const evaluateWithPipeline = (params) => {
    const p = Pipeline.create(applyParams(TEMPLATE, params)).fit(train.table, train.labels, { seed: 1 });
    return computeMetric('log_loss', yValid, p.predictProba(valid.table), classes.length, positive);
  };

  const verify = (configs) =>
    configs.map((params) => {
      const a = evaluate(params);
      const b = evaluateWithPipeline(params);
      return { params, memoised: a, pipeline: b, equal: Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)) };
    });

  /** Fits the TF-IDF block for every feature setting of the space up front; returns seconds. */
  const prepareFeatures = () => {
    const started = performance.now();
    let combos = [{}];
    for (const p of space.params.filter((q) => q.name.startsWith('features__') && !q.condition)) {
      combos = combos.flatMap((c) => gridValues(p.dist, 1).map((v) => ({ ...c, [p.name]: v })));
    }
    for (const c of combos) featuresFor(applyParams(TEMPLATE, c));
    return { settings: combos.length, seconds: (performance.now() - started) / 1000 };
  };

  return { space, evaluate, verify, prepareFeatures, sizes: { docs: rows.length, train: split.train.length, validation: split.validation.length } };
}

/** A JSON-lines client for `optuna_bench.py server`. */
export function startOptunaServer(python, script, env) {
  const child = spawn(python, [script, 'server'], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.resolve(JSON.parse(line)));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`optuna server exited with ${code}`));
  });
  const call = (msg) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(JSON.stringify(msg) + '\n');
    }).then((reply) => {
      if (reply.error) throw new Error(`optuna server: ${reply.error}`);
      return reply;
    });
  return {
    call,
    close: async () => {
      child.stdin.end(JSON.stringify({ op: 'quit' }) + '\n');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
    },
  };
}

/** Runs every (sampler, seed) study on the real objective, sequentially. */
export async function runReal({ objective, seeds, trials, ourSamplers, optunaConfigs, server, log = () => {} }) {
  const runs = [];
  for (const name of ourSamplers) {
    const started = performance.now();
    for (let seed = 0; seed < seeds; seed++) {
      const sampler = OUR_SAMPLERS[name]();
      let state = sampler.init(seed);
      const history = [];
      const values = [];
      const askMs = [];
      for (let t = 0; t < trials; t++) {
        const t0 = performance.now();
        const r = sampler.ask({ space: objective.space, history, direction: 'minimize' }, state);
        askMs.push(performance.now() - t0);
        state = r.state;
        const value = objective.evaluate(r.params);
        history.push({ number: t, params: r.params, state: 'complete', value });
        values.push(value);
      }
      runs.push({ problem: 'spam', sampler: name, seed, values, askMs });
    }
    log(`  ${name.padEnd(17)} spam         ${seeds} seeds x ${trials} trials: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const config of optunaConfigs) {
    const started = performance.now();
    for (let seed = 0; seed < seeds; seed++) {
      await server.call({ op: 'new', config, seed, space: objective.space, direction: 'minimize' });
      const values = [];
      const askMs = [];
      for (let t = 0; t < trials; t++) {
        const r = await server.call({ op: 'ask' });
        askMs.push(r.askMs);
        const value = objective.evaluate(r.params);
        await server.call({ op: 'tell', value });
        values.push(value);
      }
      runs.push({ problem: 'spam', sampler: `optuna-${config}`, seed, values, askMs });
    }
    log(`  optuna-${config.padEnd(9)} spam         ${seeds} seeds x ${trials} trials: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return runs;
}
