import type { Command } from 'commander';
import pc from 'picocolors';
import { parsePort } from '../option-values.js';

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('Start the local Temporal dev server (history in .autoflow/temporal.db) with its Web UI, until Ctrl-C')
    .option('-p, --port <port>', 'gRPC port', parsePort, 7233)
    .action(async (opts: { port: number }) => {
      const { ensureTemporal } = await import('../temporal-runtime.js');
      const runtime = await ensureTemporal({ port: opts.port });
      if (!runtime.devServer) {
        process.stderr.write(`a Temporal server already answers at ${runtime.address}${runtime.uiUrl ? ` (UI ${runtime.uiUrl})` : ''}\n`);
        return;
      }
      process.stderr.write(`Temporal dev server on ${runtime.address}, UI ${pc.cyan(runtime.uiUrl ?? '')} — Ctrl-C to stop\n`);
      await new Promise(() => {});
    });
}
