/** openDataStream on local files: the bytes as stored, gunzipped for .gz, errors that name the file. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataStream } from '../../../data/open-data-stream.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'autoflow-open-stream-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function text(source: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openDataStream(source, dir)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('openDataStream', () => {
  it('streams a file as stored, and a .gz file decompressed', async () => {
    await writeFile(path.join(dir, 'in.jsonl'), '{"a":1}\n');
    await writeFile(path.join(dir, 'in.jsonl.gz'), gzipSync('{"a":2}\n'));
    expect(await text('in.jsonl')).toBe('{"a":1}\n');
    expect(await text('in.jsonl.gz')).toBe('{"a":2}\n');
  });

  it('names a missing file and refuses builtins', async () => {
    await expect(openDataStream('nope.jsonl', dir)).rejects.toThrow(`data file not found: ${path.join(dir, 'nope.jsonl')}`);
    await expect(openDataStream('builtin:spam-assassin', dir)).rejects.toThrow(/a builtin dataset is a table/);
  });
});
