// The cycle check of eslint.config.js (import-x/no-cycle with the TypeScript resolver) finds a runtime
// cycle through NodeNext `.js` specifiers of `.ts` files, and ignores one closed only by `import type`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;
let eslint: ESLint;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'autoflow-cycles-'));
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }),
    'package.json': JSON.stringify({ type: 'module' }),
    // A runtime cycle of two files.
    'src/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
    'src/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    // A cycle closed only by a type import: no runtime cycle.
    'src/c.ts': "import { d } from './d.js';\nexport interface C { n: number }\nexport const c = d;\n",
    'src/d.ts': "import type { C } from './c.js';\nexport const d = (x: C) => x.n;\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const config = (await import(pathToFileURL(`${root}eslint.config.js`).href)) as {
    parseBlock: Linter.Config;
    cycleBlock: (tsconfigPath: string) => Linter.Config;
  };
  eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [config.parseBlock, config.cycleBlock(join(dir, 'tsconfig.json'))] });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('import cycles (eslint.config.js)', () => {
  it('reports a two-file runtime cycle at the import in each file', async () => {
    const results = await eslint.lintFiles(['src/a.ts', 'src/b.ts']);
    for (const result of results) {
      expect(result.messages.filter((m) => m.fatal)).toEqual([]);
      const cycles = result.messages.filter((m) => m.ruleId === 'import-x/no-cycle');
      expect(cycles, result.filePath).toHaveLength(1);
      expect(cycles[0]!.severity).toBe(2);
    }
  });

  it('does not report a cycle closed by an `import type`', async () => {
    const results = await eslint.lintFiles(['src/c.ts', 'src/d.ts']);
    for (const result of results) expect(result.messages, result.filePath).toEqual([]);
  });
});
