/**
 * Model names, alias names and model references (`name`, `name@alias`, `name/7`,
 * `name@latest`). Names become directory names and object-key segments, so they are
 * validated strictly: no path traversal, no separators.
 */
import { UserInputError } from '../core/errors.js';

export const MAX_NAME_LENGTH = 64;
/** The alias every model has implicitly: its newest version. It cannot be set or deleted. */
export const LATEST_ALIAS = 'latest';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type ModelReference =
  | { name: string; kind: 'latest' }
  | { name: string; kind: 'version'; version: number }
  | { name: string; kind: 'alias'; alias: string };

function nameProblem(value: unknown, what: string): string | undefined {
  if (typeof value !== 'string') return `${what} must be a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return `${what} is empty`;
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value.length > MAX_NAME_LENGTH) return `${what} ${shown} is ${value.length} characters long; the limit is ${MAX_NAME_LENGTH}`;
  if (value.includes('/') || value.includes('\\')) return `${what} ${shown} must not contain "/" or "\\"`;
  if (value.includes('..')) return `${what} ${shown} must not contain ".."`;
  if (!NAME_PATTERN.test(value)) {
    return `${what} ${shown} is invalid: use letters, digits, ".", "_" and "-", starting with a letter or digit`;
  }
  return undefined;
}

/** Why `name` is not a valid model name, or undefined. */
export function modelNameProblem(name: unknown): string | undefined {
  return nameProblem(name, 'model name');
}

/** Why `alias` cannot be set or deleted, or undefined. `latest` is reserved. */
export function aliasNameProblem(alias: unknown): string | undefined {
  const problem = nameProblem(alias, 'alias');
  if (problem) return problem;
  if ((alias as string).toLowerCase() === LATEST_ALIAS) return `alias "${alias}" is reserved: "@${LATEST_ALIAS}" always means the newest version`;
  if (/^[0-9]+$/.test(alias as string)) return `alias "${alias}" is invalid: an alias cannot be all digits (it would read like a version number)`;
  return undefined;
}

export function validateModelName(name: unknown): string {
  const problem = modelNameProblem(name);
  if (problem) throw new UserInputError(problem);
  return name as string;
}

export function validateAliasName(alias: unknown): string {
  const problem = aliasNameProblem(alias);
  if (problem) throw new UserInputError(problem);
  return alias as string;
}

export function validateVersionNumber(version: unknown, name?: string): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new UserInputError(`${name ? `model ${name}: ` : ''}version must be a whole number >= 1, got ${JSON.stringify(version)}`);
  }
  return version;
}

const REFERENCE_HELP = 'expected "name", "name@alias", "name@latest" or "name/<version>"';

/** Parses `name`, `name@alias`, `name@latest` and `name/7`; throws a `UserInputError` saying what is wrong. */
export function parseModelReference(reference: unknown): ModelReference {
  if (typeof reference !== 'string' || reference.trim() === '') {
    throw new UserInputError(`model reference ${JSON.stringify(reference)} is empty: ${REFERENCE_HELP}`);
  }
  const fail = (problem: string) => new UserInputError(`model reference ${JSON.stringify(reference)}: ${problem}; ${REFERENCE_HELP}`);
  const at = reference.indexOf('@');
  const slash = reference.indexOf('/');
  if (at !== -1 && slash !== -1) throw fail('use either "@alias" or "/version", not both');
  if (at !== -1) {
    const name = reference.slice(0, at);
    const alias = reference.slice(at + 1);
    const np = modelNameProblem(name);
    if (np) throw fail(np);
    if (alias.toLowerCase() === LATEST_ALIAS) return { name, kind: 'latest' };
    const ap = nameProblem(alias, 'alias');
    if (ap) throw fail(ap);
    return { name, kind: 'alias', alias };
  }
  if (slash !== -1) {
    const name = reference.slice(0, slash);
    const version = reference.slice(slash + 1);
    const np = modelNameProblem(name);
    if (np) throw fail(np);
    if (!/^[1-9][0-9]*$/.test(version) || !Number.isSafeInteger(Number(version))) {
      throw fail(`version ${JSON.stringify(version)} is not a whole number >= 1`);
    }
    return { name, kind: 'version', version: Number(version) };
  }
  const np = modelNameProblem(reference);
  if (np) throw fail(np);
  return { name: reference, kind: 'latest' };
}

export function formatModelReference(ref: ModelReference): string {
  switch (ref.kind) {
    case 'latest':
      return `${ref.name}@${LATEST_ALIAS}`;
    case 'version':
      return `${ref.name}/${ref.version}`;
    case 'alias':
      return `${ref.name}@${ref.alias}`;
  }
}
