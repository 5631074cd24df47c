/**
 * Text feature configurations on the synthetic marketplace listings (data/synthetic: 70%
 * Japanese, fraud = off-platform contact, bank transfer, too-good prices): fit time, held-out
 * ROC AUC and PR AUC for "fraud vs the rest" with the description column only and a logistic
 * regression on top. Also the one-off costs: kuromoji dictionary load (time, RSS growth) and
 * single-record transform latency of each configuration.
 *
 *   npm run build && node bench/components/text-marketplace.mjs [--dist DIR] [--rows 6000]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { dist: { type: 'string', default: 'dist' }, rows: { type: 'string', default: '6000' } } });
const dist = pathToFileURL(resolve(args.dist)).href;
const { Pipeline, computeMetric } = await import(`${dist}/components/index.js`);
const { generateMarketplace } = await import(`${dist}/data/synthetic/index.js`);
const { loadKuromoji } = await import(`${dist}/components/feature-extraction/kuromoji-tokenizer.js`);

const rssBefore = process.memoryUsage().rss;
let t = performance.now();
await loadKuromoji();
const kuromoji = { loadMs: Math.round(performance.now() - t), rssGrowthMiB: Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20) };

const data = generateMarketplace({ rows: Number(args.rows), seed: 1, binary: 'fraud' });
const n = data.nRows;
const cut = Math.floor(n * 0.7);
const text = data.columns.description;
const labels = data.columns.label.map(String);
const train = { table: { nRows: cut, columns: { text: text.slice(0, cut) } }, labels: labels.slice(0, cut) };
const test = { table: { nRows: n - cut, columns: { text: text.slice(cut) } }, labels: labels.slice(cut) };
const single = { nRows: 1, columns: { text: [text[cut]] } };

const CONFIGS = {
  'tfidf word 1-2 (sklearn regex)': { kind: 'tfidf', ngramMax: 2 },
  'tfidf word 1-2 + nfkc + mask': { kind: 'tfidf', ngramMax: 2, normalize: 'nfkc', maskPatterns: true },
  'tfidf kuromoji 1-2': { kind: 'tfidf', tokenizer: 'kuromoji', ngramMax: 2 },
  'tfidf kuromoji 1-2 + nfkc + mask': { kind: 'tfidf', tokenizer: 'kuromoji', ngramMax: 2, normalize: 'nfkc', maskPatterns: true },
  'tfidf char_wb 2-4 + nfkc + mask': { kind: 'tfidf', analyzer: 'char_wb', ngramMin: 2, ngramMax: 4, minDf: 2, normalize: 'nfkc', maskPatterns: true },
  'hashing 2^18 kuromoji 1-2 + nfkc + mask': { kind: 'hashing', nFeaturesLog2: 18, tokenizer: 'kuromoji', ngramMax: 2, normalize: 'nfkc', maskPatterns: true },
  'word_vectors kuromoji d48 + nfkc + mask': { kind: 'word_vectors', tokenizer: 'kuromoji', normalize: 'nfkc', maskPatterns: true },
};

const results = [];
for (const [name, block] of Object.entries(CONFIGS)) {
  t = performance.now();
  const pipeline = await Pipeline.create({ features: { text: block }, classifier: { kind: 'logreg', C: 10 } }).fitAsync(train.table, train.labels, { seed: 0 });
  const fitMs = performance.now() - t;
  const proba = pipeline.predictProba(test.table);
  const pos = pipeline.classes.indexOf('fraud');
  const y = Int32Array.from(test.labels, (l) => pipeline.classes.indexOf(l));
  for (let i = 0; i < 200; i++) pipeline.predictProba(single);
  t = performance.now();
  for (let i = 0; i < 2000; i++) pipeline.predictProba(single);
  const singleUs = ((performance.now() - t) / 2000) * 1000;
  results.push({
    config: name,
    fitSeconds: +(fitMs / 1000).toFixed(2),
    rocAuc: +computeMetric('roc_auc', y, proba, 2, pos).toFixed(4),
    prAuc: +computeMetric('pr_auc', y, proba, 2, pos).toFixed(4),
    singleRecordUs: Math.round(singleUs),
  });
}
console.log(JSON.stringify({ rows: n, train: cut, fraudShare: +(labels.filter((l) => l === 'fraud').length / n).toFixed(3), kuromoji }, null, 1));
console.table(results);
