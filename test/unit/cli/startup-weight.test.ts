/**
 * Commands that never connect to Temporal (`serve` above all, whose memory is a product
 * figure: bench/serving) must not load the Temporal SDK just because the CLI registered every
 * command: the native bridge alone is ~55 MB of RSS. Commands load their heavy code when they
 * run; this checks what merely building the CLI program loads, on the compiled output the CLI
 * runs (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const program = new URL('../../../dist/cli/program.js', import.meta.url).href;

/** The CommonJS packages a fresh Node process has loaded after importing `moduleUrl`. */
function packagesLoadedBy(moduleUrl: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(moduleUrl)});
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const packages = new Set(loaded.map((p) => p.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean));
    process.stdout.write(JSON.stringify([...packages].sort()));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../../', import.meta.url)), encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('CLI start-up weight', () => {
  it('building the command line loads no Temporal SDK package', () => {
    const loaded = packagesLoadedBy(program);
    expect(loaded).toContain('commander'); // the probe sees CommonJS packages at all
    expect(loaded.filter((p) => p.startsWith('@temporalio/'))).toEqual([]);
  });
});
