/**
 * `autoflow stream` as users run it: the compiled CLI in child processes against pubsub-fake
 * (Google's pstest over real gRPC) and a temporary registry. Each test gets its own topics
 * and subscriptions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscription, Topic } from '@google-cloud/pubsub';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../components/index.js';
import { packageRoot } from '../../devserver/project-paths.js';
import { FileSystemModelRegistry } from '../../registry/index.js';
import { collect, startPubSubFake, type PubSubFake, type Received } from '../helpers/pubsub-fake.js';
import { waitFor } from '../helpers/processes.js';
import { fitModel, registerModel, sampleRecords, titlesTable } from './serving-fixtures.js';

let fake: PubSubFake;
let dir: string;
let registry: FileSystemModelRegistry;
const models: Record<number, Pipeline> = {};
const cleanups: (() => Promise<unknown>)[] = [];
let counter = 0;

beforeAll(async () => {
  fake = await startPubSubFake();
  dir = await mkdtemp(join(tmpdir(), 'autoflow-stream-'));
  registry = new FileSystemModelRegistry(join(dir, 'registry'));
  models[1] = fitModel(0.5);
  models[2] = fitModel(50);
  await registerModel(registry, 'spam', models[1]);
  await registerModel(registry, 'spam', models[2]);
}, 60_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

afterAll(async () => {
  await fake?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Wiring {
  input: Topic;
  inputSub: Subscription;
  names: { subscription: string; output: string; deadLetter: string };
  verdicts: Received[];
  deadLetters: Received[];
}

/** Fresh topics: input (+ the scorer's subscription), output and dead-letter (+ collectors). */
async function wire(): Promise<Wiring> {
  const n = ++counter;
  const [input] = await fake.client.createTopic(`in-${n}`);
  const [inputSub] = await input.createSubscription(`scorer-${n}`, { ackDeadlineSeconds: 10 });
  const [output] = await fake.client.createTopic(`out-${n}`);
  const [deadLetter] = await fake.client.createTopic(`dead-${n}`);
  const verdicts = collect((await output.createSubscription(`verdicts-${n}`))[0]);
  const deadLetters = collect((await deadLetter.createSubscription(`dead-${n}`))[0]);
  cleanups.push(verdicts.close, deadLetters.close);
  return {
    input,
    inputSub,
    names: { subscription: `scorer-${n}`, output: `out-${n}`, deadLetter: `dead-${n}` },
    verdicts: verdicts.received,
    deadLetters: deadLetters.received,
  };
}

interface StreamProcess {
  child: ChildProcess;
  stderr(): string;
  metricsUrl: Promise<string>;
  exited: Promise<number | null>;
}

function spawnStream(w: Wiring, extra: string[] = [], names = w.names): StreamProcess {
  const args = ['stream', '--model', 'spam@production', '--project', 'test', '--subscription', names.subscription, '--output-topic', names.output, '--dead-letter-topic', names.deadLetter, '--metrics-port', '0', ...extra];
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), ...args], {
    cwd: dir,
    env: { ...process.env, AUTOFLOW_REGISTRY: join(dir, 'registry'), PUBSUB_EMULATOR_HOST: fake.host, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const metricsUrl = waitFor('the scorer to start', async () => /metrics on (http:\/\/\S+)\/metrics/.exec(text)?.[1], 30_000, 50);
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, stderr: () => text, metricsUrl, exited };
}

