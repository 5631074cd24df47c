import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../cli/program.js';
import { exitCodeForCommanderError } from '../../../cli/usage-errors.js';

/** Parses like the CLI does and returns the exit code main.ts would use, with commander's output. */
async function exitCodeOf(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = buildProgram({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return { code: exitCodeForCommanderError(e), out, err };
  }
  throw new Error(`parsing ${args.join(' ')} ran an action instead of stopping`);
}

describe('usage errors exit 2, help and version 0', () => {
  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['list', '--bogus']],
    ['an unknown option on a schedule command', ['schedule', 'list', '--bogus']],
    ['a missing required option', ['run']],
    ['a missing argument', ['status']],
    ['a missing argument of a schedule command', ['schedule', 'pause']],
    ['an option without its value', ['run', '--spec']],
    ['an invalid number', ['list', '--limit', 'many']],
    ['an invalid port', ['server', '--port', '70000']],
    ['an invalid --address', ['--address', 'no-port-here', 'list']],
    ['an excess argument', ['list', 'extra']],
    ['a bare command group', ['schedule']],
  ])('%s', async (_what, args) => {
    const { code, err } = await exitCodeOf(args);
    expect(code).toBe(2);
    expect(err).toMatch(/error|Usage/);
  });

  it('--help exits 0', async () => {
    const { code, out } = await exitCodeOf(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--address <host:port>');
  });

  it('a command lists the global Temporal flags in its help', async () => {
    const { code, out } = await exitCodeOf(['status', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('--namespace <name>');
  });

  it('--version prints package.json version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, out } = await exitCodeOf(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toBe(version);
  });
});
