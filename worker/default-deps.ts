import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArtifactStore } from '../artifacts/index.js';
import type { ActivityDeps } from '../activities/create-activities.js';
import { autoflowHome, packageRoot } from '../devserver/project-paths.js';
import { createModelRegistry } from '../registry/index.js';

/** Where artifacts and models go: AUTOFLOW_ARTIFACTS / AUTOFLOW_REGISTRY, else under .autoflow/. */
export function storageLocations(): { artifacts: string; registry: string } {
  return {
    artifacts: process.env.AUTOFLOW_ARTIFACTS ?? join(autoflowHome(), 'artifacts'),
    registry: process.env.AUTOFLOW_REGISTRY ?? join(autoflowHome(), 'registry'),
  };
}

export function codeVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return `autoflow@${pkg.version}`;
}

export function createDefaultDeps(locations = storageLocations()): ActivityDeps {
  return {
    store: createArtifactStore(locations.artifacts),
    registry: createModelRegistry(locations.registry),
    codeVersion: codeVersion(),
  };
}
