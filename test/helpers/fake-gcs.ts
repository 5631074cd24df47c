/**
 * Starts fake-gcs-server (an in-memory GCS emulator that honours generation preconditions)
 * on a free loopback port for GCS tests. A missing binary fails the tests with the command
 * that installs it: the GCS backends must not pass by being skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../devserver/dev-server.js';
import { findToolBinary } from './tool-binary.js';

export interface FakeGcs {
  /** `http://127.0.0.1:<port>`: pass as `apiEndpoint` or STORAGE_EMULATOR_HOST. */
  endpoint: string;
  /** Creates a bucket (a fresh name per test keeps tests independent). */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

const BINARY = 'fake-gcs-server';

export function findFakeGcsBinary(): { path?: string; tried: string[] } {
  return findToolBinary(BINARY);
}

export async function startFakeGcs(): Promise<FakeGcs> {
  const { path, tried } = findFakeGcsBinary();
  if (!path) {
    throw new Error(`the GCS tests need fake-gcs-server; looked in ${tried[0]} and on PATH (${tried.length - 1} directories). Install it with \`bash .ci/install-fake-gcs.sh\`.`);
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(path, ['-scheme', 'http', '-host', '127.0.0.1', '-port', String(port), '-backend', 'memory', '-log-level', 'error'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await waitUntilUp(endpoint, child, () => stderr);
  return {
    endpoint,
    async createBucket(name) {
      const res = await fetch(`${endpoint}/storage/v1/b?project=test`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      if (!res.ok) throw new Error(`fake-gcs-server: cannot create bucket ${name}: ${res.status} ${await res.text()}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilUp(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`fake-gcs-server exited with code ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(`${endpoint}/storage/v1/b?project=test`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`fake-gcs-server did not answer on ${endpoint} within 20 s: ${stderr()}`);
}
