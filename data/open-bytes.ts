/**
 * One way to read the bytes of a local file or a gs:// object, so every format reader (and
 * the sha256 lineage) treats both alike. Opening checks the source exists and is not empty,
 * with messages that name it; nothing is read until `read` is iterated.
 */
import type { FileHandle } from 'node:fs/promises';
import { openDataFile, readChunks, readStreamChunks, type ChunkReader, type ResolvedSource } from './file-source.js';
import { openGcsObject } from './gcs-object.js';

export interface OpenedBytes {
  /** How messages name the source: the path as given, or the gs:// URI. */
  display: string;
  size: number;
  /** Stored gzip-encoded (GCS Content-Encoding), whatever its name says. */
  gzipEncoded: boolean;
  /** A local file's handle, for random access (Parquet). */
  handle?: FileHandle;
  /** Streams the raw bytes once, hashing them; gunzipped when asked. */
  read(options: { gzip: boolean }): ChunkReader;
  close(): Promise<void>;
}

export async function openBytes(source: Extract<ResolvedSource, { kind: 'file' | 'gcs' }>): Promise<OpenedBytes> {
  if (source.kind === 'gcs') {
    const object = await openGcsObject(source);
    return {
      display: source.display,
      size: object.size,
      gzipEncoded: object.gzipEncoded,
      read: (options) => readStreamChunks(object.stream, source.display, object.readError, options),
      close: async () => undefined,
    };
  }
  const file = await openDataFile(source.absPath);
  return {
    display: source.display,
    size: file.size,
    gzipEncoded: false,
    handle: file.handle,
    read: (options) => readChunks(file, source.absPath, options),
    close: () => file.handle.close().catch(() => undefined),
  };
}
