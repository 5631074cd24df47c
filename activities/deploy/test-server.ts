/**
 * The deployment check's test server: `autoflow serve` in a child process, started exactly as
 * the manifest will start it in the cluster. A separate process (not a server inside the
 * worker) is what makes its memory measurable: the resident set read from /proc is the
 * figure the manifest's memory request is sized from, and a version that cannot load in a
 * fresh serving process fails here rather than in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../devserver/project-paths.js';

export interface TestServer {
  url: string;
  pid: number;
  /** Resident set now and its peak so far (VmHWM), in bytes; null where the OS does not say. */
  memory(): Promise<{ rssBytes: number; peakRssBytes: number } | null>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  registryUri: string;
  /** Pinned `name/version`: the check serves exactly the version it checks. */
  reference: string;
  maxBodyBytes: number;
  /** How long loading may take (sentence encoders, kuromoji dictionaries). */
  startTimeoutMs?: number;
}

/** The failure to start, with what the server said: shown as the check's reason. */
export class TestServerStartError extends Error {}

const SERVING_LINE = /serving \S+ on (http:\/\/\S+?)(?:,|\s|$)/;

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const args = [join(packageRoot(), 'bin', 'autoflow.js'), 'serve', '--registry', options.registryUri, '--model', options.reference, '--port', '0', '--poll-interval', '0', '--max-body-size', String(options.maxBodyBytes)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  const url = await waitForUrl(child, options.startTimeoutMs ?? 120_000);
  const pid = child.pid!;
  return {
    url,
    pid,
    memory: () => processMemory(pid),
    close: () => stop(child),
  };
}

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      // The first error line (`Error: Cannot find module ...`) says more than a require stack's tail.
      const lines = stderr.trim().split('\n').filter((l) => l.trim());
      const firstError = lines.find((l) => /error/i.test(l));
      const said = [...(firstError ? [firstError] : []), ...lines.slice(-4).filter((l) => l !== firstError)].join(' | ');
      reject(new TestServerStartError(`the test server did not start: ${why}${said ? `; it said: ${said}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      const match = SERVING_LINE.exec(stderr);
      if (match) {
        clearTimeout(timer);
        // Keep draining so a chatty server never blocks on a full pipe.
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve(match[1]);
      }
    });
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** VmRSS and VmHWM from /proc (Linux); null elsewhere, and the manifest keeps its default. */
async function processMemory(pid: number): Promise<{ rssBytes: number; peakRssBytes: number } | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  if (status === null) return null;
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  const rss = kib('VmRSS');
  const peak = kib('VmHWM');
  return Number.isFinite(rss) ? { rssBytes: rss * 1024, peakRssBytes: (Number.isFinite(peak) ? peak : rss) * 1024 } : null;
}
