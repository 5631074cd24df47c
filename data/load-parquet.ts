/**
 * A Parquet source as a RawTable plus the sha256 of its raw bytes. Parquet needs random
 * access (footer first, then column chunks), so a gs:// object is first streamed to a
 * private temporary file (hashed on the way) that is removed afterwards; a local file is
 * read in place, then hashed in one streaming pass.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserInputError } from '../core/errors.js';
import type { RawTable } from './csv.js';
import { openDataFile } from './file-source.js';
import type { OpenedBytes } from './open-bytes.js';
import { fileHandleBuffer, readParquet } from './parquet.js';

export interface LoadedParquet {
  raw: RawTable;
  sha256: string;
  bytes: number;
}

export async function loadParquet(opened: OpenedBytes, options: { gzip: boolean; columns?: readonly string[] }): Promise<LoadedParquet> {
  const where = opened.display;
  if (options.gzip || opened.gzipEncoded) {
    throw new UserInputError(`${where}: a gzip-compressed Parquet file cannot be read; Parquet compresses its own pages, store it uncompressed`);
  }
  if (opened.handle) {
    const raw = await readParquet(fileHandleBuffer(opened.handle, opened.size), { display: where, columns: options.columns });
    const reader = opened.read({ gzip: false });
    for await (const _ of reader.chunks); // hashing only
    return { raw, ...reader.digest() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'autoflow-parquet-'));
  try {
    const local = join(dir, 'data.parquet');
    const reader = opened.read({ gzip: false });
    await pipeline(Readable.from(reader.chunks), createWriteStream(local, { mode: 0o600 }));
    const file = await openDataFile(local);
    try {
      const raw = await readParquet(fileHandleBuffer(file.handle, file.size), { display: where, columns: options.columns });
      return { raw, ...reader.digest() };
    } finally {
      await file.handle.close().catch(() => undefined);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
