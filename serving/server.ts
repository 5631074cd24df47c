/**
 * The prediction server: plain node:http (the fewest moving parts and the least memory per
 * request), JSON in and out.
 *
 *   POST /v1/predict  {"records": [{column: value, …}, …]}
 *                     -> {"model": {name, version}, "predictions": [{label, probabilities}, …]}
 *   GET  /v1/model    what is served: version, aliases, metrics, input columns, classes, decision rule
 *   GET  /healthz     the process is up
 *   GET  /readyz      a model is loaded and the server is not shutting down
 *   GET  /metrics     Prometheus text format
 *   /v2/…             the Open Inference Protocol (KServe v2 REST): health, model metadata and
 *                     readiness, POST /v2/models/NAME/infer (./open-inference.ts)
 *
 * Errors are {"error": message, "fieldErrors"?: [{field, message}], "errorCount"?: n}.
 *
 * A compiled text model reads the usual /v1/predict body (one record, its text in ASCII)
 * straight from the bytes (ServableModel.predictResponseOfJsonBody); every other body is
 * parsed and validated, for the same response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { onRawJsonBody, parseJsonBody, readJsonBody, type BodyResult } from './http-body.js';
import { validatePredictBody } from './input-schema.js';
import { inferResponse, matchOpenInferenceRoute, modelMetadata, readInferRequest, wrongModel } from './open-inference.js';
import type { ServingMetrics } from './metrics.js';
import type { ModelFollower } from './model-follower.js';
import type { ServableModel } from './servable-model.js';

export interface ServingServerOptions {
  follower: ModelFollower;
  metrics: ServingMetrics;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Unexpected errors (500s), for the process log. */
  onError?: (error: Error) => void;
}

export interface ServingServer {
  server: Server;
  /** Resolves with the bound address, e.g. http://127.0.0.1:8080. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests (readyz turns 503), waits for those in flight, closes. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

type Route = 'predict' | 'model' | 'healthz' | 'readyz' | 'metrics';
const ROUTES: Record<string, { route: Route; method: 'GET' | 'POST' }> = {
  '/v1/predict': { route: 'predict', method: 'POST' },
  '/v1/model': { route: 'model', method: 'GET' },
  '/healthz': { route: 'healthz', method: 'GET' },
  '/readyz': { route: 'readyz', method: 'GET' },
  '/metrics': { route: 'metrics', method: 'GET' },
};

export function createServingServer(options: ServingServerOptions): ServingServer {
  const { follower, metrics } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let draining = false;

  const send = (req: IncomingMessage, res: ServerResponse, route: string, started: number, status: number, body: string, contentType = 'application/json', extraHeaders?: Record<string, string>) => {
    // Spread only when there is something to add: a literal of two keys is node:http's fast case.
    const headers = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
    res.writeHead(status, extraHeaders ? { ...headers, ...extraHeaders } : headers);
    res.end(body);
    metrics.countRequest(route, req.method ?? '', status, (performance.now() - started) / 1000);
  };
  const sendError = (req: IncomingMessage, res: ServerResponse, route: string, started: number, status: number, error: string, extra: object = {}, headers?: Record<string, string>) =>
    send(req, res, route, started, status, JSON.stringify({ error, ...extra }), 'application/json', headers);

  /** 500 for an unexpected error; a response already under way is cut off. */
  const fail = (req: IncomingMessage, res: ServerResponse) => (e: Error) => {
    options.onError?.(e);
    if (!res.headersSent) sendError(req, res, 'other', performance.now(), 500, `internal error: ${e.message}`);
    else res.destroy(e);
  };

  /**
   * Synchronous from the body's last chunk to the response for a model that scores
   * synchronously: no promise, no microtask turn (each costs the request ~1 us; bench/serving).
   */
  function predict(req: IncomingMessage, res: ServerResponse, started: number): void {
    onRawJsonBody(req, maxBodyBytes, (body) => {
      try {
        // After a refused body the rest of it is still on the socket: close the connection.
        if (!body.ok) return sendError(req, res, 'predict', started, body.status, body.message, {}, body.status === 400 ? {} : { connection: 'close' });
        const model = follower.current; // read once: a swap during this request does not affect it
        // The usual request (one text, ASCII) read from the bytes: no JSON.parse, no validation to run.
        const response = model.predictResponseOfJsonBody(body.bytes);
        if (response !== undefined) {
          metrics.records.inc(1);
          return send(req, res, 'predict', started, 200, response);
        }
        answerPredict(req, res, started, model, parseJsonBody(body.bytes));
      } catch (e) {
        fail(req, res)(e as Error);
      }
    });
  }

