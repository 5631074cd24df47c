/**
 * Typed registry errors. Missing models, versions, aliases and files are the user's
 * mistake (`UserInputError`, so the CLI prints them plainly and activities do not retry);
 * a lost compare-and-swap and a corrupt file are not.
 */
import { UserInputError } from '../core/errors.js';

export type RegistryObjectKind = 'model' | 'version' | 'alias' | 'file';

/** A model, version, alias or file that does not exist. The message lists what does. */
export class ModelNotFoundError extends UserInputError {
  readonly kind: RegistryObjectKind;
  readonly modelName: string;
  constructor(kind: RegistryObjectKind, modelName: string, message: string) {
    super(message);
    this.kind = kind;
    this.modelName = modelName;
  }
}

/** `setAlias(..., { expectedVersion })` found the alias somewhere else: someone moved it first. */
export class AliasConflictError extends Error {
  readonly modelName: string;
  readonly alias: string;
  /** What the caller expected (null = the alias must not exist). */
  readonly expectedVersion: number | null;
  /** Where the alias points now (null = it does not exist). */
  readonly actualVersion: number | null;

  constructor(modelName: string, alias: string, expectedVersion: number | null, actualVersion: number | null) {
    const where = `${modelName}@${alias}`;
    const expected = expectedVersion === null ? 'expected it not to exist' : `expected version ${expectedVersion}`;
    const actual = actualVersion === null ? 'does not exist' : `points at version ${actualVersion}`;
    super(`alias ${where} ${actual}, ${expected}: it was moved by someone else; re-read the aliases and retry`);
    this.name = 'AliasConflictError';
    this.modelName = modelName;
    this.alias = alias;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** A registered file whose bytes no longer match the manifest, or that has gone missing. */
export class ModelIntegrityError extends Error {
  readonly modelName: string;
  readonly version: number;
  readonly path: string;
  constructor(modelName: string, version: number, path: string, problem: string) {
    super(`model ${modelName}/${version}: file ${JSON.stringify(path)} ${problem}`);
    this.name = 'ModelIntegrityError';
    this.modelName = modelName;
    this.version = version;
    this.path = path;
  }
}

/** A registry lock that stayed held (by a live holder) longer than the timeout. */
export class LockTimeoutError extends Error {
  readonly lockPath: string;
  constructor(lockPath: string, waitedMs: number, holder: string) {
    super(`timed out after ${Math.round(waitedMs)} ms waiting for lock ${lockPath} (held by ${holder}); if no process holds it, delete the file`);
    this.name = 'LockTimeoutError';
    this.lockPath = lockPath;
  }
}
