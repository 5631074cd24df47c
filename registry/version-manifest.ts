/**
 * The manifest every registry backend stores beside a version's files (`version.json`):
 * checksums, metrics and lineage. One format for all backends, so a version copied from the
 * filesystem to a bucket (or back) reads the same.
 */
import { sha256Hex } from '../artifacts/hash.js';
import { ModelIntegrityError } from './errors.js';
import type { FileEntry, ModelVersion, VersionInfo } from './model-registry.js';

export const VERSION_MANIFEST_FILE = 'version.json';
export const VERSION_FORMAT = 'autoflow.model-version/v1';

/** What `version.json` holds. The version number is the location's name, not stored here. */
export interface VersionManifest extends VersionInfo {
  format: typeof VERSION_FORMAT;
  name: string;
  createdAt: string;
  files: FileEntry[];
  idempotencyKey?: string;
}

export function buildManifest(name: string, entries: [string, Uint8Array][], info: VersionInfo, idempotencyKey?: string): VersionManifest {
  return {
    format: VERSION_FORMAT,
    name,
    createdAt: new Date().toISOString(),
    files: entries.map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), bytes: bytes.length })),
    metrics: info.metrics,
    lineage: info.lineage,
    ...(info.description !== undefined ? { description: info.description } : {}),
    ...(info.tags !== undefined ? { tags: info.tags } : {}),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
}

export function serializeManifest(manifest: VersionManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Parses a stored manifest; anything unreadable is an integrity error naming the version. */
export function parseManifest(name: string, version: number, text: string): VersionManifest {
  try {
    const manifest = JSON.parse(text) as VersionManifest;
    if (manifest?.format !== VERSION_FORMAT || !Array.isArray(manifest.files)) throw new Error(`unknown format ${JSON.stringify(manifest?.format)}`);
    return manifest;
  } catch (e) {
    throw new ModelIntegrityError(name, version, VERSION_MANIFEST_FILE, `is not a valid version manifest: ${(e as Error).message}`);
  }
}

export function toModelVersion(name: string, version: number, uri: string, manifest: VersionManifest, aliases: Record<string, number>): ModelVersion {
  const out: ModelVersion = {
    name,
    version,
    createdAt: manifest.createdAt,
    uri,
    files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
    metrics: manifest.metrics,
    lineage: manifest.lineage,
    aliases: Object.keys(aliases).filter((a) => aliases[a] === version).sort(),
  };
  if (manifest.description !== undefined) out.description = manifest.description;
  if (manifest.tags !== undefined) out.tags = manifest.tags;
  return out;
}

/** Checks bytes read back against their manifest entry; `data` undefined = the file is gone. */
export function verifyVersionFile(name: string, version: number, entry: FileEntry, data: Buffer | undefined): Buffer {
  if (data === undefined) throw new ModelIntegrityError(name, version, entry.path, 'is listed in the manifest but missing');
  if (data.length !== entry.bytes) throw new ModelIntegrityError(name, version, entry.path, `is corrupt: ${data.length} bytes, expected ${entry.bytes}`);
  const actual = sha256Hex(data);
  if (actual !== entry.sha256) throw new ModelIntegrityError(name, version, entry.path, `is corrupt: sha256 ${actual} expected ${entry.sha256}`);
  return data;
}
