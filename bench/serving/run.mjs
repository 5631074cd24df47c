#!/usr/bin/env node
/**
 * Serving benchmark: `autoflow serve` against Flask + scikit-learn under gunicorn for each
 * model in ./models.mjs (the same pipeline fitted on the same 3,000 SpamAssassin messages),
 * plus a bare node:http server as the floor of any Node.js process. Each server is loaded in
 * turn on loopback with the same single-record POST. Prints requests/s, p50/p99 latency,
 * requests per CPU-second ("per core"), peak memory, and the ratios.
 *
 *   npm run bench:serving -- [--seconds 10] [--connections 16] [--tool wrk|autocannon] [--workers 2] [--models tfidf-logreg,tfidf-mlp] [--floor-rounds 3]
 *
 * `--floor-rounds N`: after the table, autoflow serve and the floor are loaded in turn N more
 * times each (the order flipping every round), so the serve / floor ratio is taken from loads
 * seconds apart: on a shared machine one pair of loads a minute apart can differ by 40%.
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
import { BENCH_MODELS } from './models.mjs';
import { fitAndRegister, prepareData } from './prepare-model.mjs';
import { samplePeakMemory, treeStats } from './process-stats.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');
const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    workers: { type: 'string', default: '2' },
    tool: { type: 'string' },
    models: { type: 'string', default: BENCH_MODELS.map((m) => m.key).join(',') },
    'floor-rounds': { type: 'string', default: '3' },
  },
});
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const floorRounds = Number(opts['floor-rounds']);
if (!Number.isInteger(floorRounds) || floorRounds < 0) throw new Error(`--floor-rounds: expected a whole number >= 0, got "${opts['floor-rounds']}"`);
const tool = loadTool(opts.tool);
const models = opts.models.split(',').map((key) => {
  const model = BENCH_MODELS.find((m) => m.key === key);
  if (!model) throw new Error(`--models: unknown model "${key}"; known: ${BENCH_MODELS.map((m) => m.key).join(', ')}`);
  return model;
});
const log = (line) => process.stderr.write(`${line}\n`);

const workDir = await mkdtemp(join(tmpdir(), 'autoflow-bench-serving-'));
const children = new Set();
try {
  log('python baseline environment …');
  const python = spawnChecked('bash', [join(here, 'setup-python.sh')]).trim();
  const gunicorn = join(python, '..', 'gunicorn');
  const data = await prepareData(workDir);

  log('bare node:http server (the floor of any Node.js process) …');
  const floorPort = await freePort();
  // The floor stays up (idle, so it costs nothing) for the alternating rounds after each model.
  const floorTarget = { name: 'bare node:http, no model (floor)', url: `http://127.0.0.1:${floorPort}`, child: start('bare node', process.execPath, [join(here, 'bare-node-server.mjs'), String(floorPort)]) };
  const floor = await measure(floorTarget, data.payload);

  const sections = [];
  for (const model of models) {
    log(`${model.title}: fitting both …`);
    const node = await fitAndRegister(data, model);
    const modelPath = join(workDir, `${model.key}.joblib`);
    const sk = JSON.parse(spawnChecked(python, [join(here, 'fit_sklearn.py'), model.sklearn, data.trainPath, modelPath]));

    const nodePort = await freePort();
    const pyPort = await freePort();
    const targets = [
      {
        name: 'autoflow serve (1 process)',
        url: `http://127.0.0.1:${nodePort}`,
        child: start('autoflow serve', process.execPath, [join(repo, 'bin', 'autoflow.js'), 'serve', '--model', node.reference, '--registry', data.registryDir, '--port', String(nodePort)]),
      },
      {
        name: `Flask + scikit-learn (gunicorn, ${opts.workers} sync workers)`,
        url: `http://127.0.0.1:${pyPort}`,
        child: start('flask+sklearn', gunicorn, ['--workers', opts.workers, '--bind', `127.0.0.1:${pyPort}`, '--chdir', here, '--log-level', 'warning', 'flask_app:app'], { AUTOFLOW_BENCH_MODEL: modelPath }),
      },
    ];
    for (const t of targets) await waitHealthy(t);
    const agreement = await compareModels(targets[0].url, targets[1].url, data.heldOut);
    const results = [];
    for (const t of targets) results.push(await measure(t, data.payload));
    stop(targets[1].child);
    const againstFloor = await alternateWithFloor(targets[0], floorTarget, data.payload);
    stop(targets[0].child);
    sections.push({ model, results, agreement, againstFloor, fit: { node: node.fitSeconds, sklearn: sk.fitSeconds }, bundleBytes: node.bundleBytes });
  }
  printReport({ floor, sections, payloadBytes: data.payload.length });
} finally {
  for (const c of children) c.kill('SIGTERM');
  await sleep(300);
  await rm(workDir, { recursive: true, force: true });
}

/** Warm-up, then `seconds` of load while the process tree's memory is sampled. */
async function measure(t, payload) {
  await waitHealthy(t);
  log(`loading ${t.name}: ${tool}, ${connections} connections, ${seconds} s …`);
  await runLoad({ tool, url: t.url, body: payload, seconds: 2, connections, workDir }); // warm-up (JIT, caches)
  const idle = treeStats(t.child.pid);
  const stopSampling = samplePeakMemory(t.child.pid);
  const load = await runLoad({ tool, url: t.url, body: payload, seconds, connections, workDir });
  const peak = stopSampling();
  const cpuSeconds = treeStats(t.child.pid).cpuSeconds - idle.cpuSeconds;
  return { name: t.name, ...load, cpuSeconds, perCore: load.requests / cpuSeconds, idleRssMb: idle.rssMb, ...peak };
}