  function answerPredict(req: IncomingMessage, res: ServerResponse, started: number, model: ServableModel, body: BodyResult): void {
    if (!body.ok) return sendError(req, res, 'predict', started, body.status, body.message);
    const checked = validatePredictBody(body.value, model.schema);
    if ('errors' in checked) {
      return sendError(req, res, 'predict', started, 400, `invalid request: ${checked.errorCount} problem${checked.errorCount > 1 ? 's' : ''}`, {
        fieldErrors: checked.errors,
        errorCount: checked.errorCount,
      });
    }
    const { records } = checked;
    const respond = (response: string) => {
      metrics.records.inc(records.length);
      send(req, res, 'predict', started, 200, response);
    };
    const response = model.predictResponse(records);
    if (typeof response === 'string') respond(response);
    else response.then(respond).catch(fail(req, res));
  }

  function describeModel(): string {
    const m = follower.current;
    return JSON.stringify({
      name: m.name,
      version: m.version,
      reference: follower.reference,
      aliases: m.info.aliases,
      createdAt: m.info.createdAt,
      loadedAt: m.loadedAt,
      metrics: m.info.metrics,
      classes: m.classes,
      inputColumns: m.schema.map((c) => ({ name: c.name, types: c.columnTypes, accepts: c.accepts })),
      // How labels follow from probabilities (thresholds or class weights chosen on validation); null = argmax.
      decision: m.decision ?? null,
    });
  }

  /** The Open Inference Protocol's routes; its errors are {"error": message} like ours. */
  async function openInference(req: IncomingMessage, res: ServerResponse, path: string, started: number): Promise<void> {
    const route = matchOpenInferenceRoute(path);
    if (!route) return sendError(req, res, 'v2_other', started, 404, `no route ${req.method} ${path}; v2 routes: /v2/health/live, /v2/health/ready, /v2/models/NAME, /v2/models/NAME/ready, POST /v2/models/NAME/infer`);
    const label = `v2_${route.kind}`;
    const method = route.kind === 'infer' ? 'POST' : 'GET';
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      return sendError(req, res, label, started, 405, `${path} takes ${method}, not ${req.method}`, {}, { allow: method });
    }
    if (route.kind === 'live') return send(req, res, label, started, 200, '{"live":true}');
    if (route.kind === 'ready') return send(req, res, label, started, draining ? 503 : 200, JSON.stringify({ ready: !draining }));
    const model = follower.current; // read once: a swap during this request does not affect it
    const unknown = wrongModel(route, model);
    if (unknown) return sendError(req, res, label, started, 404, unknown);
    if (route.kind === 'model') return send(req, res, label, started, 200, JSON.stringify(modelMetadata(model)));
    if (route.kind === 'model-ready') return send(req, res, label, started, draining ? 503 : 200, JSON.stringify({ name: model.name, ready: !draining }));
    const body = await readJsonBody(req, maxBodyBytes);
    if (!body.ok) return sendError(req, res, label, started, body.status, body.message, {}, body.status === 400 ? {} : { connection: 'close' });
    const request = readInferRequest(body.value, model.schema);
    if ('error' in request) return sendError(req, res, label, started, 400, request.error);
    const predictions = await model.predict(request.records);
    metrics.records.inc(predictions.length);
    send(req, res, label, started, 200, JSON.stringify(inferResponse(model, predictions, request)));
  }

  /** Answers `req`; a promise only for the routes that wait on one (not /v1/predict's usual path). */
  function handle(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
    const started = performance.now();
    // The usual request first, compared as a string: splitting the URL and looking the path up
    // in ROUTES (a lookup by a string built per request) costs it ~0.2 us.
    if (req.url === '/v1/predict' && req.method === 'POST') return predict(req, res, started);
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (path.startsWith('/v2/') || path === '/v2') return openInference(req, res, path, started);
    const known = ROUTES[path];
    if (!known) return sendError(req, res, 'other', started, 404, `no route ${req.method} ${path}; routes: ${Object.keys(ROUTES).join(', ')}`);
    const { route, method } = known;
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      return sendError(req, res, route, started, 405, `${path} takes ${method}, not ${req.method}`, {}, { allow: method });
    }
    switch (route) {
      case 'predict':
        return predict(req, res, started);
      case 'model':
        return send(req, res, route, started, 200, describeModel());
      case 'healthz':
        return send(req, res, route, started, 200, '{"status":"ok"}');
      case 'readyz':
        return draining
          ? send(req, res, route, started, 503, '{"status":"shutting down"}')
          : send(req, res, route, started, 200, JSON.stringify({ status: 'ready', model: { name: follower.current.name, version: follower.current.version } }));
      case 'metrics':
        return metrics.render().then((text) => send(req, res, route, started, 200, text, metrics.contentType));
    }
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res)?.catch(fail(req, res));
    } catch (e) {
      fail(req, res)(e as Error);
    }
  });
  // Slow or stuck clients must not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    close() {
      draining = true;
      return new Promise((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}
