import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile, sha256File, sha256Hex } from '../../../artifacts/hash.js';

describe('sha256 helpers', () => {
  it('hashes strings as UTF-8 and bytes as given', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(sha256Hex('abc'));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('streams a multi-chunk file to the same digest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoflow-hash-'));
    try {
      const data = Buffer.alloc(1_000_003, 0);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
      const path = join(dir, 'big.bin');
      await writeFile(path, data);
      expect(await sha256File(path)).toBe(sha256Hex(data));
      expect(await hashFile(path)).toEqual({ sha256: sha256Hex(data), bytes: data.length });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
