/**
 * What a deploy watch deploys next. Newest wins: of the versions registered since the last one
 * handled, only the newest is checked and the others are reported as superseded, so a burst of
 * registrations (a retraining that ran three times over a weekend) costs one deployment.
 * Following an alias instead, the candidate is whatever the alias points at when it moves.
 */
import type { ModelRegistry } from '../../registry/model-registry.js';
import type { WatchCandidate } from '../../workflows/deploy-types.js';

interface WatchTarget {
  name: string;
  fromAlias?: string;
}

/** The newest version (or the alias's version) now; the watch deploys what comes after it. Unknown model names fail (ModelNotFoundError names the models there are). */
export async function watchBaseline(registry: ModelRegistry, target: WatchTarget): Promise<number | null> {
  const versions = await registry.listVersions(target.name);
  if (target.fromAlias) return (await registry.getAliases(target.name))[target.fromAlias] ?? null;
  return versions.reduce<number | null>((newest, v) => (newest === null || v.version > newest ? v.version : newest), null);
}

export async function nextWatchCandidate(registry: ModelRegistry, target: WatchTarget & { lastHandled: number | null }): Promise<WatchCandidate | null> {
  if (target.fromAlias) {
    const version = (await registry.getAliases(target.name))[target.fromAlias];
    return version === undefined || version === target.lastHandled ? null : { version, superseded: [] };
  }
  const newer = (await registry.listVersions(target.name))
    .map((v) => v.version)
    .filter((v) => target.lastHandled === null || v > target.lastHandled)
    .sort((a, b) => a - b);
  if (newer.length === 0) return null;
  return { version: newer[newer.length - 1], superseded: newer.slice(0, -1) };
}
