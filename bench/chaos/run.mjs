// Chaos benchmark (issue 15, item 3): do crashed workers cost trials? Searches run on two worker
// processes while one of them is SIGKILLed (and restarted) every 9-15 s, and the Temporal
// server is stopped and restarted once. Prints, per search, trials completed, trials lost to
// crashes (recorded failed although the configuration was fine: every configuration here fits)
// and duplicates (a trial recorded or stored twice), then the totals.
//
//   npm run build && nice -n 10 node bench/chaos/run.mjs [--searches 3] [--trials 16] [--rows 16000] [--product DIR]
//
// --product DIR judges another build (a checkout with bin/, dist/, package.json): how the
// "before" numbers were taken. The build is copied to a temp dir first: dist/ is rebuilt by
// others in a shared checkout. Every spec setting is the default except the heartbeat timeout
// (10 s instead of 60, so each crash is found in seconds and the run stays short).
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cliPath, distUrl, snapshotProduct } from '../product.mjs';
import { runTrialMarkers } from '../trial-markers.mjs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    searches: { type: 'string', default: '3' },
    trials: { type: 'string', default: '16' },
    // Enough rows that a trial takes seconds: a worker killed every 9-15 s must be caught mid-trial.
    rows: { type: 'string', default: '16000' },
    product: { type: 'string' },
    'heartbeat-seconds': { type: 'string', default: '10' },
    // 1 with small --rows: trials short enough to run as local activities on the search's worker.
    parallelism: { type: 'string', default: '2' },
  },
});
const work = await mkdtemp(path.join(tmpdir(), 'autoflow-chaos-bench-'));
const root = path.join(work, 'product');
await snapshotProduct(root, args.product);
const dist = (p) => import(distUrl(p));
const [{ startDevServer, freePort }, { obtainTemporalBinary }, { AutoflowClient }] = await Promise.all([
  dist('devserver/dev-server.js'),
  dist('devserver/obtain-temporal.js'),
  dist('client/autoflow-client.js'),
]);
const say = (line) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// A text task where every configuration fits: a failed trial can only be a lost one.
const words = ['cheap', 'watch', 'free', 'offer', 'meeting', 'invoice', 'click', 'winner', 'report', 'lunch', 'prize', 'project', 'urgent', 'account', 'team', 'deal'];
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const rows = ['title,label'];
for (let i = 0; i < Number(args.rows); i++) {
  const spam = rand() < 0.4;
  const pick = () => words[Math.floor(rand() * 8) + (spam && rand() < 0.6 ? 0 : 8) * (rand() < 0.5 ? 1 : 0)];
  rows.push(`"${Array.from({ length: 12 }, pick).join(' ')} ${i % 97}",${spam ? 'spam' : 'ok'}`);
}
await writeFile(path.join(work, 'listings.csv'), rows.join('\n'));
const spec = (name, maxTrials) => ({
  name,
  data: { source: 'listings.csv' },
  target: 'label',
  seed: 3,
  budget: { maxTrials, parallelism: Number(args.parallelism) },
  execution: { heartbeatTimeoutSeconds: Number(args['heartbeat-seconds']) },
  pipeline: { features: { title: { kind: 'tfidf', ngramMax: 3, minDf: 1 } }, classifier: { kind: 'logreg', tol: 1e-10, maxIter: 300 } },
  searchSpace: { classifier__C: { low: 50, high: 500, log: true }, classifier__classWeight: null },
  rescore: false,
  ensemble: false,
  register: { model: name },
});

const binary = (await obtainTemporalBinary(say)).path;
const port = await freePort();
let uiPort = await freePort();
while (uiPort === port) uiPort = await freePort();
const dbFile = path.join(work, 'temporal.db');
let server = await startDevServer({ binary, port, uiPort, dbFile });
say(`private dev server on ${server.address}`);
const home = path.join(work, 'home');
const taskQueue = `chaos-bench-${process.pid}`;

function spawnWorker() {
  const child = spawn(process.execPath, [cliPath(), 'worker', '-q', taskQueue, '-c', '2'], {
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, AUTOFLOW_HOME: home, NO_COLOR: '1' },
    stdio: 'ignore',
  });
  return { child, exited: new Promise((r) => child.on('exit', r)) };
}
const workers = [spawnWorker(), spawnWorker()];
let kills = 0;
let chaos = true;
const killer = (async () => {
  while (chaos) {
    await new Promise((r) => setTimeout(r, 9000 + Math.floor(Math.random() * 6000)));
    if (!chaos) break;
    const i = kills % workers.length;
    workers[i].child.kill('SIGKILL');
    await workers[i].exited;
    kills++;
    workers[i] = spawnWorker();
  }
})();

