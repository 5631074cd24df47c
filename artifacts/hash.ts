/**
 * sha256 helpers shared by the artifact stores and the model registry. Hex, lowercase.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Normalises `put` input: strings are written as UTF-8. */
export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(toBytes(data)).digest('hex');
}

/** Streams a file through sha256 (constant memory), returning the digest and the byte count. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    hash.update(buf);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Streams a file through sha256 (constant memory). */
export async function sha256File(path: string): Promise<string> {
  return (await hashFile(path)).sha256;
}
