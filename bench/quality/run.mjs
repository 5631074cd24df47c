/**
 * Quality bench: each case trains on an EARLIER period and is scored on a LATER one, AutoFlow
 * (default search space, built CLI) side by side with scikit-learn defaults and Optuna-tuned
 * scikit-learn given the same wall budget, in the same run, one side at a time (2 cores).
 *
 *   node bench/quality/run.mjs --python PY [--minutes 4] [--cases a,b] [--seed 42] [--smoke]
 *
 * Usually started by run.sh (venv with pinned scikit-learn/Optuna, build). Writes
 * bench/results/quality.md (printed too) and bench/results/quality.json; the case data, specs,
 * predictions and logs stay in bench/results/quality-work/ for inspection.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { CASES } from './cases.mjs';
import { runAutoflow, splitBySupported } from './autoflow-side.mjs';
import { markdownReport } from './report.mjs';
import { startPrivateServer } from './private-server.mjs';
import { snapshotProduct } from '../product.mjs';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = path.resolve(here, '../..');
const results = path.join(repo, 'bench', 'results');
const work = path.join(results, 'quality-work');

const { values: args } = parseArgs({
  options: {
    python: { type: 'string' },
    minutes: { type: 'string' },
    cases: { type: 'string' },
    seed: { type: 'string', default: '42' },
    smoke: { type: 'boolean', default: false },
  },
});
if (!args.python) throw new Error('--python PATH is required (run.sh passes the venv python)');
const smoke = args.smoke;
const minutes = Number(args.minutes ?? (smoke ? 0.5 : 4));
const seed = Number(args.seed);
if (!(minutes > 0) || !Number.isInteger(seed)) throw new Error('--minutes must be > 0 and --seed an integer');
const wanted = args.cases ? args.cases.split(',').map((s) => s.trim()) : CASES.map((c) => c.name);
for (const w of wanted) if (!CASES.some((c) => c.name === w)) throw new Error(`unknown case ${w}; cases: ${CASES.map((c) => c.name).join(', ')}`);

// One thread per BLAS/OpenMP pool, as the other benches: the two cores are shared by two
// trials on every side (AutoFlow parallelism 2, Optuna two worker processes).
const threadEnv = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
const autoflowEnv = {
  ...process.env,
  ...threadEnv,
  AUTOFLOW_HOME: path.join(work, '.autoflow'),
  AUTOFLOW_ARTIFACTS: path.join(work, '.autoflow', 'artifacts'),
  AUTOFLOW_REGISTRY: path.join(work, '.autoflow', 'registry'),
  AUTOFLOW_TASK_QUEUE: `bench-quality-${process.pid}`,
};

const say = (s) => process.stderr.write(`[quality] ${s}\n`);

async function python(script, argv) {
  const { stdout } = await run(args.python, [path.join(here, script), ...argv], {
    cwd: here,
    env: { ...process.env, ...threadEnv },
    maxBuffer: 64 << 20,
  });
  return stdout;
}

async function runCase(c, splitBy) {
  const dir = path.join(work, c.name);
  await mkdir(dir, { recursive: true });
  const rows = await c.prepare(dir, seed, smoke);
  say(`${c.name}: ${rows.earlierRows} earlier / ${rows.laterRows} later rows`);
  say(`${c.name}: AutoFlow, maxMinutes ${minutes} …`);
  // The machine is shared: the 1-minute load average before each side says how fair the wall budget was.
  const loadBefore = { autoflow: os.loadavg()[0] };
  const af = await runAutoflow(c, dir, { minutes, seed, splitBy, env: autoflowEnv });
  const byTime = Boolean(af.split.by);
  const fractions = `validation ${af.split.validation}, test ${af.split.test}`;
  const autoflowSplit = byTime ? `split.by ${af.split.by} (out of time; ${fractions})` : `stratified random (${fractions})${c.timeColumn ? '; split.by not in dist/' : ''}`;
  // Optuna gets the wall time AutoFlow's whole `run` took (spec validation, search, refit, registration).
  const budget = af.summary.wallSeconds ?? af.runSeconds;
  say(`${c.name}: AutoFlow ${af.summary.trials} trials in ${budget.toFixed(0)} s; baselines (Optuna timeout ${budget.toFixed(0)} s) …`);

  const cfg = {
    dir,
    target: c.target,
    positiveLabel: c.positiveLabel,
    metric: c.metric,
    columns: c.columns,
    seed,
    split: { validation: af.split.validation, test: af.split.test, byTime },
    timeoutSeconds: budget,
  };
  await writeFile(path.join(dir, 'baselines.json'), JSON.stringify(cfg, null, 2));
  loadBefore.baselines = os.loadavg()[0];
  const sides = JSON.parse(await python('baselines.py', [path.join(dir, 'baselines.json')]));
  const infos = {};
  for (const s of sides) infos[s] = JSON.parse(await readFile(path.join(dir, `info-${s}.json`), 'utf8'));

  const metrics = JSON.parse(await python('metrics.py', [dir, c.target, c.positiveLabel ?? '-', 'autoflow', ...sides]));
  return {
    name: c.name,
    description: c.description,
    metric: c.metric,
    rows,
    autoflowSplit,
    baselineHoldout: byTime ? 'latest rows of the earlier period, same fractions' : 'stratified random, same fractions',
    autoflow: af.summary,
    registered: af.registered,
    loadBefore,
    versions: infos[sides[0]].versions,
    sides: [
      { name: 'autoflow', trials: af.summary.trials, seconds: budget, scoreSeconds: af.scoreSeconds },
      ...sides.map((s) => ({ name: s, trials: infos[s].trials ?? 1, seconds: infos[s].seconds, info: infos[s] })),
    ],
    metrics,
  };
}

async function main() {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await snapshotProduct(path.join(work, 'product'));
  const server = await startPrivateServer(autoflowEnv.AUTOFLOW_HOME, say);
  autoflowEnv.TEMPORAL_ADDRESS = server.address;
  autoflowEnv.TEMPORAL_NAMESPACE = 'default';
  try {
    await runCases();
  } finally {
    await server.stop();
  }
}

async function runCases() {
  const splitBy = await splitBySupported();
  const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8'));
  say(`split.by in dist/: ${splitBy ? 'yes' : 'no'}; cases ${wanted.join(', ')}; maxMinutes ${minutes}${smoke ? ' (smoke)' : ''}`);
  const report = {
    startedAt: new Date().toISOString(),
    host: `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    autoflowVersion: pkg.version,
    seed,
    minutes,
    smoke,
    splitBySupported: splitBy,
    cases: [],
  };
  for (const c of CASES.filter((x) => wanted.includes(x.name))) {
    try {
      report.cases.push(await runCase(c, splitBy));
    } catch (e) {
      // One broken case must not hide the others' numbers; the report says what failed.
      say(`${c.name} failed: ${e.stack ?? e}`);
      report.cases.push({ name: c.name, error: String(e.message ?? e).split('\n')[0] });
    }
  }
  report.versions = report.cases.find((c) => c.versions)?.versions;
  report.finishedAt = new Date().toISOString();
  const md = markdownReport(report);
  await writeFile(path.join(results, 'quality.md'), `${md}\n`);
  await writeFile(path.join(results, 'quality.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${md}\n`);
  if (report.cases.some((c) => c.error)) process.exitCode = 1;
}

await main();
