/**
 * One AutoFlow side of bench/components/vs-sklearn.mjs, in its own process so its peak RSS is
 * its own. Reads the data files the orchestrator wrote, prints one JSON line of results.
 *
 *   node ours-task.mjs --task text|tabular --data DIR [--dist dist] [--latency N]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { task: { type: 'string' }, data: { type: 'string' }, dist: { type: 'string', default: 'dist' }, latency: { type: 'string', default: '500' } },
});
const dist = pathToFileURL(resolve(args.dist)).href;
const { Pipeline, getClassifierComponent, resolveParams, computeMetric } = await import(`${dist}/components/index.js`);
const meta = JSON.parse(readFileSync(`${args.data}/meta.json`, 'utf8'));
const nLatency = Number(args.latency);

function readJsonl(path) {
  const rows = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  return { text: rows.map((r) => r.text), labels: rows.map((r) => r.label) };
}

function quality(y, proba, K) {
  const positive = 1;
  return {
    roc_auc: computeMetric('roc_auc', y, proba, K, positive),
    accuracy: computeMetric('accuracy', y, proba, K, positive),
    f1: computeMetric('f1', y, proba, K, positive),
  };
}

function latency(predictOne) {
  const times = [];
  for (let i = 0; i < nLatency; i++) {
    const t = process.hrtime.bigint();
    predictOne(i);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { p50_us: times[times.length >> 1], p99_us: times[Math.floor(times.length * 0.99)] };
}

let out;
if (args.task === 'text') {
  const train = readJsonl(`${args.data}/train.jsonl`);
  const test = readJsonl(`${args.data}/test.jsonl`);
  const pipeline = Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg', C: meta.C, maxIter: meta.maxIter, tol: meta.tol } });
  const t = performance.now();
  pipeline.fit({ nRows: train.text.length, columns: { text: train.text } }, train.labels, { seed: 0 });
  const fitS = (performance.now() - t) / 1000;
  const testTable = { nRows: test.text.length, columns: { text: test.text } };
  const t2 = performance.now();
  const proba = pipeline.predictProba(testTable);
  const batchS = (performance.now() - t2) / 1000;
  const y = Int32Array.from(test.labels, (l) => pipeline.classes.indexOf(l));
  const json = pipeline.toJSON();
  out = {
    quality: quality(y, proba, pipeline.classes.length),
    fit_s: fitS,
    batch_predict_s: batchS,
    latency: latency((i) => pipeline.predictProba({ nRows: 1, columns: { text: [test.text[i % test.text.length]] } })),
    features: json.blocks[0].state.terms.length,
  };
} else {
  const { nTrain, nTest, cols } = meta;
  const read = (name, Type) => {
    const buf = readFileSync(`${args.data}/${name}`);
    return new Type(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  };
  const Xtrain = { kind: 'dense', rows: nTrain, cols, values: read('train.f64', Float64Array) };
  const Xtest = { kind: 'dense', rows: nTest, cols, values: read('test.f64', Float64Array) };
  const ytrain = read('train.i32', Int32Array);
  const ytest = read('test.i32', Int32Array);
  const def = getClassifierComponent('gbt', 'bench');
  const params = resolveParams(def.params, { kind: 'gbt', ...meta.params, earlyStopping: 'off' }, 'classifier').params;
  const model = def.create(params);
  const K = meta.classes.length;
  const t = performance.now();
  model.fit(Xtrain, ytrain, K, { seed: 0 });
  const fitS = (performance.now() - t) / 1000;
  const t2 = performance.now();
  const proba = model.predictProba(Xtest);
  const batchS = (performance.now() - t2) / 1000;
  out = {
    quality: quality(ytest, proba, K),
    fit_s: fitS,
    batch_predict_s: batchS,
    latency: latency((i) => {
      const r = i % nTest;
      model.predictProba({ kind: 'dense', rows: 1, cols, values: Xtest.values.subarray(r * cols, (r + 1) * cols) });
    }),
    iterations: model.fitInfo.iterations,
  };
}
out = { side: 'autoflow', ...out, peak_rss_mb: process.resourceUsage().maxRSS / 1024 };
console.log(JSON.stringify(out));
