/**
 * `name@alias`, `name/7`, `name@latest` and a bare name, resolved through the public
 * registry methods, so every backend resolves references identically.
 */
import type { ModelRegistry, ModelVersion } from './model-registry.js';
import { aliasNotFound, noVersionsLeft } from './lookup-errors.js';
import { parseModelReference } from './model-names.js';

export async function resolveReference(
  registry: Pick<ModelRegistry, 'getVersion' | 'listVersions' | 'getAliases'>,
  reference: string,
): Promise<ModelVersion> {
  const ref = parseModelReference(reference);
  switch (ref.kind) {
    case 'version':
      return registry.getVersion(ref.name, ref.version);
    case 'latest': {
      const versions = await registry.listVersions(ref.name);
      if (versions.length === 0) throw noVersionsLeft(ref.name);
      return versions[versions.length - 1];
    }
    case 'alias': {
      const aliases = await registry.getAliases(ref.name);
      const target = aliases[ref.alias];
      if (target === undefined) throw aliasNotFound(ref.name, ref.alias, aliases, true);
      return registry.getVersion(ref.name, target);
    }
  }
}
