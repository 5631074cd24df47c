/**
 * Parses the root locations users configure for artifact stores and registries:
 * a local path, a `file://` URI or (later) a `gs://bucket/prefix` URI.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserInputError } from '../core/errors.js';

export type StorageLocation =
  | { scheme: 'file'; path: string }
  | { scheme: 'gs'; bucket: string; prefix: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** True for strings that look like `scheme://…` (a Windows path such as `C:\x` is not one). */
export function hasUriScheme(value: string): boolean {
  return SCHEME.test(value);
}

/**
 * `what` names the setting in error messages ("artifact store root", "model registry root").
 * Relative paths resolve against the current directory.
 */
export function parseStorageLocation(value: string, what = 'storage root'): StorageLocation {
  if (typeof value !== 'string' || value.trim() === '') throw new UserInputError(`${what} is empty: give a directory, a file:// URI or a gs:// URI`);
  const match = SCHEME.exec(value);
  if (!match) return { scheme: 'file', path: resolve(value) };
  const scheme = match[1].toLowerCase();
  if (scheme === 'file') {
    let path: string;
    try {
      path = fileURLToPath(value);
    } catch (e) {
      throw new UserInputError(`${what} ${JSON.stringify(value)} is not a valid file:// URI: ${(e as Error).message}`);
    }
    if (!isAbsolute(path)) throw new UserInputError(`${what} ${JSON.stringify(value)} must be an absolute file:// URI`);
    return { scheme: 'file', path };
  }
  if (scheme === 'gs') {
    const rest = value.slice(match[0].length);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    const prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
    if (!bucket) throw new UserInputError(`${what} ${JSON.stringify(value)} has no bucket name (expected gs://bucket/prefix)`);
    return { scheme: 'gs', bucket, prefix };
  }
  throw new UserInputError(`${what} ${JSON.stringify(value)} uses the unsupported scheme "${scheme}://"; use a directory, a file:// URI or a gs:// URI`);
}
