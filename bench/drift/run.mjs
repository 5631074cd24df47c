/**
 * Drift bench: does a retrain see a drift planted in the new month, name the class and column
 * it sits in, and promote the model with the better decision metric? Each kind of drift
 * (plant.mjs) gets its own model: month 1 crowns a champion, month 2 (drifted) is retrained.
 * The no-drift kind runs five more months after the first: nothing should be reported.
 *
 *   npm run build && node bench/drift/run.mjs [--rows 6000] [--seed 1] [--trials 2] [--cycles 5] [--kinds a,b] [--out drift]
 *
 * The built product (dist/) is copied once (bench/product.mjs), retrains run through
 * the SDK on a private Temporal dev server on free ports (bench/quality/private-server.mjs)
 * with a worker in this process. Writes bench/results/<out>.md and <out>.json (default drift; its
 * work directory <out>-work), so runs of two seeds can be kept side by side.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPrivateServer } from '../quality/private-server.mjs';
import { distUrl, snapshotProduct } from '../product.mjs';
import { KINDS, plant } from './plant.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const results = path.join(repo, 'bench', 'results');
const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '6000' }, seed: { type: 'string', default: '1' }, trials: { type: 'string', default: '2' }, cycles: { type: 'string', default: '5' }, kinds: { type: 'string' }, out: { type: 'string', default: 'drift' } },
});
if (!/^[\w.-]+$/.test(args.out)) throw new Error(`--out: a file name stem (letters, digits, . _ -), got ${args.out}`);
const work = path.join(results, `${args.out}-work`);
const rows = Number(args.rows);
const seed = Number(args.seed);
const trials = Number(args.trials);
const cycles = Number(args.cycles);
const kinds = args.kinds ? args.kinds.split(',') : KINDS;
for (const k of kinds) if (!KINDS.includes(k)) throw new Error(`unknown kind ${k}; kinds: ${KINDS.join(', ')}`);
const say = (s) => process.stderr.write(`[drift] ${s}\n`);

const COLUMNS = ['title', 'description', 'price', 'category', 'seller_age_days', 'seller_listings', 'seller_rating', 'label'];
const csvField = (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : /[",\r\n]/.test(String(v)) || v === '' ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const writeCsv = (file, data) => writeFile(file, `${COLUMNS.join(',')}\n${data.map((r) => COLUMNS.map((c) => csvField(r[c])).join(',')).join('\n')}\n`);

/** The spec a team would write for these listings: a fixed text + tabular pipeline, C searched. */
function spec(kind) {
  return {
    name: `drift-${kind}`,
    data: { source: 'month-*.csv' },
    target: 'label',
    columns: { title: 'text', description: 'text', price: 'numeric', category: 'categorical', seller_age_days: 'numeric', seller_listings: 'numeric', seller_rating: 'numeric' },
    metric: 'pr_auc',
    seed,
    budget: { maxTrials: trials, parallelism: 2 },
    pipeline: {
      features: {
        title: { kind: 'tfidf' },
        description: { kind: 'tfidf' },
        price: { kind: 'numeric', transform: 'log1p' },
        category: { kind: 'onehot' },
        seller_age_days: { kind: 'numeric', transform: 'log1p' },
        seller_listings: { kind: 'numeric', transform: 'log1p' },
      },
      classifier: { kind: 'logreg', classWeight: 'balanced' },
    },
    searchSpace: { classifier__C: { low: 1, high: 30, log: true }, features__title__ngramMax: null, features__description__ngramMax: null, features__title__minDf: 2, features__description__minDf: 2, features__title__sublinearTf: null, features__description__sublinearTf: null },
    ensemble: false,
    rescore: false,
    register: { model: `drift-${kind}` },
    retrain: { championAlias: 'production' },
  };
}

const RANK = { stable: 0, warning: 1, drift: 2 };

/** Whether a finding at warning or above names what was planted. */
function names(f, expect) {
  if (RANK[f.level] < 1) return false;
  if (expect.segment) return f.column === expect.column && f.segment?.column === expect.segment.column && f.segment?.value === expect.segment.value;
  if (expect.column === 'label') return f.kind === 'label' && f.class === expect.class;
  return f.class === expect.class && f.column === expect.column;
}

