/**
 * `autoflow deploy` as a user runs it, on the quick start's model: the demo corpus
 * (builtin:spam-assassin, long e-mails) searched with `autoflow run`, then deployed with a
 * manifest written; then `deploy --watch` in the foreground deploying a new version as it is
 * registered, described and stopped from other processes. Bad options exit 2 naming the option.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { validateKubernetesObjects } from '../../activities/deploy/validate-kubernetes.js';
import { createModelRegistry } from '../../registry/index.js';
import { freePort } from '../../devserver/dev-server.js';
import { jsonOf, runAutoflow, spawnAutoflow } from '../helpers/autoflow-cli.js';
import { waitFor } from '../helpers/processes.js';

/** The demo spec, cut to one fixed pipeline so the test spends its time on the deployment. */
const QUICK_START_SPEC = [
  'name: spam-assassin',
  'data: { source: "builtin:spam-assassin" }',
  'target: label',
  'positiveLabel: spam',
  'columns: { text: text }',
  'metric: roc_auc',
  'seed: 7',
  'budget: { maxTrials: 1, parallelism: 1 }',
  'ensemble: false',
  'rescore: false',
  'pipeline: { features: { text: { kind: tfidf } }, classifier: { kind: logreg } }',
  'register: { model: spam-assassin }',
  'deploy: { maxP99Ms: 500 }',
].join('\n');

