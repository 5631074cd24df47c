import { describe, expect, it, vi } from 'vitest';
import type { InputColumn } from '../../../serving/input-schema.js';
import { MicroBatcher } from '../../../serving/stream/micro-batcher.js';
import { deadLetterMessage, readRecord, verdictMessage } from '../../../serving/stream/stream-messages.js';

const schema: InputColumn[] = [
  { name: 'title', columnTypes: ['text'], accepts: ['string'] },
  { name: 'price', columnTypes: ['numeric'], accepts: ['number'] },
];
const input = { id: '42', data: Buffer.from('{}'), attributes: { tenant: 'jp', autoflow_label: 'forged' } };

describe('stream messages', () => {
  it('reads a record as serve does (decimal strings in numeric columns) or says why not', () => {
    expect(readRecord(Buffer.from('{"title": "bike", "price": "12.50", "extra": 1}'), schema)).toEqual({ record: { title: 'bike', price: 12.5, extra: 1 } });
    expect(readRecord(Buffer.from('{"title": "bike"'), schema)).toEqual({ reason: expect.stringMatching(/^not valid JSON .*one JSON object$/) });
    expect(readRecord(Buffer.from('[1]'), schema)).toEqual({ reason: 'expected an object, got an array' });
    expect(readRecord(Buffer.from('{"price": "cheap"}'), schema)).toEqual({ reason: expect.stringMatching(/^field "title": missing.*; field "price": expected a number/) });
  });

  it('keeps the input attributes in a verdict, ours overriding theirs', () => {
    const out = verdictMessage(input, { name: 'spam', version: 3 }, { label: 'spam', probabilities: { ham: 0.1, spam: 0.9 } });
    expect(JSON.parse(out.data.toString())).toEqual({ inputMessageId: '42', model: { name: 'spam', version: 3 }, label: 'spam', probabilities: { ham: 0.1, spam: 0.9 } });
    expect(out.attributes).toEqual({ tenant: 'jp', autoflow_label: 'spam', autoflow_input_message_id: '42', autoflow_model: 'spam', autoflow_model_version: '3' });
  });

  it('dead-letters the input unchanged with a reason cut to the 1,024-byte attribute limit', () => {
    const out = deadLetterMessage(input, `field "title": ${'é'.repeat(2000)}`, 'projects/p/subscriptions/s');
    expect(out.data).toBe(input.data);
    expect(Buffer.byteLength(out.attributes.autoflow_error)).toBeLessThanOrEqual(1024);
    expect(out.attributes.autoflow_error).toMatch(/^field "title": é+\.\.\.$/);
    expect(out.attributes).toMatchObject({ tenant: 'jp', autoflow_input_message_id: '42', autoflow_subscription: 'projects/p/subscriptions/s' });
  });
});

describe('MicroBatcher', () => {
  it('flushes when a batch is full or its first item has waited, and drains what is left', async () => {
    vi.useFakeTimers();
    try {
      const batches: number[][] = [];
      const batcher = new MicroBatcher<number>({ maxItems: 3, maxWaitMs: 50, flush: async (items) => void batches.push(items), onError: (e) => Promise.reject(e) });
      for (const i of [1, 2, 3, 4]) batcher.add(i);
      expect(batches).toEqual([[1, 2, 3]]);
      await vi.advanceTimersByTimeAsync(49);
      expect(batches).toEqual([[1, 2, 3]]);
      await vi.advanceTimersByTimeAsync(1);
      expect(batches).toEqual([[1, 2, 3], [4]]);
      batcher.add(5);
      await batcher.drain();
      expect(batches).toEqual([[1, 2, 3], [4], [5]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a failed flush and carries on', async () => {
    const errors: string[] = [];
    const batcher = new MicroBatcher<number>({ maxItems: 1, maxWaitMs: 1, flush: async (items) => { if (items[0] === 1) throw new Error('boom'); }, onError: (e) => errors.push(e.message) });
    batcher.add(1);
    batcher.add(2);
    await batcher.drain();
    expect(errors).toEqual(['boom']);
    expect(batcher.batchesInFlight).toBe(0);
  });
});
