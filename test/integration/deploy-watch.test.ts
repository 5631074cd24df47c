/**
 * Deployment without a person: a `watchDeployments` workflow on the test run's dev server,
 * a real worker, real test servers. Versions are registered in turn while it runs; it deploys
 * the good ones, refuses a version whose served answers differ from its recorded scores and one
 * that breaks the latency budget of its spec, skips a version superseded before its turn, goes
 * on after each refusal, keeps its state across continueAsNew, and stops when told.
 */
import { Client, Connection } from '@temporalio/client';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createModelRegistry } from '../../registry/index.js';
import type { ModelRegistry, VersionInfo } from '../../registry/model-registry.js';
import type { DeployWatchState } from '../../workflows/deploy-types.js';
import { listingsSpec, startListingsSearch, stopAndRemove } from '../helpers/listings-search.js';
import type { InProcessWorker } from '../helpers/in-process-worker.js';
import { waitFor as until } from '../helpers/processes.js';
import { replayWorkflowHistory } from '../helpers/replay-history.js';
import { syntheticRows } from '../helpers/synthetic-text.js';

const MODEL = 'watched';

/** A new version holding version 1's files: the same model, with its recorded metrics and lineage changed by `change`. */
async function registerCopy(registry: ModelRegistry, change: (info: VersionInfo) => VersionInfo = (i) => i): Promise<number> {
  const v1 = await registry.getVersion(MODEL, 1);
  const files = Object.fromEntries(await Promise.all(v1.files.map(async (f) => [f.path, await registry.readFile(MODEL, 1, f.path)] as const)));
  return (await registry.register(MODEL, files, change({ metrics: { ...v1.metrics }, lineage: { ...v1.lineage } }))).version;
}

