/**
 * The `autoflow` command as users run it: the compiled CLI in a child process, against the
 * test run's real Temporal dev server.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AutoflowClient } from '../../client/autoflow-client.js';
import { freePort, isReachable } from '../../devserver/dev-server.js';
import { packageRoot } from '../../devserver/project-paths.js';
import { parseSpecFile } from '../../experiment-spec/parse-spec-file.js';
import { resolveExperiment } from '../../experiment-spec/resolve-experiment.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` values of undefined remove the variable (e.g. TEMPORAL_ADDRESS, set by default). */
function autoflow(args: string[], cwd: string, env: Record<string, string | undefined> = {}, onStdout?: (text: string) => void): Promise<CliRun> {
  return new Promise((resolve) => {
    const merged: Record<string, string | undefined> = { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), AUTOFLOW_TASK_QUEUE: `cli-${process.pid}`, NO_COLOR: '1', ...env };
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), ...args], { cwd, env: merged });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout);
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The whole of stdout is one JSON document (nothing before or after it). */
function parseJsonStdout(run: CliRun): any {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

async function closedAddress(): Promise<string> {
  return `127.0.0.1:${await freePort()}`;
}

describe('autoflow CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-cli-'));
    await writeCsv(join(dir, 'listings.csv'), syntheticRows(300, 21));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('prints the component catalogue as Markdown exactly as docs/components.md has it', async () => {
    const run = await autoflow(['components', '--markdown'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(packageRoot(), 'docs', 'components.md'), 'utf8'));
    expect(run.stdout).toContain('successive-halving');
  });

  it('lists its commands in --help', async () => {
    const run = await autoflow(['--help'], dir);
    expect(run.code).toBe(0);
    for (const command of ['demo', 'run', 'components', 'worker', 'server']) expect(run.stdout).toContain(command);
  });

  it('says where it looked for Temporal, and how to fix it, when no server answers', async () => {
    const address = await closedAddress();
    const run = await autoflow(['list'], dir, { TEMPORAL_ADDRESS: address });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: cannot reach a Temporal server at ${address}`);
    expect(run.stderr).toContain('npx autoflow server');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('suggests a near-miss command name, as a usage error (exit 2)', async () => {
    const run = await autoflow(['rnu'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run');
  });

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    const run = await autoflow(['--version'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('exits 2 on usage errors of any command, before connecting to anything', async () => {
    const cases: [string[], RegExp][] = [
      [['list', '--bogus'], /unknown option '--bogus'/],
      [['run'], /required option '-s, --spec <file>' not specified/],
      [['status'], /missing required argument 'searchId'/],
      [['cancel', '--json'], /missing required argument 'searchId'/],
      [['schedule', 'create', 'nightly'], /required option '-s, --spec <file>'/],
      [['schedule', 'pause', 'nightly', '--bogus'], /unknown option '--bogus'/],
      [['list', '--limit', 'lots'], /argument 'lots' is invalid/],
      [['--address', 'no-port', 'list'], /argument 'no-port' is invalid/],
      [['registry', 'frob'], /unknown command 'frob'/],
    ];
    // A dead server address: a usage error must not get as far as trying it.
    const env = { TEMPORAL_ADDRESS: await closedAddress() };
    for (const [args, message] of cases) {
      const run = await autoflow(args, dir, env);
      expect(run.code, `autoflow ${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
  }, 60_000);

  it('--address wins over TEMPORAL_ADDRESS: a closed port fails with the address named', async () => {
    const address = await closedAddress();
    // TEMPORAL_ADDRESS (the default here) points at the live test server.
    for (const args of [['status', 'some-search', '--json', '--address', address], ['--address', address, 'list']]) {
      const run = await autoflow(args, dir);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(`error: cannot reach a Temporal server at ${address}`);
      expect(run.stdout).toBe('');
    }
  }, 60_000);

  it('run --no-worker with no server says so promptly instead of starting a server nobody works for', async () => {
    await writeFile(join(dir, 'no-worker.yaml'), ['name: no-worker', 'data: { source: listings.csv }', 'target: label', 'budget: { maxTrials: 2 }'].join('\n'));
    const address = await closedAddress();
    const started = Date.now();
    const run = await autoflow(['run', '--spec', 'no-worker.yaml', '--no-worker', '--json', '--address', address], dir, { TEMPORAL_ADDRESS: undefined, AUTOFLOW_HOME: join(dir, 'no-worker-home') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: cannot reach a Temporal server at ${address}`);
    expect(run.stderr).not.toContain('starting a local Temporal dev server');
    expect(run.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(30_000);
    // With nothing configured at all, the default address is the one named (when nothing listens there).
    if (!(await isReachable('localhost:7233'))) {
      const bare = await autoflow(['run', '--spec', 'no-worker.yaml', '--no-worker'], dir, { TEMPORAL_ADDRESS: undefined, AUTOFLOW_HOME: join(dir, 'no-worker-home') });
      expect(bare.code).toBe(1);
      expect(bare.stderr).toContain('cannot reach a Temporal server at localhost:7233');
      expect(bare.stderr).toContain('--no-worker');
    }
  }, 60_000);

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
    // WARN lets core's warnings (e.g. TMPRL1104, slow workflow tasks) through, to prove they go to stderr.
    const run = await autoflow(['run', '--spec', 'spec.yaml', '--json'], dir, { AUTOFLOW_HOME: join(dir, 'home'), AUTOFLOW_LOG_LEVEL: 'warn' });
    const summary = parseJsonStdout(run);
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

    // The finished search, read back by the other --json commands.
    const status = parseJsonStdout(await autoflow(['status', summary.searchId, '--json'], dir));
    expect(status).toMatchObject({ searchId: summary.searchId, runStatus: 'COMPLETED' });
    const watched = await autoflow(['status', summary.searchId, '--watch', '--json'], dir);
    expect(watched.code).toBe(0);
    expect(watched.stdout.trim().split('\n').map((line) => JSON.parse(line).runStatus)).toEqual(['COMPLETED']);
    const listed = parseJsonStdout(await autoflow(['list', '--json', '--experiment', 'cli-spam'], dir)) as { searchId: string }[];
    expect(listed.map((r) => r.searchId)).toContain(summary.searchId);
  });

  it('status --watch --json prints one JSON object per line; cancel and stop --json print one document', async () => {
    // A search no worker serves (its own task queue) stays RUNNING, so the watch keeps printing.
    await writeFile(join(dir, 'idle.yaml'), ['name: cli-idle', 'data: { source: listings.csv }', 'target: label', 'budget: { maxTrials: 2 }'].join('\n'));
    const experiment = await resolveExperiment(await parseSpecFile(join(dir, 'idle.yaml')), dir);
    const client = await AutoflowClient.connect({ address: inject('temporalAddress'), namespace: 'default', taskQueue: `cli-idle-${process.pid}` });
    try {
      const search = await client.startSearch(experiment);
      let sawTwoLines: () => void;
      const twoLines = new Promise<void>((r) => (sawTwoLines = r));
      const watching = autoflow(['status', search.searchId, '--watch', '--json'], dir, {}, (text) => {
        if (text.split('\n').length > 2) sawTwoLines();
      });
      await twoLines;
      const stopped = parseJsonStdout(await autoflow(['stop', search.searchId, '--reason', 'enough', '--json'], dir));
      expect(stopped).toEqual({ searchId: search.searchId, requested: 'stop', reason: 'enough' });
      const cancelled = parseJsonStdout(await autoflow(['cancel', search.searchId, '--json'], dir));
      expect(cancelled).toEqual({ searchId: search.searchId, requested: 'cancel' });
      // Without a worker nothing acts on the requests; ending the run ends the watch.
      await client.client.workflow.getHandle(search.searchId).terminate('test over');
      const watched = await watching;
      expect(watched.code, watched.stderr).toBe(0);
      const lines = watched.stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const objects = lines.map((line) => JSON.parse(line) as { searchId: string; runStatus: string });
      expect(objects.every((o) => o.searchId === search.searchId)).toBe(true);
      expect(objects[0].runStatus).toBe('RUNNING');
      expect(objects.at(-1)!.runStatus).toBe('TERMINATED');
    } finally {
      await client.close();
    }
  }, 120_000);

  it('schedule commands print one JSON document each with --json', async () => {
    await writeFile(join(dir, 'weekly.yaml'), ['name: cli-weekly', 'data: { source: listings.csv }', 'target: label', 'budget: { maxTrials: 2 }', 'retrain: {}'].join('\n'));
    const id = `cli-weekly-${process.pid}`;
    const created = parseJsonStdout(await autoflow(['schedule', 'create', id, '--spec', 'weekly.yaml', '--every', '7d', '--paused', '--json'], dir));
    expect(created).toMatchObject({ scheduleId: id, paused: true });
    const listed = parseJsonStdout(await autoflow(['schedule', 'list', '--json'], dir)) as { scheduleId: string }[];
    expect(listed.map((s) => s.scheduleId)).toContain(id);
    expect(parseJsonStdout(await autoflow(['schedule', 'describe', id, '--json'], dir))).toMatchObject({ scheduleId: id });
    expect(parseJsonStdout(await autoflow(['schedule', 'resume', id, '--note', 'go', '--json'], dir))).toEqual({ scheduleId: id, action: 'resume', note: 'go' });
    expect(parseJsonStdout(await autoflow(['schedule', 'pause', id, '--json'], dir))).toEqual({ scheduleId: id, action: 'pause', note: null });
    expect(parseJsonStdout(await autoflow(['schedule', 'delete', id, '--json'], dir))).toEqual({ scheduleId: id, action: 'delete', note: null });
  }, 120_000);

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
