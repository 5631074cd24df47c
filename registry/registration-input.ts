/**
 * Checks what a caller passes to `register()` before any backend writes a byte: the model
 * name, file paths (safe relative paths, no file inside another), metrics, lineage, tags and
 * the idempotency key. Every problem is reported at once, as a `UserInputError`.
 */
import { UserInputError } from '../core/errors.js';
import { toBytes } from '../artifacts/hash.js';
import { relativePathProblem } from '../artifacts/keys.js';
import type { RegisterOptions, VersionInfo } from './model-registry.js';
import { validateModelName } from './model-names.js';
import { VERSION_MANIFEST_FILE } from './version-manifest.js';

export interface ValidRegistration {
  /** [path, bytes], sorted by path. */
  entries: [string, Uint8Array][];
  idempotencyKey?: string;
}

/** `reserved`: file names the backend keeps for itself inside a version (version.json is always one). */
export function validateRegistration(
  name: string,
  files: Record<string, Uint8Array | string>,
  info: VersionInfo,
  options: RegisterOptions,
  reserved: readonly string[] = [],
): ValidRegistration {
  validateModelName(name);
  const entries = validateFiles(name, files, new Set([VERSION_MANIFEST_FILE, ...reserved]));
  validateInfo(name, info);
  const key = options.idempotencyKey;
  if (key !== undefined && (typeof key !== 'string' || key.length === 0)) {
    throw new UserInputError(`model ${name}: idempotencyKey must be a non-empty string`);
  }
  return key === undefined ? { entries } : { entries, idempotencyKey: key };
}

function validateFiles(name: string, files: Record<string, Uint8Array | string>, reserved: Set<string>): [string, Uint8Array][] {
  if (!files || typeof files !== 'object' || Array.isArray(files)) throw new UserInputError(`model ${name}: files must be an object of path -> bytes`);
  const problems: string[] = [];
  const paths = Object.keys(files).sort();
  for (const path of paths) {
    const problem = relativePathProblem(path, 'file path');
    if (problem) problems.push(problem);
    else if (reserved.has(path)) problems.push(`file path "${path}" is reserved by the registry`);
    const value = files[path];
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) problems.push(`file "${path}": expected a string or Uint8Array, got ${value === null ? 'null' : typeof value}`);
  }
  for (let i = 0; i + 1 < paths.length; i++) {
    if (paths[i + 1].startsWith(`${paths[i]}/`)) problems.push(`file paths "${paths[i]}" and "${paths[i + 1]}" conflict: one is a directory of the other`);
  }
  if (problems.length) throw new UserInputError(problems, `cannot register model ${name}`);
  return paths.map((p) => [p, toBytes(files[p])]);
}

function validateInfo(name: string, info: VersionInfo): void {
  const problems: string[] = [];
  if (!info || typeof info !== 'object') throw new UserInputError(`cannot register model ${name}: version info (metrics, lineage) is missing`);
  if (!info.metrics || typeof info.metrics !== 'object') problems.push('metrics: expected an object of name -> number');
  else {
    for (const [k, v] of Object.entries(info.metrics)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`metrics.${k}: expected a finite number, got ${JSON.stringify(v) ?? String(v)}`);
    }
  }
  if (!info.lineage || typeof info.lineage !== 'object') problems.push('lineage: expected an object (dataSha256, dataUri, seed, codeVersion, …)');
  if (info.tags !== undefined) {
    if (!info.tags || typeof info.tags !== 'object') problems.push('tags: expected an object of name -> string');
    else for (const [k, v] of Object.entries(info.tags)) if (typeof v !== 'string') problems.push(`tags.${k}: expected a string`);
  }
  if (info.description !== undefined && typeof info.description !== 'string') problems.push('description: expected a string');
  if (problems.length) throw new UserInputError(problems, `cannot register model ${name}`);
}
