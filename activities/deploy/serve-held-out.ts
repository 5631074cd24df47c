/**
 * Sends the held-out records to the test server in byte-bounded batches and collects what it
 * answered: probabilities, served labels, each failed request by rows, batch latencies. Then
 * the single-record latency probe and the server's memory. Nothing here judges the answers.
 */
import type { DeployCheck } from '../../workflows/deploy-types.js';
import { probeLatency, summarize, type LatencySummary } from './latency-probe.js';
import type { TestServer } from './test-server.js';

export interface ServedAnswers {
  /** Rows x classes, in `classes` order, for the rows of the batches that succeeded. */
  proba: number[];
  labels: string[];
  failures: DeployCheck['failures'];
  batchLatency: LatencySummary;
  latency: LatencySummary;
  memory: DeployCheck['memory'];
  /** Time spent on the batches and on the single-record probe. */
  batchesMs: number;
  latencyProbeMs: number;
}

/** Requests of one record each for the latency probe (after the batches warmed the server up). */
const LATENCY_REQUESTS = 200;

/** The server's error message (its JSON `error`, else the body text), shortened for a reason line. */
async function errorText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let message = text;
  try {
    message = String((JSON.parse(text) as { error?: unknown }).error ?? text);
  } catch {
    // Not JSON: the text as it is.
  }
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

/** First and last test-split row of a batch, counted from 1. */
function rowRange(batch: readonly number[]): [number, number] {
  return [batch[0] + 1, batch[batch.length - 1] + 1];
}

export async function serveHeldOut(
  server: TestServer,
  records: readonly Record<string, unknown>[],
  batches: readonly number[][],
  classes: readonly string[],
  report: (progress: Record<string, unknown>) => void,
): Promise<ServedAnswers> {
  const proba: number[] = [];
  const labels: string[] = [];
  const batchTimes: number[] = [];
  const failures: DeployCheck['failures'] = [];
  const total = batches.reduce((n, b) => n + b.length, 0);
  const started = performance.now();
  for (const batch of batches) {
    const t0 = performance.now();
    const response = await fetch(`${server.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: batch.map((r) => records[r]) }) }).catch((e: Error) => e);
    batchTimes.push(performance.now() - t0);
    // No answer at all (the server died): status 0, and the rows it held.
    if (response instanceof Error) {
      failures.push({ status: 0, error: `no answer: ${response.message}`, rows: rowRange(batch) });
      continue;
    }
    if (!response.ok) {
      failures.push({ status: response.status, error: await errorText(response), rows: rowRange(batch) });
      continue;
    }
    const body = (await response.json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
    for (const p of body.predictions) {
      for (const c of classes) proba.push(p.probabilities[c] ?? 0);
      labels.push(p.label);
    }
    report({ sent: labels.length, of: total });
  }
  const batchesMs = performance.now() - started;
  const sentRows = batches.flat();
  const probe = failures.length === 0 ? await probeLatency(server.url, sentRows.map((r) => records[r]), LATENCY_REQUESTS) : { latency: summarize([]), failed: null };
  if (probe.failed) {
    const row = sentRows[probe.failed.index] + 1;
    failures.push({ status: probe.failed.status, error: probe.failed.error, rows: [row, row] });
  }
  const latencyProbeMs = performance.now() - started - batchesMs;
  return { proba, labels, failures, batchLatency: summarize(batchTimes), latency: probe.latency, memory: await server.memory(), batchesMs, latencyProbeMs };
}
