/**
 * The behaviour every ModelRegistry backend must have. A backend's test file calls
 * `registryContractSuite('Name', makeFixture)`; the GCS backend will run the same suite
 * against fake-gcs-server. No timing assertions: concurrency is checked by outcomes only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import { sha256Hex } from '../../../artifacts/hash.js';
import { AliasConflictError, ModelIntegrityError, ModelNotFoundError } from '../../../registry/errors.js';
import type { ModelRegistry, VersionInfo } from '../../../registry/model-registry.js';

export interface RegistryFixture {
  registry: ModelRegistry;
  /** A second, independent instance over the same storage: another process's view. */
  openAnother(): ModelRegistry;
  /** Overwrites the stored bytes of one file of a version behind the registry's back. */
  tamper(name: string, version: number, path: string, data: Uint8Array | string): Promise<void>;
  /** Removes one stored file of a version behind the registry's back. */
  removeFile(name: string, version: number, path: string): Promise<void>;
  cleanup(): Promise<void>;
}

export function versionInfo(overrides: Partial<VersionInfo> = {}): VersionInfo {
  return {
    metrics: { f1: 0.91, accuracy: 0.95 },
    lineage: { dataSha256: 'a'.repeat(64), dataUri: 'file:///data/train.csv', seed: 42, codeVersion: 'test', searchId: 's-1', trialNumber: 3 },
    ...overrides,
  };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject');
}

