/**
 * AutoFlow components against scikit-learn, in one run, on the same data and settings:
 *  1. TF-IDF + logistic regression on the SpamAssassin corpus (builtin:spam-assassin, headers
 *     stripped; stratified 75/25 split);
 *  2. the same on 100k synthetic marketplace listings (title + description, 4 classes; 80/20);
 *  3. gbt vs HistGradientBoostingClassifier on the listings' numeric/categorical columns
 *     (price, seller_age_days, seller_listings, seller_rating imputed + missing indicators,
 *     one-hot category; the identical matrix is handed to both; early stopping off, 100 iterations).
 * Each side runs in its own process (peak RSS = that process's maxRSS), one after the other.
 * Reports quality (ROC AUC, accuracy, F1; macro for more than two classes), fit time and its
 * ratio, peak RSS, batch predict time, and single-row predict latency (p50/p99).
 *
 *   npm run build && node bench/components/vs-sklearn.mjs [--dist dist] [--rows 100000]
 *
 * Needs python3 (a venv with scikit-learn is created or reused under
 * ~/.cache/autoflow/bench-venv by setup-sklearn.sh). Writes bench/results/components.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: { dist: { type: 'string', default: 'dist' }, rows: { type: 'string', default: '100000' }, latency: { type: 'string', default: '500' }, keep: { type: 'boolean', default: false } },
});
const distPath = resolve(args.dist);
const dist = pathToFileURL(distPath).href;
const { getFeatureComponent, resolveParams, hstack } = await import(`${dist}/components/index.js`);
const { loadSpamAssassin } = await import(`${dist}/data/builtin/spam-assassin.js`);
const { stratifiedSplit } = await import(`${dist}/data/split.js`);
const { generateMarketplace } = await import(`${dist}/data/synthetic/marketplace.js`);

const python = execFileSync('bash', [join(here, 'setup-sklearn.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const sklearnVersion = execFileSync(python, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' }).trim();
const work = mkdtempSync(join(tmpdir(), 'autoflow-bench-components-'));
const rows = Number(args.rows);
const LOGREG = { C: 1, maxIter: 200, tol: 1e-4 };
const GBT = { learningRate: 0.1, maxIter: 100, maxLeafNodes: 31, minSamplesLeaf: 20, l2Regularization: 0, maxBins: 255 };

function writeText(dir, texts, labels, split) {
  mkdirSync(dir, { recursive: true });
  const lines = (idx) => idx.map((i) => JSON.stringify({ text: texts[i], label: labels[i] })).join('\n') + '\n';
  writeFileSync(join(dir, 'train.jsonl'), lines(split.train));
  writeFileSync(join(dir, 'test.jsonl'), lines(split.test));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(LOGREG));
}

function run(cmd, argv, env = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1);
  return JSON.parse(line);
}

/** `threads`: OMP_NUM_THREADS for scikit-learn (HistGradientBoosting is OpenMP-parallel; the rest is single-threaded). */
function both(task, dir, threads) {
  process.stderr.write(`[${task}] autoflow...\n`);
  const ours = run(process.execPath, [join(here, 'ours-task.mjs'), '--task', task, '--data', dir, '--dist', distPath, '--latency', args.latency]);
  process.stderr.write(`[${task}] scikit-learn (${threads ?? 'default'} threads)...\n`);
  const theirs = run(python, [join(here, 'sklearn_task.py'), '--task', task, '--data', dir, '--latency', args.latency], threads ? { OMP_NUM_THREADS: String(threads) } : {});
  return { ours, theirs };
}

