/**
 * Prometheus metrics of a serving process (GET /metrics): requests by route and status,
 * request latency, records scored, which model version is live, swaps and failed loads,
 * plus prom-client's process metrics (RSS, CPU, event-loop lag).
 *
 * Every request is counted and timed (`countRequest`), so that path is kept cheap: prom-client's
 * labelled `inc` and `observe` build a label key, validate the labels and (for histogram
 * buckets) turn a bound into a property name on each call, ~2 us together, a few percent of a
 * small request. Here a request adds to plain per-label numbers, handed to prom-client (the
 * counter) or formatted like it (the histogram) only when /metrics is scraped.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { ServableModel } from './servable-model.js';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ServingMetrics {
  readonly registry = new Registry();
  /** Requests not yet added to `requests`, by route, method and code (nested: no key string is built per request). */
  private readonly uncounted = new Map<string, Map<string, Map<number, { labels: { route: string; method: string; code: number }; n: number }>>>();
  readonly requests = new Counter({
    name: 'autoflow_http_requests_total',
    help: 'HTTP requests answered, by route, method and status code',
    labelNames: ['route', 'method', 'code'] as const,
    registers: [this.registry],
    collect: () => this.addUncounted(),
  });
  readonly latency = new RouteLatencyHistogram(this.registry);
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

  /** One answered request: counted by route, method and status, timed by route. */
  countRequest(route: string, method: string, code: number, seconds: number): void {
    let byMethod = this.uncounted.get(route);
    if (!byMethod) this.uncounted.set(route, (byMethod = new Map()));
    let byCode = byMethod.get(method);
    if (!byCode) byMethod.set(method, (byCode = new Map()));
    const entry = byCode.get(code);
    if (entry) entry.n++;
    else byCode.set(code, { labels: { route, method, code }, n: 1 });
    this.latency.observe({ route }, seconds);
  }

  private addUncounted(): void {
    // Entries stay (with n = 0): the label sets of a server are few and recur.
    for (const byMethod of this.uncounted.values()) {
      for (const byCode of byMethod.values()) {
        for (const entry of byCode.values()) {
          if (entry.n > 0) this.requests.inc(entry.labels, entry.n);
          entry.n = 0;
        }
      }
    }
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

/**
 * Request latency by route, exported exactly as a prom-client Histogram with `labelNames:
 * ['route']` and LATENCY_BUCKETS would be (`_bucket{le=…,route=…}`, `_sum`, `_count`), but
 * observed by adding to a per-route array (see the file comment for why).
 */
export class RouteLatencyHistogram {
  readonly name = 'autoflow_http_request_duration_seconds';
  readonly help = 'Time from request start to response end, by route';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private routes = new Map<string, { counts: Float64Array; sum: number; count: number }>();

  constructor(registry: Registry) {
    // The registry reads only the fields above and get(); prom-client types its argument as one of its own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** Same call as prom-client's labelled observe, which other servers (serving/stream) use. */
  observe({ route }: { route: string }, seconds: number): void {
    let r = this.routes.get(route);
    if (!r) {
      r = { counts: new Float64Array(LATENCY_BUCKETS.length), sum: 0, count: 0 };
      this.routes.set(route, r);
    }
    // Each bucket counts what it alone holds (le = its bound, above the previous one); get() accumulates.
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]) b++;
    if (b < LATENCY_BUCKETS.length) r.counts[b]++;
    r.sum += seconds;
    r.count++;
  }

  /** What the registry formats, as prom-client's Histogram.get() gives it. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: { labels: Record<string, string | number>; value: number; metricName: string }[] }> {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const [route, r] of this.routes) {
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, b) => {
        cumulative += r.counts[b];
        values.push({ labels: { le, route }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', route }, value: r.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { route }, value: r.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { route }, value: r.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.routes = new Map();
  }
}
