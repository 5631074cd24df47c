/**
 * The filesystem artifact store (embedded default): keys are relative POSIX paths under a
 * root directory, writes are temp file + fsync + rename, reads by ref verify sha256 and size.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ArtifactRef, ArtifactStore } from './artifact-store.js';
import { ArtifactCorruptError, ArtifactNotFoundError } from './errors.js';
import { writeFileAtomic, isErrno } from './fs-atomic.js';
import { hashFile, sha256Hex, toBytes } from './hash.js';
import { validateArtifactKey } from './keys.js';
import { hasUriScheme } from './uri.js';

export class FileArtifactStore implements ArtifactStore {
  /** Absolute path of the root directory (created on first write). */
  readonly rootDir: string;
  readonly rootUri: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
    this.rootUri = pathToFileURL(this.rootDir).href;
  }

  /** The absolute path a key maps to; throws `InvalidArtifactKeyError` for unsafe keys. */
  pathFor(key: string): string {
    validateArtifactKey(key);
    return join(this.rootDir, ...key.split('/'));
  }

  uriFor(key: string): string {
    return pathToFileURL(this.pathFor(key)).href;
  }

  async put(key: string, data: Uint8Array | string): Promise<ArtifactRef> {
    const path = this.pathFor(key);
    const bytes = toBytes(data);
    const ref: ArtifactRef = { uri: pathToFileURL(path).href, sha256: sha256Hex(bytes), bytes: bytes.length };
    const existing = await statOrUndefined(path);
    if (existing?.isDirectory()) throw new Error(`cannot write artifact ${ref.uri}: a directory with that name exists (key ${JSON.stringify(key)})`);
    // A retried activity rewriting the same bytes leaves the file (and its mtime) alone.
    if (existing?.isFile() && existing.size === bytes.length && (await hashFile(path)).sha256 === ref.sha256) return ref;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, bytes);
    } catch (e) {
      if (isErrno(e, 'ENOTDIR', 'EEXIST')) {
        throw new Error(`cannot write artifact ${ref.uri}: a parent of key ${JSON.stringify(key)} is a file, not a directory`, { cause: e });
      }
      throw e;
    }
    return ref;
  }

  /**
   * By ref: reads `ref.uri` (any file:// URI, not only under this root) and verifies size and sha256.
   * By string: a file:// URI or a key relative to the root, read without verification.
   */
  async get(ref: ArtifactRef | string): Promise<Buffer> {
    if (typeof ref === 'string') {
      const { path, uri } = this.locate(ref);
      return readArtifact(path, uri);
    }
    if (!ref || typeof ref.uri !== 'string') throw new TypeError('get() needs an ArtifactRef { uri, sha256, bytes } or a uri/key string');
    const { path, uri } = this.locate(ref.uri);
    const data = await readArtifact(path, uri);
    if (data.length !== ref.bytes) throw new ArtifactCorruptError(uri, ref, { bytes: data.length });
    const actual = sha256Hex(data);
    if (actual !== ref.sha256) throw new ArtifactCorruptError(uri, ref, { sha256: actual, bytes: data.length });
    return data;
  }

  async head(key: string): Promise<ArtifactRef | undefined> {
    const path = this.pathFor(key);
    const st = await statOrUndefined(path);
    if (!st?.isFile()) return undefined;
    try {
      const { sha256, bytes } = await hashFile(path);
      return { uri: pathToFileURL(path).href, sha256, bytes };
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return undefined; // deleted between stat and read
      throw e;
    }
  }

  /** A uri or key -> the path to read and the uri to name in errors. */
  private locate(uriOrKey: string): { path: string; uri: string } {
    if (!hasUriScheme(uriOrKey)) {
      const path = this.pathFor(uriOrKey);
      return { path, uri: pathToFileURL(path).href };
    }
    if (uriOrKey.toLowerCase().startsWith('file://')) {
      let path: string;
      try {
        path = fileURLToPath(uriOrKey);
      } catch (e) {
        throw new Error(`cannot read artifact ${uriOrKey}: not a valid file:// URI (${(e as Error).message})`);
      }
      return { path, uri: uriOrKey };
    }
    const scheme = uriOrKey.slice(0, uriOrKey.indexOf('://'));
    const hint = scheme.toLowerCase() === 'gs' ? ' (configure a gs:// artifact store root to read gs:// artifacts)' : '';
    throw new Error(`cannot read artifact ${uriOrKey}: the filesystem artifact store reads file:// URIs and keys under ${this.rootUri}, not ${scheme}://${hint}`);
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    if (isErrno(e, 'ENOENT', 'ENOTDIR')) return undefined;
    throw e;
  }
}

async function readArtifact(path: string, uri: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    if (isErrno(e, 'ENOENT', 'ENOTDIR')) throw new ArtifactNotFoundError(uri);
    if (isErrno(e, 'EISDIR')) throw new ArtifactNotFoundError(uri, 'it is a directory, not a file');
    throw e;
  }
}
