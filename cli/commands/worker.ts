import type { Command } from 'commander';
import pc from 'picocolors';
import { TemporalUnreachableError, loadTemporalTarget, taskQueue } from '../../client/connection-config.js';
import { parsePositiveInt } from '../option-values.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run a worker that trains trials from the task queue (start as many as you like, on any machine)')
    .option('-c, --concurrency <n>', 'trials trained at once (default: number of cores)', parsePositiveInt)
    .option('-q, --task-queue <name>', 'task queue to poll', taskQueue())
    .action(async (opts: { concurrency?: number; taskQueue: string }) => {
      const { NativeConnection } = await import('@temporalio/worker');
      const { createAutoflowWorker } = await import('../../worker/create-worker.js');
      const { createDefaultDeps } = await import('../../worker/default-deps.js');
      const { installAutoflowRuntime } = await import('../../worker/logger.js');
      // A long-lived worker shows the SDK's INFO lines (polling, shutdown), on stderr.
      installAutoflowRuntime('INFO');
      const target = loadTemporalTarget();
      const connection = await NativeConnection.connect(target.connectionOptions).catch((e: Error) => {
        throw new TemporalUnreachableError(target.address, e);
      });
      const worker = await createAutoflowWorker({ connection, namespace: target.namespace, taskQueue: opts.taskQueue, deps: createDefaultDeps(), concurrency: opts.concurrency });
      process.stderr.write(`worker polling ${pc.bold(opts.taskQueue)} on ${target.address} (${target.namespace}); Ctrl-C to stop gracefully\n`);
      // Worker.run() installs SIGINT/SIGTERM handlers that drain in-flight trials before exiting.
      await worker.run();
      await connection.close();
    });
}
