/**
 * Temporal connection settings, read the way Temporal's own tools read them:
 * `@temporalio/envconfig` profiles (temporal.toml, TEMPORAL_PROFILE, TLS, API keys) with
 * TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE overriding. Nothing AutoFlow-specific to learn.
 */
import { loadClientConnectConfig } from '@temporalio/envconfig';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Extra connection options (TLS, API key, metadata) from the profile. */
  connectionOptions: Record<string, unknown>;
  /** True when the user named a server explicitly (env or profile) rather than relying on the default. */
  explicit: boolean;
}

export const DEFAULT_ADDRESS = 'localhost:7233';
export const DEFAULT_TASK_QUEUE = 'autoflow';

export function taskQueue(): string {
  return process.env.AUTOFLOW_TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
}

export function loadTemporalTarget(overrides: { address?: string; namespace?: string } = {}): TemporalTarget {
  const config = loadClientConnectConfig({ profile: process.env.TEMPORAL_PROFILE });
  const options = config.connectionOptions as Record<string, unknown>;
  const address = overrides.address ?? (options.address as string | undefined) ?? DEFAULT_ADDRESS;
  return {
    address,
    namespace: overrides.namespace ?? config.namespace ?? 'default',
    connectionOptions: { ...options, address },
    explicit: Boolean(overrides.address ?? options.address),
  };
}

/** No Temporal server answered at the configured address: says where it looked and how to fix it. */
export class TemporalUnreachableError extends Error {
  constructor(
    readonly address: string,
    cause: Error,
  ) {
    super(
      `cannot reach a Temporal server at ${address} (${cause.message}); start a local one with \`npx autoflow server\`, ` +
        'or point TEMPORAL_ADDRESS (or a temporal.toml profile, TEMPORAL_PROFILE) at yours',
      { cause },
    );
    this.name = 'TemporalUnreachableError';
  }
}
