import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import { sha256Hex } from '../../../artifacts/hash.js';
import { FileSystemModelRegistry, GcsModelRegistry, LockTimeoutError, ModelIntegrityError, createModelRegistry } from '../../../registry/index.js';
import { registryContractSuite, versionInfo } from './registry-contract.js';

registryContractSuite('FileSystemModelRegistry', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'autoflow-registry-'));
  const fileOf = (name: string, version: number, path: string) => join(dir, name, 'versions', String(version), ...path.split('/'));
  return {
    registry: new FileSystemModelRegistry(dir),
    openAnother: () => new FileSystemModelRegistry(dir),
    tamper: (name, version, path, data) => writeFile(fileOf(name, version, path), data),
    removeFile: (name, version, path) => rm(fileOf(name, version, path)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('FileSystemModelRegistry on disk', () => {
  let dir: string;
  let reg: FileSystemModelRegistry;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-registry-fs-'));
    reg = new FileSystemModelRegistry(dir);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the documented layout', async () => {
    const v = await reg.register('spam', { 'pipeline.json': '{}', 'sub/x.bin': 'x' }, versionInfo(), { idempotencyKey: 'search-9' });
    await reg.setAlias('spam', 'production', 1);
    expect(v.uri).toBe(pathToFileURL(join(dir, 'spam', 'versions', '1')).href);
    expect((await readdir(join(dir, 'spam', 'versions', '1'))).sort()).toEqual(['pipeline.json', 'sub', 'version.json']);
    const manifest = JSON.parse(await readFile(join(dir, 'spam', 'versions', '1', 'version.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'autoflow.model-version/v1', name: 'spam', idempotencyKey: 'search-9', metrics: versionInfo().metrics });
    expect(manifest.files).toEqual(v.files);
    expect(JSON.parse(await readFile(join(dir, 'spam', 'aliases.json'), 'utf8')).aliases).toEqual({ production: 1 });
    expect(JSON.parse(await readFile(join(dir, 'spam', 'keys', sha256Hex('search-9')), 'utf8'))).toMatchObject({ key: 'search-9', version: 1 });
    // No temp directories, lock files or stray temp files are left behind.
    expect((await readdir(join(dir, 'spam'))).sort()).toEqual(['aliases.json', 'aliases.log.jsonl', 'keys', 'versions']);
    expect(await reg.aliasHistory('spam')).toMatchObject([{ action: 'set', alias: 'production', from: null, to: 1 }]);
  });

  it('never shows a half-written registration', async () => {
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    // A registration that crashed mid-way: its temp directory has files but was never renamed.
    await mkdir(join(dir, 'spam', '.tmp-crashed'), { recursive: true });
    await writeFile(join(dir, 'spam', '.tmp-crashed', 'a.txt'), 'half');
    expect((await reg.listVersions('spam')).map((v) => v.version)).toEqual([1]);
    expect((await reg.register('spam', { 'a.txt': 'b' }, versionInfo())).version).toBe(2);
  });

  it('keeps a deleted version as a tombstone so its number is never reused', async () => {
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    await reg.register('spam', { 'a.txt': 'b' }, versionInfo());
    await reg.deleteVersion('spam', 2);
    expect(await readdir(join(dir, 'spam', 'versions', '2'))).toEqual(['.deleted']);
    expect((await new FileSystemModelRegistry(dir).register('spam', { 'a.txt': 'c' }, versionInfo())).version).toBe(3);
    expect(await reg.aliasHistory('spam')).toMatchObject([{ action: 'delete-version', version: 2 }]);
  });

  it('recovers an idempotency key whose key file was never written (crash after publish)', async () => {
    const v = await reg.register('spam', { 'a.txt': 'a' }, versionInfo(), { idempotencyKey: 'k1' });
    await rm(join(dir, 'spam', 'keys', sha256Hex('k1')));
    expect((await reg.register('spam', { 'a.txt': 'a' }, versionInfo(), { idempotencyKey: 'k1' })).version).toBe(v.version);
    expect(await stat(join(dir, 'spam', 'keys', sha256Hex('k1')))).toBeTruthy();
  });

  it('reserves its own file names inside a version', async () => {
    const err = await reg.register('spam', { 'version.json': '{}' }, versionInfo()).catch((e: Error) => e);
    expect(isUserInputError(err)).toBe(true);
    expect((err as Error).message).toMatch(/file path "version.json" is reserved/);
    const conflict = await reg.register('spam', { a: 'x', 'a/b': 'y' }, versionInfo()).catch((e: Error) => e);
    expect((conflict as Error).message).toMatch(/conflict/);
  });

  it('reports a corrupt manifest as an integrity error', async () => {
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    await writeFile(join(dir, 'spam', 'versions', '1', 'version.json'), '{ not json');
    await expect(reg.getVersion('spam', 1)).rejects.toBeInstanceOf(ModelIntegrityError);
  });

  it('breaks a stale alias lock left by a crashed process', async () => {
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    const lock = join(dir, 'spam', 'aliases.lock');
    await writeFile(lock, JSON.stringify({ token: 'dead', pid: 1, host: 'elsewhere', acquiredAt: '2000-01-01T00:00:00Z' }));
    const old = new Date(Date.now() - 3600_000);
    await utimes(lock, old, old);
    await reg.setAlias('spam', 'production', 1);
    expect(await reg.getAliases('spam')).toEqual({ production: 1 });
    await expect(stat(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('waits for a live lock holder and gives up with a clear error', async () => {
    await reg.register('spam', { 'a.txt': 'a' }, versionInfo());
    await writeFile(join(dir, 'spam', 'aliases.lock'), JSON.stringify({ token: 'live', pid: process.pid, host: 'elsewhere', acquiredAt: new Date().toISOString() }));
    const impatient = new FileSystemModelRegistry(dir, { lock: { timeoutMs: 20, staleMs: 3600_000 } });
    const err = await impatient.setAlias('spam', 'production', 1).catch((e: Error) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toMatch(/waiting for lock .*aliases\.lock \(held by pid \d+ on elsewhere/);
    expect(await reg.getAliases('spam')).toEqual({});
  });
});

describe('createModelRegistry', () => {
  it('opens the filesystem registry from a path or a file:// URI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoflow-registry-uri-'));
    try {
      const a = createModelRegistry(dir);
      expect(a).toBeInstanceOf(FileSystemModelRegistry);
      await a.register('spam', { 'a.txt': 'a' }, versionInfo());
      const b = createModelRegistry(pathToFileURL(dir).href);
      expect((b as FileSystemModelRegistry).rootDir).toBe(dir);
      expect((await b.resolve('spam')).version).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens gs:// roots with the GCS registry (tested in gcs-registry.test.ts) and refuses invalid ones', () => {
    expect((createModelRegistry('gs://bucket/registry') as GcsModelRegistry).rootUri).toBe('gs://bucket/registry');
    let err: unknown;
    try {
      createModelRegistry('gs://Bad_Bucket/registry');
    } catch (e) {
      err = e;
    }
    expect(isUserInputError(err)).toBe(true);
    expect((err as Error).message).toMatch(/bucket name "Bad_Bucket" is invalid/);
  });
});