describe('autoflow deploy (CLI)', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-deploy-cli-'));
    await writeFile(join(dir, 'spam.yaml'), QUICK_START_SPEC);
    env = { AUTOFLOW_HOME: join(dir, 'home'), AUTOFLOW_TASK_QUEUE: `deploy-cli-${process.pid}` };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 2 on bad options, naming the option, before connecting to anything', async () => {
    const closed = { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` };
    const cases: [string[], RegExp][] = [
      [['deploy'], /give --model NAME\/VERSION to deploy one version, --watch NAME/],
      [['deploy', '--model', 'x/1', '--watch', 'x'], /give one of --model, --watch, not several/],
      [['deploy', '--watch', 'x', '--manifest-out', 'm.yaml'], /--manifest-out goes with --model, not with --watch/],
      [['deploy', '--model', 'x/1', '--from-alias', 'staging'], /--from-alias goes with --watch, not with --model/],
      [['deploy', '--unwatch', 'x', '--max-p99-ms', '5'], /--max-p99-ms goes with --model or --watch, not with --unwatch/],
      [['deploy', '--watch', 'x', '--from-alias', 'production'], /--from-alias production is the alias the watch moves/],
      [['deploy', '--model', 'x/1', '--max-label-change', '5%'], /option '--max-label-change <share>' argument '5%' is invalid. expected a share from 0 to 1/],
      [['deploy', '--model', 'x/1', '--max-p99-ms', '0'], /option '--max-p99-ms <ms>' argument '0' is invalid/],
      [['deploy', '--watch', 'x', '--poll-interval', 'often'], /option '--poll-interval <seconds>' argument 'often' is invalid/],
    ];
    for (const [args, message] of cases) {
      const run = await runAutoflow(args, dir, closed);
      expect(run.code, `autoflow ${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).toBe('');
    }
  }, 60_000);

  it("deploys the quick start's model and writes a manifest a cluster accepts", async () => {
    const searched = jsonOf(await runAutoflow(['run', '--spec', 'spam.yaml', '--json'], dir, env));
    expect(searched.model).toMatchObject({ name: 'spam-assassin', version: 1 });

    const unknown = await runAutoflow(['deploy', '--model', 'spam-asassin/1'], dir, env);
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toMatch(/spam-asassin.*spam-assassin/s);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);

    const deployed = jsonOf(await runAutoflow(['deploy', '--model', 'spam-assassin/1', '--alias', 'production', '--manifest-out', 'm.yaml', '--json'], dir, env));
    const { check } = deployed;
    expect(deployed.promoted).toBe(true);
    expect(check.passed).toBe(true);
    expect(check.failedRequests).toBe(0);
    // 20% of 6,046 e-mails, all served over HTTP in byte-bounded batches.
    expect(check.records).toBeGreaterThan(1100);
    expect(check.requests).toBeGreaterThan(check.latency.requests);
    expect(check.httpMetric).toBeCloseTo(check.registeredTestMetric, 9);
    // The spec's budget travelled with the version.
    expect(check.budget).toEqual({ maxP99Ms: 500 });
    expect(check.latency.p99Ms).toBeGreaterThan(0);
    expect(check.memory.peakRssBytes).toBeGreaterThan(30 * 1024 * 1024);
    expect(check.timings.totalMs).toBeGreaterThan(check.timings.batchesMs + check.timings.latencyProbeMs);

    const manifest = await readFile(join(dir, 'm.yaml'), 'utf8');
    expect(manifest).toBe(deployed.manifest);
    const objects = parseAllDocuments(manifest).map((d) => d.toJS());
    await validateKubernetesObjects(objects);
    const container = objects[0].spec.template.spec.containers[0];
    expect(container.args.slice(0, 3)).toEqual(['serve', '--model', 'spam-assassin/1']);
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    const requestMib = Number(/^(\d+)Mi$/.exec(container.resources.requests.memory)![1]);
    expect(requestMib).toBeGreaterThanOrEqual(check.memory.peakRssBytes / 1024 / 1024);
    expect(objects[0].metadata.annotations['autoflow.dev/check-p99-ms']).toBe(check.latency.p99Ms.toFixed(2));
    expect(objects[0].metadata.annotations['autoflow.dev/budget-p99-ms']).toBe('500');
  }, 240_000);

  it('deploy --watch follows in the foreground; --describe-watch and --unwatch work from elsewhere', async () => {
    const watching = spawnAutoflow(['deploy', '--watch', 'spam-assassin', '--poll-interval', '1', '--json'], dir, env);
    try {
      const describe = async () => jsonOf(await runAutoflow(['deploy', '--describe-watch', 'spam-assassin', '--json'], dir, env));
      await waitFor('the watch to start', async () => (await describe()).state?.lastHandled === 1, 60_000);

      // A new version of the model, registered by anything (here: a copy of version 1).
      const registry = createModelRegistry(join(dir, 'home', 'registry'));
      const v1 = await registry.getVersion('spam-assassin', 1);
      const files = Object.fromEntries(await Promise.all(v1.files.map(async (f) => [f.path, await registry.readFile('spam-assassin', 1, f.path)] as const)));
      await registry.register('spam-assassin', files, { metrics: v1.metrics, lineage: v1.lineage });

      const line = await waitFor('a JSON line for version 2', async () => watching.stdout().split('\n').find((l) => l.includes('"version":2')), 120_000);
      expect(JSON.parse(line)).toMatchObject({ version: 2, outcome: 'deployed', deployId: 'deploy-watch-spam-assassin-production-v2' });
      expect((await registry.getAliases('spam-assassin')).production).toBe(2);
      const described = await describe();
      expect(described).toMatchObject({ watchId: 'deploy-watch-spam-assassin-production', status: 'RUNNING', state: { counts: { deployed: 1, refused: 0, skipped: 0 } } });

      const text = await runAutoflow(['deploy', '--describe-watch', 'spam-assassin'], dir, env);
      expect(text.stdout).toMatch(/deploy-watch-spam-assassin-production running: new versions of spam-assassin -> @production, looking every 1 s/);
      expect(text.stdout).toMatch(/^mode serve$/m);
      expect(text.stdout).toMatch(/DEPLOYED version 2/);

      expect(jsonOf(await runAutoflow(['deploy', '--unwatch', 'spam-assassin', '--json'], dir, env))).toEqual({ watchId: 'deploy-watch-spam-assassin-production', stopped: true, status: 'CANCELLED' });
      // The foreground process sees the end and exits cleanly.
      const ended = await watching.exited;
      expect(ended.code, ended.stderr).toBe(0);
      expect(ended.stderr).toContain('the watch deploy-watch-spam-assassin-production has ended (cancelled)');
      const again = await runAutoflow(['deploy', '--unwatch', 'spam-assassin'], dir, env);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/is not running \(cancelled\)/);
      const never = await runAutoflow(['deploy', '--describe-watch', 'no-such-model'], dir, env);
      expect(never.code).toBe(2);
      expect(never.stderr).toMatch(/no deploy watch deploy-watch-no-such-model-production/);
    } finally {
      watching.child.kill('SIGINT');
    }
  }, 240_000);
});
