// Orchestration benchmark (issue 5): what Temporal costs per trial, how throughput scales with
// worker processes, and how many history events a trial adds. Run: npm run build && node bench/orchestration/run.mjs
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { freePort, startDevServer } from '../../dist/devserver/dev-server.js';
import { compiledPath } from '../../dist/devserver/project-paths.js';
import { findTemporalBinary } from '../../dist/devserver/temporal-binary.js';
import { getSampler } from '../../dist/search-spaces/samplers.js';
import { benchActivities, benchExperiment } from './noop-activities.mjs';

const NOOP_TRIALS = Number(process.env.BENCH_NOOP_TRIALS ?? 300);
const SCALING_TRIALS = Number(process.env.BENCH_SCALING_TRIALS ?? 96);
const SLEEP_MS = Number(process.env.BENCH_SLEEP_MS ?? 1000);
const PER_WORKER = 4;
const LONG_TRIALS = Number(process.env.BENCH_LONG_TRIALS ?? 5000);

Runtime.install({ logger: new DefaultLogger('WARN') });
const binary = findTemporalBinary().path;
if (!binary) throw new Error('no Temporal CLI: run `node bin/autoflow.js setup`');
const dir = await mkdtemp(join(tmpdir(), 'autoflow-bench-'));
const server = await startDevServer({ binary, port: await freePort(), uiPort: await freePort(), dbFile: join(dir, 'bench.db') });
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
let seq = 0;

async function runSearch(taskQueue, maxTrials, parallelism, trialsPerRun, experimentOptions = {}) {
  const searchId = `bench-${process.pid}-${seq++}`;
  const started = performance.now();
  const handle = await client.workflow.start('automlSearch', {
    taskQueue,
    workflowId: searchId,
    args: [{ searchId, experiment: benchExperiment({ maxTrials, parallelism, ...experimentOptions }), trialsPerRun }],
  });
  const result = await handle.result();
  const seconds = (performance.now() - started) / 1000;
  return { searchId, seconds, result };
}

/** Events in each run of a search (continueAsNew starts a new run with a fresh history). */
async function historyStats(searchId) {
  const runs = [];
  for await (const info of client.workflow.list({ query: `WorkflowId = '${searchId}'` })) {
    const history = await client.workflow.getHandle(searchId, info.runId).fetchHistory();
    runs.push(history.events.length);
  }
  return runs;
}

// 1. No-op trials through the workflow, against the same sampler + no-op in a plain loop.
const nativeConnection = await NativeConnection.connect({ address: server.address });
const inProcess = await Worker.create({
  connection: nativeConnection,
  taskQueue: 'bench-noop',
  workflowBundle: { codePath: compiledPath('workflow-bundle') },
  activities: benchActivities(),
  maxConcurrentActivityTaskExecutions: 8,
});
const noop = await inProcess.runUntil(async () => {
  // Warm-up: JIT and workflow cache, on both paths a sequential search takes (regular and local trials).
  await runSearch('bench-noop', 20, 4);
  await runSearch('bench-noop', 60, 1);
  const sequential = await runSearch('bench-noop', NOOP_TRIALS, 1);
  // Every trial a regular activity: one server round trip each (what parallelism 1 cost before local trials).
  const sequentialRemote = await runSearch('bench-noop', NOOP_TRIALS, 1, undefined, { localTrialSeconds: 0 });
  const parallel = await runSearch('bench-noop', NOOP_TRIALS, 8);
  const long = LONG_TRIALS > 0 ? await runSearch('bench-noop', LONG_TRIALS, 8) : undefined;
  return { sequential, sequentialRemote, parallel, long };
});
await nativeConnection.close();

const sampler = getSampler('random');
const activities = benchActivities();
const experiment = benchExperiment({ maxTrials: NOOP_TRIALS, parallelism: 1 });
const loopStarted = performance.now();
{
  let state = sampler.init(1);
  const history = [];
  for (let n = 0; n < NOOP_TRIALS; n++) {
    const asked = sampler.ask({ space: experiment.space, history, direction: 'maximize' }, state);
    state = asked.state;
    const outcome = await activities.runTrial({ trialNumber: n, pipeline: { classifier: { C: asked.params.classifier__C } } });
    history.push({ number: n, params: asked.params, state: 'complete', value: outcome.value });
  }
}
const loopSeconds = (performance.now() - loopStarted) / 1000;

// The reference: Optuna with SQLite storage, same no-op objective, in the bench venv (bench/tpe/run.sh makes it).
const python = process.env.BENCH_PYTHON ?? join(homedir(), '.cache', 'autoflow', 'bench-venv', 'bin', 'python');
const optuna = existsSync(python)
  ? JSON.parse(execFileSync(python, [new URL('./optuna_sqlite.py', import.meta.url).pathname, String(NOOP_TRIALS)], { encoding: 'utf8' }))
  : undefined;

const seqEvents = await historyStats(noop.sequential.searchId);
const seqRemoteEvents = await historyStats(noop.sequentialRemote.searchId);
const parEvents = await historyStats(noop.parallel.searchId);
const longRuns = noop.long ? await historyStats(noop.long.searchId) : [];

