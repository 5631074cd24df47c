/**
 * The data plane's public surface. `createArtifactStore` picks a backend from the root's
 * scheme: a path or file:// URI is the filesystem store; gs:// slots in with the GCS backend.
 */
import type { ArtifactStore } from './artifact-store.js';
import { FileArtifactStore } from './file-store.js';
import { UserInputError } from '../components/core/errors.js';
import { parseStorageLocation } from './uri.js';

export * from './artifact-store.js';
export * from './errors.js';
export { FileArtifactStore } from './file-store.js';
export { hashFile, sha256File, sha256Hex, toBytes } from './hash.js';
export { MAX_KEY_BYTES, relativePathProblem, validateArtifactKey } from './keys.js';
export { hasUriScheme, parseStorageLocation, type StorageLocation } from './uri.js';

/** `rootUri`: a directory path (relative to the current directory) or a `file://` URI; `gs://bucket/prefix` later. */
export function createArtifactStore(rootUri: string): ArtifactStore {
  const location = parseStorageLocation(rootUri, 'artifact store root');
  switch (location.scheme) {
    case 'file':
      return new FileArtifactStore(location.path);
    case 'gs':
      throw new UserInputError(
        `artifact store root ${JSON.stringify(rootUri)}: the gs:// artifact store is not available yet; use a local directory or a file:// URI`,
      );
  }
}
