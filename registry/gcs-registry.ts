/**
 * The model registry on Google Cloud Storage. GCS has no rename and no locks, so every
 * decision that must be made once is an object created with `ifGenerationMatch: 0`, and every
 * shared mutable document is swapped on its generation.
 *
 * Layout under gs://bucket/prefix:
 *   <name>/claims/<n>                    version number n is taken (created with ifGenerationMatch 0; never deleted, so never reused)
 *   <name>/versions/<n>/<path>           the version's files, written by the claim's owner
 *   <name>/versions/<n>/version.json     the manifest, written last: the version exists once it does
 *   <name>/aliases.json                  aliases + deleted version numbers, compare-and-swap on its generation
 *   <name>/keys/<sha256(idempotencyKey)> { key, version }, created with ifGenerationMatch 0
 *   <name>/history/<time>-<random>.json  one object per alias move or version deletion (audit)
 */
import { randomBytes } from 'node:crypto';
import { UserInputError } from '../core/errors.js';
import { GcsBucket } from '../artifacts/gcs-bucket.js';
import { bucketNameProblem, type GcsOptions } from '../artifacts/gcs-client.js';
import { sha256Hex } from '../artifacts/hash.js';
import { relativePathProblem } from '../artifacts/keys.js';
import { AliasConflictError } from './errors.js';
import type { AliasHistoryEntry } from './fs-registry.js';
import { GcsAliases, type AliasesDocument } from './gcs-aliases.js';
import { aliasNotFound, fileNotFound, modelNotFound, versionNotFound, versionStillAliased } from './lookup-errors.js';
import type { ModelRegistry, ModelVersion, RegisterOptions, VersionInfo } from './model-registry.js';
import { modelNameProblem, validateAliasName, validateModelName, validateVersionNumber } from './model-names.js';
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

/** Claim metadata: which idempotency key (hashed) a registration carried, found again by one list call after a crash. */
const KEY_METADATA = 'idempotencyKeySha256';
const CLAIM_NUMBER = /\/claims\/([1-9][0-9]*)$/;
/** Parallel requests when reading many manifests or writing many files. */
const PARALLEL_REQUESTS = 8;

interface KeyRecord {
  key: string;
  version: number;
  createdAt: string;
}

interface Claim {
  version: number;
  keySha256?: string;
}

export class GcsModelRegistry implements ModelRegistry {
  readonly rootUri: string;
  private readonly objects: GcsBucket;

  constructor(bucket: string, prefix = '', options: GcsOptions = {}) {
    const problems = [bucketNameProblem(bucket), prefix ? relativePathProblem(prefix, 'registry prefix') : undefined].filter((p) => p !== undefined);
    if (problems.length) throw new UserInputError(problems, `model registry root gs://${bucket}/${prefix}`);
    this.objects = new GcsBucket(bucket, prefix, options);
    this.rootUri = this.objects.uri();
  }

  // ---- names ---------------------------------------------------------------------------

  private versionPrefix(name: string, version: number): string {
    return `${validateModelName(name)}/versions/${version}/`;
  }

  private manifestName(name: string, version: number): string {
    return this.versionPrefix(name, version) + VERSION_MANIFEST_FILE;
  }

  private keyName(name: string, key: string): string {
    return `${name}/keys/${sha256Hex(key)}`;
  }

  private aliases(name: string): GcsAliases {
    return new GcsAliases(this.objects, validateModelName(name));
  }

  // ---- register ------------------------------------------------------------------------

  async register(name: string, files: Record<string, Uint8Array | string>, info: VersionInfo, options: RegisterOptions = {}): Promise<ModelVersion> {
    const { entries, idempotencyKey: key } = validateRegistration(name, files, info, options);
    if (key !== undefined) {
      const existing = await this.findByIdempotencyKey(name, key);
      if (existing) return existing;
    }
    const version = await this.claimVersionNumber(name, key);
    await forEachLimit(entries, PARALLEL_REQUESTS, ([path, bytes]) => this.objects.write(this.versionPrefix(name, version) + path, bytes));
    const manifest = serializeManifest(buildManifest(name, entries, info, key));
    // We own the claim, so an existing manifest can only be our own retried request.
    await this.objects.create(this.manifestName(name, version), manifest, { contentType: 'application/json' });
    if (key !== undefined) return this.claimIdempotencyKey(name, key, version);
    return this.getVersion(name, version);
  }

