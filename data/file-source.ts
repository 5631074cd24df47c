/**
 * Resolving a data source string and reading a data file (or a gs:// object) as a stream of
 * byte chunks, hashing the raw bytes on the way (one pass over the file, never one big string).
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { UserInputError } from '../core/errors.js';
import { parseGcsUri } from './gcs-uri.js';

export type ResolvedSource =
  | { kind: 'file'; absPath: string; /** how messages name the file: the path as the user gave it */ display: string; uri: string }
  | { kind: 'builtin'; name: string; uri: string }
  | { kind: 'gcs'; bucket: string; object: string; /** `gs://bucket/object` */ display: string; uri: string };

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Turns `path`, `file://...`, `gs://bucket/object` or `builtin:NAME` into a resolved source. Throws on unknown schemes. */
export function resolveSource(source: string, cwd = process.cwd()): ResolvedSource {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new UserInputError(`data source must be a file path, a file:// URI, a gs:// object or builtin:NAME, got ${JSON.stringify(source)}`);
  }
  const scheme = SCHEME.exec(source)?.[1]?.toLowerCase();
  if (scheme === 'gs') {
    const { bucket, object, uri } = parseGcsUri(source);
    return { kind: 'gcs', bucket, object, display: uri, uri };
  }
  if (scheme === 'builtin') {
    const name = source.slice('builtin:'.length).replace(/^\/\//, '');
    return { kind: 'builtin', name, uri: `builtin:${name}` };
  }
  if (scheme === 'file') {
    let absPath: string;
    try {
      absPath = fileURLToPath(new URL(source));
    } catch (e) {
      throw new UserInputError(`invalid file URI ${JSON.stringify(source)}: ${(e as Error).message}`);
    }
    return { kind: 'file', absPath, display: absPath, uri: pathToFileURL(absPath).href };
  }
  // One-letter "schemes" are Windows drive letters; anything else we do not read (yet).
  if (scheme !== undefined && scheme.length > 1) {
    throw new UserInputError(
      `unsupported data source ${JSON.stringify(source)}: scheme '${scheme}:' is not supported; ` +
        "use a file path, a file:// URI, a gs://bucket/object or builtin:NAME (for a file whose name contains ':', write ./NAME)",
    );
  }
  const absPath = path.resolve(cwd, source);
  return { kind: 'file', absPath, display: source, uri: pathToFileURL(absPath).href };
}

/** Maps a file-system error to a message that names the file. Exported for tests. */
export function fileAccessError(err: unknown, absPath: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new UserInputError(`data file not found: ${absPath}`);
    case 'ENOTDIR':
      return new UserInputError(`data file not found: ${absPath} (a parent in the path is not a directory)`);
    case 'EISDIR':
      return new UserInputError(`data path is a directory, not a file: ${absPath}; to read the newest file in it, give a pattern such as ${absPath.replace(/\/$/, '')}/*.csv`);
    case 'EACCES':
    case 'EPERM':
      return new UserInputError(`data file is not readable (permission denied): ${absPath}`);
    case 'ELOOP':
      return new UserInputError(`data file is not readable (too many symbolic links): ${absPath}`);
    case 'ENAMETOOLONG':
      return new UserInputError(`data file path is too long: ${absPath}`);
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}

export interface OpenedFile {
  handle: FileHandle;
  size: number;
}

/** Checks the path is a readable, non-empty regular file and opens it. */
export async function openDataFile(absPath: string): Promise<OpenedFile> {
  let info;
  try {
    info = await stat(absPath);
  } catch (e) {
    throw fileAccessError(e, absPath);
  }
  if (info.isDirectory()) throw fileAccessError({ code: 'EISDIR' }, absPath);
  if (!info.isFile()) throw new UserInputError(`data path is not a regular file: ${absPath}`);
  if (info.size === 0) throw new UserInputError(`data file is empty: ${absPath}`);
  let handle: FileHandle;
  try {
    handle = await open(absPath, 'r');
  } catch (e) {
    throw fileAccessError(e, absPath);
  }
  return { handle, size: info.size };
}

export interface ChunkReader {
  /** The file's content, decompressed when `gzip` was asked for. */
  chunks: AsyncIterable<Buffer>;
  /** sha256 and byte count of the raw file bytes; complete once `chunks` is exhausted. */
  digest(): { sha256: string; bytes: number };
}

/**
 * Streams the opened file in 1 MiB chunks, hashing the raw bytes. The handle is closed
 * when the stream ends or is abandoned.
 */
export function readChunks(file: OpenedFile, absPath: string, options: { gzip?: boolean } = {}): ChunkReader {
  return readStreamChunks(() => file.handle.createReadStream({ start: 0, highWaterMark: 1 << 20, autoClose: true }), absPath, (e) => fileAccessError(e, absPath), options);
}

/**
 * The same for any byte stream (a gs:// object): raw bytes hashed as they go by, gunzipped
 * when asked. `where` names the source in gzip errors; `mapError` turns a read error into
 * one that names it too. The stream is opened on first read and destroyed when abandoned.
 */
export function readStreamChunks(
  open: () => Readable,
  where: string,
  mapError: (e: unknown) => Error,
  options: { gzip?: boolean } = {},
): ChunkReader {
  const hash = createHash('sha256');
  let bytes = 0;
  async function* raw(): AsyncGenerator<Buffer> {
    const stream = open();
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    } catch (e) {
      throw e instanceof UserInputError ? e : mapError(e);
    } finally {
      stream.destroy();
    }
  }
  async function* gunzipped(): AsyncGenerator<Buffer> {
    const gunzip = createGunzip();
    const feeding = pipeline(Readable.from(raw()), gunzip);
    feeding.catch(() => undefined); // the same error surfaces through the loop below
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
    } catch (e) {
      if (e instanceof UserInputError) throw e;
      // A read error (network, permissions) came through the pipeline: keep its own message.
      if (!(e as NodeJS.ErrnoException)?.code?.startsWith('Z_')) throw mapError(e);
      throw new UserInputError(`${where}: not a valid gzip file: ${(e as Error).message}`);
    } finally {
      gunzip.destroy();
    }
  }
  let sha256: string | undefined;
  return {
    chunks: options.gzip ? gunzipped() : raw(),
    digest() {
      sha256 ??= hash.digest('hex');
      return { sha256, bytes };
    },
  };
}
