/**
 * The typed SDK. The CLI is built on it; CI jobs and notebooks-as-scripts use it directly:
 *
 *   const client = await AutoflowClient.connect();
 *   const search = await client.startSearch(await client.prepare(spec));
 *   for await (const p of search.watch()) console.log(p.trialsDone);
 *   const result = await search.result();
 */
import { Client, Connection, WorkflowExecutionAlreadyStartedError, type ConnectionOptions, type WorkflowExecutionInfo } from '@temporalio/client';
import { SA_BEST_SCORE, SA_EXPERIMENT, SA_STATUS, SA_TRIALS_DONE } from '../workflows/search-attributes.js';
import { UserInputError } from '../core/errors.js';
import type { ExperimentSpec } from '../experiment-spec/experiment-spec.js';
import { resolveExperiment } from '../experiment-spec/resolve-experiment.js';
import type { ResolvedExperiment, SearchInput, SearchProgress, SearchResult } from '../workflows/types.js';
import { TemporalUnreachableError, loadTemporalTarget, taskQueue as defaultTaskQueue } from './connection-config.js';
import { searchAttributesNotice } from './namespace-search-attributes.js';
import { searchIdFor } from './search-id.js';
import { RetrainSchedules, retrainIdFor } from './retrain-schedules.js';
import type { RetrainInput, RetrainResult } from '../retraining/types.js';
import type { DeployInput, DeployResult } from '../workflows/deploy-types.js';
import { DeployWatches } from './deploy-watches.js';
import { resolve as resolvePath } from 'node:path';

export { TemporalUnreachableError };

export interface ConnectOptions {
  address?: string;
  namespace?: string;
  taskQueue?: string;
}

/** The workflows `autoflow list` shows, by what they are to a user. */
export const LISTED_WORKFLOWS = { automlSearch: 'search', retrainModel: 'retrain', deployModel: 'deploy', watchDeployments: 'deploy-watch' } as const;
export type RunKind = (typeof LISTED_WORKFLOWS)[keyof typeof LISTED_WORKFLOWS];

/** One row of `autoflow list`: what the server knows without asking a worker. */
export interface SearchSummary {
  /** The workflow id (of a search, retrain or deploy run). */
  searchId: string;
  kind: RunKind;
  runStatus: string;
  experiment?: string;
  status?: string;
  bestScore?: number;
  trialsDone?: number;
  startTime: string;
  closeTime?: string;
}

export function summaryOf(info: Omit<WorkflowExecutionInfo, 'raw'>): SearchSummary {
  const sa = info.typedSearchAttributes;
  return {
    searchId: info.workflowId,
    kind: LISTED_WORKFLOWS[info.type as keyof typeof LISTED_WORKFLOWS] ?? 'search',
    runStatus: info.status.name,
    experiment: sa.get(SA_EXPERIMENT),
    status: sa.get(SA_STATUS),
    bestScore: sa.get(SA_BEST_SCORE),
    trialsDone: sa.get(SA_TRIALS_DONE),
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString(),
  };
}

export class SearchHandle {
  constructor(
    private readonly client: Client,
    readonly searchId: string,
    /** Set at start when the search runs without its search attributes (the namespace lacks them): why. */
    readonly notice?: string,
  ) {}

  private get handle() {
    return this.client.workflow.getHandle(this.searchId);
  }

  /** What the server records about the search (status, search attributes), no worker needed. */
  async describe(): Promise<SearchSummary> {
    return summaryOf(await this.handle.describe());
  }

  /** Live progress from the running workflow (a Temporal query). */
  progress(): Promise<SearchProgress> {
    return this.handle.query<SearchProgress>('progress');
  }

  result(): Promise<SearchResult> {
    return this.handle.result() as Promise<SearchResult>;
  }

  /** Cancels the search: running trials are stopped, the partial leaderboard stays queryable. */
  async cancel(): Promise<void> {
    await this.handle.cancel();
  }

  /** Stops launching trials; the best so far is refitted and registered. */
  async stop(reason?: string): Promise<void> {
    await this.handle.signal('stopSearch', reason);
  }

