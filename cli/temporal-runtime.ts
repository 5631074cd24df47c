/**
 * Gets a Temporal server for a command: the one at TEMPORAL_ADDRESS (or a profile) when it
 * is reachable, else a local dev server that lives as long as the command.
 */
import pc from 'picocolors';
import { Connection } from '@temporalio/client';
import { loadTemporalTarget, TemporalUnreachableError, type TemporalTarget } from '../client/connection-config.js';
import { startDevServer, isReachable, type RunningDevServer } from '../devserver/dev-server.js';
import { obtainTemporalBinary } from '../devserver/obtain-temporal.js';
import { ensureSearchAttributes } from '../devserver/ensure-search-attributes.js';
import { UserInputError } from '../core/errors.js';

export interface TemporalRuntime {
  address: string;
  namespace: string;
  /** Web UI base, when known. */
  uiUrl?: string;
  devServer?: RunningDevServer;
  stop(): Promise<void>;
}

const say = (msg: string) => process.stderr.write(`${pc.dim('autoflow')} ${msg}\n`);

/** Starts a local dev server with the first Temporal CLI we can find, download or build. */
async function startLocalServer(port: number, uiPort: number, namespace: string): Promise<RunningDevServer> {
  const obtained = await obtainTemporalBinary((line) => say(pc.dim(line)));
  if (obtained.source !== 'found') say(obtained.how);
  say(`starting a local Temporal dev server on ${port} (UI http://localhost:${uiPort}, history in .autoflow/temporal.db)`);
  return startDevServer({ binary: obtained.path, port, uiPort, namespace });
}

export interface EnsureTemporalOptions {
  uiPort?: number;
  port?: number;
  /**
   * Start a local dev server when nothing is configured and nothing answers (default). Off
   * for `--no-worker`: a throwaway server has no worker, so the search would wait forever.
   */
  startLocal?: boolean;
  /** Where to look; default: flags, env and profile (loadTemporalTarget). */
  target?: TemporalTarget;
}

export async function ensureTemporal(options: EnsureTemporalOptions = {}): Promise<TemporalRuntime> {
  const target = options.target ?? loadTemporalTarget();
  if (target.explicit || (await isReachable(target.address))) {
    // TLS and API-key endpoints sit behind proxies where a bare TCP probe says little.
    if (!target.connectionOptions.tls && !target.connectionOptions.apiKey && !(await isReachable(target.address, 5000))) {
      throw new TemporalUnreachableError(target.address, new Error('nothing answers on that port'));
    }
    const connection = await Connection.connect(target.connectionOptions);
    const warning = await ensureSearchAttributes(connection, target.namespace);
    await connection.close();
    if (warning) say(pc.yellow(warning));
    const local = /^(localhost|127\.0\.0\.1):7233$/.test(target.address);
    return { address: target.address, namespace: target.namespace, uiUrl: local ? 'http://localhost:8233' : undefined, stop: async () => {} };
  }
  if (options.startLocal === false) {
    throw new TemporalUnreachableError(
      target.address,
      new Error('nothing answers there'),
      '--no-worker does not start a local server (it would have no worker to run the search); start one with `npx autoflow server` and a worker with `npx autoflow worker`, or point --address or TEMPORAL_ADDRESS at your server',
    );
  }
  const port = options.port ?? Number(target.address.split(':')[1] ?? 7233);
  const devServer = await startLocalServer(port, options.uiPort ?? port + 1000, target.namespace);
  const stopOnSignal = (signal: NodeJS.Signals) => {
    void devServer.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  return {
    address: devServer.address,
    namespace: target.namespace,
    uiUrl: devServer.uiUrl,
    devServer,
    stop: async () => {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
      await devServer.stop();
    },
  };
}
