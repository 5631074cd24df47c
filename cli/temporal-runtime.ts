/**
 * Gets a Temporal server for a command: the one at TEMPORAL_ADDRESS (or a profile) when it
 * is reachable, else a local dev server that lives as long as the command.
 */
import pc from 'picocolors';
import { Connection } from '@temporalio/client';
import { loadTemporalTarget } from '../client/connection-config.js';
import { startDevServer, isReachable, type RunningDevServer } from '../devserver/dev-server.js';
import { startSdkDownloadedServer } from '../devserver/sdk-download-server.js';
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

/** Starts a local dev server with the first Temporal CLI we can find, build or download. */
async function startLocalServer(port: number, uiPort: number, namespace: string): Promise<RunningDevServer> {
  const found = findTemporalBinary();
  let binary = found.path;
  if (!binary && goAvailable()) {
    say(`Temporal CLI not found (looked in ${found.tried.join(', ')}).`);
    say(`Building it once with \`go install ${TEMPORAL_CLI_MODULE}\` (about 5-20 minutes on 2 cores; cached afterwards)...`);
    binary = await goInstallTemporal((line) => say(pc.dim(line)));
    say(`Temporal CLI ready at ${binary}`);
  }
  say(`starting a local Temporal dev server on ${port} (UI http://localhost:${uiPort}, history in .autoflow/temporal.db)`);
  if (binary) return startDevServer({ binary, port, uiPort, namespace });
  say('no Temporal CLI and no Go: asking the Temporal SDK to download the CLI ...');
  try {
    return await startSdkDownloadedServer({ port, uiPort, namespace });
  } catch (e) {
    throw new UserInputError(
      [
        `the Temporal CLI was not found (looked in ${found.tried.join(', ')}), Go is not installed to build it, and the SDK's download failed (${(e as Error).message.split('\n')[0]})`,
        'install the Temporal CLI (https://docs.temporal.io/cli) and put `temporal` on PATH, or set AUTOFLOW_TEMPORAL_BIN to its path',
        `or install Go so AutoFlow can build it (go install ${TEMPORAL_CLI_MODULE})`,
        'or point TEMPORAL_ADDRESS at a running Temporal server',
      ],
      'no Temporal server available',
    );
  }
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
