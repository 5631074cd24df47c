/**
 * Opens Google Cloud Storage for the gs:// artifact store and model registry.
 *
 * Credentials come from Application Default Credentials, as in every Google client. An
 * emulator (fake-gcs-server) is named by STORAGE_EMULATOR_HOST (`http://host:port` or
 * `host:port`, the form gcloud and the Go and Python clients use) or by `apiEndpoint`.
 *
 * `@google-cloud/storage` is imported on first use: it is large, and processes that never
 * open a gs:// root (the embedded default, `autoflow serve` on a local registry) should not
 * pay for it in start-up time or memory.
 */
import type { Bucket, Storage } from '@google-cloud/storage';
import { UserInputError } from '../core/errors.js';

export interface GcsOptions {
  /** An emulator or private endpoint, e.g. `http://127.0.0.1:4443`. Default: STORAGE_EMULATOR_HOST, else Google. */
  apiEndpoint?: string;
  /** Project for requests that need one; normally found by Application Default Credentials. */
  projectId?: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/** Why `bucket` is not a valid bucket name, or undefined. */
export function bucketNameProblem(bucket: string): string | undefined {
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    return `bucket name ${JSON.stringify(bucket)} is invalid: use 3-222 lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

/** `http://host:port` for an emulator setting given as `host:port`, `http://host:port` or `…/storage/v1`. */
export function emulatorOrigin(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme).origin;
  } catch {
    throw new UserInputError(`STORAGE_EMULATOR_HOST ${JSON.stringify(value)} is not a host:port or URL`);
  }
}

const clients = new Map<string, Promise<Storage>>();

/** One Storage client per endpoint and project, shared by every store and registry of the process. */
export function storageClient(options: GcsOptions = {}): Promise<Storage> {
  const emulator = options.apiEndpoint ?? process.env.STORAGE_EMULATOR_HOST;
  const key = `${emulator ?? ''}|${options.projectId ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    client = createClient(emulator, options.projectId);
    clients.set(key, client);
    client.catch(() => clients.delete(key));
  }
  return client;
}

async function createClient(emulator: string | undefined, projectId: string | undefined): Promise<Storage> {
  const { Storage, IdempotencyStrategy } = await import('@google-cloud/storage');
  // Every write here is safe to repeat: plain writes go to names their writer owns, and
  // conditional writes (ifGenerationMatch) re-read after a 412 to recognise their own retry.
  const retryOptions = { idempotencyStrategy: IdempotencyStrategy.RetryAlways };
  if (!emulator) return new Storage({ retryOptions, ...(projectId ? { projectId } : {}) });
  const origin = emulatorOrigin(emulator);
  const storage = new Storage({ retryOptions, apiEndpoint: origin, projectId: projectId ?? 'autoflow-emulator' });
  // The 7.x client uses STORAGE_EMULATOR_HOST verbatim as the JSON API base URL, which only
  // works when it ends in /storage/v1; uploads use apiEndpoint. Pin both to the same origin.
  storage.baseUrl = `${origin}/storage/v1`;
  return storage;
}

export async function openBucket(bucket: string, options: GcsOptions = {}): Promise<Bucket> {
  return (await storageClient(options)).bucket(bucket);
}

/** The HTTP status of a failed Storage call, when it has one. */
export function gcsStatus(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Adds what was being done and where to a Storage error, with a hint for the usual causes. */
export function describeGcsError(e: unknown, action: string, uri: string): Error {
  const status = gcsStatus(e);
  const message = (e as Error)?.message ?? String(e);
  let hint = '';
  if (status === 401 || status === 403) hint = ' (check Application Default Credentials: `gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS)';
  else if (status === 404) hint = ' (does the bucket exist?)';
  else if (/ECONNREFUSED|ENOTFOUND/.test(message)) hint = process.env.STORAGE_EMULATOR_HOST ? ` (STORAGE_EMULATOR_HOST=${process.env.STORAGE_EMULATOR_HOST})` : '';
  return new Error(`cannot ${action} ${uri}: ${message}${hint}`, { cause: e });
}