  /** Progress snapshots until the search closes. */
  async *watch(intervalMs = 1000): AsyncGenerator<SearchProgress> {
    for (;;) {
      const description = await this.handle.describe();
      try {
        yield await this.progress();
      } catch {
        // The first workflow task may not have run yet; keep polling.
      }
      if (description.status.name !== 'RUNNING') return;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

export class AutoflowClient {
  private constructor(
    readonly client: Client,
    readonly connection: Connection,
    readonly namespace: string,
    readonly taskQueue: string,
  ) {}

  /** Connects with the Temporal environment settings (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, envconfig profiles). */
  static async connect(options: ConnectOptions = {}): Promise<AutoflowClient> {
    const target = loadTemporalTarget(options);
    let connection: Connection;
    try {
      connection = await Connection.connect(target.connectionOptions as ConnectionOptions);
    } catch (e) {
      throw new TemporalUnreachableError(target.address, e as Error);
    }
    const client = new Client({ connection, namespace: target.namespace });
    return new AutoflowClient(client, connection, target.namespace, options.taskQueue ?? defaultTaskQueue());
  }

  /** Validates a spec against its data; throws a UserInputError listing every problem. */
  prepare(spec: ExperimentSpec, baseDir = process.cwd()): Promise<ResolvedExperiment> {
    return resolveExperiment(spec, baseDir);
  }

  async startSearch(experiment: ResolvedExperiment, options: { searchId?: string; trialsPerRun?: number } = {}): Promise<SearchHandle> {
    const searchId = options.searchId ?? searchIdFor(experiment.name);
    const notice = await searchAttributesNotice(this.connection, this.namespace);
    const input: SearchInput = { searchId, experiment, trialsPerRun: options.trialsPerRun, ...(notice ? { withoutSearchAttributes: notice } : {}) };
    try {
      await this.client.workflow.start('automlSearch', {
        taskQueue: this.taskQueue,
        workflowId: searchId,
        args: [input],
        staticSummary: `AutoML search "${experiment.name}": ${experiment.metric}, ${experiment.budget.maxTrials} trials x${experiment.budget.parallelism}`,
        staticDetails: [`- data: \`${experiment.dataUri}\``, `- target: \`${experiment.target}\``, `- sampler: ${experiment.sampler.name}${experiment.pruner ? `, pruner: ${experiment.pruner.name}` : ''}`, `- seed: ${experiment.seed}`].join('\n'),
      });
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) throw new UserInputError(`a search with id ${searchId} already exists`);
      throw e;
    }
    return new SearchHandle(this.client, searchId, notice);
  }

  /** Searches known to the server, newest first, with their search attributes. */
  listSearches(options: { limit?: number; query?: string } = {}): Promise<SearchSummary[]> {
    return this.listRuns({ ...options, kinds: ['search'] });
  }

  /** Searches, retrains and deploys (or the `kinds` given) known to the server, newest first. */
  async listRuns(options: { limit?: number; query?: string; kinds?: RunKind[] } = {}): Promise<SearchSummary[]> {
    const kinds = options.kinds ?? Object.values(LISTED_WORKFLOWS);
    const types = Object.entries(LISTED_WORKFLOWS).filter(([, kind]) => kinds.includes(kind)).map(([type]) => `'${type}'`);
    const query = [`WorkflowType IN (${types.join(', ')})`, options.query].filter(Boolean).join(' AND ');
    const out: SearchSummary[] = [];
    for await (const info of this.client.workflow.list({ query, pageSize: 100 })) {
      out.push(summaryOf(info));
      if (out.length >= (options.limit ?? 50)) break;
    }
    return out;
  }

  /** Scheduled retraining (Temporal Schedules that start `retrainModel`). */
  get schedules(): RetrainSchedules {
    return new RetrainSchedules(this.client, this.taskQueue, () => searchAttributesNotice(this.connection, this.namespace));
  }

  /**
   * One retrain now (from the SDK or a CI job): validate the newest data, check drift, search,
   * and promote the challenger only if it beats the champion. `result()` waits for it.
   */
  async startRetrain(spec: ExperimentSpec, baseDir = process.cwd(), options: { retrainId?: string } = {}) {
    const retrainId = options.retrainId ?? retrainIdFor(spec.name);
    const notice = await searchAttributesNotice(this.connection, this.namespace);
    const input: RetrainInput = { spec, baseDir: resolvePath(baseDir), ...(notice ? { withoutSearchAttributes: notice } : {}) };
    const handle = await this.client.workflow.start('retrainModel', {
      taskQueue: this.taskQueue,
      workflowId: retrainId,
      args: [input],
      staticSummary: `Retrain ${spec.name}`,
    });
    return { retrainId, notice, result: () => handle.result() as Promise<RetrainResult> };
  }

  /** Checks a candidate over HTTP, then moves the alias (see the deployModel workflow). */
  async startDeploy(input: DeployInput, options: { deployId?: string } = {}) {
    const deployId = options.deployId ?? `deploy-${input.candidate.replace(/[^A-Za-z0-9]+/g, '-')}-${Date.now().toString(36)}`;
    const handle = await this.client.workflow.start('deployModel', { taskQueue: this.taskQueue, workflowId: deployId, args: [input], staticSummary: `Deploy ${input.candidate} to @${input.alias ?? 'production'}` });
    return { deployId, result: () => handle.result() as Promise<DeployResult> };
  }

  /** Watches that deploy each new version of a model without a person (the watchDeployments workflow). */
  get deployWatches(): DeployWatches {
    return new DeployWatches(this.client, this.taskQueue);
  }

  getSearch(searchId: string): SearchHandle {
    return new SearchHandle(this.client, searchId);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
