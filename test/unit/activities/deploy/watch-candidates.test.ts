/**
 * What a deploy watch deploys next, read from a real filesystem registry: newest wins (older
 * unhandled versions are skipped), nothing before the watch started, and with a source alias
 * each move of the alias.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextWatchCandidate, watchBaseline } from '../../../../activities/deploy/watch-candidates.js';
import { isUserInputError } from '../../../../core/errors.js';
import { FileSystemModelRegistry } from '../../../../registry/index.js';
import { versionInfo } from '../../registry/registry-contract.js';

describe('watch candidates', () => {
  let dir: string;
  let registry: FileSystemModelRegistry;
  const register = () => registry.register('spam', { 'pipeline.json': '{}' }, versionInfo());

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-watch-'));
    registry = new FileSystemModelRegistry(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts after the newest version, then offers only the newest of those registered since', async () => {
    await register();
    await register();
    const baseline = await watchBaseline(registry, { name: 'spam' });
    expect(baseline).toBe(2);
    expect(await nextWatchCandidate(registry, { name: 'spam', lastHandled: baseline })).toBeNull();
    await register();
    expect(await nextWatchCandidate(registry, { name: 'spam', lastHandled: 2 })).toEqual({ version: 3, superseded: [] });
    await register();
    await register();
    expect(await nextWatchCandidate(registry, { name: 'spam', lastHandled: 3 })).toEqual({ version: 5, superseded: [4] });
    expect(await nextWatchCandidate(registry, { name: 'spam', lastHandled: 5 })).toBeNull();
  });

  it('follows a source alias: each move is a candidate, whichever way it moves', async () => {
    for (let i = 0; i < 3; i++) await register();
    expect(await watchBaseline(registry, { name: 'spam', fromAlias: 'staging' })).toBeNull();
    expect(await nextWatchCandidate(registry, { name: 'spam', fromAlias: 'staging', lastHandled: null })).toBeNull();
    await registry.setAlias('spam', 'staging', 3);
    expect(await nextWatchCandidate(registry, { name: 'spam', fromAlias: 'staging', lastHandled: null })).toEqual({ version: 3, superseded: [] });
    expect(await nextWatchCandidate(registry, { name: 'spam', fromAlias: 'staging', lastHandled: 3 })).toBeNull();
    // A rollback of staging is a move too.
    await registry.setAlias('spam', 'staging', 1);
    expect(await nextWatchCandidate(registry, { name: 'spam', fromAlias: 'staging', lastHandled: 3 })).toEqual({ version: 1, superseded: [] });
  });

  it('an unknown model is the user\'s mistake, naming the models there are', async () => {
    await register();
    const e = await watchBaseline(registry, { name: 'spma' }).catch((x: unknown) => x);
    expect(isUserInputError(e)).toBe(true);
    expect((e as Error).message).toMatch(/spma/);
    expect((e as Error).message).toMatch(/spam/);
  });
});
