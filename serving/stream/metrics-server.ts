/**
 * The small HTTP side of `autoflow stream`: Prometheus scrapes /metrics, Kubernetes probes
 * /healthz (the process is up) and /readyz (a model is loaded and the scorer is not draining).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServingMetrics } from '../metrics.js';
import { listenFailure } from '../start-serving.js';

const ROUTES = ['/metrics', '/healthz', '/readyz'];

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(options: { metrics: ServingMetrics; host: string; port: number; ready: () => boolean }): Promise<MetricsServer> {
  const { metrics } = options;
  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?', 1)[0];
    // Unknown paths share one label: a scanner must not grow the metrics without bound.
    const route = ROUTES.includes(path) ? path : 'other';
    const reply = (status: number, body: string, contentType = 'application/json') => {
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
      metrics.requests.inc({ route, method: req.method ?? '', code: status });
      metrics.latency.observe({ route }, (performance.now() - started) / 1000);
    };
    if (path === '/metrics') {
      metrics.render().then(
        (text) => reply(200, text, metrics.contentType),
        (e: Error) => reply(500, JSON.stringify({ error: e.message })),
      );
    } else if (path === '/healthz') reply(200, '{"status":"ok"}');
    else if (path === '/readyz') reply(options.ready() ? 200 : 503, options.ready() ? '{"status":"ready"}' : '{"status":"draining"}');
    else reply(404, JSON.stringify({ error: `no route ${path}; routes: /metrics, /healthz, /readyz` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(listenFailure(e, options.host, options.port, '--metrics-port')));
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
