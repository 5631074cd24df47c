/**
 * The handful of object operations the gs:// store and registry are built from, on one
 * bucket under one prefix. Names passed in are relative to the prefix. Conditional writes
 * return false on a failed precondition (HTTP 412) instead of throwing, because losing a
 * race is an expected outcome that callers handle.
 */
import type { Bucket } from '@google-cloud/storage';
import { describeGcsError, gcsStatus, openBucket, type GcsOptions } from './gcs-client.js';

export interface GcsObjectInfo {
  /** Relative to the prefix. */
  name: string;
  generation: string;
  size: number;
  /** Custom metadata (x-goog-meta-*). */
  metadata: Record<string, string>;
}

export interface WriteOptions {
  /** 0 = only if the object does not exist; a generation = only if it is still that one. */
  ifGenerationMatch?: number | string;
  metadata?: Record<string, string>;
  contentType?: string;
}

export class GcsBucket {
  readonly bucketName: string;
  /** '' or `some/prefix/` (always with the trailing slash). */
  readonly prefix: string;
  private readonly options: GcsOptions;
  private bucket: Promise<Bucket> | undefined;

  constructor(bucketName: string, prefix: string, options: GcsOptions = {}) {
    this.bucketName = bucketName;
    this.prefix = prefix ? `${prefix.replace(/\/+$/, '')}/` : '';
    this.options = options;
  }

  uri(name = ''): string {
    return `gs://${this.bucketName}/${this.prefix}${name}`.replace(/\/$/, '');
  }

  private open(): Promise<Bucket> {
    this.bucket ??= openBucket(this.bucketName, this.options);
    return this.bucket;
  }

  /**
   * The object's bytes and the generation they belong to, or undefined when it does not exist.
   * The bytes are downloaded by generation, so a concurrent overwrite cannot pair new bytes
   * with an old generation (a compare-and-swap on the result would then be wrong).
   */
  async read(name: string): Promise<{ data: Buffer; generation: string } | undefined> {
    const bucket = await this.open();
    for (let attempt = 0; attempt < 10; attempt++) {
      const info = await this.stat(name);
      if (!info) return undefined;
      try {
        const [data] = await bucket.file(this.prefix + name, { generation: info.generation }).download();
        return { data, generation: info.generation };
      } catch (e) {
        if (gcsStatus(e) !== 404) throw describeGcsError(e, 'read', this.uri(name));
        // Replaced or deleted between the two requests: look again.
      }
    }
    throw new Error(`cannot read ${this.uri(name)}: it kept changing while being read`);
  }

  async stat(name: string): Promise<GcsObjectInfo | undefined> {
    try {
      const [metadata] = await (await this.open()).file(this.prefix + name).getMetadata();
      return toInfo(name, metadata);
    } catch (e) {
      if (gcsStatus(e) === 404) return undefined;
      throw describeGcsError(e, 'read the metadata of', this.uri(name));
    }
  }

  /** Writes in one request (no resumable session: these objects are small). False when the precondition failed. */
  async write(name: string, data: Uint8Array | string, options: WriteOptions = {}): Promise<boolean> {
    const file = (await this.open()).file(this.prefix + name);
    try {
      await file.save(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
        resumable: false,
        validation: 'crc32c',
        contentType: options.contentType ?? 'application/octet-stream',
        ...(options.metadata ? { metadata: { metadata: options.metadata } } : {}),
        ...(options.ifGenerationMatch !== undefined ? { preconditionOpts: { ifGenerationMatch: options.ifGenerationMatch } } : {}),
      });
      return true;
    } catch (e) {
      if (gcsStatus(e) === 412) return false;
      throw describeGcsError(e, 'write', this.uri(name));
    }
  }

  /** Creates the object only if it does not exist yet. */
  create(name: string, data: Uint8Array | string, options: Omit<WriteOptions, 'ifGenerationMatch'> = {}): Promise<boolean> {
    return this.write(name, data, { ...options, ifGenerationMatch: 0 });
  }

  /** Deletes the object; a missing object is not an error. */
  async delete(name: string): Promise<void> {
    try {
      await (await this.open()).file(this.prefix + name).delete();
    } catch (e) {
      if (gcsStatus(e) !== 404) throw describeGcsError(e, 'delete', this.uri(name));
    }
  }

  /** Every object whose name starts with `prefix` (relative), all pages. */
  async list(prefix: string): Promise<GcsObjectInfo[]> {
    try {
      const [files] = await (await this.open()).getFiles({ prefix: this.prefix + prefix, autoPaginate: true });
      return files.map((f) => toInfo(f.name.slice(this.prefix.length), f.metadata));
    } catch (e) {
      throw describeGcsError(e, 'list', this.uri(prefix));
    }
  }

  /** The immediate "sub-directories" under `prefix` (relative names without the trailing slash). */
  async listPrefixes(prefix: string): Promise<string[]> {
    const bucket = await this.open();
    const out: string[] = [];
    let pageToken: string | undefined;
    try {
      do {
        const [, next, response] = await bucket.getFiles({ prefix: this.prefix + prefix, delimiter: '/', autoPaginate: false, pageToken });
        for (const p of (response as { prefixes?: string[] } | undefined)?.prefixes ?? []) out.push(p.slice(this.prefix.length + prefix.length).replace(/\/$/, ''));
        pageToken = (next as { pageToken?: string } | null)?.pageToken;
      } while (pageToken);
    } catch (e) {
      throw describeGcsError(e, 'list', this.uri(prefix));
    }
    return out;
  }

  /** True when at least one object starts with `prefix`. */
  async hasAny(prefix: string): Promise<boolean> {
    try {
      const [files] = await (await this.open()).getFiles({ prefix: this.prefix + prefix, maxResults: 1, autoPaginate: false });
      return files.length > 0;
    } catch (e) {
      throw describeGcsError(e, 'list', this.uri(prefix));
    }
  }
}

function toInfo(name: string, metadata: { generation?: unknown; size?: unknown; metadata?: unknown }): GcsObjectInfo {
  const custom: Record<string, string> = {};
  for (const [k, v] of Object.entries((metadata.metadata as Record<string, unknown> | undefined) ?? {})) if (v != null) custom[k] = String(v);
  return { name, generation: String(metadata.generation ?? ''), size: Number(metadata.size ?? 0), metadata: custom };
}
