import { describe, expect, it } from 'vitest';
import { batchRecordsByBytes } from '../../../../activities/deploy/request-batches.js';

const bodyBytes = (records: unknown[]) => Buffer.byteLength(JSON.stringify({ records }));

describe('batchRecordsByBytes (deployment check requests)', () => {
  const records = Array.from({ length: 50 }, (_, i) => ({ text: 'x'.repeat(100 + ((i * 37) % 400)), n: i }));

  it('keeps every request body under the byte limit and every batch under the record limit, rows in order', () => {
    const { batches, oversized } = batchRecordsByBytes(records, 2_000, 64);
    expect(oversized).toEqual([]);
    expect(batches.flat()).toEqual(records.map((_, i) => i));
    for (const batch of batches) expect(bodyBytes(batch.map((r) => records[r]))).toBeLessThanOrEqual(2_000);
    // Bounded by bytes, not only by count: 64 of these would not fit.
    expect(batches.length).toBeGreaterThan(1);
    // Full batches: adding the next record would have crossed the limit.
    for (let b = 0; b < batches.length - 1; b++) {
      const next = batches[b + 1][0];
      expect(bodyBytes([...batches[b], next].map((r) => records[r]))).toBeGreaterThan(2_000);
    }
  });

  it('fills a body to exactly the limit when the records fit', () => {
    const small = [{ a: 1 }, { a: 2 }];
    const exact = bodyBytes(small);
    expect(batchRecordsByBytes(small, exact, 10).batches).toEqual([[0, 1]]);
    expect(batchRecordsByBytes(small, exact - 1, 10).batches).toEqual([[0], [1]]);
  });

  it('bounds batches by count when records are small', () => {
    const { batches } = batchRecordsByBytes(records.slice(0, 10).map((_, n) => ({ n })), 1_000_000, 4);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
  });

  it('sets aside a record over the limit on its own, with its row and size, and sends the others', () => {
    const withHuge = [{ t: 'a' }, { t: 'x'.repeat(5_000) }, { t: 'b' }];
    const { batches, oversized } = batchRecordsByBytes(withHuge, 1_000, 64);
    expect(batches).toEqual([[0, 2]]);
    expect(oversized).toEqual([{ row: 1, bytes: bodyBytes([withHuge[1]]) }]);
  });

  it('refuses limits that cannot hold any request', () => {
    expect(() => batchRecordsByBytes(records, 5, 64)).toThrow(/maxBytes/);
    expect(() => batchRecordsByBytes(records, 1000, 0)).toThrow(/maxRecords/);
  });
});
