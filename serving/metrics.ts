/**
 * Prometheus metrics of a serving process (GET /metrics): requests by route and status,
 * request latency, records scored, which model version is live, swaps and failed loads,
 * plus prom-client's process metrics (RSS, CPU, event-loop lag).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServableModel } from './servable-model.js';

export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'autoflow_http_requests_total',
    help: 'HTTP requests answered, by route, method and status code',
    labelNames: ['route', 'method', 'code'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'autoflow_http_request_duration_seconds',
    help: 'Time from request start to response end, by route',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly records = new Counter({
    name: 'autoflow_predicted_records_total',
    help: 'Records scored by /v1/predict and /v2/models/NAME/infer',
    registers: [this.registry],
  });
  readonly modelVersion = new Gauge({
    name: 'autoflow_model_version',
    help: 'Registry version of the model being served',
    labelNames: ['model', 'reference'] as const,
    registers: [this.registry],
  });
  readonly swaps = new Counter({
    name: 'autoflow_model_swaps_total',
    help: 'Times a new model version was loaded and swapped in',
    registers: [this.registry],
  });
  readonly loadFailures = new Counter({
    name: 'autoflow_model_load_failures_total',
    help: 'Failed attempts to load a new model version (the previous one kept serving)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  setModel(model: ServableModel, reference: string): void {
    this.modelVersion.reset();
    this.modelVersion.set({ model: model.name, reference }, model.version);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
