/**
 * Temporal connection settings, read the way Temporal's own tools read them:
 * `@temporalio/envconfig` profiles (temporal.toml, TEMPORAL_PROFILE, TLS, API keys) with
 * TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE overriding, and the CLI's `--address` / `--namespace`
 * overriding both (as in the `temporal` CLI). Nothing AutoFlow-specific to learn.
 */
import { createRequire } from 'node:module';

// Loaded on first use, synchronously: every CLI command registers the global --address flag
// through this module, and commands that never connect (`serve`, `score`, `stream`) should not
// carry the SDK's config reader and its protobuf tables (~8 MB of RSS).
const require = createRequire(import.meta.url);
type EnvConfig = typeof import('@temporalio/envconfig');

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Extra connection options (TLS, API key, metadata) from the profile. */
  connectionOptions: Record<string, unknown>;
  /** True when the user named a server explicitly (flag, env or profile) rather than relying on the default. */
  explicit: boolean;
}

export interface TemporalOverrides {
  address?: string;
  namespace?: string;
}

export const DEFAULT_ADDRESS = 'localhost:7233';
export const DEFAULT_TASK_QUEUE = 'autoflow';

export function taskQueue(): string {
  return process.env.AUTOFLOW_TASK_QUEUE ?? DEFAULT_TASK_QUEUE;
}

/**
 * Process-wide overrides set once by the CLI from its global flags, so every command (and the
 * client and worker code they call) sees them without threading them through each call.
 */
let globalOverrides: TemporalOverrides = {};

export function setTemporalOverrides(overrides: TemporalOverrides): void {
  globalOverrides = { ...overrides };
}

/** Precedence: `overrides` (a caller's own, e.g. a dev server just started) > CLI flags > env > profile > default. */
export function loadTemporalTarget(overrides: TemporalOverrides = {}): TemporalTarget {
  const { loadClientConnectConfig } = require('@temporalio/envconfig') as EnvConfig;
  const config = loadClientConnectConfig({ profile: process.env.TEMPORAL_PROFILE });
  const options = config.connectionOptions as Record<string, unknown>;
  const named = overrides.address ?? globalOverrides.address ?? (options.address as string | undefined);
  const address = named ?? DEFAULT_ADDRESS;
  return {
    address,
    namespace: overrides.namespace ?? globalOverrides.namespace ?? config.namespace ?? 'default',
    connectionOptions: { ...options, address },
    explicit: named !== undefined,
  };
}

const DEFAULT_ADVICE =
  'start a local one with `npx autoflow server`, or point --address, TEMPORAL_ADDRESS (or a temporal.toml profile, TEMPORAL_PROFILE) at yours';

/** No Temporal server answered at the configured address: says where it looked and how to fix it. */
export class TemporalUnreachableError extends Error {
  constructor(
    readonly address: string,
    cause: Error,
    advice: string = DEFAULT_ADVICE,
  ) {
    super(`cannot reach a Temporal server at ${address} (${cause.message}); ${advice}`, { cause });
    this.name = 'TemporalUnreachableError';
  }
}
