#!/usr/bin/env node
/**
 * Stream benchmark: `autoflow stream` end to end on pubsub-fake (Google's pstest over gRPC on
 * loopback), TF-IDF + logistic regression fitted on 3,000 SpamAssassin messages (the serving
 * bench's model). For 1, 100 and 1,000 messages pending at once (published together, then
 * waited for), it measures messages/s from the first publish to the last verdict received and
 * the verdict latency of each message (its publish call to its verdict reaching a subscriber),
 * p50/p99. Beside it, `autoflow score` on the same records from a JSONL file, and the
 * scorer's RSS (idle after load, and peak).
 *
 *   npm run build && node bench/stream/run.mjs [--rounds1 50] [--rounds100 10] [--rounds1000 3]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PubSub } from '@google-cloud/pubsub';
import { toolsCacheDir } from '../../dist/devserver/project-paths.js';
import { fitAndRegister, prepareData } from '../serving/prepare-model.mjs';
import { BENCH_MODELS } from '../serving/models.mjs';
import { samplePeakMemory, treeStats } from '../serving/process-stats.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');
const { values: opts } = parseArgs({
  options: {
    rounds1: { type: 'string', default: '50' },
    rounds100: { type: 'string', default: '10' },
    rounds1000: { type: 'string', default: '3' },
    // Extra `autoflow stream` options, e.g. --scorer-args="--batch-size 512 --max-outstanding-messages 2000".
    'scorer-args': { type: 'string', default: '' },
  },
});
const levels = [
  { pending: 1, rounds: Number(opts.rounds1) },
  { pending: 100, rounds: Number(opts.rounds100) },
  { pending: 1000, rounds: Number(opts.rounds1000) },
];
const log = (line) => process.stderr.write(`${line}\n`);
const children = new Set();
const workDir = await mkdtemp(join(tmpdir(), 'autoflow-bench-stream-'));

try {
  const data = await prepareData(workDir, { heldOut: 3046 });
  log('fitting TF-IDF + logistic regression on 3,000 messages …');
  const model = await fitAndRegister(data, BENCH_MODELS.find((m) => m.key === 'tfidf-logreg'));
  // Records to stream: the held-out messages, reused round-robin.
  const texts = data.heldOut.map((r) => r.text);

  const fake = start(join(toolsCacheDir(), 'pubsub-fake'), ['-port', '0']);
  const host = await waitForLine(fake, /listening on (\S+)/);
  const client = new PubSub({ projectId: 'bench', apiEndpoint: host, emulatorMode: true });
  await client.createTopic('listings');
  // The driver publishes each round at once (no 10 ms publish batching of its own in the latency).
  const input = client.topic('listings', { batching: { maxMessages: 1000, maxMilliseconds: 1 } });
  await input.createSubscription('scorer', { ackDeadlineSeconds: 60 });
  const [output] = await client.createTopic('verdicts');
  await client.createTopic('rejects');
  const [verdictSub] = await output.createSubscription('verdicts-bench', { flowControl: { maxMessages: 5000 } });

  // AUTOFLOW_BENCH_PROFILE=DIR writes a V8 CPU profile of the scorer there (open in Chrome DevTools).
  const profile = process.env.AUTOFLOW_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.AUTOFLOW_BENCH_PROFILE}`] : [];
  const scorer = start(process.execPath, [...profile, join(repo, 'bin', 'autoflow.js'), 'stream', '--model', model.reference, '--registry', data.registryDir, '--project', 'bench',
    '--subscription', 'scorer', '--output-topic', 'verdicts', '--dead-letter-topic', 'rejects', '--metrics-port', '0', '--no-progress', ...opts['scorer-args'].split(' ').filter(Boolean)], { PUBSUB_EMULATOR_HOST: host });
  await waitForLine(scorer, /metrics on (\S+)/);
  await new Promise((r) => setTimeout(r, 1000));
  const idle = treeStats(scorer.pid);
  const peakOf = samplePeakMemory(scorer.pid, 100);

  // Inputs carry a sequence number as an attribute; verdicts keep input attributes, so each
  // verdict is matched to its input's publish time without waiting for the publish call's id.
  const sentAt = new Map();
  let waiting;
  verdictSub.on('message', (m) => {
    m.ack();
    const t0 = sentAt.get(m.attributes.seq);
    if (t0 === undefined) return;
    sentAt.delete(m.attributes.seq);
    waiting.latencies.push(performance.now() - t0);
    if (--waiting.left === 0) waiting.done();
  });

  const streamed = [];
  let next = 0;
  const results = [];
  for (const { pending, rounds } of levels) {
    const latencies = [];
    let elapsed = 0;
    // CPU of each party: where the time goes (scorer, the fake server, this driver's publisher and subscriber).
    const cpu0 = { scorer: treeStats(scorer.pid).cpuSeconds, fake: treeStats(fake.pid).cpuSeconds, driver: process.cpuUsage() };
    for (let round = 0; round < rounds; round++) {
      const batch = Array.from({ length: pending }, (_, i) => texts[(next + i) % texts.length]);
      streamed.push(...batch);
      const finished = new Promise((done) => (waiting = { left: pending, latencies, done }));
      const started = performance.now();
      await Promise.all(
        batch.map((text) => {
          const seq = String(next++);
          sentAt.set(seq, performance.now());
          return input.publishMessage({ json: { text }, attributes: { seq } });
        }),
      );
      await finished;
      elapsed += performance.now() - started;
    }
    latencies.sort((a, b) => a - b);
    const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    const driverCpu = process.cpuUsage(cpu0.driver);
    const cpu = {
      scorer: treeStats(scorer.pid).cpuSeconds - cpu0.scorer,
      fake: treeStats(fake.pid).cpuSeconds - cpu0.fake,
      driver: (driverCpu.user + driverCpu.system) / 1e6,
    };
    results.push({ pending, rounds, messagesPerSecond: (pending * rounds) / (elapsed / 1000), p50Ms: q(0.5), p99Ms: q(0.99), seconds: elapsed / 1000, cpu });
    log(`${pending} pending × ${rounds}: ${Math.round((pending * rounds) / (elapsed / 1000))} messages/s, p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms`);
  }
  const peak = peakOf();
  scorer.kill('SIGTERM');
  await new Promise((r) => scorer.once('exit', r));
  await verdictSub.close();
  await client.close();

  // autoflow score on the same records, from a file: its own "done: N records in S s" line (after model load).
  const jsonl = join(workDir, 'streamed.jsonl');
  await writeFile(jsonl, streamed.map((text) => JSON.stringify({ text })).join('\n') + '\n');
  const score = start(process.execPath, [join(repo, 'bin', 'autoflow.js'), 'score', '--model', model.reference, '--registry', data.registryDir, '--input', jsonl, '--output', join(workDir, 'scored.jsonl')]);
  const done = await waitForLine(score, /done: ([\d,]+) records in ([\d.]+) s/, true);
  const scoreRate = Number(done[1].replace(/,/g, '')) / Number(done[2]);

  const lines = [
    `autoflow stream on pubsub-fake (pstest over gRPC, loopback), ${model.reference}, SpamAssassin messages (median ~${medianBytes(texts)} bytes)`,
    '',
    '| pending | rounds | messages/s | p50 verdict latency | p99 verdict latency | CPU s: scorer / fake / driver (wall s) |',
    '|---:|---:|---:|---:|---:|---|',
    ...results.map((r) => `| ${r.pending} | ${r.rounds} | ${Math.round(r.messagesPerSecond).toLocaleString('en-US')} | ${r.p50Ms.toFixed(1)} ms | ${r.p99Ms.toFixed(1)} ms | ${r.cpu.scorer.toFixed(1)} / ${r.cpu.fake.toFixed(1)} / ${r.cpu.driver.toFixed(1)} (${r.seconds.toFixed(1)}) |`),
    '',
    `autoflow score, same ${streamed.length.toLocaleString('en-US')} records from a JSONL file: ${Math.round(scoreRate).toLocaleString('en-US')} records/s (after model load)`,
    `stream at 1,000 pending / score: ${(results[2].messagesPerSecond / scoreRate).toFixed(2)}`,
    `scorer RSS: ${idle.rssMb.toFixed(0)} MB idle after load, ${peak.rssMb.toFixed(0)} MB peak`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(workDir, { recursive: true, force: true });
}

function start(command, args, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.text = '';
  child.stdout.on('data', (d) => (child.text = (child.text + d).slice(-8000)));
  child.stderr.on('data', (d) => (child.text = (child.text + d).slice(-8000)));
  children.add(child);
  return child;
}

/** Resolves with the first match of `pattern` in the child's output (its groups when `groups`). */
function waitForLine(child, pattern, groups = false) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(child.text);
      if (match) {
        clearInterval(timer);
        resolve(groups ? match : match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`exited (${child.exitCode}) before printing ${pattern}: ${child.text}`));
      }
    };
    const timer = setInterval(check, 20);
  });
}

function medianBytes(texts) {
  const sizes = texts.map((t) => Buffer.byteLength(JSON.stringify({ text: t }))).sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)];
}
