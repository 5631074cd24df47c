/**
 * /v1/predict reads the usual request of a compiled text model straight from the body's bytes
 * (ServableModel.predictResponseOfJsonBody: no JSON.parse, no validation). Over a real
 * node:http server, such a request must get the very response the parsing path gives: the same
 * text sent with an extra field (which the reader declines, so the server parses and checks
 * it) is the reference. Other bodies keep their answers (errors included), and models that do
 * not compile, or read more than one column, never take the reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline, type PipelineSpec } from '../../../components/index.js';
import { loadSpamAssassin } from '../../../data/builtin/spam-assassin.js';
import type { ModelVersion } from '../../../registry/model-registry.js';
import type { ModelFollower } from '../../../serving/model-follower.js';
import { ServingMetrics } from '../../../serving/metrics.js';
import { servableFromPipeline, type ServableModel } from '../../../serving/servable-model.js';
import { createServingServer, type ServingServer } from '../../../serving/server.js';

const version = { name: 'm', version: 3 } as ModelVersion;

function fit(spec: PipelineSpec, columns: Record<string, string[]>, labels: string[]): Pipeline {
  return Pipeline.create(spec).fit({ nRows: labels.length, columns }, labels);
}

describe('/v1/predict from the body bytes', () => {
  let texts: string[] = [];
  let model: ServableModel;
  let current: ServableModel;
  let metrics: ServingMetrics;
  let serving: ServingServer;
  let url: string;

  beforeAll(async () => {
    const { table } = await loadSpamAssassin();
    const all = table.columns.text.map(String);
    const labels = table.columns.label.map(String);
    const train = all.filter((_, i) => i % 10 === 0);
    model = servableFromPipeline(version, fit({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }, { text: train }, labels.filter((_, i) => i % 10 === 0)));
    // Held-out mail, ASCII and not, short enough for the kernel or not.
    texts = all.filter((_, i) => i % 10 === 5).slice(0, 120);
    current = model;
    metrics = new ServingMetrics();
    const follower = { get current() { return current; }, reference: 'm@production' } as unknown as ModelFollower;
    serving = createServingServer({ follower, metrics });
    url = await serving.listen(0, '127.0.0.1');
  }, 60_000);
  afterAll(() => serving.close());

  const post = async (body: string) => {
    const res = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, text: await res.text() };
  };

  it('answers the usual request as the parsing path does, byte for byte', async () => {
    let readFromBytes = 0;
    for (const text of texts) {
      const body = JSON.stringify({ records: [{ text }] });
      if (model.predictResponseOfJsonBody(Buffer.from(body)) !== undefined) readFromBytes++;
      const spaced = ` {"records": [ {"text": ${JSON.stringify(text)}} ]}\n`;
      const parsed = await post(JSON.stringify({ records: [{ text, id: 7 }] }));
      expect(parsed.status).toBe(200);
      expect(await post(body)).toEqual(parsed);
      expect(await post(spaced)).toEqual(parsed);
    }
    // Most mail is ASCII: the comparison covered the reader, not only the parsing path.
    expect(readFromBytes).toBeGreaterThan(texts.length / 2);
  });

  it('counts a request read from the bytes as one record', async () => {
    const before = (await metrics.registry.getSingleMetricAsString('autoflow_predicted_records_total')).match(/ (\d+)$/m)?.[1];
    expect((await post(JSON.stringify({ records: [{ text: 'free money now' }] }))).status).toBe(200);
    const after = (await metrics.registry.getSingleMetricAsString('autoflow_predicted_records_total')).match(/ (\d+)$/m)?.[1];
    expect(Number(after)).toBe(Number(before) + 1);
  });

  it('keeps the answers of other bodies: invalid JSON, a missing column, a wrong type', async () => {
    const bad = await post('{"records": [{"text": "unterminated}]}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/^request body is not valid JSON/);
    const missing = await post('{"records": [{"txt": "free money"}]}');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).fieldErrors[0].field).toBe('records[0].text');
    const wrongType = await post('{"records": [{"text": ["free money"]}]}');
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.text).fieldErrors[0].field).toBe('records[0].text');
  });

  it('never reads bodies for a model that does not compile, or that reads more than one column', () => {
    const rows = ['free money now', 'lunch at noon', 'win a prize', 'see you at the meeting'];
    const labels = ['spam', 'ham', 'spam', 'ham'];
    const body = Buffer.from(JSON.stringify({ records: [{ text: 'free money' }] }));
    const bayes = servableFromPipeline(version, fit({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'naive_bayes' } }, { text: rows }, labels));
    expect(bayes.predictResponseOfJsonBody(body)).toBeUndefined();
    const twoColumns = servableFromPipeline(
      version,
      fit({ features: { text: { kind: 'tfidf' }, subject: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }, { text: rows, subject: rows }, labels),
    );
    expect(twoColumns.predictResponseOfJsonBody(body)).toBeUndefined();
  });
});
