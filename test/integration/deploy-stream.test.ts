/**
 * `autoflow deploy --mode stream` as a user runs it, against the Temporal dev server of the
 * global setup: the quick start's model searched with `autoflow run`, checked in a test server
 * like any deployment, and the manifest written for `autoflow stream` (command args, the KEDA
 * ScaledObject's gcp-pubsub trigger, memory from the measured RSS); then a deploy watch in
 * streaming mode writing that manifest for a new version; and, with PUBSUB_EMULATOR_HOST
 * (pubsub-fake), the live smoke check through the stream scorer. Bad options exit 2 naming
 * the flag.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { validateKubernetesObjects } from '../../activities/deploy/validate-kubernetes.js';
import { freePort } from '../../devserver/dev-server.js';
import { createModelRegistry } from '../../registry/index.js';
import { jsonOf, runAutoflow, spawnAutoflow } from '../helpers/autoflow-cli.js';
import { startInProcessWorker } from '../helpers/in-process-worker.js';
import { startPubSubFake } from '../helpers/pubsub-fake.js';
import { waitFor } from '../helpers/processes.js';

const SPEC = [
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
].join('\n');

const STREAM_FLAGS = ['--mode', 'stream', '--subscription', 'listings-scorer', '--output-topic', 'listing-verdicts', '--dead-letter-topic', 'listing-rejects'];

const argValue = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('autoflow deploy --mode stream (CLI)', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-deploy-stream-'));
    await writeFile(join(dir, 'spam.yaml'), SPEC);
    env = { AUTOFLOW_HOME: join(dir, 'home'), AUTOFLOW_TASK_QUEUE: `deploy-stream-${process.pid}` };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 2 on bad streaming options, naming the flag, before connecting to anything', async () => {
    const closed = { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` };
    const cases: [string[], RegExp][] = [
      [['deploy', '--model', 'x/1', '--mode', 'stream', '--output-topic', 'verdicts', '--dead-letter-topic', 'rejects'], /--mode stream needs --subscription \(the Pub\/Sub subscription the scorer reads\)/],
      [['deploy', '--model', 'x/1', '--mode', 'batch'], /option '--mode <mode>' argument 'batch' is invalid. expected serve or stream/],
      [['deploy', '--model', 'x/1', '--subscription', 'listings-scorer'], /--subscription: streaming settings go with --mode stream/],
      [['deploy', '--model', 'x/1', ...STREAM_FLAGS.slice(0, 2), '--subscription', 'goog-x', ...STREAM_FLAGS.slice(4)], /--subscription "goog-x": expected NAME or projects\/PROJECT\/subscriptions\/NAME/],
      [['deploy', '--model', 'x/1', ...STREAM_FLAGS, '--min-replicas', '4', '--max-replicas', '2'], /--min-replicas 4 is over --max-replicas 2/],
      [['deploy', '--describe-watch', 'x', '--mode', 'stream'], /--mode goes with --model or --watch, not with --describe-watch/],
      [['deploy', '--watch', 'x', '--mode', 'stream', '--subscription', 'listings-scorer'], /--mode stream needs --output-topic/],
    ];
    for (const [args, message] of cases) {
      const run = await runAutoflow(args, dir, closed);
      expect(run.code, `autoflow ${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stdout).toBe('');
    }
  }, 60_000);

  it('checks the candidate as for serve, then writes an autoflow stream Deployment scaled by KEDA on the backlog', async () => {
    const searched = jsonOf(await runAutoflow(['run', '--spec', 'spam.yaml', '--json'], dir, env));
    expect(searched.model).toMatchObject({ name: 'spam-assassin', version: 1 });

    const deployed = jsonOf(
      await runAutoflow(['deploy', '--model', 'spam-assassin/1', ...STREAM_FLAGS, '--project', 'my-project', '--backlog-per-replica', '500', '--max-replicas', '6', '--max-outstanding-bytes', '32mb', '--manifest-out', 'stream.yaml', '--json'], dir, env),
    );
    const { check } = deployed;
    expect(deployed).toMatchObject({ promoted: true, mode: 'stream', alias: 'production' });
    expect(check.passed).toBe(true);
    expect(check.records).toBeGreaterThan(1100);
    expect(check.httpMetric).toBeCloseTo(check.registeredTestMetric, 9);
    expect(check.memory.peakRssBytes).toBeGreaterThan(30 * 1024 * 1024);
    expect((await createModelRegistry(join(dir, 'home', 'registry')).getAliases('spam-assassin')).production).toBe(1);

    const manifest = await readFile(join(dir, 'stream.yaml'), 'utf8');
    expect(manifest).toBe(deployed.manifest);
    // The copy in the artifact store is the same.
    expect(await readFile(fileURLToPath(deployed.manifestUri), 'utf8')).toBe(manifest);
    const objects = parseAllDocuments(manifest).map((d) => d.toJS());
    await validateKubernetesObjects(objects);
    expect(objects.map((o) => o.kind)).toEqual(['Deployment', 'ScaledObject', 'TriggerAuthentication']);
    const [deployment, scaled] = objects;
    const container = deployment.spec.template.spec.containers[0];
    const args: string[] = container.args;
    expect(args.slice(0, 3)).toEqual(['stream', '--model', 'spam-assassin@production']);
    expect(argValue(args, '--subscription')).toBe('listings-scorer');
    expect(argValue(args, '--output-topic')).toBe('listing-verdicts');
    expect(argValue(args, '--dead-letter-topic')).toBe('listing-rejects');
    expect(argValue(args, '--project')).toBe('my-project');
    expect(argValue(args, '--max-outstanding-bytes')).toBe(String(32 * 1024 * 1024));
    expect(argValue(args, '--metrics-port')).toBe('9464');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    // Memory: the test server's measured peak plus the messages flow control may hold, with headroom.
    const requestMib = Number(/^(\d+)Mi$/.exec(container.resources.requests.memory)![1]);
    expect(requestMib).toBeGreaterThanOrEqual(check.memory.peakRssBytes / 1024 / 1024 + 32);
    expect(requestMib).toBeLessThanOrEqual(((check.memory.peakRssBytes / 1024 / 1024 + 32) * 1.25) + 16);
    expect(deployment.metadata.annotations['autoflow.dev/version']).toBe('1');

    expect(scaled.spec.scaleTargetRef.name).toBe(deployment.metadata.name);
    expect(scaled.spec.maxReplicaCount).toBe(6);
    expect(scaled.spec.triggers).toHaveLength(1);
    expect(scaled.spec.triggers[0]).toMatchObject({
      type: 'gcp-pubsub',
      metadata: { subscriptionName: 'projects/my-project/subscriptions/listings-scorer', mode: 'SubscriptionSize', value: '500' },
    });
  }, 240_000);

  it('a deploy watch in streaming mode writes the stream manifest for each new version', async () => {
    const watching = spawnAutoflow(['deploy', '--watch', 'spam-assassin', ...STREAM_FLAGS, '--poll-interval', '1', '--json'], dir, env);
    try {
      const describe = async () => jsonOf(await runAutoflow(['deploy', '--describe-watch', 'spam-assassin', '--json'], dir, env));
      await waitFor('the watch to start', async () => (await describe()).state?.lastHandled === 1, 60_000);
      expect((await describe()).state.input).toMatchObject({ mode: 'stream', stream: { subscription: 'listings-scorer' } });
      const text = await runAutoflow(['deploy', '--describe-watch', 'spam-assassin'], dir, env);
      expect(text.stdout).toMatch(/^mode stream: subscription listings-scorer, output topic listing-verdicts$/m);

      const registry = createModelRegistry(join(dir, 'home', 'registry'));
      const v1 = await registry.getVersion('spam-assassin', 1);
      const files = Object.fromEntries(await Promise.all(v1.files.map(async (f) => [f.path, await registry.readFile('spam-assassin', 1, f.path)] as const)));
      await registry.register('spam-assassin', files, { metrics: v1.metrics, lineage: v1.lineage });

      const line = await waitFor('a JSON line for version 2', async () => watching.stdout().split('\n').find((l) => l.includes('"version":2')), 120_000);
      const outcome = JSON.parse(line);
      expect(outcome).toMatchObject({ version: 2, outcome: 'deployed' });
      const manifest = await readFile(fileURLToPath(outcome.manifestUri), 'utf8');
      const [deployment, scaled] = parseAllDocuments(manifest).map((d) => d.toJS());
      expect(deployment.spec.template.spec.containers[0].args.slice(0, 3)).toEqual(['stream', '--model', 'spam-assassin@production']);
      expect(deployment.metadata.annotations['autoflow.dev/version']).toBe('2');
      expect(scaled.spec.triggers[0]).toMatchObject({ type: 'gcp-pubsub', metadata: { subscriptionName: 'listings-scorer', mode: 'SubscriptionSize', value: '2000' } });
      expect((await registry.getAliases('spam-assassin')).production).toBe(2);

      expect(jsonOf(await runAutoflow(['deploy', '--unwatch', 'spam-assassin', '--json'], dir, env))).toMatchObject({ stopped: true });
      expect((await watching.exited).code).toBe(0);
    } finally {
      watching.child.kill('SIGINT');
    }
  }, 240_000);

  it('with PUBSUB_EMULATOR_HOST, also scores held-out records through Pub/Sub with the stream scorer and matches them offline', async () => {
    const fake = await startPubSubFake();
    try {
      const deployed = jsonOf(await runAutoflow(['deploy', '--model', 'spam-assassin/1', '--alias', 'smoke', ...STREAM_FLAGS, '--json'], dir, { ...env, PUBSUB_EMULATOR_HOST: fake.host }));
      const smoke = deployed.check.streamSmoke;
      expect(smoke, deployed.check.reason).toMatchObject({ emulator: fake.host, records: 20, verdicts: 20, deadLettered: 0, labelMismatches: 0, passed: true });
      expect(smoke.maxProbabilityDifference).toBeLessThanOrEqual(1e-6);
      expect(deployed.check.reason).toMatch(/20 of 20 held-out records scored through Pub\/Sub/);
      // Its throwaway topics and subscriptions are gone.
      const [topics] = await fake.client.getTopics();
      expect(topics.map((t) => t.name).filter((n) => n.includes('autoflow-smoke'))).toEqual([]);

      // --no-smoke-check skips it even on an emulator.
      const skipped = jsonOf(await runAutoflow(['deploy', '--model', 'spam-assassin/1', '--alias', 'smoke', ...STREAM_FLAGS, '--no-smoke-check', '--json'], dir, { ...env, PUBSUB_EMULATOR_HOST: fake.host }));
      expect(skipped.check.streamSmoke).toBeUndefined();
    } finally {
      await fake.stop();
    }
  }, 240_000);

  it("takes mode and streaming settings from the version's spec (deploy.mode, deploy.stream) where no flag gives them", async () => {
    // A version whose spec says how it streams (a copy of version 1 under another spec).
    const registry = createModelRegistry(join(dir, 'home', 'registry'));
    const v1 = await registry.getVersion('spam-assassin', 1);
    const files = Object.fromEntries(await Promise.all(v1.files.map(async (f) => [f.path, await registry.readFile('spam-assassin', 1, f.path)] as const)));
    const deploy = { mode: 'stream', stream: { subscription: 'spec-scorer', outputTopic: 'spec-verdicts', deadLetterTopic: 'spec-rejects', maxReplicas: 4, backlogPerReplica: 300 } };
    const version = await registry.register('spam-assassin', files, { metrics: v1.metrics, lineage: { ...v1.lineage, spec: { ...(v1.lineage.spec as object), deploy } } });
    const reference = `spam-assassin/${version.version}`;

    const run = await runAutoflow(['deploy', '--model', reference, '--alias', 'from-spec', '--output-topic', 'flag-verdicts', '--max-replicas', '3', '--json'], dir, env);
    const deployed = jsonOf(run);
    expect(run.stderr).toMatch(new RegExp(`from ${reference}'s spec \\(no flag gives them\\): deploy.mode, deploy.stream.subscription, deploy.stream.deadLetterTopic, deploy.stream.backlogPerReplica\n`));
    expect(deployed).toMatchObject({ promoted: true, mode: 'stream', alias: 'from-spec' });
    const [deployment, scaled] = parseAllDocuments(deployed.manifest).map((d) => d.toJS());
    const args: string[] = deployment.spec.template.spec.containers[0].args;
    expect(argValue(args, '--subscription')).toBe('spec-scorer');
    expect(argValue(args, '--output-topic')).toBe('flag-verdicts');
    expect(argValue(args, '--dead-letter-topic')).toBe('spec-rejects');
    expect(scaled.spec.maxReplicaCount).toBe(3);
    expect(scaled.spec.triggers[0].metadata).toMatchObject({ subscriptionName: 'spec-scorer', value: '300' });

    // Flags and the spec's settings together are held to the flags' rules.
    const bad = await runAutoflow(['deploy', '--model', reference, '--min-replicas', '5'], dir, env);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/--min-replicas 5 is over --max-replicas 4/);

    // The SDK, given no mode at all, deploys it the same way: the check reads the version's spec.
    const inProcess = await startInProcessWorker(join(dir, 'home'), `deploy-stream-sdk-${process.pid}`);
    try {
      const viaSdk = await (await inProcess.client.startDeploy({ candidate: reference, alias: 'sdk-from-spec' })).result();
      expect(viaSdk).toMatchObject({ promoted: true, mode: 'stream', check: { target: { mode: 'stream', stream: deploy.stream } } });
      const sdkArgs: string[] = parseAllDocuments(viaSdk.manifest!).map((d) => d.toJS())[0].spec.template.spec.containers[0].args;
      expect(argValue(sdkArgs, '--output-topic')).toBe('spec-verdicts');
      expect(argValue(sdkArgs, '--subscription')).toBe('spec-scorer');
    } finally {
      await inProcess.stop();
    }
  }, 300_000);
});
