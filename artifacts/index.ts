/**
 * The data plane's public surface. `createArtifactStore` picks a backend from the root's
 * scheme: a path or file:// URI is the filesystem store, gs://bucket/prefix the GCS store.
 */
import type { ArtifactStore } from './artifact-store.js';
import { FileArtifactStore } from './file-store.js';
import { GcsArtifactStore } from './gcs-store.js';
import type { GcsOptions } from './gcs-client.js';
import { parseStorageLocation } from './uri.js';

export * from './artifact-store.js';
export * from './errors.js';
export { FileArtifactStore } from './file-store.js';
export { GcsArtifactStore } from './gcs-store.js';
export type { GcsOptions } from './gcs-client.js';
export { hashFile, sha256File, sha256Hex, toBytes } from './hash.js';
export { MAX_KEY_BYTES, relativePathProblem, validateArtifactKey } from './keys.js';
export { hasUriScheme, parseStorageLocation, type StorageLocation } from './uri.js';

/**
 * `rootUri`: a directory path (relative to the current directory), a `file://` URI or
 * `gs://bucket/prefix` (Application Default Credentials; STORAGE_EMULATOR_HOST for an emulator).
 */
export function createArtifactStore(rootUri: string, gcs: GcsOptions = {}): ArtifactStore {
  const location = parseStorageLocation(rootUri, 'artifact store root');
  switch (location.scheme) {
    case 'file':
      return new FileArtifactStore(location.path);
    case 'gs':
      return new GcsArtifactStore(location.bucket, location.prefix, gcs);
  }
}