// 2. Scaling on sleep-bound trials: 1, 2 and 4 worker processes, each running PER_WORKER trials at once.
const scaling = [];
for (const processes of SCALING_TRIALS > 0 ? [1, 2, 4] : []) {
  const taskQueue = `bench-scale-${processes}`;
  const children = [];
  for (let i = 0; i < processes; i++) {
    const child = spawn(process.execPath, [new URL('./bench-worker.mjs', import.meta.url).pathname, server.address, taskQueue, String(PER_WORKER), String(SLEEP_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((r) => child.stdout.once('data', r));
    children.push(child);
  }
  const run = await runSearch(taskQueue, SCALING_TRIALS, processes * PER_WORKER);
  scaling.push({ processes, seconds: run.seconds, perMinute: (SCALING_TRIALS / run.seconds) * 60, ideal: (processes * PER_WORKER * 60000) / SLEEP_MS });
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
}

await connection.close();
await server.stop();
await rm(dir, { recursive: true, force: true });

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const ms = (s, n) => ((s * 1000) / n).toFixed(2);
const lines = [
  '## Orchestration (no-op trials)',
  '',
  '| what | trials | wall s | ms per trial |',
  '|---|---:|---:|---:|',
  `| plain loop (sampler + no-op call, no Temporal) | ${NOOP_TRIALS} | ${loopSeconds.toFixed(3)} | ${ms(loopSeconds, NOOP_TRIALS)} |`,
  ...(optuna ? [`| Optuna + SQLite storage, random sampler, one process | ${NOOP_TRIALS} | ${optuna.seconds.toFixed(2)} | ${optuna.ms_per_trial.toFixed(2)} |`] : ['| Optuna + SQLite | (no bench venv: run bash bench/tpe/run.sh once) | | |']),
  `| workflow, parallelism 1 (defaults: short trials run as local activities) | ${NOOP_TRIALS} | ${noop.sequential.seconds.toFixed(2)} | ${ms(noop.sequential.seconds, NOOP_TRIALS)} |`,
  `| workflow, parallelism 1, every trial a regular activity (localTrialSeconds 0) | ${NOOP_TRIALS} | ${noop.sequentialRemote.seconds.toFixed(2)} | ${ms(noop.sequentialRemote.seconds, NOOP_TRIALS)} |`,
  `| workflow, parallelism 8 | ${NOOP_TRIALS} | ${noop.parallel.seconds.toFixed(2)} | ${ms(noop.parallel.seconds, NOOP_TRIALS)} |`,
  ...(noop.long ? [`| workflow, parallelism 8, continueAsNew every 250 | ${LONG_TRIALS} | ${noop.long.seconds.toFixed(2)} | ${ms(noop.long.seconds, LONG_TRIALS)} |`] : []),
  '',
  ...(optuna ? [`Against Optuna + SQLite (ms per trial, ours / theirs): parallelism 1 ${(noop.sequential.seconds * 1000 / NOOP_TRIALS / optuna.ms_per_trial).toFixed(2)}x; every trial a regular activity ${(noop.sequentialRemote.seconds * 1000 / NOOP_TRIALS / optuna.ms_per_trial).toFixed(2)}x; parallelism 8 ${(noop.parallel.seconds * 1000 / NOOP_TRIALS / optuna.ms_per_trial).toFixed(2)}x.`, ''] : []),
  `Overhead per trial (parallelism 1): ${ms(noop.sequential.seconds - loopSeconds, NOOP_TRIALS)} ms, ${(noop.sequential.seconds / loopSeconds).toFixed(0)}x the plain loop; history events per trial: ${(sum(seqEvents) / NOOP_TRIALS).toFixed(2)} sequential (${sum(seqEvents)} events in ${seqEvents.length} runs), ${(sum(seqRemoteEvents) / NOOP_TRIALS).toFixed(2)} sequential with regular activities only, ${(sum(parEvents) / NOOP_TRIALS).toFixed(2)} at parallelism 8.`,
  ...(noop.long ? [`${LONG_TRIALS}-trial search: one search id, ${longRuns.length} runs; events per run: max ${Math.max(...longRuns)}, median ${longRuns.sort((a, b) => a - b)[Math.floor(longRuns.length / 2)]}.`] : []),
  '',
  `## Scaling (sleep-bound trials of ${SLEEP_MS} ms, ${PER_WORKER} per worker process, ${SCALING_TRIALS} trials)`,
  '',
  '| worker processes | wall s | trials/min | ideal trials/min | efficiency | speed-up vs 1 |',
  '|---:|---:|---:|---:|---:|---:|',
  ...scaling.map((s) => `| ${s.processes} | ${s.seconds.toFixed(1)} | ${s.perMinute.toFixed(0)} | ${s.ideal.toFixed(0)} | ${((100 * s.perMinute) / s.ideal).toFixed(0)}% | ${(s.perMinute / scaling[0].perMinute).toFixed(2)}x |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
