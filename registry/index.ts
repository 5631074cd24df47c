/**
 * The model registry's public surface. `createModelRegistry` picks a backend from the root's
 * scheme: a path or file:// URI is the filesystem registry, gs://bucket/prefix the GCS one.
 */
import type { GcsOptions } from '../artifacts/gcs-client.js';
import { parseStorageLocation } from '../artifacts/uri.js';
import { FileSystemModelRegistry } from './fs-registry.js';
import { GcsModelRegistry } from './gcs-registry.js';
import type { ModelRegistry } from './model-registry.js';

export * from './model-registry.js';
export * from './model-names.js';
export * from './errors.js';
export * from './bundle.js';
export { renderModelCard } from './model-card.js';
export {
  FileSystemModelRegistry,
  VERSION_MANIFEST_FILE,
  type AliasHistoryEntry,
  type FileSystemModelRegistryOptions,
  type VersionManifest,
} from './fs-registry.js';
export { withFileLock, type FileLockOptions } from './fs-lock.js';
export { GcsModelRegistry } from './gcs-registry.js';

/**
 * `rootUri`: a directory path (relative to the current directory), a `file://` URI or
 * `gs://bucket/prefix` (Application Default Credentials; STORAGE_EMULATOR_HOST for an emulator).
 */
export function createModelRegistry(rootUri: string, gcs: GcsOptions = {}): ModelRegistry {
  const location = parseStorageLocation(rootUri, 'model registry root');
  switch (location.scheme) {
    case 'file':
      return new FileSystemModelRegistry(location.path);
    case 'gs':
      return new GcsModelRegistry(location.bucket, location.prefix, gcs);
  }
}
