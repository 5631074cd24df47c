/**
 * The prediction server in-process against a filesystem registry holding real fitted
 * TF-IDF + logistic-regression bundles: the HTTP contract, input validation, limits,
 * metrics, and following an alias with zero failed requests.
 */
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../components/index.js';
import { FileSystemModelRegistry, type ModelRegistry } from '../../registry/index.js';
import { loadServableModel } from '../../serving/servable-model.js';
import { startServing, type RunningServer } from '../../serving/start-serving.js';
import { fitModel, registerModel, sampleRecords, titlesTable } from './serving-fixtures.js';
import { compileLinearTextScorer } from '../../components/compiled/linear-text-scorer.js';

let dir: string;
let registry: FileSystemModelRegistry;
let v1: Pipeline;
let v2: Pipeline;
const servers: RunningServer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-serving-'));
  registry = new FileSystemModelRegistry(dir);
  v1 = fitModel(0.5);
  v2 = fitModel(50);
  await registerModel(registry, 'spam', v1);
  await registerModel(registry, 'spam', v2);
});

afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

afterAll(async () => rm(dir, { recursive: true, force: true }));

async function serve(options: Partial<Parameters<typeof startServing>[0]> = {}): Promise<RunningServer> {
  const running = await startServing({ registry, reference: 'spam@production', port: 0, pollIntervalMs: 0, ...options });
  servers.push(running);
  return running;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('autoflow serving over HTTP', () => {
  beforeAll(async () => {
    await registry.setAlias('spam', 'production', 1);
  });

  it('answers with the same probabilities as predictProba in-process, binding 127.0.0.1 by default', async () => {
    // The model is word tf-idf into logreg, so the server scores it with the compiled scorer: bit for bit.
    expect(compileLinearTextScorer(v1)).toBeDefined();
    const { url } = await serve();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const records = sampleRecords(25);
    const { status, body } = await post(url, { records });
    expect(status).toBe(200);
    expect(body.model).toEqual({ name: 'spam', version: 1 });
    const expected = v1.predictProba(titlesTable(records.map((r) => r.title)));
    expect(body.predictions).toHaveLength(25);
    body.predictions.forEach((p: { label: string; probabilities: Record<string, number> }, i: number) => {
      expect(Object.keys(p.probabilities)).toEqual(v1.classes);
      v1.classes.forEach((c, k) => expect(p.probabilities[c]).toBe(expected[i * v1.classes.length + k]));
      const best = v1.classes.reduce((a, c) => (p.probabilities[c] > p.probabilities[a] ? c : a));
      expect(p.label).toBe(best);
    });
  });

  it('refuses bad input with 400 and field errors naming the record and field', async () => {
    const { url } = await serve();
    const bad = await post(url, { records: [{ title: 'ok' }, { titel: 'typo' }, { title: ['a list'] }, 'not an object'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCount).toBe(3);
    expect(bad.body.fieldErrors).toEqual([
      { field: 'records[1].title', message: 'missing: the model reads "title" (text)' },
      { field: 'records[2].title', message: 'expected a string (or null), got an array' },
      { field: 'records[3]', message: 'expected an object, got a string' },
    ]);
    expect((await post(url, { rows: [] })).body.fieldErrors).toEqual([{ field: 'records', message: 'missing: expected an array of records' }]);
    expect((await post(url, { records: [] })).body.fieldErrors[0].message).toMatch(/is empty/);
    const notJson = await post(url, '{"records": [');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/not valid JSON/);
    expect((await post(url, 'title=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    // A missing value sent as null is accepted (the model treats it as empty).
    expect((await post(url, { records: [{ title: null }] })).status).toBe(200);
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const { url } = await serve({ maxBodyBytes: 2048 });
    const big = { records: Array.from({ length: 200 }, () => ({ title: 'free cash prize winner' })) };
    const declared = await post(url, big);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/larger than the limit of 2048 bytes/);
    // Chunked: no Content-Length, so the server has to count.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(' '.repeat(1000));
      req.end('{}');
    });
    expect(streamed).toBe(413);
    expect((await post(url, { records: [{ title: 'fits' }] })).status).toBe(200);
  });

  it('reports health, readiness, the model and 404/405 for other routes', async () => {
    const { url } = await serve();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', model: { name: 'spam', version: 1 } });
    const model = (await (await fetch(`${url}/v1/model`)).json()) as Record<string, unknown>;
    expect(model).toMatchObject({ name: 'spam', version: 1, reference: 'spam@production', aliases: ['production'], classes: v1.classes, metrics: { f1: 0.9 } });
    expect(model.inputColumns).toEqual([{ name: 'title', types: ['text'], accepts: ['string'] }]);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    const wrongMethod = await fetch(`${url}/v1/predict`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('exposes Prometheus metrics: requests, latency histogram, model version', async () => {
    const { url } = await serve();
    await post(url, { records: sampleRecords(3) });
    await post(url, { records: [{}] });
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/autoflow_http_requests_total\{route="predict",method="POST",code="200"\} 1/);
    expect(text).toMatch(/autoflow_http_requests_total\{route="predict",method="POST",code="400"\} 1/);
    expect(text).toMatch(/autoflow_http_request_duration_seconds_bucket\{le="0.005",route="predict"\} \d+/);
    expect(text).toMatch(/autoflow_http_request_duration_seconds_count\{route="predict"\} 2/);
    expect(text).toMatch(/autoflow_predicted_records_total 3/);
    expect(text).toMatch(/autoflow_model_version\{model="spam",reference="spam@production"\} 1/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  it('refuses an unknown model or alias at start with a user error', async () => {
    await expect(startServing({ registry, reference: 'spam@staging', port: 0 })).rejects.toThrow(/model spam has no alias "staging"/);
    await expect(startServing({ registry, reference: 'nope', port: 0 })).rejects.toThrow(/no model named "nope"/);
  });
});

describe('following an alias', () => {
  it('loads the new version beside the old one and swaps with zero failed requests', async () => {
    await registry.setAlias('spam', 'production', 1);
    // A slow load keeps the old model serving for a while after the alias moved.
    const slowLoad = async (reg: ModelRegistry, name: string, version: number) => {
      await sleep(300);
      return loadServableModel(reg, name, version);
    };
    const { url } = await serve({ pollIntervalMs: 50, load: slowLoad });
    const statuses = new Map<number, number>();
    const versionsSeen: number[] = [];
    let sawSwapAt: number | undefined;
    let sent = 0;
    const client = async () => {
      // Bounded: stops 50 requests after the first answer from version 2, or at 4000 requests.
      while (sent < 4000 && (sawSwapAt === undefined || sent < sawSwapAt + 50)) {
        sent++;
        const { status, body } = await post(url, { records: sampleRecords(2, sent) });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 200) {
          versionsSeen.push(body.model.version);
          if (body.model.version === 2 && sawSwapAt === undefined) sawSwapAt = sent;
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await sleep(100);
    await registry.setAlias('spam', 'production', 2, { expectedVersion: 1 });
    const answeredBeforeMove = versionsSeen.length;
    await Promise.all(clients);
    expect([...statuses.keys()]).toEqual([200]);
    // The old version kept answering after the alias moved, while the new one loaded.
    expect(versionsSeen.slice(answeredBeforeMove)).toContain(1);
    expect(versionsSeen.at(-1)).toBe(2);
    expect(sawSwapAt).toBeDefined();
    // Once version 2 answered, version 1 never answers again.
    expect(versionsSeen.slice(versionsSeen.indexOf(2)).filter((v) => v === 1).length).toBeLessThanOrEqual(8);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/autoflow_model_swaps_total 1/);
    expect(metrics).toMatch(/autoflow_model_version\{model="spam",reference="spam@production"\} 2/);
  });

  it('keeps serving the current version when the new one is tampered with', async () => {
    await registry.setAlias('spam', 'production', 1);
    const { url, follower } = await serve({ pollIntervalMs: 0 });
    const v3 = await registerModel(registry, 'spam', v2);
    await writeFile(join(dir, 'spam', 'versions', String(v3.version), 'pipeline.json'), '{"tampered": true}');
    await registry.setAlias('spam', 'production', v3.version);
    await follower.check();
    expect(follower.current.version).toBe(1);
    expect((await post(url, { records: sampleRecords(1) })).body.model.version).toBe(1);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/autoflow_model_load_failures_total 1/);
    await registry.setAlias('spam', 'production', 2);
    await follower.check();
    expect(follower.current.version).toBe(2);
  });
});

describe('a bundle with a decision rule', () => {
  it('serves labels by the stored rule, probabilities unchanged', async () => {
    const { Pipeline } = await import('../../components/index.js');
    const { decideLabels } = await import('../../components/core/decision-rule.js');
    // A low threshold on spam: some rows argmax calls ok are labelled spam.
    const rule = { kind: 'threshold' as const, class: 'spam', threshold: 0.3, objective: 'f1' as const, validation: { value: 0.9, argmaxValue: 0.8, rows: 60 } };
    const ruled = Pipeline.fromJSON(v1.toJSON()).setDecisionRule(rule);
    await registerModel(registry, 'ruled', ruled);
    await registry.setAlias('ruled', 'production', 1);
    const { url } = await serve({ reference: 'ruled@production' });
    const records = sampleRecords(60);
    const { status, body } = await post(url, { records });
    expect(status).toBe(200);
    const table = titlesTable(records.map((r) => r.title));
    const proba = v1.predictProba(table);
    const labels = body.predictions.map((p: { label: string }) => p.label);
    expect(labels).toEqual(decideLabels(proba, v1.classes, rule));
    expect(labels).not.toEqual(v1.predict(table));
    body.predictions.forEach((p: { probabilities: Record<string, number> }, i: number) => v1.classes.forEach((c, k) => expect(p.probabilities[c]).toBe(proba[i * 2 + k])));
    // /v1/model says which rule the labels follow.
    const model = (await (await fetch(`${url}/v1/model`)).json()) as Record<string, unknown>;
    expect(model.decision).toEqual(rule);
  });
});
