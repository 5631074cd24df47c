/** The compiled `autoflow` command in a child process, as users run it, against the test run's dev server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { packageRoot } from '../../devserver/project-paths.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<CliRun>;
}

/** `env` values of undefined remove the variable; TEMPORAL_ADDRESS is the test server's unless given. */
export function spawnAutoflow(args: string[], cwd: string, env: Record<string, string | undefined> = {}): CliProcess {
  const merged: Record<string, string | undefined> = { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), NO_COLOR: '1', ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), ...args], { cwd, env: merged as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<CliRun>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export function runAutoflow(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return spawnAutoflow(args, cwd, env).exited;
}

/** A run that must succeed with no stack trace on stderr, its stdout parsed as JSON (`--json`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever shape the command prints
export function jsonOf(run: CliRun): any {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  return JSON.parse(run.stdout);
}