  /** Takes the next free number: creating `claims/<n>` succeeds for exactly one registration. */
  private async claimVersionNumber(name: string, key: string | undefined): Promise<number> {
    const metadata: Record<string, string> = key === undefined ? {} : { [KEY_METADATA]: sha256Hex(key) };
    let candidate = 0;
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const taken = await this.claims(name);
      candidate = Math.max((taken.at(-1)?.version ?? 0) + 1, candidate + 1);
      if (await this.objects.create(`${name}/claims/${candidate}`, '', { metadata })) return candidate;
    }
    throw new Error(`model ${name}: could not find a free version number in ${this.rootUri}`);
  }

  /** Every number ever taken, ascending (including deleted versions and crashed registrations). */
  private async claims(name: string): Promise<Claim[]> {
    const out: Claim[] = [];
    for (const object of await this.objects.list(`${name}/claims/`)) {
      const match = CLAIM_NUMBER.exec(object.name);
      if (match) out.push({ version: Number(match[1]), keySha256: object.metadata[KEY_METADATA] });
    }
    return out.sort((a, b) => a.version - b.version);
  }

  // ---- idempotency ---------------------------------------------------------------------

  private async readKeyRecord(name: string, key: string): Promise<{ record: KeyRecord; generation: string } | undefined> {
    const found = await this.objects.read(this.keyName(name, key));
    if (!found) return undefined;
    try {
      const record = JSON.parse(found.data.toString('utf8')) as KeyRecord;
      return typeof record?.version === 'number' ? { record, generation: found.generation } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The live version registered with this key, if any. */
  private async findByIdempotencyKey(name: string, key: string): Promise<ModelVersion | undefined> {
    const found = await this.readKeyRecord(name, key);
    if (found) {
      const live = await this.liveVersion(name, found.record.version);
      if (live?.manifest.idempotencyKey === key) return live.version;
    }
    // A registration that crashed (or is still running) between its manifest and its key record.
    const keySha256 = sha256Hex(key);
    for (const claim of (await this.claims(name)).reverse()) {
      if (claim.keySha256 !== keySha256) continue;
      const live = await this.liveVersion(name, claim.version);
      if (live?.manifest.idempotencyKey === key) {
        if (!found) await this.objects.create(this.keyName(name, key), keyRecordJSON(key, claim.version), { contentType: 'application/json' });
        return live.version;
      }
    }
    return undefined;
  }

  /**
   * After publishing `version`: records it under the key, unless a concurrent registration
   * with the same key got there first, in which case our duplicate is retired and theirs returned.
   */
  private async claimIdempotencyKey(name: string, key: string, version: number): Promise<ModelVersion> {
    const objectName = this.keyName(name, key);
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await this.objects.create(objectName, keyRecordJSON(key, version), { contentType: 'application/json' })) return this.getVersion(name, version);
      const found = await this.readKeyRecord(name, key);
      if (!found) continue;
      if (found.record.version === version) return this.getVersion(name, version);
      const other = await this.liveVersion(name, found.record.version);
      if (other?.manifest.idempotencyKey === key) {
        try {
          await this.deleteVersion(name, version);
        } catch (e) {
          // Someone aliased our duplicate in the meantime: keep it, and report the winner.
          if (!(e instanceof UserInputError)) throw e;
        }
        return other.version;
      }
      // The key points at a deleted version: take it over.
      if (await this.objects.write(objectName, keyRecordJSON(key, version), { ifGenerationMatch: found.generation, contentType: 'application/json' })) {
        return this.getVersion(name, version);
      }
    }
    throw new Error(`model ${name}: could not record idempotency key ${JSON.stringify(key)}`);
  }

  // ---- reading -------------------------------------------------------------------------

  private async readManifest(name: string, version: number): Promise<VersionManifest | undefined> {
    const found = await this.objects.read(this.manifestName(name, version));
    return found ? parseManifest(name, version, found.data.toString('utf8')) : undefined;
  }

  /** The version with its manifest, unless it does not exist or is deleted. */
  private async liveVersion(name: string, version: number, aliasesDoc?: AliasesDocument): Promise<{ version: ModelVersion; manifest: VersionManifest } | undefined> {
    const [manifest, doc] = await Promise.all([this.readManifest(name, version), aliasesDoc ?? this.aliases(name).read().then((r) => r.doc)]);
    if (!manifest || doc.deletedVersions.includes(version)) return undefined;
    return { manifest, version: toModelVersion(name, version, this.objects.uri(this.versionPrefix(name, version).slice(0, -1)), manifest, doc.aliases) };
  }

  private async modelExists(name: string): Promise<boolean> {
    return this.objects.hasAny(`${name}/claims/`);
  }

  private async requireModel(name: string): Promise<void> {
    validateModelName(name);
    if (!(await this.modelExists(name))) throw modelNotFound(name, this.rootUri, await this.listModels());
  }

  async listModels(): Promise<string[]> {
    const candidates = (await this.objects.listPrefixes('')).filter((n) => modelNameProblem(n) === undefined);
    const exists = await mapLimit(candidates, PARALLEL_REQUESTS, (n) => this.modelExists(n));
    return candidates.filter((_, i) => exists[i]).sort();
  }

  async listVersions(name: string): Promise<ModelVersion[]> {
    await this.requireModel(name);
    const { doc } = await this.aliases(name).read();
    const claims = await this.claims(name);
    const live = await mapLimit(claims, PARALLEL_REQUESTS, (c) => this.liveVersion(name, c.version, doc));
    return live.filter((v) => v !== undefined).map((v) => v.version);
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    validateModelName(name);
    validateVersionNumber(version, name);
    const live = await this.liveVersion(name, version);
    if (live) return live.version;
    await this.requireModel(name);
    throw versionNotFound(name, version, (await this.listVersions(name)).map((v) => v.version));
  }

  async resolve(reference: string): Promise<ModelVersion> {
    return resolveReference(this, reference);
  }

  async readFile(name: string, version: number, path: string): Promise<Buffer> {
    const v = await this.getVersion(name, version);
    const entry = v.files.find((f) => f.path === path);
    if (!entry) throw fileNotFound(name, version, path, v.files);
    const found = await this.objects.read(this.versionPrefix(name, version) + entry.path);
    return verifyVersionFile(name, version, entry, found?.data);
  }

  // ---- aliases -------------------------------------------------------------------------

  async getAliases(name: string): Promise<Record<string, number>> {
    await this.requireModel(name);
    return (await this.aliases(name).read()).doc.aliases;
  }

  async setAlias(name: string, alias: string, version: number, options: { expectedVersion?: number | null } = {}): Promise<void> {
    validateModelName(name);
    validateAliasName(alias);
    validateVersionNumber(version, name);
    const expected = options.expectedVersion;
    if (expected !== undefined && expected !== null) validateVersionNumber(expected, name);
    await this.getVersion(name, version); // a clear error for a missing version
    let from: number | null = null;
    const moved = await this.aliases(name).update(async (doc) => {
      // Checked again inside the swap: deleteVersion swaps the same object.
      if (doc.deletedVersions.includes(version)) await this.getVersion(name, version);
      from = doc.aliases[alias] ?? null;
      if (expected !== undefined && from !== expected) throw new AliasConflictError(name, alias, expected, from);
      if (from === version) return false;
      doc.aliases[alias] = version;
      return true;
    });
    if (moved) await this.appendHistory(name, { action: 'set', alias, from, to: version });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.requireModel(name);
    validateAliasName(alias);
    let from: number | undefined;
    await this.aliases(name).update((doc) => {
      if (!(alias in doc.aliases)) throw aliasNotFound(name, alias, doc.aliases, false);
      from = doc.aliases[alias];
      delete doc.aliases[alias];
      return true;
    });
    await this.appendHistory(name, { action: 'delete', alias, from });
  }

  private async appendHistory(name: string, entry: Omit<AliasHistoryEntry, 'at' | 'pid'>): Promise<void> {
    const at = new Date().toISOString();
    const line: AliasHistoryEntry = { at, ...entry, pid: process.pid };
    await this.objects.create(`${name}/history/${at}-${randomBytes(4).toString('hex')}.json`, JSON.stringify(line), { contentType: 'application/json' });
  }

  /** Every alias move and version deletion, oldest first. */
  async aliasHistory(name: string): Promise<AliasHistoryEntry[]> {
    await this.requireModel(name);
    const objects = (await this.objects.list(`${name}/history/`)).sort((a, b) => a.name.localeCompare(b.name));
    const entries = await mapLimit(objects, PARALLEL_REQUESTS, async (o) => (await this.objects.read(o.name))?.data.toString('utf8'));
    return entries.filter((t) => t !== undefined).map((t) => JSON.parse(t) as AliasHistoryEntry);
  }

  // ---- deletion ------------------------------------------------------------------------

  async deleteVersion(name: string, version: number): Promise<void> {
    await this.getVersion(name, version);
    const deleted = await this.aliases(name).update((doc) => {
      const pointing = Object.entries(doc.aliases).filter(([, v]) => v === version).map(([a]) => a);
      if (pointing.length > 0) throw versionStillAliased(name, version, pointing);
      if (doc.deletedVersions.includes(version)) return false; // deleted meanwhile
      doc.deletedVersions.push(version);
      return true;
    });
    if (!deleted) return;
    await this.appendHistory(name, { action: 'delete-version', version });
    // Hidden already (deletedVersions); the manifest goes first so a crash here leaves no half version.
    const prefix = this.versionPrefix(name, version);
    await this.objects.delete(prefix + VERSION_MANIFEST_FILE);
    const rest = await this.objects.list(prefix);
    await forEachLimit(rest, PARALLEL_REQUESTS, (o) => this.objects.delete(o.name));
  }
}

// ---- helpers -----------------------------------------------------------------------------

function keyRecordJSON(key: string, version: number): string {
  return `${JSON.stringify({ key, version, createdAt: new Date().toISOString() } satisfies KeyRecord)}\n`;
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  await mapLimit(items, limit, fn);
}
