/**
 * The gs:// artifact store against fake-gcs-server over HTTP: the same behaviours the
 * filesystem store guarantees (atomic, idempotent, verified reads, safe keys).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isUserInputError } from '../../core/errors.js';
import { ArtifactCorruptError, ArtifactNotFoundError, GcsArtifactStore, InvalidArtifactKeyError, createArtifactStore, getJSON, putJSON, sha256Hex } from '../../artifacts/index.js';
import { GcsBucket } from '../../artifacts/gcs-bucket.js';
import { startFakeGcs, type FakeGcs } from '../helpers/fake-gcs.js';

let gcs: FakeGcs;
beforeAll(async () => {
  gcs = await startFakeGcs();
});
afterAll(async () => gcs?.stop());

describe('GcsArtifactStore', () => {
  let bucket: string;
  let store: GcsArtifactStore;
  let raw: GcsBucket;

  beforeEach(async () => {
    bucket = `art-${randomBytes(6).toString('hex')}`;
    await gcs.createBucket(bucket);
    store = new GcsArtifactStore(bucket, 'root', { apiEndpoint: gcs.endpoint });
    raw = new GcsBucket(bucket, 'root', { apiEndpoint: gcs.endpoint });
  });

  it('round-trips put, get and head', async () => {
    const ref = await store.put('datasets/abc/train.csv', 'a,b\n1,2\n');
    expect(ref).toEqual({ uri: `gs://${bucket}/root/datasets/abc/train.csv`, sha256: sha256Hex('a,b\n1,2\n'), bytes: 8 });
    expect(ref.uri).toBe(store.uriFor('datasets/abc/train.csv'));
    expect(store.rootUri).toBe(`gs://${bucket}/root`);
    expect((await store.get(ref)).toString()).toBe('a,b\n1,2\n');
    expect((await store.get('datasets/abc/train.csv')).toString()).toBe('a,b\n1,2\n');
    expect((await store.get(ref.uri)).toString()).toBe('a,b\n1,2\n');
    expect(await store.head('datasets/abc/train.csv')).toEqual(ref);
    expect(await store.head('datasets/abc/missing.csv')).toBeUndefined();
  });

  it('stores binary data byte for byte', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const ref = await store.put('bin/all-bytes', bytes);
    expect(Buffer.compare(await store.get(ref), Buffer.from(bytes))).toBe(0);
  });

  it('leaves an existing object alone when the same bytes are written again', async () => {
    await store.put('trials/s1/7.json', '{"score":0.9}');
    const before = await raw.stat('trials/s1/7.json');
    await store.put('trials/s1/7.json', '{"score":0.9}');
    expect((await raw.stat('trials/s1/7.json'))!.generation).toBe(before!.generation);
  });

  it('replaces a key with new bytes', async () => {
    await store.put('trials/s1/7.json', 'old');
    const ref = await store.put('trials/s1/7.json', 'new contents');
    expect((await store.get(ref)).toString()).toBe('new contents');
  });

  it('gives every concurrent writer of the same bytes the same ref, and one of many different writers wins whole', async () => {
    const refs = await Promise.all(Array.from({ length: 10 }, () => store.put('same/key', 'payload')));
    for (const r of refs) expect(r).toEqual(refs[0]);
    const different = await Promise.all(Array.from({ length: 6 }, (_, i) => store.put('racy/key', `writer ${i}`)));
    const final = (await store.get('racy/key')).toString();
    expect(different.map((r) => r.sha256)).toContain(sha256Hex(final));
    expect((await store.head('racy/key'))!.sha256).toBe(sha256Hex(final)); // metadata matches the bytes that won
  });

  it('detects corrupt and truncated objects on get(ref)', async () => {
    const ref = await store.put('models/m.bin', 'abcdef');
    await raw.write('models/m.bin', 'abcdeX');
    await expect(store.get(ref)).rejects.toThrow(`artifact ${ref.uri} is corrupt: sha256 ${sha256Hex('abcdeX')} expected ${ref.sha256}`);
    await raw.write('models/m.bin', 'abc');
    const err = await store.get(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactCorruptError);
    expect((err as Error).message).toBe(`artifact ${ref.uri} is corrupt: 3 bytes, expected 6`);
    expect((await store.get(ref.uri)).toString()).toBe('abc'); // by uri: no verification
  });

  it('hashes objects written by other tools in head()', async () => {
    await raw.write('foreign.csv', 'x,y\n');
    expect(await store.head('foreign.csv')).toEqual({ uri: `gs://${bucket}/root/foreign.csv`, sha256: sha256Hex('x,y\n'), bytes: 4 });
  });

  it('reports a missing artifact by its uri', async () => {
    const uri = store.uriFor('nope/x.json');
    await expect(store.get('nope/x.json')).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(store.get({ uri, sha256: 'x', bytes: 1 })).rejects.toThrow(`artifact ${uri} does not exist`);
  });

  it('reads gs:// URIs outside its root, in other buckets too', async () => {
    const otherBucket = `art-${randomBytes(6).toString('hex')}`;
    await gcs.createBucket(otherBucket);
    const other = new GcsArtifactStore(otherBucket, '', { apiEndpoint: gcs.endpoint });
    const ref = await other.put('shared/train.csv', 'x\n1\n');
    expect(ref.uri).toBe(`gs://${otherBucket}/shared/train.csv`);
    expect((await store.get(ref)).toString()).toBe('x\n1\n');
  });

  it('refuses URIs it cannot read with a clear message', async () => {
    await expect(store.get('file:///tmp/x')).rejects.toThrow(/reads gs:\/\/ URIs and keys under gs:\/\/.*\/root, not file:\/\//);
    await expect(store.get(`gs://${bucket}`)).rejects.toThrow(/names a bucket, not an object/);
  });

  it.each(['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/', '', 'a\\b', './a'])('rejects the key %j everywhere', async (key) => {
    for (const call of [() => store.put(key, 'x'), () => store.get(key), () => store.head(key)]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArtifactKeyError);
    }
    expect(await raw.list('')).toEqual([]);
  });

  it('round-trips JSON and is what createArtifactStore opens for gs://', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = gcs.endpoint;
    try {
      const opened = createArtifactStore(`gs://${bucket}/root`);
      const ref = await putJSON(opened, 'splits/s.json', { train: [1, 2], test: [3] });
      expect(await getJSON(store, ref)).toEqual({ train: [1, 2], test: [3] });
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });

  it('refuses invalid roots as user errors', () => {
    for (const [b, p] of [['UPPER', ''], ['x', ''], ['ok-bucket', '../x']]) {
      let err: unknown;
      try {
        new GcsArtifactStore(b, p);
      } catch (e) {
        err = e;
      }
      expect(isUserInputError(err), `${b}/${p}`).toBe(true);
    }
  });
});
