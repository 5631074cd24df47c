/**
 * ServingMetrics counts and times requests in plain numbers (prom-client's labelled calls cost
 * ~2 us per request): /metrics must read exactly as prom-client's own Counter and Histogram
 * would have written it.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ServingMetrics } from '../../../serving/metrics.js';

const REQUESTS: [string, string, number, number][] = [
  ['predict', 'POST', 200, 0.0003],
  ['predict', 'POST', 200, 0.004],
  ['predict', 'POST', 400, 0.001],
  ['model', 'GET', 200, 3],
  ['predict', 'POST', 200, 0.0025],
  ['other', 'GET', 404, 0.01],
];

function promClientText(requests: typeof REQUESTS): Promise<string> {
  const registry = new Registry();
  const counter = new Counter({ name: 'autoflow_http_requests_total', help: 'HTTP requests answered, by route, method and status code', labelNames: ['route', 'method', 'code'], registers: [registry] });
  const histogram = new Histogram({
    name: 'autoflow_http_request_duration_seconds',
    help: 'Time from request start to response end, by route',
    labelNames: ['route'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  for (const [route, method, code, seconds] of requests) {
    counter.inc({ route, method, code });
    histogram.observe({ route }, seconds);
  }
  return registry.metrics();
}

const httpLines = (text: string) => text.split('\n').filter((l) => l.includes('autoflow_http_'));

describe('ServingMetrics request counting', () => {
  it('writes what prom-client would, across scrapes', async () => {
    const metrics = new ServingMetrics();
    for (const [route, method, code, seconds] of REQUESTS.slice(0, 3)) metrics.countRequest(route, method, code, seconds);
    expect(httpLines(await metrics.render())).toEqual(httpLines(await promClientText(REQUESTS.slice(0, 3))));
    for (const [route, method, code, seconds] of REQUESTS.slice(3)) metrics.countRequest(route, method, code, seconds);
    expect(httpLines(await metrics.render())).toEqual(httpLines(await promClientText(REQUESTS)));
  });

  it("keeps prom-client's labelled calls working beside it (the stream server's metrics use them)", async () => {
    const metrics = new ServingMetrics();
    metrics.countRequest('predict', 'POST', 200, 0.002);
    metrics.requests.inc({ route: 'predict', method: 'POST', code: 200 });
    metrics.latency.observe({ route: 'predict' }, 0.0004);
    const text = await metrics.render();
    expect(text).toContain('autoflow_http_requests_total{route="predict",method="POST",code="200"} 2');
    expect(text).toContain('autoflow_http_request_duration_seconds_count{route="predict"} 2');
    expect(text).toContain('autoflow_http_request_duration_seconds_bucket{le="0.0005",route="predict"} 1');
  });
});
