/**
 * Gets a Temporal server for a command: the one at TEMPORAL_ADDRESS (or a profile) when it
 * is reachable, else a local dev server that lives as long as the command.
 */
import pc from 'picocolors';
import { Connection } from '@temporalio/client';
import { loadTemporalTarget } from '../client/connection-config.js';
import { startDevServer, isReachable, type RunningDevServer } from '../devserver/dev-server.js';
import { ensureSearchAttributes } from '../devserver/ensure-search-attributes.js';
import { findTemporalBinary, goAvailable, goInstallTemporal, TEMPORAL_CLI_MODULE } from '../devserver/temporal-binary.js';
import { UserInputError } from '../components/core/errors.js';

export interface TemporalRuntime {
  address: string;
  namespace: string;
  /** Web UI base, when known. */
  uiUrl?: string;
  devServer?: RunningDevServer;
  stop(): Promise<void>;
}

const say = (msg: string) => process.stderr.write(`${pc.dim('autoflow')} ${msg}\n`);

async function obtainBinary(): Promise<string> {
  const found = findTemporalBinary();
  if (found.path) return found.path;
  if (goAvailable()) {
    say(`Temporal CLI not found (looked in ${found.tried.join(', ')}).`);
    say(`Building it once with \`go install ${TEMPORAL_CLI_MODULE}\` (about 5-20 minutes on 2 cores; cached afterwards)...`);
    const path = await goInstallTemporal((line) => say(pc.dim(line)));
    say(`Temporal CLI ready at ${path}`);
    return path;
  }
  throw new UserInputError(
    [
      `the Temporal CLI is needed to start a local server, and none was found (looked in ${found.tried.join(', ')})`,
      'install it (https://docs.temporal.io/cli) and put `temporal` on PATH, or set AUTOFLOW_TEMPORAL_BIN to its path,',
      `or install Go so AutoFlow can build it (go install ${TEMPORAL_CLI_MODULE}),`,
      'or point TEMPORAL_ADDRESS at a running Temporal server',
    ],
    'no Temporal server available',
  );
}

export async function ensureTemporal(options: { uiPort?: number; port?: number } = {}): Promise<TemporalRuntime> {
  const target = loadTemporalTarget();
  if (target.explicit || (await isReachable(target.address))) {
    if (!(await isReachable(target.address, 5000)) && !target.connectionOptions.tls && !target.connectionOptions.apiKey) {
      throw new UserInputError(`no Temporal server answers at ${target.address} (from TEMPORAL_ADDRESS or your Temporal profile)`);
    }
    const connection = await Connection.connect(target.connectionOptions);
    const warning = await ensureSearchAttributes(connection, target.namespace);
    await connection.close();
    if (warning) say(pc.yellow(warning));
    const local = /^(localhost|127\.0\.0\.1):7233$/.test(target.address);
    return { address: target.address, namespace: target.namespace, uiUrl: local ? 'http://localhost:8233' : undefined, stop: async () => {} };
  }
  const binary = await obtainBinary();
  const port = options.port ?? Number(target.address.split(':')[1] ?? 7233);
  say(`starting a local Temporal dev server on ${port} (UI http://localhost:${options.uiPort ?? port + 1000}, data in .autoflow/temporal.db)`);
  const devServer = await startDevServer({ binary, port, uiPort: options.uiPort, namespace: target.namespace });
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
