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
import { UserInputError } from '../components/core/errors.js';
import { closestName } from '../components/core/params.js';
import { createFileExclusive, fsyncDir, isErrno, writeFileAtomic } from '../artifacts/fs-atomic.js';
import { sha256Hex, toBytes } from '../artifacts/hash.js';
import { relativePathProblem } from '../artifacts/keys.js';
import { AliasConflictError, ModelIntegrityError, ModelNotFoundError } from './errors.js';
import { removeFileIfSame, withFileLock, type FileLockOptions } from './fs-lock.js';
import type { FileEntry, ModelRegistry, ModelVersion, RegisterOptions, VersionInfo } from './model-registry.js';
import { parseModelReference, validateAliasName, validateModelName, validateVersionNumber } from './model-names.js';

export const VERSION_MANIFEST_FILE = 'version.json';
const TOMBSTONE_FILE = '.deleted';
const RESERVED_FILES = new Set([VERSION_MANIFEST_FILE, TOMBSTONE_FILE]);
const VERSION_FORMAT = 'autoflow.model-version/v1';
const ALIASES_FORMAT = 'autoflow.model-aliases/v1';
const VERSION_DIR = /^[1-9][0-9]*$/;
/** Temp directories older than this are leftovers of a crashed registration. */
const STALE_TEMP_MS = 24 * 3600_000;

