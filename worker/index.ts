/**
 * Embedding an AutoFlow worker in your own process (`autoflow-ml/worker`), for when
 * `autoflow worker` is not the shape you deploy: the same workflows and activities.
 */
export { createAutoflowWorker, type AutoflowWorkerOptions } from './create-worker.js';
export { createDefaultDeps, storageLocations } from './default-deps.js';
