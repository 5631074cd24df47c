/**
 * Reading one gs:// data object: its metadata first (so "no such object" and "no such
 * bucket" are told apart before any byte is read), then a stream of that same generation,
 * so an overwrite during the read cannot mix two versions. Credentials and emulators are
 * those of the artifact store (../artifacts/gcs-client.ts).
 */
import type { Readable } from 'node:stream';
import { describeGcsError, gcsStatus, openBucket } from '../artifacts/gcs-client.js';
import { UserInputError } from '../core/errors.js';
import type { GcsObjectRef } from './gcs-uri.js';

export interface OpenedGcsObject {
  size: number;
  /** Stored with `Content-Encoding: gzip`: the raw bytes are gzip whatever the name says. */
  gzipEncoded: boolean;
  /** A fresh stream of the stored bytes (never transcoded). */
  stream(): Readable;
  /** Maps a read error to one that names the object. */
  readError(e: unknown): Error;
}

export async function openGcsObject(ref: GcsObjectRef): Promise<OpenedGcsObject> {
  const bucket = await openBucket(ref.bucket);
  let metadata;
  try {
    [metadata] = await bucket.file(ref.object).getMetadata();
  } catch (e) {
    throw await metadataError(e, ref, () => bucket.exists().then(([exists]) => exists));
  }
  const size = Number(metadata.size ?? 0);
  if (size === 0) throw new UserInputError(`data object is empty: ${ref.uri}`);
  const file = bucket.file(ref.object, metadata.generation !== undefined ? { generation: Number(metadata.generation) } : {});
  const readError = (e: unknown): Error => {
    const status = gcsStatus(e);
    // 404 mid-read: this generation was deleted or replaced after the metadata was read.
    if (status === 404) return new UserInputError(`data object ${ref.uri} changed or was deleted while it was being read; run again`);
    return toUserError(status, describeGcsError(e, 'read', ref.uri));
  };
  return {
    size,
    gzipEncoded: metadata.contentEncoding === 'gzip',
    // decompress: false keeps the stored bytes, so the sha256 is that of the object itself.
    stream: () => file.createReadStream({ decompress: false }),
    readError,
  };
}

async function metadataError(e: unknown, ref: GcsObjectRef, bucketExists: () => Promise<boolean>): Promise<Error> {
  const status = gcsStatus(e);
  if (status === 404) {
    const exists = await bucketExists().catch(() => true);
    return new UserInputError(exists ? `data object not found: ${ref.uri}` : `data bucket not found: gs://${ref.bucket} (reading ${ref.uri})`);
  }
  return toUserError(status, describeGcsError(e, 'read', ref.uri));
}

/** Missing credentials or permissions are the user's to fix: reported without a stack, not retried. */
function toUserError(status: number | undefined, err: Error): Error {
  return status === 401 || status === 403 ? new UserInputError(err.message) : err;
}
