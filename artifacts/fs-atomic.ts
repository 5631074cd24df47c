/**
 * Filesystem primitives for crash-safe writes, shared by the file artifact store and the
 * filesystem registry: temp file + fsync + rename, and create-if-absent with full content.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function isErrno(e: unknown, ...codes: string[]): boolean {
  return typeof e === 'object' && e !== null && codes.includes((e as NodeJS.ErrnoException).code ?? '');
}

export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}

/** A sibling temp name: same directory (so rename is atomic), hidden, unique per call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path).slice(0, 100)}.${process.pid}-${randomSuffix()}.tmp`);
}

/** Writes and fsyncs a new file; fails if it exists. */
export async function writeNewFile(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a directory so a rename or link in it survives a crash. Best effort: some platforms refuse. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some network filesystems cannot fsync a directory.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Replaces `path` atomically: readers see the old bytes or the new ones, never a partial file. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeNewFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dirname(path));
}

/**
 * Creates `path` with its full content only if it does not exist (temp file + `link`, which
 * never overwrites), so nobody ever reads it half-written. Returns false when it existed.
 */
export async function createFileExclusive(path: string, data: Uint8Array | string): Promise<boolean> {
  const tmp = tempPathFor(path);
  await writeNewFile(tmp, data);
  try {
    await link(tmp, path);
  } catch (e) {
    if (isErrno(e, 'EEXIST')) return false;
    if (!isErrno(e, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV')) throw e;
    // No hard links here (some network or FAT filesystems): 'wx' still gives exclusivity,
    // with a short window in which a reader may see the file empty.
    try {
      await writeNewFile(path, data);
    } catch (e2) {
      if (isErrno(e2, 'EEXIST')) return false;
      throw e2;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await fsyncDir(dirname(path));
  return true;
}
