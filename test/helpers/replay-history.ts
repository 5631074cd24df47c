/** Replays a finished workflow's history (its latest run, or `runId`) against the compiled workflow bundle: throws on non-determinism. */
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { compiledPath } from '../../devserver/project-paths.js';

export async function replayWorkflowHistory(workflowId: string, runId?: string): Promise<void> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    const history = await new Client({ connection }).workflow.getHandle(workflowId, runId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: compiledPath('workflow-bundle') } }, history, workflowId);
  } finally {
    await connection.close();
  }
}
