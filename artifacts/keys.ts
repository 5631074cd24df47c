/**
 * Keys are relative POSIX paths, the same on every backend (a filesystem directory or a
 * GCS bucket prefix), so a key can never escape its root.
 */
import { InvalidArtifactKeyError } from './errors.js';

/** GCS object names are limited to 1024 bytes of UTF-8; the filesystem store keeps the same limit. */
export const MAX_KEY_BYTES = 1024;

/**
 * Why `path` is not a safe relative POSIX path, or undefined when it is.
 * `what` names the thing in the message ("artifact key", "file path").
 */
export function relativePathProblem(path: unknown, what = 'artifact key'): string | undefined {
  const example = 'relative POSIX paths like "datasets/train.csv"';
  if (typeof path !== 'string') return `${what} must be a string, got ${path === null ? 'null' : typeof path}`;
  const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
  const bad = (reason: string) => `${what} ${shown} is invalid: ${reason} (${what}s are ${example})`;
  if (path.length === 0) return `${what} is empty (${what}s are ${example})`;
  if (Buffer.byteLength(path, 'utf8') > MAX_KEY_BYTES) return bad(`it is longer than ${MAX_KEY_BYTES} bytes`);
  if (path.includes('\\')) return bad('it contains a backslash; use "/" between segments');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return bad('it contains a control character');
  if (path.startsWith('/')) return bad('it is absolute; it must be relative to the root');
  if (/^[A-Za-z]:/.test(path)) return bad('it starts with a drive letter; it must be relative to the root');
  const segments = path.split('/');
  if (segments.some((s) => s === '')) return bad('it has an empty segment ("//" or a trailing "/")');
  if (segments.some((s) => s === '..')) return bad('it contains a ".." segment');
  if (segments.some((s) => s === '.')) return bad('it contains a "." segment');
  return undefined;
}

/** Throws an `InvalidArtifactKeyError` (a `UserInputError`) unless `key` is a safe relative POSIX path. */
export function validateArtifactKey(key: unknown, what = 'artifact key'): string {
  const problem = relativePathProblem(key, what);
  if (problem) throw new InvalidArtifactKeyError(key, problem);
  return key as string;
}
