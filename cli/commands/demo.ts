import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../../devserver/project-paths.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the demo search on the bundled SpamAssassin corpus with a local Temporal server, and register the winner')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--keep-server', 'keep the local Temporal server and its UI running after the search')
    .action(async (opts: { json?: boolean; keepServer?: boolean }) => {
      // Loaded on use: `autoflow serve` and friends should not pay for Temporal and training code.
      const { parseSpecFile } = await import('../../experiment-spec/parse-spec-file.js');
      const { runSearch } = await import('../run-search.js');
      const specPath = join(packageRoot(), 'examples', 'spam-assassin.yaml');
      await runSearch(await parseSpecFile(specPath), { json: opts.json, keepServer: opts.keepServer });
    });
}
