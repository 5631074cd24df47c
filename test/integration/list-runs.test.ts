/**
 * `autoflow list` shows retrain and deploy runs beside searches, each with its kind. The runs
 * are started on a task queue no worker serves: they stay RUNNING, which is all a listing needs.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { AutoflowClient } from '../../client/autoflow-client.js';
import { packageRoot } from '../../devserver/project-paths.js';
import { waitFor } from '../helpers/processes.js';

const taskQueue = `nobody-${process.pid}`;
const ids = { search: `list-search-${process.pid}`, retrain: `list-retrain-${process.pid}`, deploy: `list-deploy-${process.pid}` };
let client: AutoflowClient;

afterAll(async () => {
  for (const id of Object.values(ids)) await client?.client.workflow.getHandle(id).terminate('test over').catch(() => undefined);
  await client?.close();
});

describe('autoflow list', () => {
  it('lists searches, retrains and deploys with their kind', async () => {
    client = await AutoflowClient.connect({ address: inject('temporalAddress'), namespace: 'default', taskQueue });
    const start = (type: string, workflowId: string) => client.client.workflow.start(type, { taskQueue, workflowId, args: [{}] });
    await start('automlSearch', ids.search);
    await start('retrainModel', ids.retrain);
    await start('deployModel', ids.deploy);

    const listed = await waitFor('all three in the visibility store', async () => {
      const rows = await client.listRuns({ limit: 200 });
      return Object.values(ids).every((id) => rows.some((r) => r.searchId === id)) && rows;
    });
    const kindOf = (id: string) => listed.find((r) => r.searchId === id)?.kind;
    expect([kindOf(ids.search), kindOf(ids.retrain), kindOf(ids.deploy)]).toEqual(['search', 'retrain', 'deploy']);
    expect((await client.listSearches({ limit: 200 })).map((r) => r.searchId)).not.toContain(ids.retrain);

    const { stdout } = await promisify(execFile)(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), 'list', '-n', '200'], { env: { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), NO_COLOR: '1' } });
    const line = (id: string) => stdout.split('\n').find((l) => l.includes(id)) ?? '';
    expect(line(ids.retrain)).toMatch(/^retrain\s/);
    expect(line(ids.deploy)).toMatch(/^deploy\s/);
    expect(line(ids.search)).toMatch(/^search\s/);
  });
});
