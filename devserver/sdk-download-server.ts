/**
 * Last resort on an online machine with neither a `temporal` binary nor Go: the Temporal
 * SDK downloads the CLI itself (into the tools cache) and runs the dev server.
 */
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { AUTOFLOW_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { autoflowHome, toolsCacheDir } from './project-paths.js';
import type { RunningDevServer } from './dev-server.js';

export async function startSdkDownloadedServer(options: { port: number; uiPort: number; namespace: string }): Promise<RunningDevServer> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download', downloadDir: toolsCacheDir() },
      ip: '127.0.0.1',
      port: options.port,
      ui: true,
      uiPort: options.uiPort,
      dbFilename: join(autoflowHome(), 'temporal.db'),
      namespace: options.namespace,
      searchAttributes: AUTOFLOW_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'warn' },
    },
  });
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://localhost:${options.uiPort}`,
    port: options.port,
    uiPort: options.uiPort,
    stop: () => env.teardown(),
  };
}
