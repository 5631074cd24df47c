import { EventEmitter } from 'node:events';
import type { Subscription } from '@google-cloud/pubsub';
import { describe, expect, it } from 'vitest';
import { StreamScorer, type StreamScorerOptions } from '../../../serving/stream/stream-scorer.js';

describe('StreamScorer', () => {
  it('reports a subscriber that stopped for good (the client emits error only for errors it does not retry)', () => {
    const subscription = Object.assign(new EventEmitter(), { name: 'projects/p/subscriptions/s' });
    const lines: string[] = [];
    const stopped: Error[] = [];
    const scorer = new StreamScorer({
      subscription: subscription as unknown as Subscription,
      batchSize: 10,
      batchWaitMs: 1,
      log: (line: string) => void lines.push(line),
      onSubscriptionError: (e: Error) => void stopped.push(e),
    } as unknown as StreamScorerOptions);
    scorer.start();
    subscription.emit('error', new Error('5 NOT_FOUND: Resource not found'));
    expect(lines).toEqual(['subscription projects/p/subscriptions/s: 5 NOT_FOUND: Resource not found']);
    expect(stopped.map((e) => e.message)).toEqual(['5 NOT_FOUND: Resource not found']);
  });
});
