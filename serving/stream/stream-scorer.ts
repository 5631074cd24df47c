/**
 * The scoring loop of `autoflow stream`: messages from a subscription are scored in
 * micro-batches by the model the follower currently holds, one verdict per input is
 * published, and an input is acked only once its verdict (or, for a record that fails
 * validation, its dead-letter copy) has been published. A crash at any point therefore loses
 * nothing: unacked inputs are redelivered when their lease runs out, at the cost of a
 * repeated verdict that carries the same input message id.
 *
 * A failed publish nacks the inputs after `retryDelayMs`, so Pub/Sub redelivers them without a
 * hot loop against a topic that is down. Records that fail validation are acked once
 * dead-lettered: they would fail again on every delivery.
 */
import type { Message, Subscription, Topic } from '@google-cloud/pubsub';
import type { ModelFollower } from '../model-follower.js';
import { MicroBatcher } from './micro-batcher.js';
import { deadLetterMessage, readRecord, verdictMessage, type OutgoingMessage } from './stream-messages.js';
import type { MessageOutcome, StreamMetrics } from './stream-metrics.js';

export interface StreamScorerOptions {
  follower: ModelFollower;
  subscription: Subscription;
  output: Topic;
  deadLetter: Topic;
  metrics: StreamMetrics;
  /** Messages per predict call. */
  batchSize: number;
  /** Longest a message waits for its batch to fill. */
  batchWaitMs: number;
  /** Wait before nacking inputs whose verdicts could not be published. Default 1000. */
  retryDelayMs?: number;
  /** Inputs finished so far (verdict or dead letter published and acked), after each batch. */
  onProgress?: (done: number) => void;
  log: (line: string) => void;
  /**
   * The subscriber stopped for good (the client emits 'error' only for errors it does not
   * retry: the subscription was deleted, permission was revoked). The process should drain
   * and exit non-zero so that its supervisor sees it, rather than idle looking healthy.
   */
  onSubscriptionError?: (error: Error) => void;
}

export class StreamScorer {
  private readonly batcher: MicroBatcher<Message>;
  private draining = false;
  private done = 0;
  /** Pending delayed nacks, so a drain can hand those inputs back at once. */
  private readonly retries = new Map<NodeJS.Timeout, () => void>();
  private readonly onMessage = (message: Message) => {
    this.batcher.add(message);
    // While draining, nothing more will arrive to fill a batch: score what came at once.
    if (this.draining) this.batcher.flushNow();
  };
  private readonly onError = (e: Error) => {
    this.options.log(`subscription ${this.options.subscription.name}: ${e.message}`);
    this.options.onSubscriptionError?.(e);
  };

  constructor(private readonly options: StreamScorerOptions) {
    this.batcher = new MicroBatcher({
      maxItems: options.batchSize,
      maxWaitMs: options.batchWaitMs,
      flush: (messages) => this.scoreBatch(messages),
      onError: (e) => options.log(`internal error while scoring a batch: ${e.stack ?? e.message}`),
    });
  }

  get processed(): number {
    return this.done;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  start(): void {
    this.options.subscription.on('message', this.onMessage);
    this.options.subscription.on('error', this.onError);
  }

  /**
   * Graceful drain: stop pulling, score and publish everything already received, ack it,
   * and close the subscriber (which nacks whatever is still unprocessed when the drain timeout runs out).
   */
  async drain(): Promise<void> {
    this.draining = true;
    const closed = this.options.subscription.close();
    await this.batcher.drain();
    // Verdicts that failed to publish: hand the inputs back now rather than after the delay.
    for (const [timer, nackAll] of this.retries) {
      clearTimeout(timer);
      nackAll();
    }
    await closed;
    this.options.subscription.off('message', this.onMessage);
    this.options.subscription.off('error', this.onError);
    await Promise.all([this.options.output.flush(), this.options.deadLetter.flush()]);
  }

  private async scoreBatch(messages: Message[]): Promise<void> {
    // Read once: a swap while this batch is scored does not affect it (the same rule as serve's requests).
    const model = this.options.follower.current;
    const valid: { message: Message; record: Record<string, unknown> }[] = [];
    const rejected: { message: Message; out: OutgoingMessage }[] = [];
    for (const message of messages) {
      const read = readRecord(message.data, model.schema);
      if ('record' in read) valid.push({ message, record: read.record });
      else rejected.push({ message, out: deadLetterMessage(message, read.reason, this.options.subscription.name) });
    }
    let predictions;
    try {
      predictions = valid.length ? await model.predict(valid.map((v) => v.record)) : [];
    } catch (e) {
      this.retryLater(valid.map((v) => v.message));
      throw e;
    }
    const results = await Promise.all([
      ...valid.map((v, i) => this.publishThenAck(this.options.output, v.message, verdictMessage(v.message, model, predictions[i]), 'scored')),
      ...rejected.map((r) => this.publishThenAck(this.options.deadLetter, r.message, r.out, 'dead_lettered')),
    ]);
    const failed = results.filter((r): r is Error => r instanceof Error);
    if (failed.length) this.options.log(`${failed.length} of ${messages.length} results could not be published (inputs go back for redelivery): ${failed[0].message}`);
    const { metrics } = this.options;
    metrics.batchSize.observe(messages.length);
    metrics.lag.set((Date.now() - Math.min(...messages.map((m) => m.publishTime.getTime()))) / 1000);
    this.options.onProgress?.(this.done);
  }

  /** Publishes, then acks the input: the order that makes delivery at least once. Returns the publish error, if any. */
  private async publishThenAck(topic: Topic, input: Message, out: OutgoingMessage, outcome: MessageOutcome): Promise<Error | undefined> {
    try {
      await topic.publishMessage(out);
    } catch (e) {
      this.options.metrics.messages.inc({ outcome: 'publish_failed' });
      this.retryLater([input]);
      return e as Error;
    }
    input.ack();
    this.done++;
    this.options.metrics.messages.inc({ outcome });
    if (outcome === 'scored') this.options.metrics.verdictLatency.observe((Date.now() - input.publishTime.getTime()) / 1000);
    return undefined;
  }

  private retryLater(messages: Message[]): void {
    if (messages.length === 0) return;
    const nackAll = () => {
      this.retries.delete(timer);
      for (const m of messages) m.nack();
    };
    const timer = setTimeout(nackAll, this.draining ? 0 : (this.options.retryDelayMs ?? 1000));
    this.retries.set(timer, nackAll);
  }
}
