/** Types of the deployModel workflow (types only: imported inside the workflow sandbox). */
export interface DeployInput {
  /** The candidate: `name/7`, `name@staging`, `name@latest`. */
  candidate: string;
  /** The alias to move on success (default production). */
  alias?: string;
  /** Held-out records sent over HTTP (default 1,000; all of the test split when smaller). */
  maxRecords?: number;
  /** Allowed difference between the metric over HTTP and the offline one (default 1e-6). */
  tolerance?: number;
}

export interface DeployCheck {
  model: { name: string; version: number };
  records: number;
  requests: number;
  failedRequests: number;
  /** Each failed request: HTTP status, the server's error, the test-split rows it held (first, last; from 1). */
  failures: { status: number; error: string; rows: [number, number] }[];
  /** Records over the server's body limit on their own (not sent; not a failed deployment), rows from 1. */
  oversizedRecords: { row: number; bytes: number }[];
  metric: string;
  httpMetric: number;
  /** The same bundle in-process on the same records. */
  offlineMetric: number;
  /** What the registry recorded for the whole test split at registration. */
  registeredTestMetric: number | null;
  difference: number;
  maxProbabilityDifference: number;
  p50Ms: number;
  p99Ms: number;
  passed: boolean;
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
