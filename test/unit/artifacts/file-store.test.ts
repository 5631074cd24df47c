import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import {
  ArtifactCorruptError,
  ArtifactNotFoundError,
  FileArtifactStore,
  InvalidArtifactKeyError,
  createArtifactStore,
  getJSON,
  putJSON,
  sha256Hex,
} from '../../../artifacts/index.js';

let dir: string;
let store: FileArtifactStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-artifacts-'));
  store = new FileArtifactStore(join(dir, 'root'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileArtifactStore', () => {
  it('round-trips put, get and head', async () => {
    const ref = await store.put('datasets/abc/train.csv', 'a,b\n1,2\n');
    expect(ref).toEqual({
      uri: pathToFileURL(join(dir, 'root', 'datasets', 'abc', 'train.csv')).href,
      sha256: sha256Hex('a,b\n1,2\n'),
      bytes: 8,
    });
    expect(ref.uri).toBe(store.uriFor('datasets/abc/train.csv'));
    expect(store.rootUri).toBe(pathToFileURL(join(dir, 'root')).href);
    expect((await store.get(ref)).toString('utf8')).toBe('a,b\n1,2\n');
    expect((await store.get('datasets/abc/train.csv')).toString('utf8')).toBe('a,b\n1,2\n');
    expect((await store.get(ref.uri)).toString('utf8')).toBe('a,b\n1,2\n');
    expect(await store.head('datasets/abc/train.csv')).toEqual(ref);
    expect(await store.head('datasets/abc/missing.csv')).toBeUndefined();
    expect(await store.head('datasets/abc')).toBeUndefined(); // a directory is not an artifact
  });

  it('stores binary data byte for byte', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const ref = await store.put('bin/all-bytes', bytes);
    expect(ref.bytes).toBe(256);
    expect(Buffer.compare(await store.get(ref), Buffer.from(bytes))).toBe(0);
  });

  it('leaves an existing file alone when the same bytes are written again', async () => {
    const first = await store.put('trials/s1/7.json', '{"score":0.9}');
    const path = join(dir, 'root', 'trials', 's1', '7.json');
    const before = await stat(path);
    const second = await store.put('trials/s1/7.json', '{"score":0.9}');
    const after = await stat(path);
    expect(second).toEqual(first);
    expect(after.ino).toBe(before.ino); // not replaced by a rename
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('replaces a key atomically with new bytes and leaves no temp files', async () => {
    await store.put('trials/s1/7.json', 'old');
    const ref = await store.put('trials/s1/7.json', 'new contents');
    expect((await store.get(ref)).toString()).toBe('new contents');
    expect(await readdir(join(dir, 'root', 'trials', 's1'))).toEqual(['7.json']);
  });

  it('gives every concurrent writer of the same bytes the same ref', async () => {
    const refs = await Promise.all(Array.from({ length: 10 }, () => store.put('same/key', 'payload')));
    for (const r of refs) expect(r).toEqual(refs[0]);
    expect((await store.get(refs[0])).toString()).toBe('payload');
    expect(await readdir(join(dir, 'root', 'same'))).toEqual(['key']);
  });

  it('detects a corrupt file on get(ref)', async () => {
    const ref = await store.put('models/m.bin', 'abcdef');
    await writeFile(join(dir, 'root', 'models', 'm.bin'), 'abcdeX'); // same size, other bytes
    const err = await store.get(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactCorruptError);
    expect((err as Error).message).toBe(`artifact ${ref.uri} is corrupt: sha256 ${sha256Hex('abcdeX')} expected ${ref.sha256}`);
    // Reading by uri or key does not verify.
    expect((await store.get(ref.uri)).toString()).toBe('abcdeX');
  });

  it('detects a truncated file on get(ref)', async () => {
    const ref = await store.put('models/m.bin', 'abcdef');
    await writeFile(join(dir, 'root', 'models', 'm.bin'), 'abc');
    await expect(store.get(ref)).rejects.toThrow(`artifact ${ref.uri} is corrupt: 3 bytes, expected 6`);
  });

  it('reports a missing artifact by its uri', async () => {
    const uri = store.uriFor('nope/x.json');
    await expect(store.get('nope/x.json')).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(store.get({ uri, sha256: 'x', bytes: 1 })).rejects.toThrow(`artifact ${uri} does not exist`);
  });

  it('reads file:// URIs outside its root (datasets written elsewhere)', async () => {
    const elsewhere = join(dir, 'my data', 'train.csv');
    const other = new FileArtifactStore(join(dir, 'my data'));
    const ref = await other.put('train.csv', 'x\n1\n');
    expect(ref.uri).toBe(pathToFileURL(elsewhere).href);
    expect(ref.uri).toContain('my%20data');
    expect((await store.get(ref)).toString()).toBe('x\n1\n');
    expect((await store.get(ref.uri)).toString()).toBe('x\n1\n');
  });

  it('refuses URIs it cannot read with a clear message', async () => {
    await expect(store.get('gs://bucket/key')).rejects.toThrow(/configure a gs:\/\/ artifact store root/);
    await expect(store.get('s3://bucket/key')).rejects.toThrow(/not s3:\/\//);
  });

  const badKeys = ['../x', 'a/../../x', 'a/..', '/etc/passwd', 'a//b', 'a/', '', 'a\\b', '..\\x', './a', 'a/./b', 'C:/x', 'a\u0000b'];
  it.each(badKeys)('rejects the key %j everywhere', async (key) => {
    for (const call of [() => store.put(key, 'x'), () => store.get(key), () => store.head(key)]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArtifactKeyError);
      expect(isUserInputError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^artifact key .*(is invalid|is empty)/);
    }
    expect(() => store.uriFor(key)).toThrow(InvalidArtifactKeyError);
    // Nothing was written anywhere.
    expect(await readdir(dir)).toEqual([]);
  });

  it('names the problem in the key error', async () => {
    await expect(store.put('../x', 'x')).rejects.toThrow('artifact key "../x" is invalid: it contains a ".." segment');
    await expect(store.put('/abs', 'x')).rejects.toThrow(/it is absolute/);
    await expect(store.put('a\\b', 'x')).rejects.toThrow(/backslash/);
    await expect(store.put('a//b', 'x')).rejects.toThrow(/empty segment/);
  });

  it('explains a key that collides with a directory or a file', async () => {
    await store.put('a/b', 'x');
    await expect(store.put('a', 'y')).rejects.toThrow(/a directory with that name exists/);
    await expect(store.put('a/b/c', 'y')).rejects.toThrow(/a parent of key "a\/b\/c" is a file/);
  });

  it('round-trips JSON through putJSON/getJSON', async () => {
    const ref = await putJSON(store, 'splits/s.json', { train: [1, 2], test: [3] });
    expect(await getJSON(store, ref)).toEqual({ train: [1, 2], test: [3] });
    expect(JSON.parse(await readFile(join(dir, 'root', 'splits', 's.json'), 'utf8'))).toEqual({ train: [1, 2], test: [3] });
  });
});

describe('createArtifactStore', () => {
  it('accepts a path or a file:// URI', async () => {
    const a = createArtifactStore(join(dir, 'a'));
    expect(a).toBeInstanceOf(FileArtifactStore);
    expect(a.rootUri).toBe(pathToFileURL(join(dir, 'a')).href);
    const b = createArtifactStore(pathToFileURL(join(dir, 'b')).href);
    expect((b as FileArtifactStore).rootDir).toBe(join(dir, 'b'));
    const ref = await b.put('k', 'v');
    expect((await a.get(ref)).toString()).toBe('v');
  });

  it('opens gs:// roots with the GCS store (no request until first use)', () => {
    expect(createArtifactStore('gs://bucket/prefix/').rootUri).toBe('gs://bucket/prefix');
    expect(createArtifactStore('gs://bucket').rootUri).toBe('gs://bucket');
  });

  it('refuses unknown schemes and invalid gs:// roots, as user errors', () => {
    for (const uri of ['gs://Bad_Bucket/x', 'gs://bucket/../x', 's3://bucket/x', '']) {
      let err: unknown;
      try {
        createArtifactStore(uri);
      } catch (e) {
        err = e;
      }
      expect(isUserInputError(err)).toBe(true);
    }
  });
});
