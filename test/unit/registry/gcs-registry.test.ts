/**
 * The GCS registry against fake-gcs-server over HTTP: the shared contract suite, plus what is
 * specific to object storage (layout, crashed registrations, preconditions really enforced).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import { GcsBucket } from '../../../artifacts/gcs-bucket.js';
import { sha256Hex } from '../../../artifacts/hash.js';
import { GcsModelRegistry, createModelRegistry } from '../../../registry/index.js';
import { startFakeGcs, type FakeGcs } from '../../helpers/fake-gcs.js';
import { registryContractSuite, versionInfo } from './registry-contract.js';

let fake: Promise<FakeGcs> | undefined;
const emulator = () => (fake ??= startFakeGcs());
afterAll(async () => (await fake)?.stop());

async function freshRoot(prefix = 'models') {
  const gcs = await emulator();
  const bucket = `reg-${randomBytes(6).toString('hex')}`;
  await gcs.createBucket(bucket);
  const open = () => new GcsModelRegistry(bucket, prefix, { apiEndpoint: gcs.endpoint });
  return { bucket, open, objects: new GcsBucket(bucket, prefix, { apiEndpoint: gcs.endpoint }) };
}

registryContractSuite('GcsModelRegistry (fake-gcs-server)', async () => {
  const { open, objects } = await freshRoot();
  return {
    registry: open(),
    openAnother: open,
    tamper: async (name, version, path, data) => {
      await objects.write(`${name}/versions/${version}/${path}`, data);
    },
    removeFile: (name, version, path) => objects.delete(`${name}/versions/${version}/${path}`),
    cleanup: async () => undefined, // the emulator keeps buckets in memory; each fixture has its own
  };
});

describe('GcsModelRegistry on fake-gcs-server', () => {
  let root: Awaited<ReturnType<typeof freshRoot>>;
  let reg: GcsModelRegistry;
  beforeAll(async () => {
    await emulator();
  });

  const fresh = async () => {
    root = await freshRoot();
    reg = root.open();
  };

  it('runs against an emulator that really enforces generation preconditions', async () => {
    await fresh();
    expect(await root.objects.create('probe', 'a')).toBe(true);
    expect(await root.objects.create('probe', 'b')).toBe(false);
    const stat = await root.objects.stat('probe');
    expect(await root.objects.write('probe', 'c', { ifGenerationMatch: `${stat!.generation}1` })).toBe(false);
    expect(await root.objects.write('probe', 'c', { ifGenerationMatch: stat!.generation })).toBe(true);
    expect((await root.objects.read('probe'))!.data.toString()).toBe('c');
  });

  it('uses the documented layout under gs://bucket/prefix', async () => {
    await fresh();
    const v = await reg.register('spam', { 'pipeline.json': '{}', 'sub/x.bin': 'x' }, versionInfo(), { idempotencyKey: 'search-9' });
    await reg.setAlias('spam', 'production', 1);
    expect(reg.rootUri).toBe(`gs://${root.bucket}/models`);
    expect(v.uri).toBe(`gs://${root.bucket}/models/spam/versions/1`);
    const names = (await root.objects.list('spam/')).map((o) => o.name).filter((n) => !n.startsWith('spam/history/')).sort();
    expect(names).toEqual([
      'spam/aliases.json',
      'spam/claims/1',
      `spam/keys/${sha256Hex('search-9')}`,
      'spam/versions/1/pipeline.json',
      'spam/versions/1/sub/x.bin',
      'spam/versions/1/version.json',
    ]);
    const manifest = JSON.parse((await root.objects.read('spam/versions/1/version.json'))!.data.toString());
    expect(manifest).toMatchObject({ format: 'autoflow.model-version/v1', name: 'spam', idempotencyKey: 'search-9' });
    expect(manifest.files).toEqual(v.files);
    expect(await reg.aliasHistory('spam')).toMatchObject([{ action: 'set', alias: 'production', from: null, to: 1 }]);
  });

  it('hides a registration that crashed before its manifest and never reuses its number', async () => {
    await fresh();
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    // A crashed registration: number 2 claimed, a file written, no manifest.
    await root.objects.create('spam/claims/2', '');
    await root.objects.write('spam/versions/2/a.txt', 'half');
    expect((await reg.listVersions('spam')).map((v) => v.version)).toEqual([1]);
    await expect(reg.getVersion('spam', 2)).rejects.toThrow(/model spam has no version 2; versions: 1/);
    expect((await reg.register('spam', { 'a.txt': 'b' }, versionInfo())).version).toBe(3);
  });

  it('deletes a version’s objects, records the deletion, and keeps the number taken', async () => {
    await fresh();
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    await reg.register('spam', { 'a.txt': 'b' }, versionInfo());
    await reg.deleteVersion('spam', 2);
    expect(await root.objects.list('spam/versions/2/')).toEqual([]);
    expect((await root.open().register('spam', { 'a.txt': 'c' }, versionInfo())).version).toBe(3);
    expect(await reg.aliasHistory('spam')).toMatchObject([{ action: 'delete-version', version: 2 }]);
  });

  it('recovers an idempotency key whose record was never written (crash after the manifest)', async () => {
    await fresh();
    const v = await reg.register('spam', { 'a.txt': 'a' }, versionInfo(), { idempotencyKey: 'k1' });
    await root.objects.delete(`spam/keys/${sha256Hex('k1')}`);
    expect((await reg.register('spam', { 'a.txt': 'a' }, versionInfo(), { idempotencyKey: 'k1' })).version).toBe(v.version);
    expect(await root.objects.stat(`spam/keys/${sha256Hex('k1')}`)).toBeDefined();
  });

  it('is what createModelRegistry opens for gs:// with STORAGE_EMULATOR_HOST', async () => {
    await fresh();
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = (await emulator()).endpoint.replace('http://', ''); // host:port, as gcloud writes it
    try {
      const opened = createModelRegistry(`gs://${root.bucket}/models/`);
      expect(opened).toBeInstanceOf(GcsModelRegistry);
      expect((await opened.resolve('spam@latest')).version).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });

  it('refuses invalid bucket names and prefixes as user errors', () => {
    for (const [bucket, prefix] of [['Bad_Bucket', ''], ['ok-bucket', '../up'], ['ok-bucket', 'a//b']]) {
      let err: unknown;
      try {
        new GcsModelRegistry(bucket, prefix);
      } catch (e) {
        err = e;
      }
      expect(isUserInputError(err), `${bucket} ${prefix}`).toBe(true);
    }
  });

  it('names the bucket when it does not exist', async () => {
    const missing = new GcsModelRegistry(`missing-${randomBytes(4).toString('hex')}`, '', { apiEndpoint: (await emulator()).endpoint });
    await expect(missing.register('spam', { 'a.txt': 'a' }, versionInfo())).rejects.toThrow(/gs:\/\/missing-[0-9a-f]+.*does the bucket exist\?/);
  });
});