const results = [];
try {
  // 1. SpamAssassin.
  {
    const { table } = await loadSpamAssassin();
    const texts = table.columns.text.map(String);
    const labels = table.columns.label.map(String);
    const split = stratifiedSplit(labels, { validation: 0, test: 0.25, seed: 1 });
    const dir = join(work, 'spam');
    writeText(dir, texts, labels, split);
    results.push({ name: 'SpamAssassin: tfidf + logreg', train: split.train.length, test: split.test.length, ...both('text', dir) });
  }
  // 2. Marketplace text.
  {
    const g = generateMarketplace({ rows, seed: 7 });
    const texts = g.columns.title.map((t, i) => `${t} ${g.columns.description[i]}`);
    const labels = g.columns.label.map(String);
    const split = stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 1 });
    const dir = join(work, 'market-text');
    writeText(dir, texts, labels, split);
    results.push({ name: `Listings ${rows / 1000}k (4 classes): tfidf + logreg`, train: split.train.length, test: split.test.length, ...both('text', dir) });
  }
  // 3. Tabular gbt.
  {
    const g = generateMarketplace({ rows, seed: 8 });
    const labels = g.columns.label.map(String);
    const classes = [...new Set(labels)].sort();
    const split = stratifiedSplit(labels, { validation: 0, test: 0.2, seed: 1 });
    const blocks = [
      ['price', 'numeric', { transform: 'none' }],
      ['seller_age_days', 'numeric', { transform: 'none' }],
      ['seller_listings', 'numeric', { transform: 'none' }],
      ['seller_rating', 'numeric', { transform: 'none' }],
      ['category', 'onehot', {}],
    ];
    const pick = (col, idx) => idx.map((i) => g.columns[col][i]);
    const trainBlocks = [];
    const testBlocks = [];
    for (const [col, kind, raw] of blocks) {
      const def = getFeatureComponent(kind, 'bench');
      const e = def.create(resolveParams(def.params, raw, col).params);
      e.fit(pick(col, split.train), { seed: 0 });
      trainBlocks.push(e.transform(pick(col, split.train)));
      testBlocks.push(e.transform(pick(col, split.test)));
    }
    const toDense = (m) => {
      if (m.kind === 'dense') return m.values;
      const out = new Float64Array(m.rows * m.cols);
      for (let i = 0; i < m.rows; i++) for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) out[i * m.cols + m.indices[p]] = m.values[p];
      return out;
    };
    const Xtrain = hstack(trainBlocks);
    const Xtest = hstack(testBlocks);
    const dir = join(work, 'tabular');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'train.f64'), Buffer.from(toDense(Xtrain).buffer));
    writeFileSync(join(dir, 'test.f64'), Buffer.from(toDense(Xtest).buffer));
    const y = (idx) => Int32Array.from(idx, (i) => classes.indexOf(labels[i]));
    writeFileSync(join(dir, 'train.i32'), Buffer.from(y(split.train).buffer));
    writeFileSync(join(dir, 'test.i32'), Buffer.from(y(split.test).buffer));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ nTrain: split.train.length, nTest: split.test.length, cols: Xtrain.cols, classes, params: GBT }));
    const name = `Listings ${rows / 1000}k tabular (${Xtrain.cols} cols, 4 classes): gbt`;
    results.push({ name: `${name} vs 1-thread sklearn`, train: split.train.length, test: split.test.length, ...both('tabular', dir, 1) });
    results.push({ name: `${name} vs ${cpus().length}-thread sklearn`, train: split.train.length, test: split.test.length, ...both('tabular', dir, cpus().length) });
  }
} finally {
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}

const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const pts = (a, b) => `${(100 * (a - b) >= 0 ? '+' : '')}${(100 * (a - b)).toFixed(2)}`;
const lines = [
  '| task | rows train/test | metric | AutoFlow | scikit-learn | Δ (points) |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const r of results) {
  for (const m of ['roc_auc', 'accuracy', 'f1']) {
    lines.push(`| ${m === 'roc_auc' ? r.name : ''} | ${m === 'roc_auc' ? `${r.train}/${r.test}` : ''} | ${m} | ${f(r.ours.quality[m], 4)} | ${f(r.theirs.quality[m], 4)} | ${pts(r.ours.quality[m], r.theirs.quality[m])} |`);
  }
}
const perf = [
  '| task | fit s (AutoFlow / sklearn) | fit ratio | peak RSS MB (AutoFlow / sklearn) | batch predict s | 1-row predict p50 µs | 1-row predict p99 µs |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
for (const r of results) {
  perf.push(
    `| ${r.name} | ${f(r.ours.fit_s)} / ${f(r.theirs.fit_s)} | ${f(r.ours.fit_s / r.theirs.fit_s)}x | ${f(r.ours.peak_rss_mb, 0)} / ${f(r.theirs.peak_rss_mb, 0)} | ${f(r.ours.batch_predict_s, 3)} / ${f(r.theirs.batch_predict_s, 3)} | ${f(r.ours.latency.p50_us, 0)} / ${f(r.theirs.latency.p50_us, 0)} | ${f(r.ours.latency.p99_us, 0)} / ${f(r.theirs.latency.p99_us, 0)} |`,
  );
}
const env = `Node ${process.version}, scikit-learn ${sklearnVersion}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${new Date().toISOString()}.`;
const notes = [
  `Settings: TfidfVectorizer defaults on both sides (word tokens, l2, smooth idf) + LogisticRegression(C=${LOGREG.C}, lbfgs, max_iter=${LOGREG.maxIter}, tol=${LOGREG.tol}); gbt and HistGradientBoostingClassifier with learning_rate ${GBT.learningRate}, ${GBT.maxIter} iterations, ${GBT.maxLeafNodes} leaves, min_samples_leaf ${GBT.minSamplesLeaf}, ${GBT.maxBins} bins, no early stopping.`,
  'Each side runs in its own process, one after the other; peak RSS includes the interpreter and the data. scikit-learn uses its compiled (and for HistGradientBoosting, OpenMP-threaded) code; AutoFlow runs single-threaded JavaScript.',
  'Vocabulary (TF-IDF terms) or boosting iterations, AutoFlow / scikit-learn: ' +
    results.map((r) => `${r.name}: ${r.ours.features ?? r.ours.iterations} / ${r.theirs.features ?? r.theirs.iterations}`).join('; ') +
    '.',
  'The machine may be shared: fit times are wall-clock and noisy under load; the ratio of the two sides, run back to back, is the number to read.',
];
const md = ['# Components vs scikit-learn', '', env, '', '## Quality', '', ...lines, '', '## Cost', '', ...perf, '', ...notes.map((n) => `- ${n}`), ''].join('\n');
console.log(md);
mkdirSync(resolve(here, '../results'), { recursive: true });
writeFileSync(resolve(here, '../results/components.md'), md);
