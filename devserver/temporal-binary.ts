/**
 * Finds (or obtains) the Temporal CLI, which bundles the dev server and its Web UI.
 * Order: AUTOFLOW_TEMPORAL_BIN, PATH, a cached copy, `go install` of a pinned tag.
 * The SDK's own download (for online machines without Go) is handled by the caller,
 * because it starts the server itself rather than handing back a binary.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { autoflowHome, toolsCacheDir } from './project-paths.js';

/** v1.5.1 is the newest CLI tag whose go.mod has no `replace` directive, so `go install` accepts it. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export interface BinaryLookup {
  path?: string;
  /** Where each candidate was looked for, to explain a failure. */
  tried: string[];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findTemporalBinary(env: NodeJS.ProcessEnv = process.env): BinaryLookup {
  const tried: string[] = [];
  const explicit = env.AUTOFLOW_TEMPORAL_BIN;
  if (explicit) {
    tried.push(`AUTOFLOW_TEMPORAL_BIN=${explicit}`);
    if (isExecutable(explicit)) return { path: explicit, tried };
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'temporal');
    if (isExecutable(candidate)) return { path: candidate, tried };
  }
  tried.push('PATH');
  for (const dir of [join(autoflowHome(), 'tools'), toolsCacheDir()]) {
    const candidate = join(dir, 'temporal');
    tried.push(candidate);
    if (isExecutable(candidate)) return { path: candidate, tried };
  }
  return { tried };
}

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds the CLI from the Go module proxy into the tools cache. Takes minutes the first
 * time (about 10-20 on 2 cores); `onLine` receives go's output so the user sees progress.
 */
export async function goInstallTemporal(onLine: (line: string) => void): Promise<string> {
  const dir = toolsCacheDir();
  mkdirSync(dir, { recursive: true });
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn('go', ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: dir, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let packages = 0;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) {
        // `-v` names each package as it compiles; report every 50th so the wait is visible but short.
        if (!line.trim()) continue;
        packages++;
        if (packages % 50 === 0) onLine(`compiled ${packages} packages (last: ${line.trim()})`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`go install ${TEMPORAL_CLI_MODULE} failed (exit ${code}):\n${tail}`))));
  });
  const path = join(dir, 'temporal');
  if (!existsSync(path)) throw new Error(`go install finished but ${path} is missing`);
  return path;
}
