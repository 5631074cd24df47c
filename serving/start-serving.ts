/**
 * Wires a serving process together: load the model, follow its reference, count it in the
 * metrics, listen. Used by `autoflow serve` and by tests that serve in-process.
 */
import { UserInputError } from '../core/errors.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import { followerEventHandler } from './follower-events.js';
import { enableLeanMemory } from './lean-memory.js';
import { ServingMetrics } from './metrics.js';
import { ModelFollower, type ModelFollowerOptions } from './model-follower.js';
import { createServingServer } from './server.js';

export interface StartServingOptions {
  registry: ModelRegistry;
  reference: string;
  host?: string;
  port?: number;
  pollIntervalMs?: number;
  maxBodyBytes?: number;
  /** One human-readable line per event (model loaded, swapped, failures). */
  log?: (line: string) => void;
  /**
   * Hold V8's young generation at its initial size and collect after each model load or swap
   * (./lean-memory.ts). Process-wide, so off unless asked; `autoflow serve` asks.
   */
  leanMemory?: boolean;
  /** Replaces how versions are loaded (tests). */
  load?: ModelFollowerOptions['load'];
}

export interface RunningServer {
  url: string;
  follower: ModelFollower;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';

/** Listen failures that are the user's choice of --host/--port. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use (pick another with PORT_OPTION)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'this machine has no such address (check --host)',
  ENOTFOUND: 'unknown host name (check --host)',
};

export async function startServing(options: StartServingOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  if (options.leanMemory) enableLeanMemory();
  const metrics = new ServingMetrics();
  const onEvent = followerEventHandler({ reference: options.reference, metrics, log, leanMemory: options.leanMemory });
  const follower = await ModelFollower.start({
    registry: options.registry,
    reference: options.reference,
    pollIntervalMs: options.pollIntervalMs,
    onEvent,
    load: options.load,
  });
  const serving = createServingServer({
    follower,
    metrics,
    maxBodyBytes: options.maxBodyBytes,
    onError: (e) => log(`internal error: ${e.stack ?? e.message}`),
  });
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? 8080;
  let url: string;
  try {
    url = await serving.listen(port, host);
  } catch (e) {
    follower.stop();
    throw listenFailure(e as Error, host, port, '--port');
  }
  return {
    url,
    follower,
    async close() {
      follower.stop();
      await serving.close();
    },
  };
}

/** A listen error that is the user's choice of host or port as a UserInputError (exit 2); others unchanged. */
export function listenFailure(e: Error, host: string, port: number, portOption: string): Error {
  const reason = LISTEN_ERRORS[(e as NodeJS.ErrnoException).code ?? '']?.replace('PORT_OPTION', portOption);
  return reason ? new UserInputError(`cannot listen on ${host}:${port}: ${reason}`) : e;
}