async function connect() {
  for (;;) {
    try {
      return await AutoflowClient.connect({ address: server.address, taskQueue });
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Waits for a search, riding out the server restart (the client's calls fail while it is down). */
async function waitResult(searchId) {
  for (;;) {
    const client = await connect();
    try {
      return await client.getSearch(searchId).result();
    } catch (e) {
      if (e?.name === 'WorkflowFailedError') return { failed: String(e.cause?.message ?? e) };
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await client.close().catch(() => {});
    }
  }
}

const started = performance.now();
const rowsOut = [];
for (let s = 0; s < Number(args.searches); s++) {
  const client = await connect();
  const experiment = await client.prepare(spec(`chaos-${s}`, Number(args.trials)), work);
  const search = await client.startSearch(experiment);
  await client.close();
  say(`search ${search.searchId} started`);
  let restarted = false;
  if (s === 0) {
    // The one server restart, in the middle of the first search.
    await new Promise((r) => setTimeout(r, 20_000));
    say('stopping the Temporal server');
    await server.stop();
    await new Promise((r) => setTimeout(r, 3000));
    server = await startDevServer({ binary, port, uiPort, dbFile });
    restarted = true;
    say('server restarted');
  }
  const result = await waitResult(search.searchId);
  const client2 = await connect();
  // A finished search answers queries by replay on a worker; the one asked may be the one just killed.
  let progress;
  for (let attempt = 1; !progress; attempt++) {
    try {
      progress = await client2.getSearch(search.searchId).progress();
    } catch (e) {
      if (attempt >= 5) throw e;
      say(`progress query failed (${e.cause?.details ?? e.message}); asking again`);
    }
  }
  const history = await client2.client.workflow.getHandle(search.searchId).fetchHistory();
  await client2.close();
  // Trials whose recorded (last) attempt was not their first: crashed at least once, then finished.
  const retriedAttempts = (history.events ?? []).filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) >= 2).length;
  // Trials run as local activities (parallelism 1, short fits), and local runs refused because
  // an earlier one was interrupted (its worker killed): those trials ran again as regular activities.
  const trialMarkers = runTrialMarkers(history.events ?? []);
  const localTrials = trialMarkers.ran.length;
  const localInterrupted = trialMarkers.failed.filter((m) => m.failure.message?.includes('earlier local run')).length;
  const numbers = progress.finished.map((f) => f.trialNumber);
  const duplicateRecords = numbers.length - new Set(numbers).size;
  const files = (await readdir(path.join(home, 'artifacts', 'searches', search.searchId, 'trials'))).filter((f) => /^\d+\.json$/.test(f));
  const lost = progress.finished.filter((f) => f.state === 'failed');
  rowsOut.push({
    search: search.searchId,
    serverRestart: restarted,
    completed: progress.trialsDone,
    lost: lost.length,
    lostErrors: [...new Set(lost.map((f) => f.error))],
    duplicates: duplicateRecords + Math.max(0, files.length - new Set(files).size),
    resultFiles: files.length,
    retriedAttempts,
    localTrials,
    localInterrupted,
    model: result.model?.version ?? null,
    failed: result.failed,
  });
  say(JSON.stringify(rowsOut.at(-1)));
}
chaos = false;
await killer;
for (const w of workers) w.child.kill('SIGKILL');
await server.stop();
const seconds = (performance.now() - started) / 1000;
const total = (k) => rowsOut.reduce((a, r) => a + r[k], 0);
console.log(`chaos bench: ${rowsOut.length} searches x ${args.trials} trials on ${args.rows} rows, 2 workers x 2 slots, ${kills} worker SIGKILLs, 1 server restart, heartbeat ${args['heartbeat-seconds']} s, ${seconds.toFixed(0)} s`);
console.log('search                          completed  lost  duplicates  retried trials  local trials  local runs interrupted  model');
for (const r of rowsOut) console.log(`${r.search.padEnd(32)}${String(r.completed).padStart(9)}${String(r.lost).padStart(6)}${String(r.duplicates).padStart(12)}${String(r.retriedAttempts).padStart(16)}${String(r.localTrials).padStart(14)}${String(r.localInterrupted).padStart(24)}  ${r.model ?? r.failed}`);
console.log(`trials lost to crashes: ${total('lost')}; duplicates: ${total('duplicates')}`);
for (const r of rowsOut) for (const e of r.lostErrors) console.log(`  lost in ${r.search}: ${e}`);
await rm(work, { recursive: true, force: true });
