import type { Command } from 'commander';
import pc from 'picocolors';

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('Obtain the local tools AutoFlow runs with (the Temporal CLI), caching them outside the project')
    .option('--json', 'print where each tool is')
    .action(async (opts: { json?: boolean }) => {
      // Loaded here: it brings the Temporal SDK's native bridge (~55 MB of RSS), which every
      // other command (`serve` above all) would otherwise carry.
      const { obtainTemporalBinary } = await import('../../devserver/obtain-temporal.js');
      const obtained = await obtainTemporalBinary((line) => process.stderr.write(pc.dim(`  ${line}\n`)));
      if (opts.json) process.stdout.write(`${JSON.stringify({ temporal: obtained.path, source: obtained.source })}\n`);
      else process.stdout.write(`${obtained.how}\n`);
    });
}
