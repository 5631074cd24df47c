/**
 * The Google Cloud Storage artifact store: keys are object names under `gs://bucket/prefix`.
 * Each object carries its sha256 as custom metadata, so `head` and "same bytes again" checks
 * cost one metadata request. Writes are conditional on the generation seen just before, so a
 * write never silently replaces an object that changed in between.
 */
import type { ArtifactRef, ArtifactStore } from './artifact-store.js';
import { ArtifactCorruptError, ArtifactNotFoundError } from './errors.js';
import { GcsBucket } from './gcs-bucket.js';
import { bucketNameProblem, type GcsOptions } from './gcs-client.js';
import { sha256Hex, toBytes } from './hash.js';
import { relativePathProblem, validateArtifactKey } from './keys.js';
import { UserInputError } from '../core/errors.js';

const SHA256_METADATA = 'sha256';
const MAX_WRITE_ATTEMPTS = 20;

export class GcsArtifactStore implements ArtifactStore {
  readonly rootUri: string;
  private readonly root: GcsBucket;
  private readonly options: GcsOptions;
  private readonly wholeBuckets = new Map<string, GcsBucket>();

  constructor(bucket: string, prefix = '', options: GcsOptions = {}) {
    const problems = [bucketNameProblem(bucket), prefix ? relativePathProblem(prefix, 'artifact store prefix') : undefined].filter((p) => p !== undefined);
    if (problems.length) throw new UserInputError(problems, `artifact store root gs://${bucket}/${prefix}`);
    this.root = new GcsBucket(bucket, prefix, options);
    this.options = options;
    this.rootUri = this.root.uri();
  }

  uriFor(key: string): string {
    return this.root.uri(validateArtifactKey(key));
  }

  async put(key: string, data: Uint8Array | string): Promise<ArtifactRef> {
    validateArtifactKey(key);
    const bytes = toBytes(data);
    const ref: ArtifactRef = { uri: this.root.uri(key), sha256: sha256Hex(bytes), bytes: bytes.length };
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.root.stat(key);
      // A retried activity rewriting the same bytes leaves the object (and its generation) alone.
      if (existing && existing.size === ref.bytes && existing.metadata[SHA256_METADATA] === ref.sha256) return ref;
      const written = await this.root.write(key, bytes, {
        ifGenerationMatch: existing?.generation ?? 0,
        metadata: { [SHA256_METADATA]: ref.sha256 },
      });
      if (written) return ref;
      // Someone wrote the key between our look and our write: look again.
    }
    throw new Error(`cannot write artifact ${ref.uri}: it kept changing under concurrent writers`);
  }

  /**
   * By ref: reads `ref.uri` (any gs:// URI, not only under this root) and verifies size and sha256.
   * By string: a gs:// URI or a key relative to the root, read without verification.
   */
  async get(ref: ArtifactRef | string): Promise<Buffer> {
    if (typeof ref !== 'string' && (!ref || typeof ref.uri !== 'string')) throw new TypeError('get() needs an ArtifactRef { uri, sha256, bytes } or a uri/key string');
    const { bucket, name, uri } = this.locate(typeof ref === 'string' ? ref : ref.uri);
    const found = await bucket.read(name);
    if (!found) throw new ArtifactNotFoundError(uri);
    if (typeof ref === 'string') return found.data;
    if (found.data.length !== ref.bytes) throw new ArtifactCorruptError(uri, ref, { bytes: found.data.length });
    const actual = sha256Hex(found.data);
    if (actual !== ref.sha256) throw new ArtifactCorruptError(uri, ref, { sha256: actual, bytes: found.data.length });
    return found.data;
  }

  async head(key: string): Promise<ArtifactRef | undefined> {
    validateArtifactKey(key);
    const info = await this.root.stat(key);
    if (!info) return undefined;
    const uri = this.root.uri(key);
    const recorded = info.metadata[SHA256_METADATA];
    if (recorded) return { uri, sha256: recorded, bytes: info.size };
    // Written by another tool, without our metadata: hash the bytes.
    const found = await this.root.read(key);
    return found ? { uri, sha256: sha256Hex(found.data), bytes: found.data.length } : undefined;
  }

  /** A gs:// URI (any bucket) or a key under the root -> where to read it. */
  private locate(uriOrKey: string): { bucket: GcsBucket; name: string; uri: string } {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uriOrKey)?.[1];
    if (!scheme) return { bucket: this.root, name: validateArtifactKey(uriOrKey), uri: this.root.uri(uriOrKey) };
    if (scheme.toLowerCase() !== 'gs') {
      throw new Error(`cannot read artifact ${uriOrKey}: the gs:// artifact store reads gs:// URIs and keys under ${this.rootUri}, not ${scheme}://`);
    }
    const rest = uriOrKey.slice('gs://'.length);
    const slash = rest.indexOf('/');
    const bucketName = slash === -1 ? rest : rest.slice(0, slash);
    const name = slash === -1 ? '' : rest.slice(slash + 1);
    if (!name) throw new Error(`cannot read artifact ${uriOrKey}: it names a bucket, not an object`);
    // Full object names: read through an unprefixed view of the bucket.
    let bucket = this.wholeBuckets.get(bucketName);
    if (!bucket) {
      bucket = new GcsBucket(bucketName, '', this.options);
      this.wholeBuckets.set(bucketName, bucket);
    }
    return { bucket, name, uri: uriOrKey };
  }
}
