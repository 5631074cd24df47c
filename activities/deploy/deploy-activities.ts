/**
 * The activities of deployModel and watchDeployments: check a candidate in a test server
 * (./check-candidate.ts), move the alias and write the validated manifest (`autoflow serve`,
 * or with mode stream `autoflow stream` scaled by KEDA), and tell a watch what the registry
 * holds that it has not handled yet.
 */
import type { DeployCheck, DeployInput, DeployTarget, WatchCandidate } from '../../workflows/deploy-types.js';
import type { ActivityDeps } from '../create-activities.js';
import { failFastOnUserError } from '../failures.js';
import { withHeartbeats } from '../heartbeat.js';
import { checkCandidate } from './check-candidate.js';
import { kubernetesManifest } from './kubernetes-manifest.js';
import { streamKubernetesManifest } from './stream-manifest.js';
import { checkDeployTarget } from './stream-settings.js';
import { nextWatchCandidate, watchBaseline } from './watch-candidates.js';

/** Where serving pods read models: the registry itself when it is in GCS, else a placeholder to fill in. */
function clusterRegistryUri(rootUri: string): string {
  if (rootUri.startsWith('gs://')) return rootUri;
  const configured = process.env.AUTOFLOW_REGISTRY;
  return configured?.startsWith('gs://') ? configured : 'gs://BUCKET/autoflow/registry';
}

export function deployActivities(deps: ActivityDeps) {
  return {
    /**
     * Serves the exact candidate version in a fresh `autoflow serve` process and checks it over HTTP.
     * The same check holds for streaming mode: `autoflow stream` scores with the same bundle,
     * record checks and decision rule as `autoflow serve` (serving/servable-model.ts), so
     * answers that match offline over the test server are the answers the scorer publishes.
     */
    async checkCandidate(input: DeployInput & { deployId: string }): Promise<DeployCheck> {
      return failFastOnUserError(async () => {
        // Bad streaming settings fail in the check before a test server is spent on them (./effective-target.ts).
        return withHeartbeats((report) => checkCandidate(deps, input, report));
      });
    },

    /** Builds and validates the manifest, then moves the alias (compare-and-swap), then stores the manifest. */
    async promoteCandidate(input: { deployId: string; check: DeployCheck; alias: string; expectedVersion: number | null } & DeployTarget): Promise<{ manifest: string; manifestUri: string }> {
      return failFastOnUserError(async () => {
        checkDeployTarget(input);
        const { name, version } = input.check.model;
        const manifestInput = { name, alias: input.alias, check: input.check, deployId: input.deployId, registryUri: clusterRegistryUri(deps.registry.rootUri) };
        // Before the alias moves: a manifest the schemas reject must not leave production half-deployed.
        const manifest = input.mode === 'stream' ? await streamKubernetesManifest({ ...manifestInput, stream: input.stream! }) : await kubernetesManifest(manifestInput);
        await deps.registry.setAlias(name, input.alias, version, { expectedVersion: input.expectedVersion });
        const ref = await deps.store.put(`deployments/${input.deployId}/k8s.yaml`, manifest);
        return { manifest, manifestUri: ref.uri };
      });
    },

    async currentAlias(input: { name: string; alias: string }): Promise<number | null> {
      const aliases = await deps.registry.getAliases(input.name).catch(() => ({}) as Record<string, number>);
      return aliases[input.alias] ?? null;
    },

    /** Where a new watch starts: the newest version (or the source alias's version) now. */
    async watchBaseline(input: { name: string; fromAlias?: string }): Promise<number | null> {
      return failFastOnUserError(() => watchBaseline(deps.registry, input));
    },

    async nextWatchCandidate(input: { name: string; fromAlias?: string; lastHandled: number | null }): Promise<WatchCandidate | null> {
      return failFastOnUserError(() => nextWatchCandidate(deps.registry, input));
    },
  };
}
