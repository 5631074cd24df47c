/**
 * The production shape on fake-gcs-server: bundles registered in a gs:// registry, verified on
 * load, served and followed through an alias; and the CLI pointed at gs:// through
 * STORAGE_EMULATOR_HOST, as a deployment would be.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcsBucket } from '../../artifacts/gcs-bucket.js';
import { packageRoot } from '../../devserver/project-paths.js';
import { GcsModelRegistry, ModelIntegrityError, loadBundle } from '../../registry/index.js';
import { startServing } from '../../serving/start-serving.js';
import { startFakeGcs, type FakeGcs } from '../helpers/fake-gcs.js';
import { fitModel, registerModel, sampleRecords } from './serving-fixtures.js';

let gcs: FakeGcs;
let bucket: string;
let registry: GcsModelRegistry;

beforeAll(async () => {
  gcs = await startFakeGcs();
  bucket = `serve-${randomBytes(6).toString('hex')}`;
  await gcs.createBucket(bucket);
  registry = new GcsModelRegistry(bucket, 'models', { apiEndpoint: gcs.endpoint });
  await registerModel(registry, 'spam', fitModel(0.5));
  await registerModel(registry, 'spam', fitModel(50));
  await registry.setAlias('spam', 'production', 1);
});

afterAll(async () => gcs?.stop());

describe('serving from a gs:// registry', () => {
  it('serves the aliased version and follows the alias', async () => {
    const running = await startServing({ registry, reference: 'spam@production', port: 0, pollIntervalMs: 0 });
    try {
      const predict = async () =>
        (await (await fetch(`${running.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: sampleRecords(2) }) })).json()) as {
          model: { version: number };
        };
      expect((await predict()).model.version).toBe(1);
      await registry.setAlias('spam', 'production', 2, { expectedVersion: 1 });
      await running.follower.check();
      expect((await predict()).model.version).toBe(2);
    } finally {
      await running.close();
    }
  });

  it('refuses a tampered or partial bundle with an error naming the file', async () => {
    const v = await registerModel(registry, 'tampered', fitModel(1));
    const objects = new GcsBucket(bucket, 'models', { apiEndpoint: gcs.endpoint });
    await objects.write(`tampered/versions/${v.version}/pipeline.json`, '{"format":"autoflow.pipeline/v1"}');
    await expect(loadBundle(registry, 'tampered@latest')).rejects.toThrow(/model tampered\/1: file "pipeline.json" is corrupt/);
    await objects.delete(`tampered/versions/${v.version}/metrics.json`);
    const err = await loadBundle(registry, 'tampered/1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIntegrityError);
  });

  it('is reachable from the CLI through STORAGE_EMULATOR_HOST', async () => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), 'registry', 'list', 'spam', '--registry', `gs://${bucket}/models`, '--json'], {
        env: { ...process.env, STORAGE_EMULATOR_HOST: gcs.endpoint, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });
});
