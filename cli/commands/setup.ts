import type { Command } from 'commander';
import pc from 'picocolors';
import { findTemporalBinary, goAvailable, goInstallTemporal, TEMPORAL_CLI_MODULE } from '../../devserver/temporal-binary.js';
import { UserInputError } from '../../components/core/errors.js';

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('Obtain the local tools AutoFlow runs with (the Temporal CLI), caching them outside the project')
    .option('--json', 'print where each tool is')
    .action(async (opts: { json?: boolean }) => {
      let { path } = findTemporalBinary();
      if (!path) {
        if (!goAvailable()) throw new UserInputError(`the Temporal CLI is not installed and Go is not available to build it (${TEMPORAL_CLI_MODULE}); install either`);
        process.stderr.write(`building the Temporal CLI with go install ${TEMPORAL_CLI_MODULE} ...\n`);
        const started = performance.now();
        path = await goInstallTemporal((line) => process.stderr.write(pc.dim(`  ${line}\n`)));
        process.stderr.write(`built in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify({ temporal: path })}\n`);
      else process.stdout.write(`temporal: ${path}\n`);
    });
}