function outcome(r, expect) {
  const d = r.drift;
  const decision = r.decision.criteria?.find((c) => c.name === 'decision');
  // The confidence the decision criterion had to reach (the drift-dependent bar, or the spec's).
  const bar = r.decision.bar?.confidence;
  const champion = decision?.champion;
  const challenger = decision?.challenger;
  const chosen = r.decision.promote ? challenger : champion;
  const other = r.decision.promote ? champion : challenger;
  return {
    level: d?.level ?? 'none',
    performanceLevel: d?.performanceLevel ?? 'none',
    findings: d?.findings.length ?? 0,
    top: d?.findings[0]?.text ?? '',
    named: expect ? d.findings.some((f) => names(f, expect)) : null,
    namedRank: expect ? d.findings.findIndex((f) => names(f, expect)) + 1 : null,
    promoted: r.decision.promote,
    metric: decision?.metric,
    champion,
    challenger,
    chosenBetter: chosen !== undefined && other !== undefined ? chosen >= other : null,
    sureness: decision?.sureness,
    bar,
    reason: r.decision.reason,
  };
}

async function main() {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await snapshotProduct(path.join(work, 'product'));
  const [{ AutoflowClient }, { createAutoflowWorker }, { createArtifactStore }, { createModelRegistry }, { marketplaceRows }, { createRng }, { NativeConnection }] = await Promise.all([
    import(distUrl('client/index.js')),
    import(distUrl('worker/index.js')),
    import(distUrl('artifacts/index.js')),
    import(distUrl('registry/index.js')),
    import(distUrl('data/synthetic/index.js')),
    import(distUrl('core/random.js')),
    import('@temporalio/worker'),
  ]);
  const server = await startPrivateServer(work, say);
  const taskQueue = `bench-drift-${process.pid}`;
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await createAutoflowWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps: { store: createArtifactStore(path.join(work, 'artifacts')), registry: createModelRegistry(path.join(work, 'registry')), codeVersion: 'bench-drift' },
    concurrency: 2,
  });
  const running = worker.run();
  const client = await AutoflowClient.connect({ address: server.address, namespace: 'default', taskQueue });
  let drawn = 0;
  // A fresh month of the same world: another seed of the generator each call.
  const month = () => [...marketplaceRows({ rows, seed: seed * 1000 + ++drawn, japaneseShare: 0.5 })];
  const table = [];
  const t0 = performance.now();
  try {
    for (const kind of kinds) {
      const dir = path.join(work, kind);
      await mkdir(dir, { recursive: true });
      const s = spec(kind);
      const retrain = async (label) => {
        const t = performance.now();
        const r = await (await client.startRetrain(s, dir)).result();
        say(`${kind} ${label}: ${r.decision.promote ? 'promoted' : 'kept'} (${((performance.now() - t) / 1000).toFixed(0)} s); drift ${r.drift?.level ?? '-'}; ${r.drift?.findings[0]?.text ?? ''}`);
        return r;
      };
      await writeCsv(path.join(dir, 'month-01.csv'), month());
      await retrain('month 1');
      const months = kind === 'none' ? cycles : 1;
      for (let m = 2; m <= months + 1; m++) {
        const planted = plant(kind, month, seed * 100 + m, createRng);
        await writeCsv(path.join(dir, `month-${String(m).padStart(2, '0')}.csv`), planted.rows);
        const r = await retrain(`month ${m} (${planted.planted})`);
        table.push({ kind, month: m, planted: planted.planted, expect: planted.expect, ...outcome(r, planted.expect), findingsList: r.drift?.findings.map((f) => `${f.level} ${f.text}`) });
      }
    }
  } finally {
    await client.close();
    worker.shutdown();
    await running;
    await connection.close();
    await server.stop?.();
  }
  const minutes = (performance.now() - t0) / 60000;
  const fmt = (x) => (typeof x === 'number' ? x.toFixed(3) : '—');
  const pct = (x) => (typeof x === 'number' ? `${Math.round(100 * x)}%` : '—');
  const lines = [
    `Drift bench: ${rows} rows a month, seed ${seed}, ${trials} trials a retrain, ${minutes.toFixed(1)} min`,
    '',
    '| kind | month | planted | level | perf. level | findings | expected named (rank) | promoted | decision metric champion → challenger | challenger better in (bar) | chosen better |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...table.map((t) => `| ${t.kind} | ${t.month} | ${t.planted} | ${t.level} | ${t.performanceLevel} | ${t.findings} | ${t.named === null ? '—' : t.named ? `yes (${t.namedRank})` : 'NO'} | ${t.promoted ? 'yes' : 'no'} | ${t.metric ?? ''} ${fmt(t.champion)} → ${fmt(t.challenger)} | ${pct(t.sureness)} (${pct(t.bar)}) | ${t.chosenBetter === null ? '—' : t.chosenBetter ? 'yes' : 'NO'} |`),
    '',
    'Top finding per row:',
    '',
    ...table.map((t) => `- ${t.kind} month ${t.month}: ${t.top || '(none)'}`),
  ];
  await mkdir(results, { recursive: true });
  await writeFile(path.join(results, `${args.out}.md`), `${lines.join('\n')}\n`);
  await writeFile(path.join(results, `${args.out}.json`), JSON.stringify(table, null, 2));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
