/**
 * The benchmarks (bench/**.mjs) run on the compiled dist/ and are not type-checked, so a
 * renamed or moved export breaks them only when someone runs them (bench/tpe's real objective
 * imported the splits from data/ long after they had moved to core/). Every named import they
 * take from dist/ must exist in the TypeScript module it is compiled from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..', '..');
const benchFiles = readdirSync(join(repo, 'bench'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mjs') && !f.startsWith('results'))
  .map((f) => join(repo, 'bench', f));

/** Named imports from dist/ in a script: static `import { a, b as c } from '…/dist/…'` and `const { a } = await import('…/dist/…')`. */
function distImports(source: string): { names: string[]; specifier: string }[] {
  const out: { names: string[]; specifier: string }[] = [];
  const patterns = [/import\s*\{([^}]*)\}\s*from\s*['"]([^'"]*\/dist\/[^'"]*)['"]/g, /\{([^}]*)\}\s*=\s*await\s+import\(\s*['"]([^'"]*\/dist\/[^'"]*)['"]\s*\)/g];
  for (const pattern of patterns) {
    for (const m of source.matchAll(pattern)) {
      const names = m[1]
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith('type '))
        .map((s) => s.split(/\s+as\s+|\s*:\s*/)[0].trim());
      out.push({ names, specifier: m[2] });
    }
  }
  return out;
}

describe('benchmark scripts', () => {
  it('finds the benchmark scripts and their imports from dist/', () => {
    expect(benchFiles.length).toBeGreaterThan(10);
    expect(benchFiles.flatMap((f) => distImports(readFileSync(f, 'utf8'))).length).toBeGreaterThan(10);
    expect(distImports("import { a, b as c, type T } from '../../dist/x/index.js';\nconst { d: e } = await import('../dist/y.js');")).toEqual([
      { names: ['a', 'b'], specifier: '../../dist/x/index.js' },
      { names: ['d'], specifier: '../dist/y.js' },
    ]);
  });

  for (const file of benchFiles) {
    const imports = distImports(readFileSync(file, 'utf8'));
    if (imports.length === 0) continue;
    it(`${relative(repo, file)} imports only what dist/ exports`, async () => {
      for (const { names, specifier } of imports) {
        // dist/a/b.js is compiled from a/b.ts: import the source, which vitest compiles.
        const compiled = resolve(dirname(file), specifier);
        const source = join(repo, relative(join(repo, 'dist'), compiled)).replace(/\.js$/, '.ts');
        const mod = (await import(source)) as Record<string, unknown>;
        const missing = names.filter((n) => !(n in mod));
        expect(missing, `${relative(repo, file)}: ${specifier} has no export ${missing.join(', ')}`).toEqual([]);
      }
    });
  }
});
