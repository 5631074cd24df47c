/**
 * Wires `autoflow stream` together: load the model and follow its reference (the same
 * follower and event handling as `serve`), check that the subscription and topics exist,
 * open the subscriber with flow control, score, and expose metrics and probes over HTTP.
 *
 * Google's client reads Application Default Credentials, and PUBSUB_EMULATOR_HOST for an
 * emulator (then no credentials are needed), as every Google client does.
 */
import { Duration, PubSub, type Subscription, type Topic } from '@google-cloud/pubsub';
import { UserInputError } from '../../core/errors.js';
import type { ModelRegistry } from '../../registry/model-registry.js';
import { followerEventHandler } from '../follower-events.js';
import { enableLeanMemory } from '../lean-memory.js';
import { ModelFollower, type ModelFollowerOptions } from '../model-follower.js';
import { startMetricsServer } from './metrics-server.js';
import { StreamMetrics } from './stream-metrics.js';
import { StreamScorer } from './stream-scorer.js';

export interface StartStreamingOptions {
  registry: ModelRegistry;
  reference: string;
  /** Subscription and topic names: short (in `projectId`'s project) or `projects/P/subscriptions/S`, `projects/P/topics/T`. */
  subscription: string;
  outputTopic: string;
  deadLetterTopic: string;
  /** Default: from Application Default Credentials (or GOOGLE_CLOUD_PROJECT). */
  projectId?: string;
  batchSize?: number;
  batchWaitMs?: number;
  /** Flow control: messages and data bytes held by this process, unacked, at most. */
  maxOutstandingMessages?: number;
  maxOutstandingBytes?: number;
  pollIntervalMs?: number;
  metricsHost?: string;
  /** 0 = any free port. */
  metricsPort?: number;
  /** How long a drain may take before unprocessed inputs are nacked. Default 30 s. */
  drainTimeoutMs?: number;
  log?: (line: string) => void;
  onProgress?: (done: number) => void;
  /** The subscriber stopped for good (see StreamScorerOptions.onSubscriptionError). */
  onSubscriptionError?: (error: Error) => void;
  leanMemory?: boolean;
  load?: ModelFollowerOptions['load'];
}

export interface RunningStream {
  follower: ModelFollower;
  scorer: StreamScorer;
  metricsUrl: string;
  /** Stops pulling, finishes and acks what was received, closes everything. */
  drain(): Promise<void>;
}

export async function startStreaming(options: StartStreamingOptions): Promise<RunningStream> {
  const log = options.log ?? (() => undefined);
  if (options.leanMemory) enableLeanMemory();
  const metrics = new StreamMetrics();
  const pubsub = new PubSub(options.projectId ? { projectId: options.projectId } : {});
  const maxOutstandingMessages = options.maxOutstandingMessages ?? 1000;
  const subscription = pubsub.subscription(options.subscription, {
    // allowExcessMessages: false keeps the server's over-delivery in the client's queue
    // instead of handing it to us: the limits then bound what this process works on.
    flowControl: { maxMessages: maxOutstandingMessages, maxBytes: options.maxOutstandingBytes ?? 100 * 1024 * 1024, allowExcessMessages: false },
    closeOptions: { behavior: 'WAIT', timeout: Duration.from({ milliseconds: options.drainTimeoutMs ?? 30_000 }) },
  });
  // Verdicts go out in publish batches too; a short wait keeps verdict latency low.
  const batching = { maxMessages: 1000, maxMilliseconds: 1 };
  const output = pubsub.topic(options.outputTopic, { batching });
  const deadLetter = pubsub.topic(options.deadLetterTopic, { batching });
  await Promise.all([
    mustExist(subscription, 'subscription', `--subscription ${options.subscription}`),
    mustExist(output, 'topic', `--output-topic ${options.outputTopic}`),
    mustExist(deadLetter, 'topic', `--dead-letter-topic ${options.deadLetterTopic}`),
  ]);

  const follower = await ModelFollower.start({
    registry: options.registry,
    reference: options.reference,
    pollIntervalMs: options.pollIntervalMs,
    onEvent: followerEventHandler({ reference: options.reference, metrics, log, leanMemory: options.leanMemory }),
    load: options.load,
  });
  const batchSize = Math.min(options.batchSize ?? 256, maxOutstandingMessages);
  const scorer = new StreamScorer({ follower, subscription, output, deadLetter, metrics, batchSize, batchWaitMs: options.batchWaitMs ?? 2, log, onProgress: options.onProgress, onSubscriptionError: options.onSubscriptionError });
  let server;
  try {
    server = await startMetricsServer({ metrics, host: options.metricsHost ?? '127.0.0.1', port: options.metricsPort ?? 9464, ready: () => !scorer.isDraining });
  } catch (e) {
    follower.stop();
    await pubsub.close();
    throw e;
  }
  scorer.start();
  const metricsServer = server;
  return {
    follower,
    scorer,
    metricsUrl: metricsServer.url,
    async drain() {
      await scorer.drain();
      follower.stop();
      await metricsServer.close();
      await pubsub.close();
    },
  };
}

/** A missing subscription or topic is the user's mistake: name the option. Other errors (credentials, network) pass through. */
async function mustExist(resource: Subscription | Topic, kind: string, what: string): Promise<void> {
  let exists: boolean;
  try {
    [exists] = await resource.exists();
  } catch (e) {
    throw new Error(`cannot check ${what}: ${(e as Error).message}`, { cause: e });
  }
  if (!exists) throw new UserInputError(`${what}: no such ${kind} (${resource.name})`);
}
