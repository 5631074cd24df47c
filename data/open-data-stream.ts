/**
 * A data file or gs:// object as one byte stream, gunzipped when its name ends in .gz or it
 * is stored gzip-encoded: for readers that consume records as they arrive (batch scoring of
 * JSON Lines) rather than a whole table.
 */
import { Readable } from 'node:stream';
import { UserInputError } from '../core/errors.js';
import { resolveSource } from './file-source.js';
import { inferFormat } from './load-table.js';
import { openBytes } from './open-bytes.js';

export async function openDataStream(source: string, cwd = process.cwd()): Promise<Readable> {
  const resolved = resolveSource(source, cwd);
  if (resolved.kind === 'builtin') throw new UserInputError(`${source}: a builtin dataset is a table, not a stream of records`);
  const opened = await openBytes(resolved);
  const gzip = inferFormat(resolved.kind === 'gcs' ? resolved.object : resolved.absPath).gzip || opened.gzipEncoded;
  const stream = Readable.from(opened.read({ gzip }).chunks, { objectMode: false });
  stream.once('close', () => void opened.close());
  return stream;
}
