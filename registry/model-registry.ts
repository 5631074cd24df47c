/**
 * MLflow-style model registry: immutable numbered versions, movable aliases.
 * Backends: filesystem (embedded default) and, later, Google Cloud Storage.
 */

/** Where a model version came from: enough to reproduce it. */
export interface Lineage {
  dataSha256: string;
  dataUri: string;
  seed: number;
  codeVersion: string;
  searchId?: string;
  trialNumber?: number;
  /** The experiment spec that produced it (JSON). */
  spec?: unknown;
  params?: Record<string, unknown>;
  /** For an ensemble: every member trial with its weight and params (`trialNumber`/`params` stay the search's best single trial). */
  ensemble?: { trialNumber: number; weight: number; params: Record<string, unknown> }[];
}

export interface VersionInfo {
  metrics: Record<string, number>;
  lineage: Lineage;
  description?: string;
  tags?: Record<string, string>;
}

export interface FileEntry {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ModelVersion extends VersionInfo {
  name: string;
  version: number;
  createdAt: string;
  /** Location of the version's files, e.g. `file:///…/registry/spam/versions/3`. */
  uri: string;
  files: FileEntry[];
  /** Aliases pointing at this version when it was read. */
  aliases: string[];
}

export interface RegisterOptions {
  /**
   * A retried registration with the same key returns the version it already made
   * instead of adding a new one (key = search id for a search's winner).
   */
  idempotencyKey?: string;
}

export interface ModelRegistry {
  /** Where it lives (`file:///…`, `gs://bucket/prefix`): what another process opens it by. */
  readonly rootUri: string;
  /** Adds the next version atomically: two registrations at once get distinct versions. */
  register(name: string, files: Record<string, Uint8Array | string>, info: VersionInfo, options?: RegisterOptions): Promise<ModelVersion>;
  listModels(): Promise<string[]>;
  listVersions(name: string): Promise<ModelVersion[]>;
  getVersion(name: string, version: number): Promise<ModelVersion>;
  /** `name@alias`, `name/7`, `name@latest` (the newest version), or a bare name (= latest). */
  resolve(reference: string): Promise<ModelVersion>;
  /** Reads one file of a version, verifying its sha256. */
  readFile(name: string, version: number, path: string): Promise<Buffer>;
  /**
   * Points an alias at a version. With `expectedVersion` it is a compare-and-swap:
   * it fails when the alias currently points elsewhere (null = must not exist yet).
   */
  setAlias(name: string, alias: string, version: number, options?: { expectedVersion?: number | null }): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
  getAliases(name: string): Promise<Record<string, number>>;
  /** Refused while an alias points at the version. */
  deleteVersion(name: string, version: number): Promise<void>;
}
