/** Types of the deployModel and watchDeployments workflows (types only: imported inside the workflow sandbox). */

import type { DeploySettings } from '../experiment-spec/check-deploy.js';

/** What a deployment check holds a candidate to, beyond matching its own offline answers: the spec's `deploy` section's fields (none set by default). */
export type DeployBudget = DeploySettings;

/** What the manifest runs: `autoflow serve` (HTTP) or `autoflow stream` (a Pub/Sub subscription). */
export type DeployMode = 'serve' | 'stream';

/** Streaming mode's settings: what the `autoflow stream` Deployment reads and writes, its flow control and its KEDA scaling. */
export interface StreamDeploySettings {
  /** The subscription to score: NAME or projects/P/subscriptions/NAME. */
  subscription: string;
  /** Topic for verdicts: NAME or projects/P/topics/NAME. */
  outputTopic: string;
  /** Topic for inputs that fail validation. */
  deadLetterTopic: string;
  /** Google Cloud project of short names (else the pods' Application Default Credentials' project). */
  project?: string;
  /** Flow control: unacked messages one replica holds (default 1000). */
  maxOutstandingMessages?: number;
  /** Flow control: unacked message bytes one replica holds (default 64 MiB; added to the memory request). */
  maxOutstandingBytes?: number;
  /** KEDA target: undelivered messages on the subscription per replica (default 2000). */
  backlogPerReplica?: number;
  /** Replica bounds of the ScaledObject (defaults 1 and 10). */
  minReplicas?: number;
  maxReplicas?: number;
  /**
   * The live smoke check on a Pub/Sub emulator (activities/deploy/stream-smoke.ts): by default
   * when the worker has PUBSUB_EMULATOR_HOST; true requires it, false skips it.
   */
  smokeCheck?: boolean;
}

/** What the stream smoke check found: held-out records through the stream scorer on an emulator, against offline. */
export interface StreamSmokeResult {
  emulator: string;
  records: number;
  verdicts: number;
  deadLettered: number;
  labelMismatches: number;
  maxProbabilityDifference: number;
  ms: number;
  passed: boolean;
  reason: string;
}

/** The mode a deployment's manifest is for; the check of the candidate is the same for both. */
export interface DeployTarget {
  /** Default serve. */
  mode?: DeployMode;
  /** Required with mode stream. */
  stream?: StreamDeploySettings;
}

export interface DeployInput extends DeployBudget, DeployTarget {
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
  /** Why there is no champion comparison although the alias points at another version (it could not score these records). */
  championSkipped?: string;
  /** With mode stream on a Pub/Sub emulator: the live smoke check through the stream scorer (part of `passed` and `reason`). */
  streamSmoke?: StreamSmokeResult;
  /** What the check held the candidate to: the flags, over the `deploy` section of the version's spec, over the defaults. */
  budget: DeployBudget;
  /** Serve or stream, and the streaming settings: the caller's over the version's spec's `deploy.mode` / `deploy.stream` (absent from checks before this was recorded). */
  target?: DeployTarget;
  /** Where the check's time went, in milliseconds: starting the test server (loading the model), the batches, the single-record probe, all of it. */
  timings: { serverStartMs: number; batchesMs: number; latencyProbeMs: number; totalMs: number };
  passed: boolean;
  /** One line; each failed condition, separated by '; '. */
  reason: string;
}

export interface DeployResult {
  check: DeployCheck;
  alias: string;
  /** What the manifest runs (absent from results of deployments before streaming mode: serve). */
  mode?: DeployMode;
  previousVersion: number | null;
  promoted: boolean;
  manifest?: string;
  manifestUri?: string;
}

/** `autoflow deploy --watch`: deploy each new version of a model (or each move of an alias), one at a time; with mode stream, each deployment writes the `autoflow stream` manifest. */
export interface DeployWatchInput extends DeployTarget {
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
  /** The watch's settings (model, aliases, budget), for describing it. */
  input?: Omit<DeployWatchInput, 'state'>;
  /** The version being deployed now (a child deployModel run), if any. */
  current?: { version: number; deployId: string } | null;
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
