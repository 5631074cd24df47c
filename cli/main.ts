/**
 * `autoflow` command line. User mistakes print a clear message and exit non-zero without a
 * stack trace (set AUTOFLOW_DEBUG=1 to see one).
 */
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { isUserInputError } from '../components/core/errors.js';
import { registerComponentsCommand } from './commands/components.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerRunCommand } from './commands/run.js';
import { registerServerCommand } from './commands/server.js';
import { registerSetupCommand } from './commands/setup.js';
import { registerSearchCommands } from './commands/searches.js';
import { registerScheduleCommands } from './commands/schedule.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerServeCommand } from './commands/serve.js';
import { registerScoreCommand } from './commands/score.js';
import { registerRegistryCommand } from './commands/registry.js';
import { registerReportCommand } from './commands/report.js';

const program = new Command();
program
  .name('autoflow')
  .description('AutoML workflows on Temporal: durable searches, a model registry, serving and scheduled retraining.')
  .showSuggestionAfterError(true)
  .showHelpAfterError('(run `autoflow --help` for the commands)')
  .exitOverride();

registerDemoCommand(program);
registerRunCommand(program);
registerComponentsCommand(program);
registerWorkerCommand(program);
registerServerCommand(program);
registerSetupCommand(program);
registerServeCommand(program);
registerScoreCommand(program);
registerRegistryCommand(program);
registerSearchCommands(program);
registerReportCommand(program);
registerScheduleCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
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
