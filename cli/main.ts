/**
 * `autoflow` command line. User mistakes print a clear message and exit non-zero without a
 * stack trace (set AUTOFLOW_DEBUG=1 to see one).
 */
import { CommanderError } from 'commander';
import pc from 'picocolors';
import { isUserInputError } from '../core/errors.js';
import { buildProgram } from './program.js';
import { exitCodeForCommanderError } from './usage-errors.js';

const program = buildProgram();

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // Commander has already printed the message (or the help / version).
  if (e instanceof CommanderError) process.exit(exitCodeForCommanderError(e));
  const fail = (message: string, code: number): never => {
    process.stderr.write(`${pc.red('error:')} ${message}\n`);
    process.exit(code);
  };
  const name = (e as Error)?.name;
  // A lost compare-and-swap on an alias is the user's race to retry, not a crash.
  if (isUserInputError(e) || name === 'AliasConflictError') fail((e as Error).message, 2);
  // A failed search or retrain: the cause at the bottom of Temporal's failure chain is the news.
  if (name === 'WorkflowFailedError') {
    const root = rootCause(e as Error);
    fail(`the workflow failed: ${root.message}`, (root as { type?: string }).type === 'UserInputError' ? 2 : 1);
  }
  // Nothing to debug in our code: the message says where it looked and what to do.
  if (name === 'TemporalUnreachableError') fail((e as Error).message, 1);
  const err = e as Error;
  process.stderr.write(`${pc.red('error:')} ${err.message}\n`);
  if (process.env.AUTOFLOW_DEBUG) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write(pc.dim('(set AUTOFLOW_DEBUG=1 for details)\n'));
  process.exit(1);
}

function rootCause(e: Error): Error {
  let current = e;
  while (current.cause instanceof Error) current = current.cause;
  return current;
}