describe('deploy watch', () => {
  let dir: string;
  let inProcess: InProcessWorker;
  let registry: ModelRegistry;
  let connection: Connection;

  beforeAll(async () => {
    ({ dir, inProcess } = await startListingsSearch('autoflow-deploy-watch-', `it-deploy-watch-${process.pid}`, syntheticRows(300, 31)));
    registry = createModelRegistry(join(dir, 'registry'));
    connection = await Connection.connect({ address: inject('temporalAddress') });
    const spec = listingsSpec(MODEL, {
      seed: 3,
      budget: { maxTrials: 1, parallelism: 1 },
      ensemble: false,
      rescore: false,
      pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
      register: { model: MODEL },
    });
    await (await inProcess.client.startSearch(await inProcess.client.prepare(spec, dir))).result();
    await registry.setAlias(MODEL, 'production', 1);
  });

  afterAll(async () => {
    await connection?.close();
    await stopAndRemove(inProcess, dir);
  });

  it('deploys the good versions, refuses the bad ones and goes on, newest first, across continueAsNew', async () => {
    const watch = await inProcess.client.deployWatches.start({ name: MODEL, pollSeconds: 1, iterationsPerRun: 4, budget: { maxLabelChangeShare: 0.2 } });
    expect(watch.started).toBe(true);
    // Versions already registered are not deployed: the watch starts after the newest.
    const first = await until('the watch to read the registry', async () => (await watch.state()).lastHandled === 1 && (await watch.describe()));
    const outcomes = async (n: number) => until(`${n} outcomes`, async () => ((s: DeployWatchState) => s.outcomes.length >= n && s)(await watch.state()));

    // A good version: same model, same scores; deployed, compared with the champion it replaces.
    expect(await registerCopy(registry)).toBe(2);
    let state = await outcomes(1);
    expect(state.outcomes[0]).toMatchObject({ version: 2, outcome: 'deployed', deployId: 'deploy-watch-watched-production-v2' });
    expect(state.outcomes[0].reason).toContain('against champion version 1: 0.0% of labels change');
    expect((await registry.getAliases(MODEL)).production).toBe(2);
    const manifest = await readFile(fileURLToPath(state.outcomes[0].manifestUri!), 'utf8');
    expect(manifest).toContain('- watched/2\n');
    expect(manifest).toContain('autoflow.dev/champion-version: "1"');
    expect(manifest).toContain('autoflow.dev/budget-label-change-share: "0.2"');
    // Each deployment is a child workflow of the watch, visible as such in the Temporal UI.
    const child = await new Client({ connection }).workflow.getHandle('deploy-watch-watched-production-v2').describe();
    expect(child.type).toBe('deployModel');
    expect(child.status.name).toBe('COMPLETED');
    expect(child.parentExecution?.workflowId).toBe(watch.watchId);

    // A bad version: what it serves is not what its registration recorded (training/serving skew).
    const skewed = await registerCopy(registry, (i) => ({ ...i, metrics: { ...i.metrics, test_roc_auc: i.metrics.test_roc_auc - 0.05 } }));
    // While it is being checked, two more arrive: the older is skipped, the newer is next (newest wins).
    await until('the skewed version to be in its check', async () => (await watch.state()).current?.version === skewed);
    const superseded = await registerCopy(registry);
    // The spec it was trained under sets a latency budget no server meets.
    const slow = await registerCopy(registry, (i) => ({ ...i, lineage: { ...i.lineage, spec: { ...(i.lineage.spec as object), deploy: { maxP99Ms: 0.001 } } } }));
    state = await outcomes(4);
    expect(state.outcomes.slice(1).map((o) => [o.version, o.outcome])).toEqual([
      [skewed, 'refused'],
      [superseded, 'skipped'],
      [slow, 'refused'],
    ]);
    expect(state.outcomes[1].reason).toMatch(/answers over HTTP differ from the scores recorded at registration: test roc_auc \S+ served vs \S+ registered/);
    expect(state.outcomes[2].reason).toBe(`superseded by version ${slow} before its turn`);
    expect(state.outcomes[3].reason).toMatch(/single-record p99 \S+ ms is over the budget of 0.001 ms/);
    // Refused versions stay where they are.
    expect((await registry.getAliases(MODEL)).production).toBe(2);

    // And the watch goes on.
    const good = await registerCopy(registry);
    state = await outcomes(5);
    expect(state.outcomes[4]).toMatchObject({ version: good, outcome: 'deployed' });
    expect((await registry.getAliases(MODEL)).production).toBe(good);
    expect(state.counts).toEqual({ deployed: 2, refused: 2, skipped: 1 });

    // Its history was handed to fresh runs along the way (4 iterations each), state and all.
    const now = await watch.describe();
    expect(now.status).toBe('RUNNING');
    expect(now.runId).not.toBe(first.runId);
    expect(now.state?.input).toMatchObject({ name: MODEL, pollSeconds: 1, budget: { maxLabelChangeShare: 0.2 } });

    // Starting it again attaches to the running watch.
    expect((await inProcess.client.deployWatches.start({ name: MODEL })).started).toBe(false);
    // Stopped right after the attach's signal: the stop must not be lost in a continueAsNew.
    expect(await watch.stop()).toEqual({ ended: true, status: 'CANCELLED' });
    expect((await registry.getAliases(MODEL)).production).toBe(good);
    await expect(watch.stop()).rejects.toThrow(/is not running \(cancelled\)/);
    // Deterministic: the first run (baseline, a deployment, idle polls) and the last (stopped) replay without error.
    // (After the stop: a replay worker in this process while the watch runs stalls the live worker's workflow tasks.)
    await replayWorkflowHistory(watch.watchId, first.runId);
    await replayWorkflowHistory(watch.watchId);
  }, 240_000);

  it('follows a source alias (a retraining hands its challenger to staging) into another alias', async () => {
    const watch = await inProcess.client.deployWatches.start({ name: MODEL, fromAlias: 'staging', toAlias: 'canary', pollSeconds: 1 });
    expect(watch.watchId).toBe('deploy-watch-watched-canary');
    await until('the watch to read the registry', async () => (await watch.state()).status.startsWith('watching moves of watched@staging'));
    // Versions registered meanwhile are not its business: only the alias's moves are.
    const candidate = await registerCopy(registry);
    await registerCopy(registry);
    await registry.setAlias(MODEL, 'staging', candidate);
    const state = await until('the staged version to be deployed', async () => ((s: DeployWatchState) => s.outcomes.length > 0 && s)(await watch.state()));
    expect(state.outcomes).toEqual([expect.objectContaining({ version: candidate, outcome: 'deployed' })]);
    expect(await registry.getAliases(MODEL)).toMatchObject({ staging: candidate, canary: candidate });
    expect((await watch.stop()).ended).toBe(true);
  }, 120_000);

  it('takes the challenger a retrain hands to staging (retrain.handoff) and promotes it after its check', async () => {
    const spec = listingsSpec('handed', {
      seed: 4,
      budget: { maxTrials: 1, parallelism: 1 },
      ensemble: false,
      rescore: false,
      pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
      register: { model: 'handed' },
      retrain: { handoff: 'staging' },
    });
    await (await inProcess.client.startSearch(await inProcess.client.prepare(spec, dir))).result();
    const watch = await inProcess.client.deployWatches.start({ name: 'handed', fromAlias: 'staging', pollSeconds: 1 });
    await until('the watch to read the registry', async () => (await watch.state()).status.startsWith('watching'));
    const retrain = await (await inProcess.client.startRetrain(spec, dir)).result();
    // The retrain moved staging, not production: that is the watch's job, after the check.
    expect(retrain.decision.promote).toBe(true);
    expect(retrain.decision.reason).toContain('handed to @staging for the deploy watch to check and promote');
    expect(retrain.handedOffTo).toBe('staging');
    expect(retrain.promotedVersion).toBeUndefined();
    const state = await until('the handed-over version to be deployed', async () => ((s: DeployWatchState) => s.outcomes.length > 0 && s)(await watch.state()));
    expect(state.outcomes).toEqual([expect.objectContaining({ version: 2, outcome: 'deployed' })]);
    expect(await registry.getAliases('handed')).toEqual({ staging: 2, production: 2 });
    expect((await watch.stop()).ended).toBe(true);
  }, 180_000);

  it('fails a watch of a model that does not exist, naming the models there are', async () => {
    const watch = await inProcess.client.deployWatches.start({ name: 'wacthed' });
    const error = (await watch.result().catch((e: unknown) => e)) as Error & { cause?: Error & { cause?: Error } };
    expect(String(error.cause?.cause?.message ?? error.cause?.message)).toMatch(/wacthed.*watched|watched.*wacthed/s);
  });
});
