/**
 * The filesystem model registry (embedded default).
 *
 * Layout under the root:
 *   <name>/versions/<n>/{files…, version.json}   immutable; appears whole via one directory rename
 *   <name>/versions/<n>/.deleted                 tombstone: the number stays taken, never reused
 *   <name>/aliases.json                          { aliases: { production: 3 } }, replaced atomically under aliases.lock
 *   <name>/aliases.log.jsonl                     one line per alias move / version deletion (audit)
 *   <name>/keys/<sha256(idempotencyKey)>         { key, version }, created exclusively
 *   <name>/.tmp-<random>/                        a registration in progress, invisible to readers
 *
 * Registration writes every file into a temp directory, then renames it to versions/<max+1>;
 * when another process took that number first the rename fails (ENOTEMPTY/EEXIST) and the
 * next number is tried. Readers therefore never see a half-written version.
 */
import { appendFile, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserInputError } from '../core/errors.js';
import { createFileExclusive, fsyncDir, isErrno, writeFileAtomic, writeNewFile } from '../artifacts/fs-atomic.js';
import { sha256Hex } from '../artifacts/hash.js';
import { AliasConflictError } from './errors.js';
import { removeFileIfSame, withFileLock, type FileLockOptions } from './fs-lock.js';
import { aliasNotFound, fileNotFound, modelNotFound, versionNotFound, versionStillAliased } from './lookup-errors.js';
import type { ModelRegistry, ModelVersion, RegisterOptions, VersionInfo } from './model-registry.js';
import { validateAliasName, validateModelName, validateVersionNumber } from './model-names.js';
import { validateRegistration } from './registration-input.js';
import { resolveReference } from './resolve-reference.js';
import {
  buildManifest,
  parseManifest,
  serializeManifest,
  toModelVersion,
  verifyVersionFile,
  VERSION_MANIFEST_FILE,
  type VersionManifest,
} from './version-manifest.js';

export { VERSION_MANIFEST_FILE, type VersionManifest } from './version-manifest.js';
const TOMBSTONE_FILE = '.deleted';
const ALIASES_FORMAT = 'autoflow.model-aliases/v1';
const VERSION_DIR = /^[1-9][0-9]*$/;
/** Temp directories older than this are leftovers of a crashed registration. */
const STALE_TEMP_MS = 24 * 3600_000;

interface AliasesFile {
  format: typeof ALIASES_FORMAT;
  aliases: Record<string, number>;
  updatedAt: string;
}

interface KeyRecord {
  key: string;
  version: number;
  createdAt: string;
}

export interface AliasHistoryEntry {
  at: string;
  action: 'set' | 'delete' | 'delete-version';
  alias?: string;
  /** Previous target of the alias (null = it did not exist). */
  from?: number | null;
  to?: number;
  version?: number;
  pid: number;
}

export interface FileSystemModelRegistryOptions {
  /** Options of the per-model lock that guards aliases.json and version deletion. */
  lock?: FileLockOptions;
}

export class FileSystemModelRegistry implements ModelRegistry {
  readonly rootDir: string;
  readonly rootUri: string;
  private readonly lockOptions: FileLockOptions;

  constructor(rootDir: string, options: FileSystemModelRegistryOptions = {}) {
    this.rootDir = resolve(rootDir);
    this.rootUri = pathToFileURL(this.rootDir).href;
    this.lockOptions = options.lock ?? {};
  }

  // ---- paths ---------------------------------------------------------------------------

  private modelDir(name: string): string {
    return join(this.rootDir, validateModelName(name));
  }

  private versionsDir(name: string): string {
    return join(this.modelDir(name), 'versions');
  }

  private versionDir(name: string, version: number): string {
    return join(this.versionsDir(name), String(version));
  }

  private keyPath(name: string, key: string): string {
    return join(this.modelDir(name), 'keys', sha256Hex(key));
  }

  // ---- register ------------------------------------------------------------------------

