/**
 * AutoFlow as another project depends on it: `npm pack` of this checkout, the tarball
 * installed into an empty folder, a TypeScript file importing both entry points type-checked
 * there, a pipeline fitted, saved and loaded in a plain script, and a search started through
 * the SDK and finished by the installed package's own `autoflow worker`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { packageRoot } from '../../devserver/project-paths.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectOk(result: Run, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`);
}

const TYPED_USE = `
import { AutoflowClient, parseSpecFile, type ExperimentSpec, type SearchResult } from 'autoflow-ml';
import { Pipeline, savePipeline, loadPipeline, type PipelineSpec, type Table } from 'autoflow-ml/components';

const spec: PipelineSpec = { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg', C: 2 } };
const table: Table = { nRows: 2, columns: { title: ['cheap pills', 'meeting notes'] } };
export async function typed(): Promise<string[]> {
  const pipeline = Pipeline.create(spec).fit(table, ['spam', 'ham']);
  await savePipeline(pipeline, 'p.json');
  const loaded: Pipeline = await loadPipeline('p.json');
  const proba: Float64Array = loaded.predictProba(table);
  void proba;
  const parsed: ExperimentSpec = await parseSpecFile('spec.yaml');
  const client = await AutoflowClient.connect({ taskQueue: parsed.name });
  const handle = await client.startSearch(await client.prepare(parsed));
  const result: SearchResult = await handle.result();
  void result;
  return loaded.predict(table);
}
`;

const FIT_SCRIPT = `
import { Pipeline, savePipeline, loadPipeline } from 'autoflow-ml/components';
import { readFileSync } from 'node:fs';
const rows = readFileSync('listings.csv', 'utf8').trim().split('\\n').slice(1).map((line) => {
  const [title, price, label] = line.match(/("([^"]|"")*"|[^,]+)/g);
  return { title: title.slice(1, -1), price: Number(price), label: label.slice(1, -1) };
});
const train = rows.slice(0, 200), test = rows.slice(200);
const table = (rs) => ({ nRows: rs.length, columns: { title: rs.map((r) => r.title), price: rs.map((r) => r.price) } });
const pipeline = Pipeline.create({ features: { title: { kind: 'tfidf' }, price: { kind: 'numeric' } }, classifier: { kind: 'logreg' } })
  .fit(table(train), train.map((r) => r.label));
const labels = pipeline.predict(table(test));
await savePipeline(pipeline, 'pipeline.json');
const loaded = await loadPipeline('pipeline.json');
const again = loaded.predict(table(test));
const accuracy = labels.filter((l, i) => l === test[i].label).length / test.length;
console.log(JSON.stringify({ classes: pipeline.classes, accuracy, sameAfterLoad: again.every((l, i) => l === labels[i]), proba: Array.from(loaded.predictProba(table(test.slice(0, 1)))) }));
`;

const SEARCH_SCRIPT = `
import { AutoflowClient, parseSpecFile } from 'autoflow-ml';
const client = await AutoflowClient.connect({ taskQueue: process.env.AUTOFLOW_TASK_QUEUE });
const spec = await parseSpecFile('spec.yaml');
const handle = await client.startSearch(await client.prepare(spec, process.cwd()));
const result = await handle.result();
console.log(JSON.stringify({ searchId: handle.searchId, trials: result.trials, model: result.model }));
await client.close();
`;

describe('the packed package, installed into another project', () => {
  let dir: string;
  let tarball: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-consumer-'));
    // dist/ is already built by pretest; --ignore-scripts keeps `prepare` from rebuilding it under running tests.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], packageRoot());
    expectOk(packed, 'npm pack');
    tarball = join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // What the README tells a consumer: onnxruntime-node's CPU build is in its package; skip its CUDA download.
    await writeFile(join(dir, '.npmrc'), 'onnxruntime-node-install=skip\n');
    const ourTypescript = (JSON.parse(await readFile(join(packageRoot(), 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string }).version;
    const ourNodeTypes = (JSON.parse(await readFile(join(packageRoot(), 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as { version: string }).version;
    // --prefer-offline: the npm cache already holds every dependency from this checkout's own install.
    const installed = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, `typescript@${ourTypescript}`, `@types/node@${ourNodeTypes}`], dir);
    expectOk(installed, 'npm install of the tarball');
    await writeCsv(join(dir, 'listings.csv'), syntheticRows(300, 5));
    await writeFile(
      join(dir, 'spec.yaml'),
      ['name: consumer-search', 'data: { source: ./listings.csv }', 'target: label', 'metric: roc_auc', 'seed: 3', 'columns: { title: text, price: numeric }', 'budget: { maxTrials: 3, parallelism: 1 }', 'sampler: random', ''].join('\n'),
    );
  }, 600_000);

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('ships compiled code, declarations and the CLI, and no sources or tests', async () => {
    const listed = await run('tar', ['-tzf', tarball], dir);
    expectOk(listed, 'tar -t');
    const files = listed.stdout.split('\n');
    for (const f of ['package/dist/client/index.js', 'package/dist/client/index.d.ts', 'package/dist/components/index.d.ts', 'package/dist/workflow-bundle.js', 'package/bin/autoflow.js', 'package/examples/spam-assassin.yaml']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('package/test/') || /^package\/[a-z-]+\/.*\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('type-checks a TypeScript file that imports the SDK and the component library by their published names', async () => {
    await writeFile(join(dir, 'use.ts'), TYPED_USE);
    await writeFile(join(dir, 'wrong.ts'), `import { Pipeline } from 'autoflow-ml/components';\nconst n: number = Pipeline.create({ features: {}, classifier: { kind: 'logreg' } }).predict({ nRows: 0, columns: {} });\n`);
    const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    // skipLibCheck as `tsc --init` sets it: @temporalio/common's own .d.ts imports 'ms' without types.
    const flags = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node'];
    expectOk(await run(process.execPath, [tsc, ...flags, 'use.ts'], dir), 'tsc use.ts');
    // The declarations carry real types: assigning predict()'s string[] to a number is refused.
    const wrong = await run(process.execPath, [tsc, ...flags, 'wrong.ts'], dir);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toContain("Type 'string[]' is not assignable to type 'number'");
  }, 120_000);

  it('fits, predicts labels, saves and loads a pipeline in a plain script', async () => {
    await writeFile(join(dir, 'fit.mjs'), FIT_SCRIPT);
    const fitted = await run(process.execPath, ['fit.mjs'], dir);
    expectOk(fitted, 'node fit.mjs');
    const out = JSON.parse(fitted.stdout) as { classes: string[]; accuracy: number; sameAfterLoad: boolean; proba: number[] };
    expect(out.classes).toEqual(['ok', 'spam']);
    expect(out.accuracy).toBeGreaterThan(0.8);
    expect(out.sameAfterLoad).toBe(true);
    expect(out.proba[0] + out.proba[1]).toBeCloseTo(1, 9);
  }, 60_000);

  it('starts a search through the SDK that the installed `autoflow worker` runs to a registered model', async () => {
    const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), AUTOFLOW_TASK_QUEUE: `consumer-${process.pid}`, AUTOFLOW_HOME: join(dir, '.autoflow') };
    const worker = spawn(join(dir, 'node_modules', '.bin', 'autoflow'), ['worker', '-c', '1'], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let workerOutput = '';
    worker.stdout.on('data', (d) => (workerOutput += d));
    worker.stderr.on('data', (d) => (workerOutput += d));
    try {
      await writeFile(join(dir, 'search.mjs'), SEARCH_SCRIPT);
      const searched = await run(process.execPath, ['search.mjs'], dir, env);
      if (searched.code !== 0) throw new Error(`search.mjs exited ${searched.code}\n${searched.stderr}\n--- worker\n${workerOutput.slice(-3000)}`);
      const out = JSON.parse(searched.stdout) as { searchId: string; trials: number; model?: { name: string; version: number } };
      expect(out.trials).toBe(3);
      expect(out.model?.name).toBe('consumer-search');
      expect(out.model?.version).toBe(1);
    } finally {
      worker.kill('SIGINT');
      await new Promise((r) => worker.once('exit', r));
    }
  }, 180_000);
});
