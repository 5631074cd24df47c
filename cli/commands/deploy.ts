/** `autoflow deploy`: check a candidate in a test server, then move the alias. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { printResult } from '../print-result.js';

export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description('Serve a candidate model in a test server, check it over HTTP against its offline scores, then move the alias and write a Kubernetes manifest')
    .requiredOption('-m, --model <reference>', 'the candidate: NAME/VERSION, NAME@ALIAS or NAME@latest')
    .option('-a, --alias <alias>', 'the alias to move on success', 'production')
    .option('--manifest-out <file>', 'also write the Kubernetes manifest here')
    .option('--json', 'print the result as JSON')
    .option('--no-worker', 'do not run a worker in this process (workers run elsewhere)')
    .action(async (opts: { model: string; alias: string; manifestOut?: string; json?: boolean; worker: boolean }) => {
      const { withLocalRuntime } = await import('../local-runtime.js');
      await withLocalRuntime({ worker: opts.worker }, async ({ client }) => {
        const run = await client.startDeploy({ candidate: opts.model, alias: opts.alias });
        process.stderr.write(`deploy ${run.deployId} started: checking ${opts.model} over HTTP\n`);
        const result = await run.result();
        if (opts.manifestOut && result.manifest) {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(opts.manifestOut, result.manifest);
        }
        printResult(opts.json, result, () => `${pc.green('DEPLOYED')} ${result.check.model.name}/${result.check.model.version} as @${result.alias} (was ${result.previousVersion ?? 'unset'})\n${result.check.reason}\np50 ${result.check.p50Ms.toFixed(1)} ms, p99 ${result.check.p99Ms.toFixed(1)} ms per request\nmanifest: ${opts.manifestOut ?? result.manifestUri}`);
      });
    });
}