  async register(name: string, files: Record<string, Uint8Array | string>, info: VersionInfo, options: RegisterOptions = {}): Promise<ModelVersion> {
    const { entries, idempotencyKey: key } = validateRegistration(name, files, info, options, [TOMBSTONE_FILE]);
    if (key !== undefined) {
      const existing = await this.findByIdempotencyKey(name, key);
      if (existing) return existing;
    }

    const modelDir = this.modelDir(name);
    await mkdir(this.versionsDir(name), { recursive: true });
    await this.sweepStaleTemps(modelDir);
    const tmp = await mkdtemp(join(modelDir, '.tmp-'));
    let version: number;
    try {
      for (const [path, bytes] of entries) {
        const target = join(tmp, ...path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeNewFile(target, bytes);
      }
      await writeNewFile(join(tmp, VERSION_MANIFEST_FILE), serializeManifest(buildManifest(name, entries, info, key)));
      await fsyncDir(tmp);
      version = await this.publish(name, tmp);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      throw e;
    }
    if (key !== undefined) return this.claimIdempotencyKey(name, key, version);
    return this.getVersion(name, version);
  }

  /** Renames the finished temp directory to versions/<next free number>. */
  private async publish(name: string, tmp: string): Promise<number> {
    let candidate = 0;
    for (let attempt = 0; attempt < 100_000; attempt++) {
      candidate = Math.max((await this.maxVersionNumber(name)) + 1, candidate + 1);
      const target = this.versionDir(name, candidate);
      try {
        await rename(tmp, target);
        await fsyncDir(this.versionsDir(name));
        return candidate;
      } catch (e) {
        // Someone else published this number first (Windows reports EPERM/EACCES for it).
        if (isErrno(e, 'EEXIST', 'ENOTEMPTY')) continue;
        if (isErrno(e, 'EPERM', 'EACCES') && (await exists(target))) continue;
        throw e;
      }
    }
    throw new Error(`model ${name}: could not find a free version number`);
  }

  /** The highest version number ever taken, including deleted (tombstoned) ones. */
  private async maxVersionNumber(name: string): Promise<number> {
    let max = 0;
    for (const n of await this.versionNumbers(name)) max = Math.max(max, n);
    return max;
  }

  private async versionNumbers(name: string): Promise<number[]> {
    try {
      const names = await readdir(this.versionsDir(name));
      return names.filter((n) => VERSION_DIR.test(n)).map(Number).sort((a, b) => a - b);
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) return [];
      throw e;
    }
  }

  private async sweepStaleTemps(modelDir: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(modelDir);
    } catch {
      return;
    }
    const now = Date.now();
    for (const n of names.filter((x) => x.startsWith('.tmp-'))) {
      const path = join(modelDir, n);
      const st = await stat(path).catch(() => undefined);
      if (st && now - st.mtimeMs > STALE_TEMP_MS) await rm(path, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  // ---- idempotency ---------------------------------------------------------------------

  private async readKeyRecord(path: string): Promise<{ record: KeyRecord; ino: number; dev: number } | undefined> {
    try {
      const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
      const record = JSON.parse(text) as KeyRecord;
      if (typeof record?.version !== 'number') return undefined;
      return { record, ino: st.ino, dev: st.dev };
    } catch (e) {
      if (isErrno(e, 'ENOENT') || e instanceof SyntaxError) return undefined;
      throw e;
    }
  }

  /** The live version registered with this key, if any. */
  private async findByIdempotencyKey(name: string, key: string): Promise<ModelVersion | undefined> {
    const path = this.keyPath(name, key);
    const found = await this.readKeyRecord(path);
    if (found) {
      const manifest = await this.readManifest(name, found.record.version);
      if (manifest?.idempotencyKey === key) return this.toModelVersion(name, found.record.version, manifest, await this.readAliases(name));
    }
    // A registration that crashed (or is still running) between publishing and writing its key file.
    for (const n of (await this.versionNumbers(name)).reverse()) {
      const manifest = await this.readManifest(name, n);
      if (manifest?.idempotencyKey === key) {
        if (!found) {
          await mkdir(dirname(path), { recursive: true });
          await createFileExclusive(path, keyRecordJSON(key, n));
        }
        return this.toModelVersion(name, n, manifest, await this.readAliases(name));
      }
    }
    return undefined;
  }

  /**
   * After publishing `version`: records it under the key, unless a concurrent registration
   * with the same key got there first, in which case our duplicate is retired and theirs returned.
   */
  private async claimIdempotencyKey(name: string, key: string, version: number): Promise<ModelVersion> {
    const path = this.keyPath(name, key);
    await mkdir(dirname(path), { recursive: true });
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await createFileExclusive(path, keyRecordJSON(key, version))) return this.getVersion(name, version);
      const found = await this.readKeyRecord(path);
      if (!found) continue;
      if (found.record.version === version) return this.getVersion(name, version);
      const other = await this.readManifest(name, found.record.version);
      if (other?.idempotencyKey === key) {
        try {
          await this.deleteVersion(name, version);
        } catch (e) {
          // Someone aliased our duplicate in the meantime: keep it, and report the winner.
          if (!(e instanceof UserInputError)) throw e;
        }
        return this.toModelVersion(name, found.record.version, other, await this.readAliases(name));
      }
      // The key points at a deleted version: replace it.
      await removeFileIfSame(path, found);
    }
    throw new Error(`model ${name}: could not record idempotency key ${JSON.stringify(key)}`);
  }

