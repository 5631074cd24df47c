/**
 * Deploy watches from the SDK: `watchDeployments` workflows, one per model and target alias.
 * Starting one that already runs attaches to it (and asks it to look at the registry now),
 * so `autoflow deploy --watch` is safe to type twice.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { checkDeployTarget } from '../activities/deploy/stream-settings.js';
import { UserInputError } from '../core/errors.js';
import { deployWatchId } from '../workflows/deploy-watch-id.js';
import type { DeployWatchInput, DeployWatchState } from '../workflows/deploy-types.js';

/** What `autoflow deploy --describe-watch` shows: the workflow's status and, when it answers, its state. */
export interface DeployWatchDescription {
  watchId: string;
  /** Temporal's status of the current run: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, ... */
  status: string;
  runId: string;
  startTime: string;
  /** Null when no worker answered the query (a running watch needs one to run anyway). */
  state: DeployWatchState | null;
}

/** A missing watch is the user's mistake (a misspelt model name, or one never watched): exit 2, not a stack trace. */
async function orNotFound<T>(watchId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) throw new UserInputError(`no deploy watch ${watchId} (start one with \`autoflow deploy --watch NAME\`)`);
    throw e;
  }
}

export class DeployWatchHandle {
  constructor(
    private readonly client: Client,
    readonly watchId: string,
    /** False when the watch was already running and this call attached to it. */
    readonly started: boolean,
  ) {}

  private get handle() {
    return this.client.workflow.getHandle(this.watchId);
  }

  /** What it has deployed, refused and skipped, and what it is doing now. */
  async state(): Promise<DeployWatchState> {
    return orNotFound(this.watchId, () => this.handle.query<DeployWatchState>('watchState'));
  }

  /** Look at the registry now rather than at the next poll. */
  async checkNow(): Promise<void> {
    await orNotFound(this.watchId, () => this.handle.signal('checkNow'));
  }

  /** Whether the workflow still runs (a failed watch, e.g. an unknown model, has ended). */
  async running(): Promise<{ running: boolean; status: string }> {
    const status = (await orNotFound(this.watchId, () => this.handle.describe())).status.name;
    return { running: status === 'RUNNING', status };
  }

  /** Status, run and state; the state is null when no worker answers within `queryTimeoutMs`. */
  async describe(queryTimeoutMs = 10_000): Promise<DeployWatchDescription> {
    const d = await orNotFound(this.watchId, () => this.handle.describe());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), queryTimeoutMs)));
    const state = await Promise.race([this.handle.query<DeployWatchState>('watchState').catch(() => null), timeout]);
    clearTimeout(timer);
    return { watchId: this.watchId, status: d.status.name, runId: d.runId, startTime: d.startTime.toISOString(), state };
  }

  /**
   * Ends the watch (a deployment in progress is cancelled with it; aliases stay as they are).
   * Resolves with whether it has ended within `waitMs`: a cancellation is carried out by a
   * worker, so with none running it is only requested.
   */
  async stop(waitMs = 30_000): Promise<{ ended: boolean; status: string }> {
    const { running, status } = await this.running();
    if (!running) throw new UserInputError(`the deploy watch ${this.watchId} is not running (${status.toLowerCase()})`);
    await this.handle.cancel();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = await this.running();
      if (!now.running || Date.now() >= deadline) return { ended: !now.running, status: now.status };
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Resolves with the watch's last state when it ends; rejects with its failure. */
  async result(): Promise<DeployWatchState> {
    return this.handle.result() as Promise<DeployWatchState>;
  }
}

export class DeployWatches {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async start(input: DeployWatchInput): Promise<DeployWatchHandle> {
    // A watch with bad streaming settings would refuse every version it sees: refuse it here instead.
    checkDeployTarget(input);
    const watchId = deployWatchId(input.name, input.toAlias);
    const source = input.fromAlias ? `${input.name}@${input.fromAlias}` : `new versions of ${input.name}`;
    const target = input.mode === 'stream' ? ` (autoflow stream on ${input.stream?.subscription})` : '';
    try {
      await this.client.workflow.start('watchDeployments', { taskQueue: this.taskQueue, workflowId: watchId, args: [input], staticSummary: `Deploy ${source} to @${input.toAlias ?? 'production'}${target}` });
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
