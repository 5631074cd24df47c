/**
 * Starts one real Temporal dev server for the whole test run, on free ports with a throwaway
 * SQLite file. Integration tests read its address with `inject('temporalAddress')`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startDevServer } from '../devserver/dev-server.js';
import { findTemporalBinary } from '../devserver/temporal-binary.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalUiUrl: string;
    temporalBinary: string;
  }
}

export default async function setup(project: TestProject) {
  const { path: binary, tried } = findTemporalBinary();
  if (!binary) throw new Error(`integration tests need the Temporal CLI; looked in ${tried.join(', ')}. Run \`npx autoflow setup\` (or \`npm test\`, which runs .ci/install-test-tools.sh first).`);
  const dir = await mkdtemp(join(tmpdir(), 'autoflow-temporal-'));
  const port = await freePort();
  const uiPort = await freePort();
  const server = await startDevServer({ binary, port, uiPort, dbFile: join(dir, 'temporal.db') });
  project.provide('temporalAddress', server.address);
  project.provide('temporalUiUrl', server.uiUrl);
  project.provide('temporalBinary', binary);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
