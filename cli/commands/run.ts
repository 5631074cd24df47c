import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run a search described by a spec file (YAML or JSON) and wait for it')
    .requiredOption('-s, --spec <file>', 'experiment spec (see README, "Spec reference")')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('--no-worker', 'do not run a worker in this process (workers run elsewhere)')
    .option('--keep-server', 'keep the local Temporal server and its UI running after the search')
    .action(async (opts: { spec: string; json?: boolean; worker: boolean; keepServer?: boolean }) => {
      const { parseSpecFile } = await import('../../experiment-spec/parse-spec-file.js');
      const { runSearch } = await import('../run-search.js');
      const spec = await parseSpecFile(opts.spec);
      // Relative data paths in a spec are relative to the spec file, like most tools' configs.
      await runSearch(spec, { json: opts.json, worker: opts.worker, keepServer: opts.keepServer, baseDir: dirname(resolve(opts.spec)) });
    });
}
