/**
 * The model registry's public surface. `createModelRegistry` picks a backend from the root's
 * scheme: a path or file:// URI is the filesystem registry; gs:// slots in with the GCS backend.
 */
import { UserInputError } from '../components/core/errors.js';
import { parseStorageLocation } from '../artifacts/uri.js';
import { FileSystemModelRegistry } from './fs-registry.js';
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

/** `rootUri`: a directory path (relative to the current directory) or a `file://` URI; `gs://bucket/prefix` later. */
export function createModelRegistry(rootUri: string): ModelRegistry {
  const location = parseStorageLocation(rootUri, 'model registry root');
  switch (location.scheme) {
    case 'file':
      return new FileSystemModelRegistry(location.path);
    case 'gs':
      throw new UserInputError(
        `model registry root ${JSON.stringify(rootUri)}: the gs:// registry is not available yet; use a local directory or a file:// URI`,
      );
  }
}
