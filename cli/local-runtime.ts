/**
 * What `run`, `demo`, `retrain` and `deploy` share: a Temporal server (the configured one, or a
 * local dev server for the command's lifetime), a worker in this process unless workers run
 * elsewhere, and a connected client. Everything is stopped when the work ends.
 */
import { NativeConnection } from '@temporalio/worker';
import { AutoflowClient } from '../client/autoflow-client.js';
import { loadTemporalTarget, taskQueue } from '../client/connection-config.js';
import { createAutoflowWorker } from '../worker/create-worker.js';
import { createDefaultDeps } from '../worker/default-deps.js';
import { installAutoflowRuntime } from '../worker/logger.js';
import { ensureTemporal, type TemporalRuntime } from './temporal-runtime.js';

export async function withLocalRuntime<T>(options: { worker?: boolean }, work: (ctx: { client: AutoflowClient; runtime: TemporalRuntime }) => Promise<T>): Promise<T> {
  // Before any NativeConnection exists (the first one fixes the Runtime's logging). The
  // command reports failed trials and a failed search itself, without stack traces; the
  // worker's own lines would repeat them with traces (WARN) or drown the output (INFO), so
  // ERROR unless AUTOFLOW_LOG_LEVEL says otherwise.
  installAutoflowRuntime('ERROR');
  const runtime = await ensureTemporal({ startLocal: options.worker !== false });
  let worker: Awaited<ReturnType<typeof createAutoflowWorker>> | undefined;
  let workerRun: Promise<void> | undefined;
  let workerConnection: NativeConnection | undefined;
  let client: AutoflowClient | undefined;
  try {
    if (options.worker !== false) {
      const target = loadTemporalTarget({ address: runtime.address });
      workerConnection = await NativeConnection.connect(target.connectionOptions);
      worker = await createAutoflowWorker({ connection: workerConnection, namespace: runtime.namespace, taskQueue: taskQueue(), deps: createDefaultDeps() });
      workerRun = worker.run();
    }
    client = await AutoflowClient.connect({ address: runtime.address, namespace: runtime.namespace });
    return await work({ client, runtime });
  } finally {
    await client?.close();
    if (worker) {
      worker.shutdown();
      await workerRun;
    }
    await workerConnection?.close();
    await runtime.stop();
  }
}
