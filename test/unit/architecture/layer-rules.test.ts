// The layer rules of eslint.config.js (run in CI by `npm run lint`) catch each kind of violation,
// and let through what the architecture allows (type-only imports, a folder's own files, ...).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;

/** The no-restricted-imports messages ESLint reports for `code` as if it were the file `filePath`. */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'the snippet parses').toEqual([]);
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

describe('layer rules (eslint.config.js)', () => {
  it('lints every folder of tsconfig.json "include", and no test file', async () => {
    const tsconfig = JSON.parse(readFileSync(`${root}tsconfig.json`, 'utf8')) as { include: string[] };
    const config = (await import(pathToFileURL(`${root}eslint.config.js`).href)) as { SOURCE_FOLDERS: string[] };
    expect([...config.SOURCE_FOLDERS].sort()).toEqual([...tsconfig.include].sort());
    for (const folder of tsconfig.include) expect(await eslint.isPathIgnored(`${folder}/some/deep/file.ts`), folder).toBe(false);
    expect(await eslint.isPathIgnored('test/unit/x.test.ts')).toBe(true);
    expect(await eslint.isPathIgnored('dist/workflows/index.ts')).toBe(true);
  });

  describe('workflows/', () => {
    it('rejects Node built-ins, with or without node:, even as types', async () => {
      expect(await restricted('workflows/x.ts', "import { readFile } from 'node:fs';\n")).toHaveLength(1);
      expect(await restricted('workflows/x.ts', "import { join } from 'path';\n")).toHaveLength(1);
      expect(await restricted('workflows/x.ts', "import { readFile } from 'fs/promises';\n")).toHaveLength(1);
      expect(await restricted('workflows/x.ts', "import type { Stats } from 'node:fs';\n")).toHaveLength(1);
    });

    it('rejects value imports of components/, activities/, registry/, data/, artifacts/', async () => {
      for (const spec of ['../components/core/pipeline.js', '../activities/create-activities.js', '../registry/index.js', '../data/table-formats.js', '../artifacts/artifact-store.js']) {
        const messages = await restricted('workflows/x.ts', `import { x } from '${spec}';\nexport const y = x;\n`);
        expect(messages, spec).toHaveLength(1);
        expect(messages[0]).toMatch(/workflows\/ may import values only/);
      }
      // export ... from and side-effect imports are values too.
      expect(await restricted('workflows/x.ts', "export { x } from '../components/core/pipeline.js';\n")).toHaveLength(1);
      expect(await restricted('workflows/x.ts', "import '../data/table-formats.js';\n")).toHaveLength(1);
    });

    it('rejects packages doing I/O', async () => {
      expect(await restricted('workflows/x.ts', "import { Client } from '@temporalio/client';\n")).toHaveLength(1);
      expect(await restricted('workflows/x.ts', "import { Storage } from '@google-cloud/storage';\n")).toHaveLength(1);
    });

    it('allows type-only imports, search-spaces/, its own files and @temporalio/workflow', async () => {
      const code = [
        "import type { createActivities } from '../activities/create-activities.js';",
        "import type { PipelineSpec } from '../components/core/pipeline.js';",
        "import { type ArtifactRef } from '../artifacts/artifact-store.js';",
        "export type { TableFormat } from '../data/table-formats.js';",
        "import { getSampler } from '../search-spaces/samplers.js';",
        "import { isBetter } from './leaderboard.js';",
        "import { proxyActivities } from '@temporalio/workflow';",
        "import { defineSearchAttributeKey } from '@temporalio/common';",
        'export type T = [typeof createActivities, PipelineSpec, ArtifactRef];',
        'export const u = [getSampler, isBetter, proxyActivities, defineSearchAttributeKey];',
        '',
      ].join('\n');
      expect(await restricted('workflows/x.ts', code)).toEqual([]);
    });
  });

  describe('search-spaces/', () => {
    it('rejects Node built-ins at any depth', async () => {
      expect(await restricted('search-spaces/x.ts', "import { randomBytes } from 'node:crypto';\n")).toHaveLength(1);
      expect(await restricted('search-spaces/tpe/x.ts', "import { randomBytes } from 'crypto';\n")).toHaveLength(1);
    });

    it('rejects value imports of other project folders and of packages, but allows types and its own files', async () => {
      expect(await restricted('search-spaces/x.ts', "import { closestName } from '../components/core/params.js';\n")).toHaveLength(1);
      expect(await restricted('search-spaces/tpe/x.ts', "import { makeRng } from '../../data/random.js';\n")).toHaveLength(1);
      expect(await restricted('search-spaces/x.ts', "import YAML from 'yaml';\n")).toHaveLength(1);
      const ok = [
        "import type { PipelineSpec } from '../components/core/pipeline.js';",
        "import { validate } from './validate.js';",
        "import { rng } from '../rng.js';", // from search-spaces/tpe/: still inside search-spaces
        'export const v = [validate, rng] as unknown as PipelineSpec;',
        '',
      ].join('\n');
      expect(await restricted('search-spaces/tpe/x.ts', ok)).toEqual([]);
    });

    it('may import values from core/, which imports nothing of the project', async () => {
      expect(await restricted('search-spaces/registry.ts', "import { closestName } from '../core/closest-name.js';\nexport const c = closestName;\n")).toEqual([]);
      expect(await restricted('search-spaces/tpe/x.ts', "import { closestName } from '../../core/closest-name.js';\nexport const c = closestName;\n")).toEqual([]);
      expect(await restricted('core/x.ts', "import { x } from '../components/core/pipeline.js';\nexport const c = x;\n")).toHaveLength(1);
      expect(await restricted('core/x.ts', "import { x } from 'node:crypto';\nexport const c = x;\n")).toHaveLength(1);
      expect(await restricted('core/x.ts', "import YAML from 'yaml';\nexport const c = YAML;\n")).toHaveLength(1);
      expect(await restricted('core/x.ts', "import { y } from './y.js';\nexport const c = y;\n")).toEqual([]);
    });
  });

  describe('components/', () => {
    it('rejects anything of Temporal, even types', async () => {
      expect(await restricted('components/x.ts', "import { proxyActivities } from '@temporalio/workflow';\n")).toHaveLength(1);
      expect(await restricted('components/core/x.ts', "import type { Context } from '@temporalio/activity';\n")).toHaveLength(1);
    });

    it('rejects activities/, workflows/, cli/, client/, worker/, registry/, serving/, data/ at the right depth, allows core/', async () => {
      for (const layer of ['activities', 'workflows', 'cli', 'client', 'worker', 'registry', 'serving', 'data']) {
        expect(await restricted('components/x.ts', `import { x } from '../${layer}/index.js';\nexport const y = x;\n`), layer).toHaveLength(1);
        expect(await restricted('components/core/x.ts', `import { x } from '../../${layer}/index.js';\nexport const y = x;\n`), layer).toHaveLength(1);
      }
      expect(await restricted('components/core/x.ts', "import { split } from '../../core/splits.js';\nimport { m } from '../classifiers/index.js';\nimport { readFile } from 'node:fs/promises';\nexport const y = [split, m, readFile];\n")).toEqual([]);
    });
  });

  it('client/, worker/ and activities/ do not import cli/; activities/ imports workflows/ only as types', async () => {
    expect(await restricted('client/x.ts', "import { x } from '../cli/index.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await restricted('worker/x.ts', "import { x } from '../cli/index.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await restricted('activities/training/x.ts', "import { x } from '../../cli/index.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await restricted('activities/x.ts', "import { automlSearch } from '../workflows/automl-search.js';\nexport const y = automlSearch;\n")).toHaveLength(1);
    expect(await restricted('activities/x.ts', "import type { SearchInput } from '../workflows/types.js';\nexport type Y = SearchInput;\n")).toEqual([]);
    expect(await restricted('cli/x.ts', "import { x } from '../client/index.js';\nexport const y = x;\n")).toEqual([]);
  });
});
