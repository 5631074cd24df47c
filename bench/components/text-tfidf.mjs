/**
 * TF-IDF costs on 3,000 SpamAssassin messages (headers stripped, seeded shuffle, as in the
 * serving benchmark): fitting alone, fit + transform vs the one-pass fitTransform, the
 * default pipeline's fit, and single-record transform latency with the GC activity it causes.
 *
 *   npm run build && node bench/components/text-tfidf.mjs [--dist DIR] [--requests 20000]
 *
 * `--dist` points at a compiled tree, so two builds (before/after a change) can be compared.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { dist: { type: 'string', default: 'dist' }, requests: { type: 'string', default: '20000' } } });
const dist = pathToFileURL(resolve(args.dist)).href;
const { Pipeline, getFeatureComponent, resolveParams } = await import(`${dist}/components/index.js`);
const { loadSpamAssassin } = await import(`${dist}/data/builtin/spam-assassin.js`);
const { createRng, shuffleInPlace } = await import(`${dist}/data/random.js`);

const { table } = await loadSpamAssassin();
const rows = table.columns.text.map((text, i) => ({ text: String(text), label: String(table.columns.label[i]) }));
shuffleInPlace(rows, createRng(7));
const train = rows.slice(0, 3000);
const texts = train.map((r) => r.text);
const heldOut = rows.slice(3000, 3200).map((r) => r.text).sort((a, b) => a.length - b.length);
const median = heldOut[heldOut.length >> 1];

const def = getFeatureComponent('tfidf', 'bench');
const params = resolveParams(def.params, {}, 'tfidf').params;
const best = (n, fn) => {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};

const fitMs = best(5, () => def.create(params).fit(texts, { seed: 0 }));
const fitThenTransformMs = best(5, () => {
  const v = def.create(params);
  v.fit(texts, { seed: 0 });
  v.transform(texts);
});
const probe = def.create(params);
const fitTransformMs = probe.fitTransform ? best(5, () => def.create(params).fitTransform(texts, { seed: 0 })) : undefined;
const pipelineFitMs = best(3, () =>
  Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }).fit({ nRows: texts.length, columns: { text: texts } }, train.map((r) => r.label), { seed: 7 }),
);

const fitted = def.create(params);
fitted.fit(texts, { seed: 0 });
const requests = Number(args.requests);
for (let i = 0; i < 2000; i++) fitted.transform([median]);
let gcCount = 0;
let gcMs = 0;
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcCount++;
    gcMs += e.duration;
  }
});
obs.observe({ entryTypes: ['gc'] });
const latencies = new Float64Array(requests);
const started = performance.now();
for (let i = 0; i < requests; i++) {
  const t = performance.now();
  fitted.transform([median]);
  latencies[i] = performance.now() - t;
}
const totalMs = performance.now() - started;
await new Promise((r) => setTimeout(r, 50));
obs.disconnect();
latencies.sort();

// The same single record through the exported ONNX graph (tf-idf + logistic regression).
let onnx = null;
try {
  const { exportPipelineToOnnx } = await import(`${dist}/components/export/index.js`);
  const ort = (await import('onnxruntime-node')).default;
  const pipeline = Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }).fit({ nRows: texts.length, columns: { text: texts } }, train.map((r) => r.label), { seed: 7 });
  const bytes = exportPipelineToOnnx(pipeline);
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const feed = { text: new ort.Tensor('string', [median], [1]) };
  for (let i = 0; i < 500; i++) await session.run(feed);
  const n = 5000;
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await session.run(feed);
    lat[i] = performance.now() - t0;
  }
  lat.sort();
  const tsLat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    pipeline.predictProba({ nRows: 1, columns: { text: [median] } });
    tsLat[i] = performance.now() - t0;
  }
  tsLat.sort();
  onnx = {
    modelBytes: bytes.length,
    onnxP50Us: +(lat[n >> 1] * 1000).toFixed(1),
    onnxP99Us: +(lat[Math.floor(n * 0.99)] * 1000).toFixed(1),
    tsPredictProbaP50Us: +(tsLat[n >> 1] * 1000).toFixed(1),
    tsPredictProbaP99Us: +(tsLat[Math.floor(n * 0.99)] * 1000).toFixed(1),
  };
} catch (e) {
  onnx = { skipped: String(e.message ?? e) };
}

console.log(JSON.stringify({
  dist: args.dist,
  vocabulary: fitted.outputSize,
  medianMessageChars: median.length,
  fitMs: +fitMs.toFixed(1),
  fitThenTransformMs: +fitThenTransformMs.toFixed(1),
  fitTransformMs: fitTransformMs === undefined ? null : +fitTransformMs.toFixed(1),
  pipelineFitMs: +pipelineFitMs.toFixed(1),
  singleRecordTransform: {
    requests,
    meanUs: +((totalMs / requests) * 1000).toFixed(1),
    p50Us: +(latencies[requests >> 1] * 1000).toFixed(1),
    p99Us: +(latencies[Math.floor(requests * 0.99)] * 1000).toFixed(1),
    gcEvents: gcCount,
    gcMs: +gcMs.toFixed(1),
  },
  onnxSingleRecord: onnx,
}, null, 2));
