/**
 * Typed errors of the data plane. A bad key or root URI is the caller's configuration
 * (a `UserInputError`: retrying never helps); a missing or corrupt object is not.
 */
import { UserInputError } from '../core/errors.js';

/** A key that is not a safe relative POSIX path (traversal, absolute, empty segments, backslashes). */
export class InvalidArtifactKeyError extends UserInputError {
  readonly key: unknown;
  constructor(key: unknown, message: string) {
    super(message);
    this.key = key;
  }
}

/** The object named by a uri or key does not exist. */
export class ArtifactNotFoundError extends Error {
  readonly uri: string;
  constructor(uri: string, detail?: string) {
    super(`artifact ${uri} does not exist${detail ? `: ${detail}` : ''}`);
    this.name = 'ArtifactNotFoundError';
    this.uri = uri;
  }
}

/** The bytes read back do not match the ref's sha256 or size. */
export class ArtifactCorruptError extends Error {
  readonly uri: string;
  readonly expected: { sha256: string; bytes: number };
  readonly actual: { sha256?: string; bytes: number };
  constructor(uri: string, expected: { sha256: string; bytes: number }, actual: { sha256?: string; bytes: number }) {
    const what =
      actual.bytes !== expected.bytes
        ? `${actual.bytes} bytes, expected ${expected.bytes}`
        : `sha256 ${actual.sha256} expected ${expected.sha256}`;
    super(`artifact ${uri} is corrupt: ${what}`);
    this.name = 'ArtifactCorruptError';
    this.uri = uri;
    this.expected = expected;
    this.actual = actual;
  }
}
