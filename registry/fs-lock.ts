/**
 * A small cross-process lock file for the filesystem registry: created exclusively with its
 * full content (temp + link), broken when its holder is gone (same host, dead pid) or it is
 * older than `staleMs`. Critical sections under it are a read and an atomic rename, so
 * milliseconds; the stale timeout only matters after a crash.
 */
import { hostname } from 'node:os';
import { link, readFile, rename, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createFileExclusive, isErrno, randomSuffix } from '../artifacts/fs-atomic.js';
import { LockTimeoutError } from './errors.js';

export interface FileLockOptions {
  /** A lock older than this is considered abandoned and broken. Default 30 s. */
  staleMs?: number;
  /** Give up waiting for a live holder after this long. Default 120 s. */
  timeoutMs?: number;
}

interface LockContent {
  token: string;
  pid: number;
  host: string;
  acquiredAt: string;
}

const HOST = hostname();

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const token = await acquireLock(lockPath, options);
  try {
    return await fn();
  } finally {
    await releaseLock(lockPath, token);
  }
}

async function acquireLock(lockPath: string, { staleMs = 30_000, timeoutMs = 120_000 }: FileLockOptions): Promise<string> {
  const token = `${process.pid}-${randomSuffix()}`;
  const content = JSON.stringify({ token, pid: process.pid, host: HOST, acquiredAt: new Date().toISOString() } satisfies LockContent);
  const start = Date.now();
  let delay = 1;
  for (;;) {
    if (await createFileExclusive(lockPath, content)) return token;
    const st = await statOrUndefined(lockPath);
    if (!st) continue; // released between our attempt and the stat
    const holder = await readLockContent(lockPath);
    if (Date.now() - st.mtimeMs > staleMs || (holder && holderIsDead(holder))) {
      await removeFileIfSame(lockPath, st);
      continue;
    }
    const waited = Date.now() - start;
    if (waited > timeoutMs) {
      throw new LockTimeoutError(lockPath, waited, holder ? `pid ${holder.pid} on ${holder.host} since ${holder.acquiredAt}` : 'an unknown process');
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
}

async function releaseLock(lockPath: string, token: string): Promise<void> {
  const content = await readLockContent(lockPath);
  // Only remove our own lock: if it was broken as stale, it belongs to someone else now.
  if (content?.token === token) await unlink(lockPath).catch((e) => (isErrno(e, 'ENOENT') ? undefined : Promise.reject(e)));
}

async function readLockContent(lockPath: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as LockContent;
    return typeof parsed?.token === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function holderIsDead(holder: LockContent): boolean {
  if (holder.host !== HOST || !Number.isInteger(holder.pid) || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return isErrno(e, 'ESRCH');
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return undefined;
    throw e;
  }
}

/**
 * Removes `path` only if it is still the file we looked at (same inode): it is renamed aside
 * first, so two processes breaking the same stale file cannot remove a fresh one by mistake.
 */
export async function removeFileIfSame(path: string, observed: { ino: number; dev: number }): Promise<void> {
  const aside = `${path}.stale-${randomSuffix()}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return;
    throw e;
  }
  try {
    const moved = await stat(aside);
    if (moved.ino !== observed.ino || moved.dev !== observed.dev) {
      // We moved a file created after our look: put it back unless the slot was taken again.
      await link(aside, path).catch(() => undefined);
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}