/** serve / floor requests/s in `floorRounds` rounds, each loading both in turn (order flipped every round). */
async function alternateWithFloor(serve, floorServer, payload) {
  const ratios = [];
  for (let r = 0; r < floorRounds; r++) {
    log(`serve and the floor in turn, round ${r + 1}/${floorRounds} …`);
    const order = r % 2 === 0 ? [floorServer, serve] : [serve, floorServer];
    const rps = new Map();
    for (const t of order) rps.set(t, (await runLoad({ tool, url: t.url, body: payload, seconds, connections, workDir })).rps);
    ratios.push(rps.get(serve) / rps.get(floorServer));
  }
  return ratios;
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
  children.add(child);
  return child;
}

function stop(child) {
  child.kill('SIGTERM');
  children.delete(child);
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
  let nodeRight = 0;
  let pyRight = 0;
  a.forEach((p, i) => {
    for (const c of Object.keys(p.probabilities)) maxDiff = Math.max(maxDiff, Math.abs(p.probabilities[c] - b[i].probabilities[c]));
    if (p.label === b[i].label) sameLabel++;
    if (p.label === heldOut[i].label) nodeRight++;
    if (b[i].label === heldOut[i].label) pyRight++;
  });
  return { records: a.length, maxProbabilityDiff: maxDiff, labelAgreement: sameLabel / a.length, nodeAccuracy: nodeRight / a.length, pyAccuracy: pyRight / a.length };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function printReport({ floor, sections, payloadBytes }) {
  const f = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const row = (r) =>
    `| ${r.name} | ${f(r.rps)} | ${f(r.p50Ms, 2)} | ${f(r.p99Ms, 2)} | ${r.failed} | ${f(r.cpuSeconds, 1)} | ${f(r.perCore)} | ${f(r.idleRssMb)} | ${f(r.rssMb)} (${r.perProcessRssMb.join(' + ')}) | ${f(r.pssMb)} |`;
  const header = [
    `| server | requests/s | p50 ms | p99 ms | failed | CPU s | requests per CPU-second | idle RSS MB | peak RSS MB (per process) | peak PSS MB |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---|---:|`,
  ];
  const lines = [];
  for (const { model, results, agreement, againstFloor, fit, bundleBytes } of sections) {
    const [n, p] = results;
    lines.push(
      `### ${model.title}`,
      '',
      ...header,
      ...results.map(row),
      row(floor),
      '',
      `Ratios (autoflow / baseline): throughput ${f(n.rps / p.rps, 1)}x, throughput per core ${f(n.perCore / p.perCore, 1)}x (target >= 5x), ` +
        `memory ${f(n.rssMb / p.rssMb, 2)} of the baseline's peak RSS, ${f(n.pssMb / p.pssMb, 2)} of its PSS (target <= 0.20). ` +
        `Node.js alone (the floor row) is ${f(floor.rssMb / p.rssMb, 2)} of the baseline's RSS; autoflow adds ${f(n.rssMb - floor.rssMb)} MB to it.`,
      // The floor answers without a model: what is left of the gap is the model's own work (tokenising, the dot product) plus our request path.
      `Against the floor (bare node:http, same run): autoflow serves ${f(n.rps / floor.rps, 2)} of its requests/s (target >= 0.70) at ${f(n.rssMb / floor.rssMb, 2)}x its peak RSS.`,
      ...(againstFloor.length
        ? [`Against the floor in ${againstFloor.length} alternating rounds (${seconds} s each, loaded in turn): ${againstFloor.map((x) => f(x, 2)).join(', ')}; median ${f(median(againstFloor), 2)}.`]
        : []),
      `Held-out check on ${agreement.records} messages: labels agree ${f(agreement.labelAgreement * 100, 1)}%, largest probability difference ${f(agreement.maxProbabilityDiff, 4)}; ` +
        `accuracy autoflow ${f(agreement.nodeAccuracy * 100, 1)}%, scikit-learn ${f(agreement.pyAccuracy * 100, 1)}%.`,
      `Fit on 3,000 messages: autoflow ${f(fit.node, 2)} s, scikit-learn ${f(fit.sklearn, 2)} s. Bundle pipeline.json ${f(bundleBytes / 2 ** 20, 1)} MB.`,
      '',
    );
  }
  lines.push(`Request body ${payloadBytes} bytes, one record; ${seconds} s per server after a 2 s warm-up, ${connections} connections, ${tool}.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
