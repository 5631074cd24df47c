/**
 * Latency statistics of the deployment check: nearest-rank percentiles, and the single-record
 * probe against a real HTTP server (one that answers slowly, and one that fails a request).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { percentile, probeLatency, summarize } from '../../../../activities/deploy/latency-probe.js';

describe('latency statistics', () => {
  it('nearest-rank percentiles of the values as measured', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1, unsorted
    expect(summarize(values)).toEqual({ requests: 100, p50Ms: 50, p99Ms: 99 });
    expect(summarize([7])).toEqual({ requests: 1, p50Ms: 7, p99Ms: 7 });
    expect(summarize([])).toEqual({ requests: 0, p50Ms: 0, p99Ms: 0 });
    // Of 100 requests, the p99 is the 99th fastest: one slow request does not move it, two do.
    expect(summarize([...Array(99).fill(1), 60]).p99Ms).toBe(1);
    expect(summarize([...Array(98).fill(1), 50, 60]).p99Ms).toBe(50);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
  });
});

describe('probeLatency against a real server', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function listen(handler: (body: string, count: number) => { status: number; delayMs: number }): Promise<string> {
    let count = 0;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { status, delayMs } = handler(body, ++count);
        setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{"predictions":[]}'), delayMs);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  it('sends one record per request, cycling through the records, and times each', async () => {
    const seen: unknown[] = [];
    const url = await listen((body) => {
      seen.push(JSON.parse(body));
      return { status: 200, delayMs: 20 };
    });
    const { latency, failed } = await probeLatency(url, [{ text: 'a' }, { text: 'b' }], 5);
    expect(failed).toBeNull();
    expect(seen).toEqual([{ records: [{ text: 'a' }] }, { records: [{ text: 'b' }] }, { records: [{ text: 'a' }] }, { records: [{ text: 'b' }] }, { records: [{ text: 'a' }] }]);
    expect(latency.requests).toBe(5);
    expect(latency.p50Ms).toBeGreaterThanOrEqual(19);
    expect(latency.p99Ms).toBeGreaterThanOrEqual(latency.p50Ms);
  });

  it('stops at a failed request and says which record it held', async () => {
    const url = await listen((_, n) => ({ status: n === 3 ? 500 : 200, delayMs: 0 }));
    const { latency, failed } = await probeLatency(url, [{ t: 1 }, { t: 2 }], 10);
    expect(failed).toEqual({ status: 500, error: 'single-record request 3 of the latency probe failed', index: 0 });
    expect(latency.requests).toBe(3);
  });
});
