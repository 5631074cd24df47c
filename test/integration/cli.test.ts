/**
 * The `autoflow` command as users run it: the compiled CLI in a child process, against the
 * test run's real Temporal dev server.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { packageRoot } from '../../devserver/project-paths.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function autoflow(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), ...args], {
      cwd,
      env: { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), AUTOFLOW_TASK_QUEUE: `cli-${process.pid}`, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('autoflow CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-cli-'));
    await writeCsv(join(dir, 'listings.csv'), syntheticRows(300, 21));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('lists its commands in --help', async () => {
    const run = await autoflow(['--help'], dir);
    expect(run.code).toBe(0);
    for (const command of ['demo', 'run', 'components', 'worker', 'server']) expect(run.stdout).toContain(command);
  });

  it('says where it looked for Temporal, and how to fix it, when no server answers', async () => {
    const { freePort } = await import('../../devserver/dev-server.js');
    const address = `127.0.0.1:${await freePort()}`;
    const run = await autoflow(['list'], dir, { TEMPORAL_ADDRESS: address });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: cannot reach a Temporal server at ${address}`);
    expect(run.stderr).toContain('npx autoflow server');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('suggests a near-miss command name', async () => {
    const run = await autoflow(['rnu'], dir);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('run');
  });

  it('lists components with their parameter schemas as JSON', async () => {
    const run = await autoflow(['components', '--json'], dir);
    expect(run.code).toBe(0);
    const components = JSON.parse(run.stdout) as { kind: string; role: string; params: Record<string, { type: string }> }[];
    const logreg = components.find((c) => c.kind === 'logreg');
    expect(logreg?.role).toBe('classifier');
    expect(logreg?.params.C.type).toBe('float');
    expect(components.find((c) => c.kind === 'tfidf')?.role).toBe('feature');
  });

  it('runs a spec file and prints a machine-readable summary with --json', async () => {
    const spec = [
      'name: cli-spam',
      'data: { source: listings.csv }',
      'target: label',
      'columns: { title: text, price: numeric }',
      'metric: pr_auc',
      'seed: 1',
      'budget: { maxTrials: 3, parallelism: 2 }',
      'pipeline:',
      '  features: { title: { kind: tfidf } }',
      '  classifier: { kind: logreg }',
    ].join('\n');
    await writeFile(join(dir, 'spec.yaml'), spec);
    const run = await autoflow(['run', '--spec', 'spec.yaml', '--json'], dir, { AUTOFLOW_HOME: join(dir, 'home') });
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.metric).toBe('pr_auc');
    expect(summary.trials).toBe(3);
    expect(summary.bestScore).toBeGreaterThan(0.5);
    expect(summary.model).toMatchObject({ name: 'cli-spam', version: 1 });
    expect(summary.bestPipeline.classifier.kind).toBe('logreg');
    expect(typeof summary.searchId).toBe('string');
    expect(summary.columns).toEqual({ title: 'text', price: 'numeric' });
    expect(summary.dataWarnings).toEqual([]);
    expect(run.stderr).toContain('columns: title text, price numeric');
    expect(run.stderr).toMatch(/trial\s+\d+ pr_auc=/);
    expect(existsSync(join(dir, 'home', 'registry', 'cli-spam'))).toBe(true);
  });

  it('refuses a bad spec with every problem named, exit 2, no stack trace and nothing started', async () => {
    const spec = [
      'name: bad',
      'data: { source: listings.csv }',
      'target: label',
      'metric: accuracyy',
      'columns: { titel: text }',
      'budget: { maxTrials: 2 }',
      'searchSpace: { classifier__C: { low: 5, high: 1 } }',
    ].join('\n');
    await writeFile(join(dir, 'bad.yaml'), spec);
    const home = join(dir, 'bad-home');
    const run = await autoflow(['run', '--spec', 'bad.yaml'], dir, { AUTOFLOW_HOME: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('metric: unknown metric "accuracyy" (did you mean "accuracy"?)');
    expect(run.stderr).toContain('columns.titel: no such column');
    expect(run.stderr).toContain('classifier__C');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(home, 'registry'))).toBe(false);
    expect(existsSync(join(home, 'artifacts'))).toBe(false);
  });

  it('reports a search whose every trial failed by its cause, without a stack trace', async () => {
    const spec = ['name: all-fail', 'data: { source: listings.csv }', 'target: label', 'budget: { maxTrials: 2, parallelism: 2 }', 'register: false', 'pipeline:', '  features:', '    title: { kind: tfidf, minDf: 100000 }', '  classifier: { kind: logreg }'].join('\n');
    await writeFile(join(dir, 'all-fail.yaml'), spec);
    const run = await autoflow(['run', '--spec', 'all-fail.yaml'], dir, { AUTOFLOW_HOME: join(dir, 'home') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: the workflow failed: all 2 trials failed; last error: tfidf: no terms left');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);

  it('retrain refuses a spec that does not fit its newest data before starting anything', async () => {
    await writeFile(join(dir, 'retrain.yaml'), ['name: nothing-yet', 'data: { source: exports/listings-*.csv }', 'target: label', 'retrain: {}'].join('\n'));
    const run = await autoflow(['retrain', '--spec', 'retrain.yaml'], dir, { AUTOFLOW_HOME: join(dir, 'home') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: data.source: folder not found for pattern exports/listings-*.csv');
    expect(run.stderr).not.toContain('started');
  });

  it('names a missing data file and a malformed row', async () => {
    await writeFile(join(dir, 'missing.yaml'), 'name: m\ndata: { source: nope.csv }\ntarget: label\n');
    const missing = await autoflow(['run', '--spec', 'missing.yaml'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, 'nope.csv'));

    await writeFile(join(dir, 'ragged.csv'), 'title,label\n"a b",spam\n"c d",ok,extra\n"e f",ok\n');
    await writeFile(join(dir, 'ragged.yaml'), 'name: r\ndata: { source: ragged.csv }\ntarget: label\n');
    const ragged = await autoflow(['run', '--spec', 'ragged.yaml'], dir);
    expect(ragged.code).toBe(2);
    expect(ragged.stderr).toMatch(/ragged\.csv row 2 \(line 3\): expected 2 fields, got 3/);
  });
});
