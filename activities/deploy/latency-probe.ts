/**
 * Latency as a client of one record meets it: single-record requests, one at a time, after
 * the check's batches have warmed the server up. Batched requests say little about the p99 a
 * moderation call waits for, so the budget (`maxP50Ms`, `maxP99Ms`) is held against these.
 */

export interface LatencySummary {
  requests: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of ascending values (0 for none). */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : 0;
}

export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { requests: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
}

/**
 * Sends `requests` single-record predictions (cycling through `records`) and times each.
 * A request that fails is not a latency: it is returned for the check to report.
 */
export async function probeLatency(url: string, records: readonly unknown[], requests: number): Promise<{ latency: LatencySummary; failed: { status: number; error: string; index: number } | null }> {
  const times: number[] = [];
  for (let i = 0; i < requests && records.length > 0; i++) {
    const body = JSON.stringify({ records: [records[i % records.length]] });
    const t0 = performance.now();
    const response = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch((e: Error) => e);
    if (response instanceof Error) return { latency: summarize(times), failed: { status: 0, error: `no answer: ${response.message}`, index: i % records.length } };
    await response.arrayBuffer();
    times.push(performance.now() - t0);
    if (!response.ok) return { latency: summarize(times), failed: { status: response.status, error: `single-record request ${i + 1} of the latency probe failed`, index: i % records.length } };
  }
  return { latency: summarize(times), failed: null };
}
