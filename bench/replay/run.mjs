// Replay benchmark (issue 15, items 1-2): does replaying a search cost more as it grows? A search
// of cheap trials (no ML: a trial's value is a formula of its parameters) over a conditional
// space of 45 dimensions with TPE, then every run of it replayed with Worker.runReplayHistory.
// Prints per run: trials, history events, the longest live workflow task (from the history's
// event times) and the replay time.
//
//   npm run build && nice -n 10 node bench/replay/run.mjs [--trials 250] [--per-run 250] [--product DIR]
//
// --product DIR judges another build (a checkout with bin/, dist/, package.json): how the
// "before" numbers were taken. The build is copied to a temp dir first: dist/ is rebuilt by
// others in a shared checkout.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { distUrl, productPath, snapshotProduct } from '../product.mjs';
import { runTrialMarkers } from '../trial-markers.mjs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '250' },
    'per-run': { type: 'string', default: '250' },
    parallelism: { type: 'string', default: '4' },
    product: { type: 'string' },
    'save-history': { type: 'string' },
  },
});
const work = await mkdtemp(path.join(tmpdir(), 'autoflow-replay-bench-'));
const root = path.join(work, 'product');
await snapshotProduct(root, args.product);
const dist = (p) => import(distUrl(p));
const [{ startDevServer, freePort }, { obtainTemporalBinary }, { compiledPath }] = await Promise.all([
  dist('devserver/dev-server.js'),
  dist('devserver/obtain-temporal.js'),
  dist('devserver/project-paths.js'),
]);
const { Client, Connection } = await import('@temporalio/client');
const { temporal } = (await import('@temporalio/proto')).default;
const { DefaultLogger, NativeConnection, Runtime, Worker } = await import('@temporalio/worker');
Runtime.install({ logger: new DefaultLogger('ERROR') });
const say = (line) => process.stderr.write(`[replay ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/**
 * 45 dimensions: five classifier kinds with eight parameters each (conditional on the kind),
 * four feature parameters every trial has.
 */
function space() {
  const kinds = ['logreg', 'linear_svm', 'gbt', 'mlp', 'naive_bayes'];
  const params = [{ name: 'classifier', dist: { type: 'categorical', choices: kinds } }];
  for (const f of ['ngramMax', 'minDf']) params.push({ name: `features__title__${f}`, dist: { type: 'int', low: 1, high: 5 } });
  params.push({ name: 'features__title__maxDf', dist: { type: 'float', low: 0.5, high: 1 } });
  params.push({ name: 'features__title__sublinearTf', dist: { type: 'categorical', choices: [true, false] } });
  for (const kind of kinds) {
    for (let i = 0; i < 8; i++) {
      const name = `classifier__${kind}__p${i}`;
      const dist = i % 4 === 0 ? { type: 'categorical', choices: ['a', 'b', 'c'] } : i % 4 === 1 ? { type: 'int', low: 1, high: 64, log: true } : { type: 'float', low: 1e-4, high: 1e2, log: true };
      params.push({ name, dist, condition: { param: 'classifier', in: [kind] } });
    }
  }
  return { params };
}

/** A smooth function of the parameters with one best kind, so TPE has something to learn. */
function value(pipeline) {
  const c = pipeline.classifier;
  let v = c.kind === 'gbt' ? 0.9 : 0.8;
  for (const [k, x] of Object.entries(c)) if (typeof x === 'number') v -= 0.001 * Math.abs(Math.log10(Math.abs(x) + 1e-6) - (k.length % 3));
  return v;
}

const ref = { uri: 'bench://none', sha256: '0'.repeat(64), bytes: 0 };
const suggestModule = productPath('dist', 'activities', 'suggest-trial.js');
const activities = {
  ...(existsSync(suggestModule) ? { suggestTrial: (await dist('activities/suggest-trial.js')).suggestTrialActivity() } : {}),
  async prepareDataset() {
    return { ref, dataSha256: ref.sha256, nRows: 0, classes: ['a', 'b'], positiveClass: 1, splitSizes: { train: 0, validation: 0, test: 0 }, profileRef: ref };
  },
  async runTrial(input) {
    const v = value(input.pipeline);
    return { trialNumber: input.trialNumber, value: v, metrics: { roc_auc: v }, fitSeconds: 0, resultRef: ref };
  },
  async refitAndRegister() {
    return { testMetrics: { roc_auc: 0 } };
  },
};

const maxTrials = Number(args.trials);
const experiment = {
  name: 'replay-bench',
  dataUri: 'bench://none',
  target: 'label',
  columnTypes: { title: 'text' },
  metric: 'roc_auc',
  direction: 'maximize',
  seed: 1,
  split: { validation: 0.2, test: 0.2 },
  budget: { maxTrials, parallelism: Number(args.parallelism), patience: 0, trialTimeoutMinutes: 5 },
  // localTrialSeconds as the spec defaults it: at --parallelism 1 cheap trials run as local activities (their results then replay from markers).
  execution: { heartbeatTimeoutSeconds: 60, trialAttempts: 3, localTrialSeconds: 1 },
  constraints: [],
  sampler: { name: 'tpe' },
  pruner: null,
  pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
  space: space(),
  register: null,
  ensemble: null,
  rescore: null,
  spec: { name: 'replay-bench', data: { source: 'bench://none' }, target: 'label' },
};

const binary = (await obtainTemporalBinary(say)).path;
const port = await freePort();
let uiPort = await freePort();
while (uiPort === port) uiPort = await freePort();
const server = await startDevServer({ binary, port, uiPort, dbFile: path.join(work, 'temporal.db') });
say(`private dev server on ${server.address}; ${experiment.space.params.length} dimensions, ${maxTrials} trials, ${args['per-run']} per run`);
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const nativeConnection = await NativeConnection.connect({ address: server.address });
const workflowBundle = { codePath: compiledPath('workflow-bundle') };
const worker = await Worker.create({ connection: nativeConnection, taskQueue: 'replay-bench', workflowBundle, activities, maxConcurrentActivityTaskExecutions: 8 });
const searchId = `replay-bench-${process.pid}`;
const started = performance.now();
await worker.runUntil(async () => {
  const handle = await client.workflow.start('automlSearch', { taskQueue: 'replay-bench', workflowId: searchId, args: [{ searchId, experiment, trialsPerRun: Number(args['per-run']) }] });
  await handle.result();
});
const searchSeconds = (performance.now() - started) / 1000;
say(`search done in ${searchSeconds.toFixed(1)} s`);

const ms = (t) => Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6;
const runs = [];
for await (const info of client.workflow.list({ query: `WorkflowId = '${searchId}'` })) runs.push(info);
runs.sort((a, b) => a.startTime - b.startTime);
const rows = [];
for (const [i, info] of runs.entries()) {
  const history = await client.workflow.getHandle(searchId, info.runId).fetchHistory();
  const events = history.events ?? [];
  let longestTaskMs = 0;
  const startedAt = new Map();
  for (const e of events) {
    if (e.workflowTaskStartedEventAttributes) startedAt.set(Number(e.eventId), ms(e.eventTime));
    const done = e.workflowTaskCompletedEventAttributes;
    if (done) longestTaskMs = Math.max(longestTaskMs, ms(e.eventTime) - startedAt.get(Number(done.startedEventId)));
  }
  // Trials ran as regular activities, or as local ones (a marker naming runTrial in its data).
  const trials = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runTrial').length + runTrialMarkers(events).ran.length;
  const markers = events.filter((e) => e.markerRecordedEventAttributes).length;
  if (args['save-history'] && i === 0) await writeFile(args['save-history'], temporal.api.history.v1.History.encode(history).finish());
  const t0 = performance.now();
  await Worker.runReplayHistory({ workflowBundle, replayName: `run ${i}` }, history, searchId);
  const replayMs = performance.now() - t0;
  rows.push({ run: i, trials, events: events.length, markers, longestTaskMs, replayMs });
  say(JSON.stringify(rows.at(-1)));
}
await connection.close();
await nativeConnection.close();
await server.stop();
console.log(`replay bench: ${maxTrials} trials, ${experiment.space.params.length}-dimensional conditional space, TPE, parallelism ${args.parallelism}, ${args['per-run']} trials per run; search took ${searchSeconds.toFixed(1)} s`);
console.log('run  trials  events  markers  longest live workflow task  replay');
for (const r of rows) console.log(`${String(r.run).padStart(3)}${String(r.trials).padStart(8)}${String(r.events).padStart(8)}${String(r.markers).padStart(9)}${`${r.longestTaskMs.toFixed(0)} ms`.padStart(28)}${`${(r.replayMs / 1000).toFixed(2)} s`.padStart(8)}`);
await rm(work, { recursive: true, force: true });
