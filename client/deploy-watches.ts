/**
 * Deploy watches from the SDK: `watchDeployments` workflows, one per model and target alias.
 * Starting one that already runs attaches to it (and asks it to look at the registry now),
 * so `autoflow deploy --watch` is safe to type twice.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { UserInputError } from '../core/errors.js';
import { deployWatchId } from '../workflows/deploy-watch-id.js';
import type { DeployWatchInput, DeployWatchState } from '../workflows/deploy-types.js';

export class DeployWatchHandle {
  constructor(
    private readonly client: Client,
    readonly watchId: string,
    /** False when the watch was already running and this call attached to it. */
    readonly started: boolean,
  ) {}

  /** What it has deployed, refused and skipped, and what it is doing now. */
  async state(): Promise<DeployWatchState> {
    return this.client.workflow.getHandle(this.watchId).query<DeployWatchState>('watchState');
  }

  /** Look at the registry now rather than at the next poll. */
  async checkNow(): Promise<void> {
    await this.client.workflow.getHandle(this.watchId).signal('checkNow');
  }

  /** Whether the workflow still runs (a failed watch, e.g. an unknown model, has ended). */
  async running(): Promise<{ running: boolean; status: string }> {
    const status = (await this.client.workflow.getHandle(this.watchId).describe()).status.name;
    return { running: status === 'RUNNING', status };
  }

  /** Ends the watch (a deployment in progress is cancelled with it; aliases stay as they are). */
  async stop(): Promise<void> {
    try {
      await this.client.workflow.getHandle(this.watchId).cancel();
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) throw new UserInputError(`no deploy watch ${this.watchId} is running`);
      throw e;
    }
  }

  /** Resolves with the watch's last state when it ends; rejects with its failure. */
  async result(): Promise<DeployWatchState> {
    return this.client.workflow.getHandle(this.watchId).result() as Promise<DeployWatchState>;
  }
}

export class DeployWatches {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(input: DeployWatchInput): Promise<DeployWatchHandle> {
    const watchId = deployWatchId(input.name, input.toAlias);
    const source = input.fromAlias ? `${input.name}@${input.fromAlias}` : `new versions of ${input.name}`;
    try {
      await this.client.workflow.start('watchDeployments', { taskQueue: this.taskQueue, workflowId: watchId, args: [input], staticSummary: `Deploy ${source} to @${input.toAlias ?? 'production'}` });
      return new DeployWatchHandle(this.client, watchId, true);
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      const handle = new DeployWatchHandle(this.client, watchId, false);
      await handle.checkNow();
      return handle;
    }
  }

  get(name: string, toAlias?: string): DeployWatchHandle {
    return new DeployWatchHandle(this.client, deployWatchId(name, toAlias), false);
  }
}
