/** Types of the deployModel and watchDeployments workflows (types only: imported inside the workflow sandbox). */

/** What a deployment check holds a candidate to, beyond matching its own offline answers. */
export interface DeployBudget {
  /** Held-out records sent over HTTP (default 5,000; all of the test split when smaller). */
  maxRecords?: number;
  /** Allowed difference between the metric over HTTP and the offline one (default 1e-6). */
  tolerance?: number;
  /** Single-record request latency budget of the test server, in milliseconds (none by default). */
  maxP50Ms?: number;
  maxP99Ms?: number;
  /** Largest share of held-out records whose label may change against the champion (0-1; none by default). */
  maxLabelChangeShare?: number;
}

export interface DeployInput extends DeployBudget {
  /** The candidate: `name/7`, `name@staging`, `name@latest`. */
  candidate: string;
  /** The alias to move on success (default production). */
  alias?: string;
}

export interface DeployCheck {
  model: { name: string; version: number };
  records: number;
  requests: number;
  failedRequests: number;
  /** Each failed request: HTTP status (0 = no answer), the server's error, the test-split rows it held (first, last; from 1). */
  failures: { status: number; error: string; rows: [number, number] }[];
  /** Records over the server's body limit on their own (not sent; not a failed deployment), rows from 1. */
  oversizedRecords: { row: number; bytes: number }[];
  metric: string;
  httpMetric: number;
  /** The same bundle in-process on the same records. */
  offlineMetric: number;
  /** What the registry recorded for the whole test split at registration. */
  registeredTestMetric: number | null;
  /** Whether every test row was served, so httpMetric was also held against registeredTestMetric. */
  comparedWithRegistered: boolean;
  difference: number;
  maxProbabilityDifference: number;
  /** Batched requests of the metric check (up to 64 records each). */
  batchP50Ms: number;
  batchP99Ms: number;
  /** Single-record requests after warm-up: what the latency budget is held against. */
  latency: { requests: number; p50Ms: number; p99Ms: number };
  /** The test server's resident memory after the check (a separate `autoflow serve` process); null where the OS does not say. */
  memory: { rssBytes: number; peakRssBytes: number } | null;
  /** The version at the target alias, on the same records; absent when there is none (or it is the candidate). */
  champion?: { version: number; records: number; changedLabels: number; labelChangeShare: number; metric: number };
  budget: DeployBudget;
  passed: boolean;
  /** One line; each failed condition, separated by '; '. */
  reason: string;
}

export interface DeployResult {
  check: DeployCheck;
  alias: string;
  previousVersion: number | null;
  promoted: boolean;
  manifest?: string;
  manifestUri?: string;
}

/** `autoflow deploy --watch`: deploy each new version of a model (or each move of an alias), one at a time. */
export interface DeployWatchInput {
  name: string;
  /** Follow this alias's moves (a retraining's `staging`, say) instead of every new version. */
  fromAlias?: string;
  /** The alias each passing version is moved to (default production). */
  toAlias?: string;
  /** How often the registry is looked at, in seconds (default 30); a `checkNow` signal looks at once. */
  pollSeconds?: number;
  budget?: DeployBudget;
  /** Loop iterations before the history is handed to a fresh run (continueAsNew); default 500. */
  iterationsPerRun?: number;
  /** Carried across continueAsNew; absent on the first run. */
  state?: DeployWatchState;
}

export type WatchOutcomeKind = 'deployed' | 'refused' | 'skipped';

export interface WatchOutcome {
  version: number;
  outcome: WatchOutcomeKind;
  /** The check's reason, the failure's message, or which newer version superseded it. */
  reason: string;
  deployId?: string;
  manifestUri?: string;
}

export interface DeployWatchState {
  /** The last version handled (deployed, refused or skipped); the watch looks for what comes after. */
  lastHandled: number | null;
  /** The newest outcomes, oldest first (at most 50 are kept). */
  outcomes: WatchOutcome[];
  counts: Record<WatchOutcomeKind, number>;
  /** What the watch is doing now, for `autoflow deploy --watch` and the Temporal UI. */
  status: string;
}

/** What the registry offers the watch next: the newest version after `lastHandled`, and the ones it supersedes. */
export interface WatchCandidate {
  version: number;
  superseded: number[];
}
