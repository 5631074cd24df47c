/**
 * Builds an AutoFlow worker: the workflow bundle plus activities bound to their dependencies.
 * Any number of these, on any number of machines, can poll the same task queue.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/create-activities.js';
import { compiledPath } from '../devserver/project-paths.js';

export interface AutoflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Trials trained at once by this worker; defaults to the number of cores. */
  concurrency?: number;
  /** Extra worker options (tests shorten shutdown grace, for example). */
  overrides?: Partial<WorkerOptions>;
}

export async function createAutoflowWorker(options: AutoflowWorkerOptions): Promise<Worker> {
  const bundlePath = compiledPath('workflow-bundle');
  const workflowSource = existsSync(bundlePath)
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: compiledPath('workflows/index') };
  if (!existsSync(compiledPath('workflows/index'))) {
    throw new Error(`AutoFlow is not built (missing ${compiledPath('workflows/index')}); run \`npm run build\``);
  }
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowSource,
    activities: createActivities(options.deps),
    maxConcurrentActivityTaskExecutions: options.concurrency ?? availableParallelism(),
    // Graceful shutdown: running trials get time to finish before the worker leaves.
    shutdownGraceTime: '30 seconds',
    ...options.overrides,
  });
}
