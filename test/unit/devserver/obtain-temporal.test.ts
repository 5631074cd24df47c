/**
 * How the Temporal CLI is obtained when none is installed: the SDK's download is tried first
 * and, on a machine that cannot reach its host, fails fast and says so before Go is tried.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { obtainTemporalBinary } from '../../../devserver/obtain-temporal.js';

describe('obtainTemporalBinary', () => {
  let dir: string;
  const saved = { PATH: process.env.PATH, AUTOFLOW_TOOLS_DIR: process.env.AUTOFLOW_TOOLS_DIR, AUTOFLOW_HOME: process.env.AUTOFLOW_HOME, AUTOFLOW_TEMPORAL_BIN: process.env.AUTOFLOW_TEMPORAL_BIN };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-obtain-'));
    process.env.AUTOFLOW_TOOLS_DIR = join(dir, 'tools');
    process.env.AUTOFLOW_HOME = join(dir, 'home');
    delete process.env.AUTOFLOW_TEMPORAL_BIN;
  });
  afterEach(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('uses a binary that is already there, without downloading or building', async () => {
    const bin = join(dir, 'temporal');
    await writeFile(bin, '#!/bin/sh\n');
    await chmod(bin, 0o755);
    process.env.AUTOFLOW_TEMPORAL_BIN = bin;
    const lines: string[] = [];
    const obtained = await obtainTemporalBinary((l) => lines.push(l));
    expect(obtained).toMatchObject({ path: bin, source: 'found' });
    expect(lines).toEqual([]);
  });

  it('tries the SDK download before Go, and names both when neither can provide the CLI', async () => {
    // An empty PATH: no `temporal`, no `go`.
    process.env.PATH = join(dir, 'empty-path');
    const lines: string[] = [];
    const outcome = await obtainTemporalBinary((l) => lines.push(l)).then(
      (o) => ({ ok: true as const, o }),
      (e: Error) => ({ ok: false as const, e }),
    );
    expect(lines[0]).toContain("trying the Temporal SDK's download");
    if (outcome.ok) {
      // An online machine: the SDK fetched it into the tools cache.
      expect(outcome.o.source).toBe('sdk-download');
      expect(outcome.o.path).toBe(join(dir, 'tools', 'temporal'));
    } else {
      expect(lines[1]).toMatch(/the SDK's download failed after \d+\.\d s/);
      expect(outcome.e.message).toContain('the Temporal SDK could not download it');
      expect(outcome.e.message).toContain('Go is not installed to build it');
    }
  }, 120_000);
});
