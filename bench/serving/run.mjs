#!/usr/bin/env node
/**
 * Serving benchmark: `autoflow serve` against Flask + scikit-learn under gunicorn, the same
 * TF-IDF + logistic regression fitted on the same 3,000 SpamAssassin messages, loaded in
 * turn on loopback with the same single-record POST. Prints requests/s, p50/p99 latency,
 * requests per CPU-second ("per core"), peak memory, and the ratios.
 *
 *   npm run build && node bench/serving/run.mjs [--seconds 10] [--connections 16] [--tool wrk|autocannon] [--workers 2]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../dist/devserver/dev-server.js';
import { loadTool, runLoad } from './load.mjs';
import { prepareModel } from './prepare-model.mjs';
import { samplePeakMemory, treeStats } from './process-stats.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');
const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    workers: { type: 'string', default: '2' },
    tool: { type: 'string' },
  },
});
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const tool = loadTool(opts.tool);
const log = (line) => process.stderr.write(`${line}\n`);

const workDir = await mkdtemp(join(tmpdir(), 'autoflow-bench-serving-'));
const children = [];
try {
  log('python baseline environment …');
  const python = spawnChecked('bash', [join(here, 'setup-python.sh')]).trim();

  log('fitting both models on the same data …');
  const prepared = await prepareModel(workDir);
  const modelPath = join(workDir, 'model.joblib');
  const sk = JSON.parse(spawnChecked(python, [join(here, 'fit_sklearn.py'), prepared.trainPath, modelPath]));

  const nodePort = await freePort();
  const node = start('autoflow serve', process.execPath, [join(repo, 'bin', 'autoflow.js'), 'serve', '--model', prepared.reference, '--registry', prepared.registryDir, '--port', String(nodePort)]);
  const pyPort = await freePort();
  const gunicorn = join(python, '..', 'gunicorn');
  const flask = start('flask+sklearn', gunicorn, ['--workers', opts.workers, '--bind', `127.0.0.1:${pyPort}`, '--chdir', here, '--log-level', 'warning', 'flask_app:app'], {
    AUTOFLOW_BENCH_MODEL: modelPath,
  });
  const targets = [
    { name: `autoflow serve (1 process)`, url: `http://127.0.0.1:${nodePort}`, child: node },
    { name: `Flask + scikit-learn (gunicorn, ${opts.workers} sync workers)`, url: `http://127.0.0.1:${pyPort}`, child: flask },
  ];
  for (const t of targets) await waitHealthy(t);

  const agreement = await compareModels(targets[0].url, targets[1].url, prepared.heldOut);

  const results = [];
  for (const t of targets) {
    log(`loading ${t.name}: ${tool}, ${connections} connections, ${seconds} s …`);
    await runLoad({ tool, url: t.url, body: prepared.payload, seconds: 2, connections, workDir }); // warm-up (JIT, caches)
    const idle = treeStats(t.child.pid);
    const stopSampling = samplePeakMemory(t.child.pid);
    const load = await runLoad({ tool, url: t.url, body: prepared.payload, seconds, connections, workDir });
    const peak = stopSampling();
    const cpuSeconds = treeStats(t.child.pid).cpuSeconds - idle.cpuSeconds;
    results.push({ name: t.name, ...load, cpuSeconds, perCore: load.requests / cpuSeconds, idleRssMb: idle.rssMb, ...peak });
  }
  printReport({ results, agreement, fit: { node: prepared.fitSeconds, sklearn: sk.fitSeconds }, payloadBytes: prepared.payload.length });
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sleep(300);
  await rm(workDir, { recursive: true, force: true });
}

function spawnChecked(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.error?.message})`);
  return r.stdout;
}

function start(name, command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.on('exit', (code) => code && log(`${name} exited with ${code}: ${stderr}`));
  children.push(child);
  return child;
}

async function waitHealthy({ name, url, child }) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${name} did not answer on ${url}`);
}

/** Both servers score the same held-out messages: how close are the two fitted models? */
async function compareModels(nodeUrl, pyUrl, heldOut) {
  const body = JSON.stringify({ records: heldOut.map((r) => ({ text: r.text })) });
  const ask = async (url) => (await (await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()).predictions;
  const [a, b] = await Promise.all([ask(nodeUrl), ask(pyUrl)]);
  let maxDiff = 0;
  let sameLabel = 0;
  a.forEach((p, i) => {
    for (const c of Object.keys(p.probabilities)) maxDiff = Math.max(maxDiff, Math.abs(p.probabilities[c] - b[i].probabilities[c]));
    if (p.label === b[i].label) sameLabel++;
  });
  return { records: a.length, maxProbabilityDiff: maxDiff, labelAgreement: sameLabel / a.length };
}

function printReport({ results, agreement, fit, payloadBytes }) {
  const [n, p] = results;
  const f = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines = [
    `| server | requests/s | p50 ms | p99 ms | failed | CPU s | requests per CPU-second | idle RSS MB | peak RSS MB (per process) | peak PSS MB |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---|---:|`,
    ...results.map(
      (r) => `| ${r.name} | ${f(r.rps)} | ${f(r.p50Ms, 2)} | ${f(r.p99Ms, 2)} | ${r.failed} | ${f(r.cpuSeconds, 1)} | ${f(r.perCore)} | ${f(r.idleRssMb)} | ${f(r.rssMb)} (${r.perProcessRssMb.join(' + ')}) | ${f(r.pssMb)} |`,
    ),
    '',
    `Ratios (autoflow / baseline): throughput ${f(n.rps / p.rps, 1)}x, throughput per core ${f(n.perCore / p.perCore, 1)}x (target >= 5x), ` +
      `memory ${f(n.rssMb / p.rssMb, 2)} of the baseline's RSS, ${f(n.pssMb / p.pssMb, 2)} of its PSS (target <= 0.20).`,
    `Same model check on ${agreement.records} held-out messages: labels agree ${f(agreement.labelAgreement * 100, 1)}%, largest probability difference ${f(agreement.maxProbabilityDiff, 4)}.`,
    `Fit time on 3,000 messages: autoflow ${f(fit.node, 2)} s, scikit-learn ${f(fit.sklearn, 2)} s. Request body ${payloadBytes} bytes, one record; ${seconds} s per target after a 2 s warm-up, ${connections} connections, ${tool}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