async function publishRecords(topic: Topic, records: unknown[], attributes: (i: number) => Record<string, string> = () => ({})): Promise<string[]> {
  return Promise.all(records.map((r, i) => topic.publishMessage({ data: Buffer.from(typeof r === 'string' ? r : JSON.stringify(r)), attributes: attributes(i) })));
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

interface VerdictJson {
  inputMessageId: string;
  model: { name: string; version: number };
  label: string;
  probabilities: Record<string, number>;
}

/** Every verdict's probabilities and label are those of the version it names, for the record it names. */
function expectVerdictsMatchModels(verdicts: Received[], recordById: Map<string, { title: string }>): void {
  for (const v of verdicts) {
    const verdict = v.json as VerdictJson;
    const record = recordById.get(verdict.inputMessageId);
    expect(record, `verdict for unknown input ${verdict.inputMessageId}`).toBeDefined();
    const model = models[verdict.model.version];
    const proba = model.predictProba(titlesTable([record!.title]));
    expect(verdict.probabilities[model.classes[1]]).toBe(proba[1]);
    expect(verdict.label).toBe(model.predict(titlesTable([record!.title]))[0]);
    expect(v.attributes.autoflow_input_message_id).toBe(verdict.inputMessageId);
    expect(v.attributes.autoflow_model_version).toBe(String(verdict.model.version));
  }
}

describe('autoflow stream', () => {
  it('scores every input once, keeps attributes, dead-letters bad records with the reason, acks all and drains on SIGTERM', async () => {
    await registry.setAlias('spam', 'production', 1);
    const w = await wire();
    const stream = spawnStream(w);
    const metricsUrl = await stream.metricsUrl;
    expect(stream.stderr()).toMatch(/scoring scorer-\d+ with spam\/1 -> out-\d+/);

    const records = sampleRecords(60);
    const ids = await publishRecords(w.input, records, (i) => ({ listing: `L-${i}` }));
    const [notJson, noTitle] = await publishRecords(w.input, ['{"title": "unterminated', { name: 'no title here' }], () => ({ listing: 'bad' }));
    await waitFor('60 verdicts and 2 dead letters', async () => w.verdicts.length >= 60 && w.deadLetters.length >= 2, 30_000, 50);

    const recordById = new Map(ids.map((id, i) => [id, records[i]]));
    expectVerdictsMatchModels(w.verdicts, recordById);
    expect(new Set(w.verdicts.map((v) => (v.json as VerdictJson).inputMessageId))).toEqual(new Set(ids));
    for (const v of w.verdicts) {
      const verdict = v.json as VerdictJson;
      expect(verdict.model).toEqual({ name: 'spam', version: 1 });
      expect(v.attributes.listing).toBe(`L-${ids.indexOf(verdict.inputMessageId)}`);
    }
    const byInput = new Map(w.deadLetters.map((d) => [d.attributes.autoflow_input_message_id, d]));
    expect(byInput.get(notJson)!.attributes.autoflow_error).toMatch(/not valid JSON/);
    expect(byInput.get(noTitle)!.attributes.autoflow_error).toMatch(/field "title": missing/);
    expect(byInput.get(noTitle)!.attributes.listing).toBe('bad');
    expect(JSON.parse(byInput.get(noTitle)!.data.toString())).toEqual({ name: 'no title here' });
    expect(await metric(metricsUrl, 'autoflow_stream_messages_total{outcome="scored"}')).toBe(60);
    expect(await metric(metricsUrl, 'autoflow_stream_messages_total{outcome="dead_lettered"}')).toBe(2);
    expect(await metric(metricsUrl, 'autoflow_stream_verdict_latency_seconds_count')).toBe(60);

    stream.child.kill('SIGTERM');
    expect(await stream.exited).toBe(0);
    // Everything was acked, bad records included: nothing comes back on the input subscription.
    const again = collect(w.inputSub);
    await new Promise((r) => setTimeout(r, 1500));
    await again.close();
    expect(again.received).toEqual([]);
    expect(w.verdicts.length).toBe(60);
  }, 60_000);

  it('acks an input only after its verdict is published: with the output topic gone, nothing is acked and all is scored once it is back', async () => {
    await registry.setAlias('spam', 'production', 1);
    const w = await wire();
    const first = spawnStream(w);
    const metricsUrl = await first.metricsUrl;
    await fake.client.topic(w.names.output).delete();
    const records = sampleRecords(20, 7);
    const ids = await publishRecords(w.input, records);
    await waitFor('failed publishes of all 20 verdicts', async () => (await metric(metricsUrl, 'autoflow_stream_messages_total{outcome="publish_failed"}')) >= 20, 30_000, 100);
    expect(await metric(metricsUrl, 'autoflow_stream_messages_total{outcome="scored"}')).toBe(0);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toMatch(/could not be published \(inputs go back for redelivery\)/);

    // The topic is back: the same inputs, never acked, are all delivered and scored.
    const [output] = await fake.client.createTopic(w.names.output);
    const verdicts = collect((await output.createSubscription(`${w.names.output}-again`))[0]);
    cleanups.push(verdicts.close);
    spawnStream(w);
    await waitFor('a verdict for every input', async () => new Set(verdicts.received.map((v) => (v.json as VerdictJson).inputMessageId)).size === 20, 30_000, 100);
    expect(new Set(verdicts.received.map((v) => (v.json as VerdictJson).inputMessageId))).toEqual(new Set(ids));
  }, 60_000);

  it('loses nothing when the scorer is SIGKILLed mid-stream: after a restart every input has a verdict', async () => {
    await registry.setAlias('spam', 'production', 1);
    const w = await wire();
    const records = sampleRecords(600, 11);
    const ids: string[] = [];
    const first = spawnStream(w, ['--batch-size', '20', '--max-outstanding-messages', '40']);
    await first.metricsUrl;
    // Inputs keep arriving before, during and after the kill.
    const publishing = (async () => {
      for (let i = 0; i < records.length; i += 30) {
        ids.push(...(await publishRecords(w.input, records.slice(i, i + 30))));
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await waitFor('the first 100 verdicts', async () => w.verdicts.length >= 100, 30_000, 10);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    const killedAt = w.verdicts.length;
    await publishing;
    expect(killedAt).toBeLessThan(records.length);

    spawnStream(w);
    const verdictIds = () => new Set(w.verdicts.map((v) => (v.json as VerdictJson).inputMessageId));
    await waitFor('a verdict for every input', async () => verdictIds().size === records.length, 60_000, 200);
    expect(verdictIds()).toEqual(new Set(ids));
    expectVerdictsMatchModels(w.verdicts, new Map(ids.map((id, i) => [id, records[i]])));
    expect(w.deadLetters).toEqual([]);
  }, 90_000);

  it('follows the alias mid-stream with no failed or lost message', async () => {
    await registry.setAlias('spam', 'production', 1);
    const w = await wire();
    const stream = spawnStream(w, ['--poll-interval', '0.2']);
    const metricsUrl = await stream.metricsUrl;
    const records = sampleRecords(2000, 13);
    const ids: string[] = [];
    let stop = false;
    const publishing = (async () => {
      for (let i = 0; i < records.length && !stop; i += 20) {
        ids.push(...(await publishRecords(w.input, records.slice(i, i + 20))));
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    const versions = () => w.verdicts.map((v) => (v.json as VerdictJson).model.version);
    await waitFor('verdicts of version 1', async () => versions().filter((v) => v === 1).length >= 40, 30_000, 20);
    await registry.setAlias('spam', 'production', 2);
    await waitFor('verdicts of version 2', async () => versions().filter((v) => v === 2).length >= 40, 30_000, 20);
    stop = true;
    await publishing;
    await waitFor('a verdict for every input', async () => new Set(w.verdicts.map((v) => (v.json as VerdictJson).inputMessageId)).size === ids.length, 30_000, 100);

    expectVerdictsMatchModels(w.verdicts, new Map(ids.map((id, i) => [id, records[i]])));
    // Once version 2 answered, version 1 never did again: the swap is one assignment.
    const firstV2 = versions().indexOf(2);
    expect(versions().slice(firstV2 + 200)).not.toContain(1);
    expect(w.deadLetters).toEqual([]);
    expect(stream.stderr()).toMatch(/spam@production moved: now serving spam\/2 \(was 1\)/);
    expect(stream.stderr()).not.toMatch(/internal error|could not be published/);
    expect(await metric(metricsUrl, 'autoflow_model_swaps_total')).toBe(1);
  }, 90_000);

  it('refuses bad options and missing resources with a message naming the option (exit 2)', async () => {
    await registry.setAlias('spam', 'production', 1);
    const w = await wire();
    const bad = spawnStream(w, [], { ...w.names, subscription: 'goog-reserved' });
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/--subscription/);
    const missing = spawnStream(w, [], { ...w.names, output: 'no-such-topic' });
    expect(await missing.exited).toBe(2);
    expect(missing.stderr()).toMatch(/--output-topic no-such-topic: no such topic/);
    const badSize = spawnStream(w, ['--max-outstanding-bytes', 'lots']);
    expect(await badSize.exited).toBe(2);
    expect(badSize.stderr()).toMatch(/--max-outstanding-bytes/);
  }, 60_000);
});
