/**
 * Pre-bundles the workflow code at build time (`npm run build`), so starting a worker takes
 * a second instead of re-running webpack every time.
 */
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { compiledPath } from '../devserver/project-paths.js';

const { code } = await bundleWorkflowCode({
  workflowsPath: compiledPath('workflows/index'),
  logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
});
await writeFile(compiledPath('workflow-bundle'), code);
