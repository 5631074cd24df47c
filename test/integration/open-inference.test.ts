/**
 * `serve` speaking the Open Inference Protocol (KServe v2 REST) in-process over real HTTP,
 * with requests shaped as KServe's and Seldon MLServer's clients send them: one tensor per
 * column, BYTES for text, FP32/FP64 for numbers, shapes [n] or [n, 1].
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../../components/index.js';
import { FileSystemModelRegistry } from '../../registry/index.js';
import { startServing, type RunningServer } from '../../serving/start-serving.js';
import { syntheticRows } from '../helpers/synthetic-text.js';
import { fitModel, registerModel, sampleRecords, titlesTable } from './serving-fixtures.js';

let dir: string;
let text: { server: RunningServer; model: Pipeline };
let mixed: { server: RunningServer; model: Pipeline };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-v2-'));
  const registry = new FileSystemModelRegistry(dir);
  const textModel = fitModel(0.5);
  await registerModel(registry, 'spam', textModel);
  const rows = syntheticRows(300, 5);
  const mixedModel = Pipeline.create({ features: { title: { kind: 'tfidf' }, price: { kind: 'numeric', transform: 'log1p' } }, classifier: { kind: 'logreg' } }).fit(
    { nRows: rows.length, columns: { title: rows.map((r) => r.title), price: rows.map((r) => r.price) } },
    rows.map((r) => r.label),
    { seed: 1 },
  );
  await registerModel(registry, 'listings', mixedModel);
  text = { server: await startServing({ registry, reference: 'spam', port: 0, pollIntervalMs: 0 }), model: textModel };
  mixed = { server: await startServing({ registry, reference: 'listings', port: 0, pollIntervalMs: 0 }), model: mixedModel };
});

afterAll(async () => {
  await text?.server.close();
  await mixed?.server.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(url: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('Open Inference Protocol (KServe v2)', () => {
  it('answers a KServe-shaped BYTES request with probabilities and labels equal to the model in-process', async () => {
    const titles = sampleRecords(5).map((r) => r.title);
    const { status, body } = await call(text.server.url, '/v2/models/spam/infer', { id: 'req-7', inputs: [{ name: 'title', shape: [5], datatype: 'BYTES', data: titles }] });
    expect(status).toBe(200);
    expect(body.model_name).toBe('spam');
    expect(body.model_version).toBe('1');
    expect(body.id).toBe('req-7');
    const [probabilities, label] = body.outputs;
    expect(probabilities).toMatchObject({ name: 'probabilities', datatype: 'FP64', shape: [5, 2], parameters: { classes: JSON.stringify(text.model.classes) } });
    expect(probabilities.data).toEqual([...text.model.predictProba(titlesTable(titles))]);
    expect(label).toEqual({ name: 'label', datatype: 'BYTES', shape: [5], data: text.model.predict(titlesTable(titles)) });
  });

  it('answers a Seldon MLServer pandas-style request (columns as [n, 1] tensors, FP32 numbers, requested outputs) on the versioned route', async () => {
    const rows = syntheticRows(4, 42);
    const request = {
      parameters: { content_type: 'pd' },
      inputs: [
        { name: 'title', shape: [4, 1], datatype: 'BYTES', parameters: { content_type: 'str' }, data: rows.map((r) => [r.title]) },
        { name: 'price', shape: [4, 1], datatype: 'FP32', data: rows.map((r) => [r.price]) },
      ],
      outputs: [{ name: 'label' }],
    };
    const { status, body } = await call(mixed.server.url, '/v2/models/listings/versions/1/infer', request);
    expect(status).toBe(200);
    const table = { nRows: 4, columns: { title: rows.map((r) => r.title), price: rows.map((r) => r.price) } };
    expect(body.outputs).toEqual([{ name: 'label', datatype: 'BYTES', shape: [4], data: mixed.model.predict(table) }]);
  });

  it('describes the model and reports health and readiness', async () => {
    const { status, body } = await call(mixed.server.url, '/v2/models/listings');
    expect(status).toBe(200);
    expect(body).toEqual({
      name: 'listings',
      versions: ['1'],
      platform: 'autoflow',
      inputs: [
        { name: 'title', datatype: 'BYTES', shape: [-1] },
        { name: 'price', datatype: 'FP64', shape: [-1] },
      ],
      outputs: [
        { name: 'probabilities', datatype: 'FP64', shape: [-1, 2], parameters: { classes: JSON.stringify(mixed.model.classes) } },
        { name: 'label', datatype: 'BYTES', shape: [-1] },
      ],
    });
    expect(await call(text.server.url, '/v2/health/live')).toEqual({ status: 200, body: { live: true } });
    expect(await call(text.server.url, '/v2/health/ready')).toEqual({ status: 200, body: { ready: true } });
    expect(await call(text.server.url, '/v2/models/spam/ready')).toEqual({ status: 200, body: { name: 'spam', ready: true } });
    expect(await call(text.server.url, '/v2/models/spam/versions/1/ready')).toEqual({ status: 200, body: { name: 'spam', ready: true } });
    const other = await call(text.server.url, '/v2/models/fraud/ready');
    expect(other.status).toBe(404);
    expect(other.body.error).toMatch(/unknown model "fraud": this server serves "spam"/);
    expect((await call(text.server.url, '/v2/models/spam/versions/9')).status).toBe(404);
    expect((await fetch(`${text.server.url}/v2/models/spam/infer`)).status).toBe(405);
  });

  it('refuses bad requests with a 4xx naming the input', async () => {
    const rows = syntheticRows(2, 3);
    const title = { name: 'title', shape: [2], datatype: 'BYTES', data: rows.map((r) => r.title) };
    const price = { name: 'price', shape: [2], datatype: 'FP64', data: rows.map((r) => r.price) };
    const cases: [unknown, RegExp][] = [
      [{ inputs: [title] }, /missing input "price" \(FP64\)/],
      [{ inputs: [title, { ...price, name: 'prise' }] }, /input "prise" is not a column this model reads: "title" \(BYTES\), "price" \(FP64\)/],
      [{ inputs: [title, { ...price, datatype: 'FP32', data: ['cheap', 'dear'] }] }, /input "price", row 0: a FP32 tensor holds numbers, got "cheap"/],
      [{ inputs: [title, { ...price, datatype: 'BYTES', data: ['12.50', 'lots'] }] }, /input "price", row 1: expected a number .*"lots"/],
      [{ inputs: [title, { ...price, shape: [3] }] }, /input "price": shape \[3\] holds 3 values, "data" has 2/],
      [{ inputs: [title, { ...price, shape: [1, 2] }] }, /input "price": shape \[1,2\] is not one column/],
      [{ inputs: [title, { ...price, shape: [1], data: [3] }] }, /input "price" has 1 rows, the inputs before it 2/],
      [{ inputs: [title, { ...price, datatype: 'BOOL' }] }, /input "price": datatype "BOOL" is not supported/],
      [{ inputs: [title, price], outputs: [{ name: 'proba' }] }, /output "proba" does not exist; outputs: probabilities, label/],
      [{ records: [] }, /"inputs" must be a non-empty array/],
    ];
    for (const [request, message] of cases) {
      const { status, body } = await call(mixed.server.url, '/v2/models/listings/infer', request);
      expect({ status, error: body.error }).toEqual({ status: 400, error: expect.stringMatching(message) });
    }
    // Numeric columns take decimal strings in BYTES tensors, as CSV-born clients send them.
    const fromStrings = await call(mixed.server.url, '/v2/models/listings/infer', { inputs: [title, { ...price, datatype: 'BYTES', data: rows.map((r) => String(r.price)) }] });
    expect(fromStrings.status).toBe(200);
  });
});
