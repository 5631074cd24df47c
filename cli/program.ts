/**
 * The `autoflow` command tree, built without parsing or exiting so tests can drive it. Lean on
 * imports: every command loads its heavy code when it runs.
 */
import { Command, type OutputConfiguration } from 'commander';
import { registerComponentsCommand } from './commands/components.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerRunCommand } from './commands/run.js';
import { registerServerCommand } from './commands/server.js';
import { registerSetupCommand } from './commands/setup.js';
import { registerSearchCommands } from './commands/searches.js';
import { registerScheduleCommands } from './commands/schedule.js';
import { registerRetrainCommand } from './commands/retrain.js';
import { registerDeployCommand } from './commands/deploy.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerServeCommand } from './commands/serve.js';
import { registerScoreCommand } from './commands/score.js';
import { registerStreamCommand } from './commands/stream.js';
import { registerRegistryCommand } from './commands/registry.js';
import { registerReportCommand } from './commands/report.js';
import { addTemporalGlobalOptions } from './global-options.js';
import { packageVersion } from './version.js';

/** `output` redirects commander's own messages (tests keep them off the terminal). */
export function buildProgram(output?: OutputConfiguration): Command {
  const program = new Command();
  if (output) program.configureOutput(output);
  // Settings before the subcommands: commander copies them into each one as it is created.
  program
    .name('autoflow')
    .description('AutoML workflows on Temporal: durable searches, a model registry, serving and scheduled retraining.')
    .version(packageVersion(), '-V, --version', 'print the AutoFlow version')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `autoflow --help` for the commands)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  addTemporalGlobalOptions(program);

  registerDemoCommand(program);
  registerRunCommand(program);
  registerComponentsCommand(program);
  registerWorkerCommand(program);
  registerServerCommand(program);
  registerSetupCommand(program);
  registerServeCommand(program);
  registerScoreCommand(program);
  registerStreamCommand(program);
  registerRegistryCommand(program);
  registerSearchCommands(program);
  registerReportCommand(program);
  registerRetrainCommand(program);
  registerDeployCommand(program);
  registerScheduleCommands(program);
  return program;
}
