/** Child processes for tests that need real, killable parts: workers and dev servers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../devserver/project-paths.js';

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the worker says it is polling. */
  ready: Promise<void>;
  exited: Promise<number | null>;
}

export function spawnWorker(options: { address: string; taskQueue: string; home: string; concurrency?: number }): WorkerProcess {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), 'worker', '-q', options.taskQueue, '-c', String(options.concurrency ?? 2)], {
    env: { ...process.env, TEMPORAL_ADDRESS: options.address, AUTOFLOW_HOME: options.home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let markReady: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const collect = (d: Buffer) => {
    text += d.toString();
    if (text.includes('worker polling')) markReady();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => text, ready, exited };
}

/** Threads of a process (Linux): training runs in worker threads, so this shows leftovers. */
export async function threadCount(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
