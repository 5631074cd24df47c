/**
 * A namespace without AutoFlow's search attributes (Temporal Cloud, a namespace created by
 * hand): the search says so at start and runs without them. Before, every workflow task that
 * upserted them failed, and the search never got past its first step.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createArtifactStore } from '../../artifacts/index.js';
import { AutoflowClient } from '../../client/autoflow-client.js';
import { createModelRegistry } from '../../registry/index.js';
import { createAutoflowWorker } from '../../worker/create-worker.js';
import { listingsDir, listingsSpec } from '../helpers/listings-search.js';
import { syntheticRows } from '../helpers/synthetic-text.js';
import { waitFor } from '../helpers/processes.js';

const namespace = `bare-${process.pid}`;
const taskQueue = `bare-namespace-${process.pid}`;
let dir: string;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  const address = inject('temporalAddress');
  dir = await listingsDir('autoflow-bare-namespace-', syntheticRows(300, 4));
  // A namespace created by hand: the dev server's --search-attribute flags never reach it.
  await promisify(execFile)(inject('temporalBinary'), ['operator', 'namespace', 'create', '--address', address, '--namespace', namespace]);
  const connection = await Connection.connect({ address });
  await waitFor('the new namespace', () => connection.workflowService.describeNamespace({ namespace }).then(() => true));
  await connection.close();
  const native = await NativeConnection.connect({ address });
  const worker = await createAutoflowWorker({
    connection: native,
    namespace,
    taskQueue,
    deps: { store: createArtifactStore(join(dir, 'artifacts')), registry: createModelRegistry(join(dir, 'registry')), codeVersion: 'test' },
    concurrency: 2,
    overrides: { shutdownGraceTime: '1 second' },
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await native.close();
  };
});

afterAll(async () => {
  await stopWorker?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The workflow upserted none of AutoFlow's attributes, and none of its workflow tasks failed. */
async function expectNoAutoflowAttributes(client: AutoflowClient, workflowId: string): Promise<void> {
  const events = (await client.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  // Only Temporal's own (TemporalChangeVersion, written by patched()) may be upserted.
  const upserted = events.flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
  expect(upserted.filter((name) => name.startsWith('Autoflow')), workflowId).toEqual([]);
  expect(events.some((e) => e.workflowTaskFailedEventAttributes), workflowId).toBe(false);
}

describe('a namespace without AutoFlow search attributes', () => {
  it('says so at start and completes the search without them', async () => {
    const client = await AutoflowClient.connect({ address: inject('temporalAddress'), namespace, taskQueue });
    try {
      const spec = listingsSpec('bare', {
        budget: { maxTrials: 2, parallelism: 2 },
        pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
        rescore: false,
        ensemble: false,
        register: false,
      });
      const search = await client.startSearch(await client.prepare(spec, dir));
      expect(search.notice).toContain(`namespace ${namespace} lacks the search attributes AutoflowExperiment, AutoflowStatus, AutoflowBestScore, AutoflowTrialsDone`);
      const result = await search.result();
      expect(result.trials).toBe(2);
      expect((await search.progress()).notice).toBe(search.notice);
      await expectNoAutoflowAttributes(client, search.searchId);
    } finally {
      await client.close();
    }
  });

  it('runs a retrain and its search without them too', async () => {
    const client = await AutoflowClient.connect({ address: inject('temporalAddress'), namespace, taskQueue });
    try {
      const spec = listingsSpec('bare-retrain', {
        budget: { maxTrials: 2, parallelism: 2 },
        pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
        rescore: false,
        ensemble: false,
        register: { model: 'bare-retrain' },
        retrain: { championAlias: 'production' },
      });
      const retrain = await client.startRetrain(spec, dir);
      expect(retrain.notice).toContain(`namespace ${namespace} lacks the search attributes`);
      const result = await retrain.result();
      expect(result.promotedVersion).toBe(1);
      for (const workflowId of [retrain.retrainId, `${retrain.retrainId}-search`]) await expectNoAutoflowAttributes(client, workflowId);
    } finally {
      await client.close();
    }
  });
});
