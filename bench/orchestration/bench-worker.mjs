// A worker process for the scaling benchmark: the real workflow bundle, no-ML activities.
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { compiledPath } from '../../dist/devserver/project-paths.js';
import { benchActivities } from './noop-activities.mjs';

const [address, taskQueue, concurrency, trialMs] = process.argv.slice(2);
Runtime.install({ logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue,
  workflowBundle: { codePath: compiledPath('workflow-bundle') },
  activities: benchActivities({ trialMs: Number(trialMs) }),
  maxConcurrentActivityTaskExecutions: Number(concurrency),
  shutdownGraceTime: '1 second',
});
process.stdout.write('ready\n');
await worker.run();
await connection.close();
