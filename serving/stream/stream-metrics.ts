/**
 * Prometheus metrics of `autoflow stream`: the serving metrics (model version, swaps, failed
 * loads, process RSS/CPU/event-loop lag, the /metrics requests themselves) plus messages by
 * outcome, verdict latency, how far behind the stream the scorer is, and batch sizes.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import { ServingMetrics } from '../metrics.js';

export type MessageOutcome = 'scored' | 'dead_lettered' | 'publish_failed';

export class StreamMetrics extends ServingMetrics {
  readonly messages = new Counter({
    name: 'autoflow_stream_messages_total',
    help: 'Input messages by outcome: scored (verdict published, acked), dead_lettered (failed validation, sent to the dead-letter topic, acked), publish_failed (nacked for redelivery)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly verdictLatency = new Histogram({
    name: 'autoflow_stream_verdict_latency_seconds',
    help: 'Time from an input being published to its verdict being published',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly lag = new Gauge({
    name: 'autoflow_stream_lag_seconds',
    help: 'Age of the oldest input in the last batch when its verdicts were published: how far behind the stream the scorer is',
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'autoflow_stream_batch_size',
    help: 'Messages per scored micro-batch',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });
}
