/** A real AutoFlow worker inside the test process, on the test run's dev server, with its own stores. */
import { join } from 'node:path';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createArtifactStore } from '../../artifacts/index.js';
import { AutoflowClient } from '../../client/autoflow-client.js';
import { createModelRegistry } from '../../registry/index.js';
import { createAutoflowWorker } from '../../worker/create-worker.js';

export interface InProcessWorker {
  client: AutoflowClient;
  worker: Worker;
  stop(): Promise<void>;
}

/** Artifacts go to `<dir>/artifacts`, models to `<dir>/registry`. */
export async function startInProcessWorker(dir: string, taskQueue: string): Promise<InProcessWorker> {
  const address = inject('temporalAddress');
  const connection = await NativeConnection.connect({ address });
  const worker = await createAutoflowWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps: { store: createArtifactStore(join(dir, 'artifacts')), registry: createModelRegistry(join(dir, 'registry')), codeVersion: 'test' },
    concurrency: 2,
    overrides: { shutdownGraceTime: '1 second' },
  });
  const running = worker.run();
  const client = await AutoflowClient.connect({ address, namespace: 'default', taskQueue });
  return {
    client,
    worker,
    stop: async () => {
      await client.close();
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
