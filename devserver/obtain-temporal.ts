/**
 * Obtains the Temporal CLI (dev server + Web UI) when none is installed, the fastest way
 * first: the Temporal SDK's own download (seconds on an online machine; fails within a
 * fraction of a second when its host is unreachable), then `go install` of a pinned tag
 * from the Go module proxy (minutes, but works where only package registries are reachable).
 */
import { copyFile, chmod, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { UserInputError } from '../core/errors.js';
import { freePort } from './dev-server.js';
import { toolsCacheDir } from './project-paths.js';
import { findTemporalBinary, goAvailable, goInstallTemporal, TEMPORAL_CLI_MODULE } from './temporal-binary.js';

export type TemporalSource = 'found' | 'sdk-download' | 'go-install';

export interface ObtainedTemporal {
  path: string;
  source: TemporalSource;
  /** One line for the user: where the binary came from and how long it took. */
  how: string;
}

/**
 * The SDK downloads the CLI only as part of starting an ephemeral server, so start one on a
 * free port, stop it, and keep the executable it left in its download folder.
 */
export async function downloadTemporalWithSdk(): Promise<string> {
  const downloadDir = join(toolsCacheDir(), 'sdk-download');
  await mkdir(downloadDir, { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download', downloadDir }, ip: '127.0.0.1', port: await freePort(), ui: false, log: { format: 'pretty', level: 'error' } },
  });
  await env.teardown();
  const executable = await newestExecutable(downloadDir);
  if (!executable) throw new Error(`the SDK's download finished but left no executable in ${downloadDir}`);
  const target = join(toolsCacheDir(), 'temporal');
  const temp = `${target}.${process.pid}.tmp`;
  await copyFile(executable, temp);
  await chmod(temp, 0o755);
  await rename(temp, target);
  await rm(downloadDir, { recursive: true, force: true });
  return target;
}

async function newestExecutable(dir: string): Promise<string | undefined> {
  let best: { path: string; mtime: number } | undefined;
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isFile() && (info.mode & 0o111) !== 0 && (!best || info.mtimeMs > best.mtime)) best = { path, mtime: info.mtimeMs };
  }
  return best?.path;
}

/** Finds the CLI or obtains it; `say` receives progress lines (the Go build takes minutes). */
export async function obtainTemporalBinary(say: (line: string) => void): Promise<ObtainedTemporal> {
  const found = findTemporalBinary();
  if (found.path) return { path: found.path, source: 'found', how: `Temporal CLI: ${found.path}` };
  say(`Temporal CLI not found (looked in ${found.tried.join(', ')}); trying the Temporal SDK's download ...`);
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  let downloadError: string;
  try {
    const path = await downloadTemporalWithSdk();
    return { path, source: 'sdk-download', how: `Temporal CLI downloaded by the Temporal SDK in ${seconds()}: ${path}` };
  } catch (e) {
    downloadError = (e as Error).message.split('\n')[0];
    say(`the SDK's download failed after ${seconds()} (${downloadError.slice(0, 200)})`);
  }
  if (!goAvailable()) {
    throw new UserInputError(
      [
        `the Temporal CLI was not found (looked in ${found.tried.join(', ')}), the Temporal SDK could not download it (${downloadError.slice(0, 200)}), and Go is not installed to build it`,
        'install the Temporal CLI (https://docs.temporal.io/cli) and put `temporal` on PATH, or set AUTOFLOW_TEMPORAL_BIN to its path',
        `or install Go so AutoFlow can build it (go install ${TEMPORAL_CLI_MODULE})`,
        'or point TEMPORAL_ADDRESS at a running Temporal server',
      ],
      'no Temporal server available',
    );
  }
  say(`building it once with \`go install ${TEMPORAL_CLI_MODULE}\` from the Go module proxy (about 5 minutes on 2 cores; cached afterwards) ...`);
  const goStarted = performance.now();
  const path = await goInstallTemporal(say);
  return { path, source: 'go-install', how: `Temporal CLI built with go install in ${((performance.now() - goStarted) / 1000).toFixed(0)} s: ${path}` };
}
