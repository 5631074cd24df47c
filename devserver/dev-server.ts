/**
 * The embedded default: a local Temporal dev server (SQLite file under .autoflow/, Web UI on
 * port+1000) started for the duration of a command and stopped with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from '../workflows/search-attributes.js';
import { autoflowHome } from './project-paths.js';

export interface DevServerOptions {
  binary: string;
  port?: number;
  uiPort?: number;
  /** SQLite file; schedules and history survive a restart only with one. */
  dbFile?: string;
  namespace?: string;
  /** Called with each line the server writes (it is quiet at `--log-level warn`). */
  onLog?: (line: string) => void;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  port: number;
  uiPort: number;
  /** The server process, when we spawned it ourselves. */
  process?: ChildProcess;
  stop(): Promise<void>;
}

export async function isReachable(address: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills dev servers we started when this process ends, however it ends (short of SIGKILL). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGTERM');
  });
}

/**
 * The history service reads its task queues (transfer: activity and workflow tasks to dispatch;
 * timer; visibility) at most 20 times a second per shard by default, and the dev server has one
 * shard: every hop of a sequential search (trial done -> next workflow task -> next activity)
 * then waits ~25-50 ms for the reader's next turn. Lifting the limit took no-op trials from
 * ~100 to ~33 ms each at parallelism 1 (bench/orchestration); an idle server still reads only
 * when notified, so it costs no CPU at rest.
 */
export function queueReaderRateFlags(): string[] {
  const perSecond = '100000';
  return [
    'history.transferProcessorMaxPollRPS',
    'history.transferProcessorMaxPollHostRPS',
    'history.timerProcessorMaxPollRPS',
    'history.timerProcessorMaxPollHostRPS',
    'history.visibilityProcessorMaxPollRPS',
    'history.visibilityProcessorMaxPollHostRPS',
  ].flatMap((key) => ['--dynamic-config-value', `${key}=${perSecond}`]);
}

export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? port + 1000;
  const dbFile = options.dbFile ?? join(autoflowHome(), 'temporal.db');
  mkdirSync(join(dbFile, '..'), { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--db-filename', dbFile,
    '--namespace', options.namespace ?? 'default',
    '--log-level', 'warn',
    // WAL without a sync on every commit: a commit survives the server process crashing (not the
    // machine losing power), and each workflow step stops paying an fsync: no-op trials cost
    // 132 -> 96 ms each at parallelism 1 (bench/orchestration).
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=normal',
    ...queueReaderRateFlags(),
    ...devServerSearchAttributeFlags(),
  ];
  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  installExitHook();
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-8000);
    for (const line of text.split('\n')) if (line.trim()) options.onLog?.(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
    running.delete(child);
  });

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await isReachable(address, 1000))) {
    if (exited !== undefined) throw new Error(`temporal dev server exited with code ${exited} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`temporal dev server did not become ready on ${address} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const stop = async () => {
    if (exited !== undefined) return;
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  };
  return { address, uiUrl: `http://localhost:${uiPort}`, port, uiPort, process: child, stop };
}