export function registryContractSuite(name: string, makeFixture: () => Promise<RegistryFixture>): void {
  describe(`ModelRegistry contract: ${name}`, () => {
    let fx: RegistryFixture;
    let reg: ModelRegistry;

    beforeEach(async () => {
      fx = await makeFixture();
      reg = fx.registry;
    });

    afterEach(async () => {
      await fx.cleanup();
    });

    const files = (n: number | string = 1) => ({ 'pipeline.json': `{"n":${JSON.stringify(n)}}`, 'nested/dir/weights.bin': Uint8Array.of(0, 1, 2, 255) });

    describe('register', () => {
      it('numbers versions 1, 2, 3 and records files, metrics and lineage', async () => {
        const v1 = await reg.register('spam', files(1), versionInfo({ description: 'first', tags: { team: 'ml' } }));
        const v2 = await reg.register('spam', files(2), versionInfo());
        const v3 = await reg.register('spam', files(3), versionInfo());
        expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
        expect(v1.name).toBe('spam');
        expect(v1.aliases).toEqual([]);
        expect(v1.description).toBe('first');
        expect(v1.tags).toEqual({ team: 'ml' });
        expect(v1.metrics).toEqual({ f1: 0.91, accuracy: 0.95 });
        expect(v1.lineage).toEqual(versionInfo().lineage);
        expect(Number.isNaN(Date.parse(v1.createdAt))).toBe(false);
        expect(typeof v1.uri).toBe('string');
        expect(v1.uri).not.toBe(v2.uri);
        expect(v1.files).toEqual([
          { path: 'nested/dir/weights.bin', sha256: sha256Hex(Uint8Array.of(0, 1, 2, 255)), bytes: 4 },
          { path: 'pipeline.json', sha256: sha256Hex('{"n":1}'), bytes: 7 },
        ]);
        expect(await reg.getVersion('spam', 1)).toEqual(v1);
      });

      it('lists models sorted and versions ascending', async () => {
        expect(await reg.listModels()).toEqual([]);
        await reg.register('zeta', files(), versionInfo());
        await reg.register('alpha', files(), versionInfo());
        await reg.register('alpha', files(2), versionInfo());
        expect(await reg.listModels()).toEqual(['alpha', 'zeta']);
        expect((await reg.listVersions('alpha')).map((v) => v.version)).toEqual([1, 2]);
      });

      it('reads files back byte for byte', async () => {
        await reg.register('spam', files('x'), versionInfo());
        expect((await reg.readFile('spam', 1, 'pipeline.json')).toString('utf8')).toBe('{"n":"x"}');
        expect([...(await reg.readFile('spam', 1, 'nested/dir/weights.bin'))]).toEqual([0, 1, 2, 255]);
      });

      it('gives 20 concurrent registrations 20 distinct versions', async () => {
        const versions = await Promise.all(Array.from({ length: 20 }, (_, i) => reg.register('spam', files(i), versionInfo())));
        const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
        expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        const listed = await reg.listVersions('spam');
        expect(listed.map((v) => v.version)).toEqual(numbers);
        // Each version holds the files of the registration that got it: nothing was mixed up.
        for (const v of versions) {
          const i = JSON.parse((await reg.readFile('spam', v.version, 'pipeline.json')).toString()).n as number;
          expect(v.files.find((f) => f.path === 'pipeline.json')!.sha256).toBe(sha256Hex(`{"n":${i}}`));
        }
      });

      it('gives concurrent registrations from two registry instances distinct versions', async () => {
        const other = fx.openAnother();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? reg : other).register('spam', files(i), versionInfo())),
        );
        expect(results.map((v) => v.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect((await other.listVersions('spam')).length).toBe(20);
      });

      it('returns the existing version for a repeated idempotency key', async () => {
        const first = await reg.register('spam', files(1), versionInfo(), { idempotencyKey: 'search-1' });
        const again = await reg.register('spam', files(1), versionInfo(), { idempotencyKey: 'search-1' });
        const fromOther = await fx.openAnother().register('spam', files(1), versionInfo(), { idempotencyKey: 'search-1' });
        expect(again.version).toBe(first.version);
        expect(fromOther.version).toBe(first.version);
        const different = await reg.register('spam', files(2), versionInfo(), { idempotencyKey: 'search-2' });
        expect(different.version).not.toBe(first.version);
        const unkeyed = await reg.register('spam', files(3), versionInfo());
        expect((await reg.listVersions('spam')).map((v) => v.version)).toEqual([first.version, different.version, unkeyed.version]);
      });

      it('keeps one version when registrations with the same key race', async () => {
        const other = fx.openAnother();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? reg : other).register('spam', files(1), versionInfo(), { idempotencyKey: 'race' })),
        );
        const winner = results[0].version;
        for (const r of results) expect(r.version).toBe(winner);
        expect((await reg.listVersions('spam')).map((v) => v.version)).toEqual([winner]);
        const later = await reg.register('spam', files(1), versionInfo(), { idempotencyKey: 'race' });
        expect(later.version).toBe(winner);
      });

      it('rejects invalid model names without writing anything', async () => {
        for (const bad of ['../x', 'a/b', '', 'x'.repeat(65), '.hidden', 'a..b', 'a b', 'a\\b']) {
          const err = await rejection(reg.register(bad, files(), versionInfo()));
          expect(isUserInputError(err), `${JSON.stringify(bad)}: ${err.message}`).toBe(true);
          expect(err.message).toMatch(/model name/);
        }
        expect(await reg.listModels()).toEqual([]);
        expect((await reg.register('x'.repeat(64), files(), versionInfo())).version).toBe(1);
      });

      it('rejects unsafe file paths and non-finite metrics', async () => {
        for (const path of ['../evil', '/abs', 'a//b', 'a\\b', '']) {
          const err = await rejection(reg.register('spam', { [path]: 'x' }, versionInfo()));
          expect(isUserInputError(err), err.message).toBe(true);
          expect(err.message).toMatch(/file path/);
        }
        const nan = await rejection(reg.register('spam', files(), versionInfo({ metrics: { f1: Number.NaN } })));
        expect(isUserInputError(nan)).toBe(true);
        expect(nan.message).toMatch(/metrics\.f1: expected a finite number/);
        expect(await reg.listModels()).toEqual([]);
      });
    });

    describe('aliases', () => {
      beforeEach(async () => {
        for (let i = 1; i <= 3; i++) await reg.register('spam', files(i), versionInfo());
      });

      it('sets, reads, moves and deletes aliases', async () => {
        await reg.setAlias('spam', 'production', 2);
        await reg.setAlias('spam', 'staging', 3);
        expect(await reg.getAliases('spam')).toEqual({ production: 2, staging: 3 });
        expect((await reg.getVersion('spam', 2)).aliases).toEqual(['production']);
        expect((await reg.listVersions('spam')).map((v) => v.aliases)).toEqual([[], ['production'], ['staging']]);
        await reg.setAlias('spam', 'production', 3);
        expect((await reg.getVersion('spam', 3)).aliases).toEqual(['production', 'staging']);
        await reg.deleteAlias('spam', 'staging');
        expect(await fx.openAnother().getAliases('spam')).toEqual({ production: 3 });
      });

      it('compare-and-swap succeeds when the alias is where the caller expects', async () => {
        await reg.setAlias('spam', 'production', 1, { expectedVersion: null });
        await reg.setAlias('spam', 'production', 2, { expectedVersion: 1 });
        expect((await reg.getAliases('spam')).production).toBe(2);
      });

      it('compare-and-swap fails with AliasConflictError when someone moved the alias', async () => {
        await reg.setAlias('spam', 'production', 1);
        await fx.openAnother().setAlias('spam', 'production', 3);
        const err = await rejection(reg.setAlias('spam', 'production', 2, { expectedVersion: 1 }));
        expect(err).toBeInstanceOf(AliasConflictError);
        expect(err).toMatchObject({ modelName: 'spam', alias: 'production', expectedVersion: 1, actualVersion: 3 });
        expect(err.message).toMatch(/spam@production points at version 3, expected version 1/);
        const exists = await rejection(reg.setAlias('spam', 'production', 2, { expectedVersion: null }));
        expect(exists).toBeInstanceOf(AliasConflictError);
        expect(exists.message).toMatch(/expected it not to exist/);
        const missing = await rejection(reg.setAlias('spam', 'staging', 2, { expectedVersion: 1 }));
        expect(missing).toBeInstanceOf(AliasConflictError);
        expect(missing.message).toMatch(/spam@staging does not exist, expected version 1/);
        expect(await reg.getAliases('spam')).toEqual({ production: 3 });
      });

      it('lets exactly one of many concurrent "create if absent" swaps win', async () => {
        const other = fx.openAnother();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? reg : other).setAlias('spam', 'production', (i % 3) + 1, { expectedVersion: null })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        expect(won.length).toBe(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(AliasConflictError);
      });

      it('refuses the reserved alias "latest", bad names and missing versions', async () => {
        const latest = await rejection(reg.setAlias('spam', 'latest', 1));
        expect(isUserInputError(latest)).toBe(true);
        expect(latest.message).toMatch(/reserved/);
        expect(isUserInputError(await rejection(reg.setAlias('spam', 'a/b', 1)))).toBe(true);
        const missing = await rejection(reg.setAlias('spam', 'production', 9));
        expect(isUserInputError(missing)).toBe(true);
        expect(missing.message).toMatch(/model spam has no version 9; versions: 1, 2, 3/);
        const deleteMissing = await rejection(reg.deleteAlias('spam', 'nope'));
        expect(isUserInputError(deleteMissing)).toBe(true);
      });
    });

    describe('resolve', () => {
      beforeEach(async () => {
        for (let i = 1; i <= 3; i++) await reg.register('spam', files(i), versionInfo());
        await reg.register('ham', files(), versionInfo());
        await reg.setAlias('spam', 'production', 2);
      });

      it('resolves name@alias, name/7, name@latest and a bare name', async () => {
        expect((await reg.resolve('spam@production')).version).toBe(2);
        expect((await reg.resolve('spam/1')).version).toBe(1);
        expect((await reg.resolve('spam@latest')).version).toBe(3);
        expect((await reg.resolve('spam')).version).toBe(3);
        expect((await reg.resolve('spam@production')).aliases).toEqual(['production']);
      });

      it('names what is missing and lists what exists', async () => {
        const model = await rejection(reg.resolve('spamm@production'));
        expect(model).toBeInstanceOf(ModelNotFoundError);
        expect(isUserInputError(model)).toBe(true);
        expect(model.message).toMatch(/no model named "spamm".*did you mean "spam".*models: ham, spam/s);
        const version = await rejection(reg.resolve('spam/9'));
        expect(isUserInputError(version)).toBe(true);
        expect(version.message).toMatch(/model spam has no version 9; versions: 1, 2, 3/);
        const alias = await rejection(reg.resolve('spam@staging'));
        expect(isUserInputError(alias)).toBe(true);
        expect(alias.message).toMatch(/model spam has no alias "staging"; aliases: production -> 2/);
        const syntax = await rejection(reg.resolve('spam/x'));
        expect(isUserInputError(syntax)).toBe(true);
        expect(syntax.message).toMatch(/model reference "spam\/x"/);
        expect(isUserInputError(await rejection(reg.resolve('../spam')))).toBe(true);
      });
    });

    describe('integrity and deletion', () => {
      it('detects a tampered or missing file on readFile', async () => {
        await reg.register('spam', files(1), versionInfo());
        await fx.tamper('spam', 1, 'pipeline.json', '{"n":2}');
        const tampered = await rejection(reg.readFile('spam', 1, 'pipeline.json'));
        expect(tampered).toBeInstanceOf(ModelIntegrityError);
        expect(tampered.message).toMatch(/^model spam\/1: file "pipeline.json" is corrupt: sha256 [0-9a-f]{64} expected [0-9a-f]{64}$/);
        await fx.removeFile('spam', 1, 'nested/dir/weights.bin');
        const missing = await rejection(reg.readFile('spam', 1, 'nested/dir/weights.bin'));
        expect(missing).toBeInstanceOf(ModelIntegrityError);
        expect(missing.message).toMatch(/model spam\/1: file "nested\/dir\/weights.bin" is listed in the manifest but missing/);
        const unknown = await rejection(reg.readFile('spam', 1, 'model.onnx'));
        expect(isUserInputError(unknown)).toBe(true);
        expect(unknown.message).toMatch(/model spam\/1 has no file "model.onnx"; files: nested\/dir\/weights.bin, pipeline.json/);
      });

      it('refuses to delete an aliased version, deletes it once the alias moves, never reuses its number', async () => {
        for (let i = 1; i <= 3; i++) await reg.register('spam', files(i), versionInfo());
        await reg.setAlias('spam', 'production', 3);
        const refused = await rejection(reg.deleteVersion('spam', 3));
        expect(isUserInputError(refused)).toBe(true);
        expect(refused.message).toMatch(/cannot delete model spam\/3: alias spam@production points at it/);
        expect((await reg.getVersion('spam', 3)).version).toBe(3);

        await reg.setAlias('spam', 'production', 2, { expectedVersion: 3 });
        await reg.deleteVersion('spam', 3);
        expect((await reg.listVersions('spam')).map((v) => v.version)).toEqual([1, 2]);
        expect((await reg.resolve('spam')).version).toBe(2);
        const gone = await rejection(reg.getVersion('spam', 3));
        expect(gone.message).toMatch(/model spam has no version 3; versions: 1, 2/);
        const aliasToDeleted = await rejection(reg.setAlias('spam', 'staging', 3));
        expect(isUserInputError(aliasToDeleted)).toBe(true);
        expect((await reg.register('spam', files(4), versionInfo())).version).toBe(4);
      });

      it('registers again with a key whose version was deleted', async () => {
        const v1 = await reg.register('spam', files(1), versionInfo(), { idempotencyKey: 'k' });
        await reg.deleteVersion('spam', v1.version);
        const v2 = await reg.register('spam', files(1), versionInfo(), { idempotencyKey: 'k' });
        expect(v2.version).toBeGreaterThan(v1.version);
        expect((await reg.register('spam', files(1), versionInfo(), { idempotencyKey: 'k' })).version).toBe(v2.version);
      });
    });
  });
}
