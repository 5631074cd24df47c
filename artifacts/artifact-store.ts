/**
 * The data plane. Datasets, splits, trial results and model files live here and travel
 * through Temporal only as `ArtifactRef`s (never as payloads: 2 MB per payload, 50 MB history).
 */

export interface ArtifactRef {
  /** `file:///abs/path` or `gs://bucket/key`. */
  uri: string;
  /** Hex sha256 of the bytes, checked on read. */
  sha256: string;
  bytes: number;
}

export interface ArtifactStore {
  /** Where keys live, e.g. `file:///home/me/project/.autoflow/artifacts`. */
  readonly rootUri: string;
  /** Writes atomically (temp + rename / generation precondition); rewriting the same key with the same bytes is a no-op. */
  put(key: string, data: Uint8Array | string): Promise<ArtifactRef>;
  /** Reads by ref (verifying sha256) or by uri/key (no verification). */
  get(ref: ArtifactRef | string): Promise<Buffer>;
  /** The ref of an existing key, or undefined: lets a retried activity reuse a result instead of redoing it. */
  head(key: string): Promise<ArtifactRef | undefined>;
  /** The uri a key would have. */
  uriFor(key: string): string;
}

export async function putJSON(store: ArtifactStore, key: string, value: unknown): Promise<ArtifactRef> {
  return store.put(key, JSON.stringify(value));
}

export async function getJSON<T>(store: ArtifactStore, ref: ArtifactRef | string): Promise<T> {
  return JSON.parse((await store.get(ref)).toString('utf8')) as T;
}
