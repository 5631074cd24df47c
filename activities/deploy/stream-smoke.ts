/**
 * The live smoke check of a streaming deployment, on a Pub/Sub emulator only: throwaway topics
 * and subscriptions, the stream scorer (the code `autoflow stream` runs, pinned to the checked
 * version) started on them for a few seconds, a few held-out records published, and each
 * verdict held against the same bundle's offline scores. It adds the Pub/Sub leg (message
 * decoding, micro-batching, publishing, acking) to the HTTP check; everything is deleted after.
 *
 * When it runs: smokeWanted in ./stream-settings.ts. Imported only then (the Pub/Sub client
 * is not every worker's to load).
 */
import { randomBytes } from 'node:crypto';
import { PubSub, type Message, type Subscription, type Topic } from '@google-cloud/pubsub';
import type { ModelRegistry } from '../../registry/model-registry.js';
import { startStreaming } from '../../serving/stream/start-streaming.js';
import type { Verdict } from '../../serving/stream/stream-messages.js';
import type { StreamSmokeResult } from '../../workflows/deploy-types.js';

const SMOKE_PROJECT = 'autoflow-smoke';
const SMOKE_TIMEOUT_MS = 30_000;

export interface SmokeInput {
  registry: ModelRegistry;
  /** The checked version, pinned: name/version. */
  reference: string;
  /** JSON records and, for each, the offline probabilities (in `classes` order) and label. */
  records: Record<string, unknown>[];
  expected: { probabilities: number[]; label: string }[];
  classes: string[];
  tolerance: number;
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

export async function streamSmokeCheck(input: SmokeInput): Promise<StreamSmokeResult> {
  const started = performance.now();
  const emulator = process.env.PUBSUB_EMULATOR_HOST ?? '';
  const tag = `autoflow-smoke-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const pubsub = new PubSub({ projectId: SMOKE_PROJECT });
  const created: (Topic | Subscription)[] = [];
  const collectors: Subscription[] = [];
  const verdicts = new Map<string, Verdict>();
  const deadLetters = new Map<string, string>();
  let running: Awaited<ReturnType<typeof startStreaming>> | undefined;
  try {
    const topic = async (name: string) => {
      const [t] = await pubsub.createTopic(name);
      created.push(t);
      return t;
    };
    const subscribe = async (t: Topic, name: string) => {
      const [s] = await t.createSubscription(name, { ackDeadlineSeconds: 10 });
      created.unshift(s);
      return s;
    };
    const inputTopic = await topic(`${tag}-in`);
    await subscribe(inputTopic, `${tag}-scorer`);
    const outputTopic = await topic(`${tag}-out`);
    const deadTopic = await topic(`${tag}-dead`);
    const listen = (s: Subscription, onMessage: (m: Message) => void) => {
      s.on('message', (m: Message) => {
        onMessage(m);
        m.ack();
      });
      s.on('error', () => undefined);
      collectors.push(s);
    };
    listen(await subscribe(outputTopic, `${tag}-verdicts`), (m) => {
      const verdict = JSON.parse(m.data.toString()) as Verdict;
      verdicts.set(verdict.inputMessageId, verdict);
    });
    listen(await subscribe(deadTopic, `${tag}-dead`), (m) => deadLetters.set(m.attributes.autoflow_input_message_id ?? m.id, m.attributes.autoflow_error ?? ''));

    running = await startStreaming({
      registry: input.registry,
      reference: input.reference,
      subscription: `${tag}-scorer`,
      outputTopic: `${tag}-out`,
      deadLetterTopic: `${tag}-dead`,
      projectId: SMOKE_PROJECT,
      pollIntervalMs: 0,
      metricsPort: 0,
      drainTimeoutMs: 5_000,
    });
    const ids = await Promise.all(input.records.map((r, i) => inputTopic.publishMessage({ data: Buffer.from(JSON.stringify(r)), attributes: { autoflow_smoke_row: String(i) } })));
    const answered = await waitUntil(() => ids.every((id) => verdicts.has(id) || deadLetters.has(id)), SMOKE_TIMEOUT_MS);

    let maxDifference = 0;
    let labelMismatches = 0;
    let wrongVersion = 0;
    const [name, version] = input.reference.split('/');
    ids.forEach((id, i) => {
      const verdict = verdicts.get(id);
      if (!verdict) return;
      if (verdict.model.name !== name || String(verdict.model.version) !== version) wrongVersion++;
      if (verdict.label !== input.expected[i].label) labelMismatches++;
      input.classes.forEach((c, k) => {
        const got = verdict.probabilities[c];
        maxDifference = Math.max(maxDifference, typeof got === 'number' ? Math.abs(got - input.expected[i].probabilities[k]) : Number.POSITIVE_INFINITY);
      });
    });
    const received = ids.filter((id) => verdicts.has(id)).length;
    const failed: string[] = [];
    if (!answered) failed.push(`${ids.length - received - deadLetters.size} of ${ids.length} records had no verdict within ${SMOKE_TIMEOUT_MS / 1000} s`);
    if (deadLetters.size > 0) failed.push(`${deadLetters.size} dead-lettered (${[...deadLetters.values()][0]})`);
    if (wrongVersion > 0) failed.push(`${wrongVersion} verdicts from another model than ${input.reference}`);
    if (labelMismatches > 0) failed.push(`${labelMismatches} labels differ from offline`);
    if (!(maxDifference <= input.tolerance)) failed.push(`largest probability difference ${maxDifference} over the tolerance ${input.tolerance}`);
    const passed = failed.length === 0;
    return {
      emulator,
      records: ids.length,
      verdicts: received,
      deadLettered: deadLetters.size,
      labelMismatches,
      maxProbabilityDifference: maxDifference,
      ms: performance.now() - started,
      passed,
      reason: passed
        ? `${received} of ${ids.length} held-out records scored through Pub/Sub on ${emulator}, verdicts equal to offline (largest probability difference ${maxDifference.toExponential(1)})`
        : `stream smoke check on ${emulator}: ${failed.join('; ')}`,
    };
  } finally {
    await running?.drain().catch(() => undefined);
    await Promise.all(collectors.map((s) => s.close().catch(() => undefined)));
    for (const resource of created) await resource.delete().catch(() => undefined);
    await pubsub.close().catch(() => undefined);
  }
}