  // ---- reading -------------------------------------------------------------------------

  /** The manifest of a live version, or undefined when it does not exist or is deleted. */
  private async readManifest(name: string, version: number): Promise<VersionManifest | undefined> {
    const dir = this.versionDir(name, version);
    if (await exists(join(dir, TOMBSTONE_FILE))) return undefined;
    let text: string;
    try {
      text = await readFile(join(dir, VERSION_MANIFEST_FILE), 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) return undefined;
      throw e;
    }
    return parseManifest(name, version, text);
  }

  private toModelVersion(name: string, version: number, manifest: VersionManifest, aliases: Record<string, number>): ModelVersion {
    return toModelVersion(name, version, pathToFileURL(this.versionDir(name, version)).href, manifest, aliases);
  }

  private async modelExists(name: string): Promise<boolean> {
    return exists(this.versionsDir(name));
  }

  private async modelNotFound(name: string) {
    return modelNotFound(name, this.rootUri, await this.listModels());
  }

  private async requireModel(name: string): Promise<void> {
    validateModelName(name);
    if (!(await this.modelExists(name))) throw await this.modelNotFound(name);
  }

  async listModels(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.rootDir);
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) return [];
      throw e;
    }
    const models: string[] = [];
    for (const n of names) {
      try {
        validateModelName(n);
      } catch {
        continue;
      }
      if (await exists(join(this.rootDir, n, 'versions'))) models.push(n);
    }
    return models.sort();
  }

  async listVersions(name: string): Promise<ModelVersion[]> {
    await this.requireModel(name);
    const aliases = await this.readAliases(name);
    const out: ModelVersion[] = [];
    for (const n of await this.versionNumbers(name)) {
      const manifest = await this.readManifest(name, n);
      if (manifest) out.push(this.toModelVersion(name, n, manifest, aliases));
    }
    return out;
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    validateModelName(name);
    validateVersionNumber(version, name);
    const manifest = await this.readManifest(name, version);
    if (!manifest) {
      if (!(await this.modelExists(name))) throw await this.modelNotFound(name);
      throw versionNotFound(name, version, (await this.listVersions(name)).map((v) => v.version));
    }
    return this.toModelVersion(name, version, manifest, await this.readAliases(name));
  }

  async resolve(reference: string): Promise<ModelVersion> {
    return resolveReference(this, reference);
  }

  async readFile(name: string, version: number, path: string): Promise<Buffer> {
    const v = await this.getVersion(name, version);
    const entry = v.files.find((f) => f.path === path);
    if (!entry) throw fileNotFound(name, version, path, v.files);
    let data: Buffer | undefined;
    try {
      data = await readFile(join(this.versionDir(name, version), ...entry.path.split('/')));
    } catch (e) {
      if (!isErrno(e, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw e;
    }
    return verifyVersionFile(name, version, entry, data);
  }

  // ---- aliases -------------------------------------------------------------------------

  private async readAliases(name: string): Promise<Record<string, number>> {
    let text: string;
    try {
      text = await readFile(join(this.modelDir(name), 'aliases.json'), 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) return {};
      throw e;
    }
    const parsed = JSON.parse(text) as AliasesFile;
    return { ...(parsed.aliases ?? {}) };
  }

  private async writeAliases(name: string, aliases: Record<string, number>): Promise<void> {
    const sorted = Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b)));
    const file: AliasesFile = { format: ALIASES_FORMAT, aliases: sorted, updatedAt: new Date().toISOString() };
    await writeFileAtomic(join(this.modelDir(name), 'aliases.json'), `${JSON.stringify(file, null, 2)}\n`);
  }

  private async appendHistory(name: string, entry: Omit<AliasHistoryEntry, 'at' | 'pid'>): Promise<void> {
    const line: AliasHistoryEntry = { at: new Date().toISOString(), ...entry, pid: process.pid };
    await appendFile(join(this.modelDir(name), 'aliases.log.jsonl'), `${JSON.stringify(line)}\n`);
  }

  private withModelLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return withFileLock(join(this.modelDir(name), 'aliases.lock'), fn, this.lockOptions);
  }

  async getAliases(name: string): Promise<Record<string, number>> {
    await this.requireModel(name);
    return this.readAliases(name);
  }

  async setAlias(name: string, alias: string, version: number, options: { expectedVersion?: number | null } = {}): Promise<void> {
    validateModelName(name);
    validateAliasName(alias);
    validateVersionNumber(version, name);
    const expected = options.expectedVersion;
    if (expected !== undefined && expected !== null) validateVersionNumber(expected, name);
    await this.getVersion(name, version); // clear error before taking the lock
    await this.withModelLock(name, async () => {
      // Checked again under the lock: deleteVersion takes the same lock.
      if (!(await this.readManifest(name, version))) await this.getVersion(name, version);
      const aliases = await this.readAliases(name);
      const current = aliases[alias] ?? null;
      if (expected !== undefined && current !== expected) throw new AliasConflictError(name, alias, expected, current);
      if (current === version) return;
      aliases[alias] = version;
      await this.writeAliases(name, aliases);
      await this.appendHistory(name, { action: 'set', alias, from: current, to: version });
    });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.requireModel(name);
    validateAliasName(alias);
    await this.withModelLock(name, async () => {
      const aliases = await this.readAliases(name);
      if (!(alias in aliases)) throw aliasNotFound(name, alias, aliases, false);
      const from = aliases[alias];
      delete aliases[alias];
      await this.writeAliases(name, aliases);
      await this.appendHistory(name, { action: 'delete', alias, from });
    });
  }

  /** Every alias move and version deletion, oldest first. */
  async aliasHistory(name: string): Promise<AliasHistoryEntry[]> {
    await this.requireModel(name);
    let text: string;
    try {
      text = await readFile(join(this.modelDir(name), 'aliases.log.jsonl'), 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return [];
      throw e;
    }
    return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as AliasHistoryEntry);
  }

  // ---- deletion ------------------------------------------------------------------------

  async deleteVersion(name: string, version: number): Promise<void> {
    await this.getVersion(name, version);
    const dir = this.versionDir(name, version);
    const deleted = await this.withModelLock(name, async () => {
      const pointing = Object.entries(await this.readAliases(name)).filter(([, v]) => v === version).map(([a]) => a);
      if (pointing.length > 0) throw versionStillAliased(name, version, pointing);
      if (!(await this.readManifest(name, version))) return false; // deleted meanwhile
      // The tombstone hides the version at once and keeps its number from being reused.
      const created = await createFileExclusive(join(dir, TOMBSTONE_FILE), `${JSON.stringify({ deletedAt: new Date().toISOString(), pid: process.pid })}\n`);
      if (created) await this.appendHistory(name, { action: 'delete-version', version });
      return created;
    });
    if (!deleted) return;
    for (const entry of await readdir(dir)) {
      if (entry !== TOMBSTONE_FILE) await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
}

// ---- helpers -----------------------------------------------------------------------------

function keyRecordJSON(key: string, version: number): string {
  return `${JSON.stringify({ key, version, createdAt: new Date().toISOString() } satisfies KeyRecord)}\n`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if (isErrno(e, 'ENOENT', 'ENOTDIR')) return false;
    throw e;
  }
}

