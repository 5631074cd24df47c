/**
 * The "not found" and "refused" errors every registry backend raises, worded once so the
 * filesystem and GCS backends tell users the same thing: what is missing and what exists.
 */
import { UserInputError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import { ModelNotFoundError } from './errors.js';
import type { FileEntry } from './model-registry.js';
import { LATEST_ALIAS } from './model-names.js';

const listOrNone = (items: readonly (string | number)[]) => (items.length ? items.join(', ') : '(none)');

export function modelNotFound(name: string, rootUri: string, models: string[]): ModelNotFoundError {
  const hint = closestName(name, models);
  return new ModelNotFoundError('model', name, `no model named "${name}" in ${rootUri}${hint ? ` (did you mean "${hint}"?)` : ''}; models: ${listOrNone(models)}`);
}

export function versionNotFound(name: string, version: number, versions: number[]): ModelNotFoundError {
  return new ModelNotFoundError('version', name, `model ${name} has no version ${version}; versions: ${listOrNone(versions)}`);
}

export function noVersionsLeft(name: string): ModelNotFoundError {
  return new ModelNotFoundError('version', name, `model ${name} has no versions (all were deleted)`);
}

/** `resolving`: the alias came from a reference, so suggest a near miss and mention @latest. */
export function aliasNotFound(name: string, alias: string, aliases: Record<string, number>, resolving: boolean): ModelNotFoundError {
  const listed = listOrNone(Object.entries(aliases).map(([a, v]) => `${a} -> ${v}`));
  if (!resolving) return new ModelNotFoundError('alias', name, `model ${name} has no alias "${alias}"; aliases: ${listed}`);
  const hint = closestName(alias, Object.keys(aliases));
  return new ModelNotFoundError(
    'alias',
    name,
    `model ${name} has no alias "${alias}"${hint ? ` (did you mean "${hint}"?)` : ''}; aliases: ${listed} (and "${LATEST_ALIAS}")`,
  );
}

export function fileNotFound(name: string, version: number, path: string, files: FileEntry[]): ModelNotFoundError {
  return new ModelNotFoundError('file', name, `model ${name}/${version} has no file ${JSON.stringify(path)}; files: ${listOrNone(files.map((f) => f.path))}`);
}

/** deleteVersion refuses a version that an alias still points at. */
export function versionStillAliased(name: string, version: number, pointing: string[]): UserInputError {
  const many = pointing.length > 1;
  return new UserInputError(
    `cannot delete model ${name}/${version}: alias${many ? 'es' : ''} ${pointing.map((a) => `${name}@${a}`).join(', ')} point${many ? '' : 's'} at it; move or delete ${many ? 'them' : 'it'} first`,
  );
}
