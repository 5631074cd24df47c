/**
 * /v1/predict answers synchronously from the body's last chunk when the model scores
 * synchronously (serving/server.ts): a model that throws there (reading the body's bytes or
 * scoring the parsed records), or rejects on the async path,
 * must still get a 500 naming the error, reach onError, not pass for a JSON error, and leave
 * the server answering. Real node:http server on a free port; the model is a real fitted
 * pipeline whose predictResponse the test replaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../../../components/index.js';
import type { ModelVersion } from '../../../registry/model-registry.js';
import type { ModelFollower } from '../../../serving/model-follower.js';
import { ServingMetrics } from '../../../serving/metrics.js';
import { servableFromPipeline, type ServableModel } from '../../../serving/servable-model.js';
import { createServingServer, type ServingServer } from '../../../serving/server.js';

const texts = ['win money now', 'free prize click', 'meeting at noon', 'lunch tomorrow?', 'cheap pills free', 'see you at the meeting'];
const labels = ['spam', 'spam', 'ham', 'ham', 'spam', 'ham'];

describe('/v1/predict when the model fails', () => {
  let real: ServableModel;
  let current: ServableModel;
  const errors: string[] = [];
  let serving: ServingServer;
  let url: string;

  beforeAll(async () => {
    const pipeline = Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }).fit(
      { nRows: texts.length, columns: { text: texts } },
      labels,
    );
    real = servableFromPipeline({ name: 'm', version: 1 } as ModelVersion, pipeline);
    current = real;
    const follower = { get current() { return current; }, reference: 'm@production' } as unknown as ModelFollower;
    serving = createServingServer({ follower, metrics: new ServingMetrics(), onError: (e) => errors.push(e.message) });
    url = await serving.listen(0, '127.0.0.1');
  });
  afterAll(() => serving.close());

  const predict = async (body = JSON.stringify({ records: [{ text: 'free money' }] })) => {
    const res = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  // The body reader declines, so these requests take predictResponse.
  const failingWith = (predictResponse: ServableModel['predictResponse']): ServableModel => ({ ...real, predictResponse, predictResponseOfJsonBody: () => undefined });

  it('answers synchronously from a synchronous model (a string, no promise)', async () => {
    expect(typeof real.predictResponse([{ text: 'free money' }])).toBe('string');
    const { status, body } = await predict();
    expect(status).toBe(200);
    expect(body).toMatchObject({ model: { name: 'm', version: 1 } });
    expect((body.predictions as unknown[]).length).toBe(1);
  });

  it('a model that throws: 500 with its message, onError, and the next request is answered', async () => {
    current = failingWith(() => {
      throw new SyntaxError('scorer broke');
    });
    const failed = await predict();
    // A SyntaxError thrown while scoring is no JSON error in the request.
    expect(failed).toEqual({ status: 500, body: { error: 'internal error: scorer broke' } });
    expect(errors).toContain('scorer broke');
    current = real;
    expect((await predict()).status).toBe(200);
  });

  it('a model whose body reader throws: 500 with its message, and the next request is answered', async () => {
    expect(real.predictResponseOfJsonBody(Buffer.from(JSON.stringify({ records: [{ text: 'free money' }] })))).toBeDefined();
    current = {
      ...real,
      predictResponseOfJsonBody: () => {
        throw new RangeError('reader broke');
      },
    };
    expect(await predict()).toEqual({ status: 500, body: { error: 'internal error: reader broke' } });
    expect(errors).toContain('reader broke');
    current = real;
    expect((await predict()).status).toBe(200);
  });

  it('a model whose answer is a rejected promise: 500 with its message', async () => {
    current = failingWith(() => Promise.reject(new Error('async scorer broke')));
    expect(await predict()).toEqual({ status: 500, body: { error: 'internal error: async scorer broke' } });
    expect(errors).toContain('async scorer broke');
    current = real;
  });

  it('a model answering through a promise: its body as the response', async () => {
    current = failingWith(() => Promise.resolve('{"model":{"name":"m","version":1},"predictions":[]}'));
    expect(await predict()).toEqual({ status: 200, body: { model: { name: 'm', version: 1 }, predictions: [] } });
    current = real;
  });

  it('a body that is not JSON is still a 400 naming it', async () => {
    const { status, body } = await predict('{"records": [');
    expect(status).toBe(400);
    expect(body.error).toMatch(/^request body is not valid JSON/);
  });
});