/** What `version.json` holds. The version number is the directory's name, not stored here. */
export interface VersionManifest extends VersionInfo {
  format: typeof VERSION_FORMAT;
  name: string;
  createdAt: string;
  files: FileEntry[];
  idempotencyKey?: string;
}

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
    validateModelName(name);
    const entries = validateFiles(name, files);
    validateInfo(name, info);
    const key = options.idempotencyKey;
    if (key !== undefined && (typeof key !== 'string' || key.length === 0)) {
      throw new UserInputError(`model ${name}: idempotencyKey must be a non-empty string`);
    }
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
      const manifestFiles: FileEntry[] = [];
      for (const [path, bytes] of entries) {
        const target = join(tmp, ...path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeSynced(target, bytes);
        manifestFiles.push({ path, sha256: sha256Hex(bytes), bytes: bytes.length });
      }
      const manifest: VersionManifest = {
        format: VERSION_FORMAT,
        name,
        createdAt: new Date().toISOString(),
        files: manifestFiles,
        metrics: info.metrics,
        lineage: info.lineage,
        ...(info.description !== undefined ? { description: info.description } : {}),
        ...(info.tags !== undefined ? { tags: info.tags } : {}),
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      };
      await writeSynced(join(tmp, VERSION_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
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
    try {
      const manifest = JSON.parse(text) as VersionManifest;
      if (manifest?.format !== VERSION_FORMAT || !Array.isArray(manifest.files)) throw new Error(`unknown format ${JSON.stringify(manifest?.format)}`);
      return manifest;
    } catch (e) {
      throw new ModelIntegrityError(name, version, VERSION_MANIFEST_FILE, `is not a valid version manifest: ${(e as Error).message}`);
    }
  }

  private toModelVersion(name: string, version: number, manifest: VersionManifest, aliases: Record<string, number>): ModelVersion {
    const out: ModelVersion = {
      name,
      version,
      createdAt: manifest.createdAt,
      uri: pathToFileURL(this.versionDir(name, version)).href,
      files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
      metrics: manifest.metrics,
      lineage: manifest.lineage,
      aliases: Object.keys(aliases).filter((a) => aliases[a] === version).sort(),
    };
    if (manifest.description !== undefined) out.description = manifest.description;
    if (manifest.tags !== undefined) out.tags = manifest.tags;
    return out;
  }

  private async modelExists(name: string): Promise<boolean> {
    return exists(this.versionsDir(name));
  }

  private async modelNotFound(name: string): Promise<ModelNotFoundError> {
    const models = await this.listModels();
    const hint = closestName(name, models);
    return new ModelNotFoundError(
      'model',
      name,
      `no model named "${name}" in ${this.rootUri}${hint ? ` (did you mean "${hint}"?)` : ''}; models: ${models.length ? models.join(', ') : '(none)'}`,
    );
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
      const versions = (await this.listVersions(name)).map((v) => v.version);
      throw new ModelNotFoundError(
        'version',
        name,
        `model ${name} has no version ${version}; versions: ${versions.length ? versions.join(', ') : '(none)'}`,
      );
    }
    return this.toModelVersion(name, version, manifest, await this.readAliases(name));
  }

  async resolve(reference: string): Promise<ModelVersion> {
    const ref = parseModelReference(reference);
    switch (ref.kind) {
      case 'version':
        return this.getVersion(ref.name, ref.version);
      case 'latest': {
        const versions = await this.listVersions(ref.name);
        if (versions.length === 0) throw new ModelNotFoundError('version', ref.name, `model ${ref.name} has no versions (all were deleted)`);
        return versions[versions.length - 1];
      }
      case 'alias': {
        const aliases = await this.getAliases(ref.name);
        const target = aliases[ref.alias];
        if (target === undefined) {
          const listed = Object.entries(aliases).map(([a, v]) => `${a} -> ${v}`);
          const hint = closestName(ref.alias, Object.keys(aliases));
          throw new ModelNotFoundError(
            'alias',
            ref.name,
            `model ${ref.name} has no alias "${ref.alias}"${hint ? ` (did you mean "${hint}"?)` : ''}; aliases: ${listed.length ? listed.join(', ') : '(none)'} (and "latest")`,
          );
        }
        return this.getVersion(ref.name, target);
      }
    }
  }

  async readFile(name: string, version: number, path: string): Promise<Buffer> {
    const v = await this.getVersion(name, version);
    const entry = v.files.find((f) => f.path === path);
    if (!entry) {
      throw new ModelNotFoundError('file', name, `model ${name}/${version} has no file ${JSON.stringify(path)}; files: ${v.files.map((f) => f.path).join(', ') || '(none)'}`);
    }
    let data: Buffer;
    try {
      data = await readFile(join(this.versionDir(name, version), ...entry.path.split('/')));
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw new ModelIntegrityError(name, version, path, 'is listed in the manifest but missing');
      throw e;
    }
    if (data.length !== entry.bytes) throw new ModelIntegrityError(name, version, path, `is corrupt: ${data.length} bytes, expected ${entry.bytes}`);
    const actual = sha256Hex(data);
    if (actual !== entry.sha256) throw new ModelIntegrityError(name, version, path, `is corrupt: sha256 ${actual} expected ${entry.sha256}`);
    return data;
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
      if (!(alias in aliases)) {
        const listed = Object.entries(aliases).map(([a, v]) => `${a} -> ${v}`);
        throw new ModelNotFoundError('alias', name, `model ${name} has no alias "${alias}"; aliases: ${listed.length ? listed.join(', ') : '(none)'}`);
      }
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
      if (pointing.length > 0) {
        throw new UserInputError(
          `cannot delete model ${name}/${version}: alias${pointing.length > 1 ? 'es' : ''} ${pointing.map((a) => `${name}@${a}`).join(', ')} point${pointing.length > 1 ? '' : 's'} at it; move or delete ${pointing.length > 1 ? 'them' : 'it'} first`,
        );
      }
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

async function writeSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Checks the file paths of a registration; returns [path, bytes] sorted by path. */
function validateFiles(name: string, files: Record<string, Uint8Array | string>): [string, Uint8Array][] {
  if (!files || typeof files !== 'object' || Array.isArray(files)) throw new UserInputError(`model ${name}: files must be an object of path -> bytes`);
  const problems: string[] = [];
  const paths = Object.keys(files).sort();
  for (const path of paths) {
    const problem = relativePathProblem(path, 'file path');
    if (problem) problems.push(problem);
    else if (RESERVED_FILES.has(path)) problems.push(`file path "${path}" is reserved by the registry`);
    const value = files[path];
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) problems.push(`file "${path}": expected a string or Uint8Array, got ${value === null ? 'null' : typeof value}`);
  }
  for (let i = 0; i + 1 < paths.length; i++) {
    if (paths[i + 1].startsWith(`${paths[i]}/`)) problems.push(`file paths "${paths[i]}" and "${paths[i + 1]}" conflict: one is a directory of the other`);
  }
  if (problems.length) throw new UserInputError(problems, `cannot register model ${name}`);
  return paths.map((p) => [p, toBytes(files[p])]);
}

function validateInfo(name: string, info: VersionInfo): void {
  const problems: string[] = [];
  if (!info || typeof info !== 'object') throw new UserInputError(`cannot register model ${name}: version info (metrics, lineage) is missing`);
  if (!info.metrics || typeof info.metrics !== 'object') problems.push('metrics: expected an object of name -> number');
  else {
    for (const [k, v] of Object.entries(info.metrics)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`metrics.${k}: expected a finite number, got ${JSON.stringify(v) ?? String(v)}`);
    }
  }
  if (!info.lineage || typeof info.lineage !== 'object') problems.push('lineage: expected an object (dataSha256, dataUri, seed, codeVersion, …)');
  if (info.tags !== undefined) {
    if (!info.tags || typeof info.tags !== 'object') problems.push('tags: expected an object of name -> string');
    else for (const [k, v] of Object.entries(info.tags)) if (typeof v !== 'string') problems.push(`tags.${k}: expected a string`);
  }
  if (info.description !== undefined && typeof info.description !== 'string') problems.push('description: expected a string');
  if (problems.length) throw new UserInputError(problems, `cannot register model ${name}`);
}
