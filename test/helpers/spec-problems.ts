/** For tests of the spec's checks: what resolving a spec rejects. */
import { UserInputError } from '../../core/errors.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { checkSpecShape } from '../../experiment-spec/parse-spec-file.js';
import { resolveExperiment } from '../../experiment-spec/resolve-experiment.js';

/** The UserInputError that resolving `spec` in `dir` throws, or undefined when it resolves; any other error is rethrown. */
export async function resolveUserInputError(spec: ExperimentSpec, dir: string): Promise<UserInputError | undefined> {
  try {
    await resolveExperiment(spec, dir);
  } catch (e) {
    if (e instanceof UserInputError) return e;
    throw e;
  }
  return undefined;
}

/** The UserInputError that resolving `spec` in `dir` throws; throws itself when the spec resolves. */
export async function resolveRejection(spec: ExperimentSpec, dir: string): Promise<UserInputError> {
  const error = await resolveUserInputError(spec, dir);
  if (!error) throw new Error('expected a UserInputError');
  return error;
}

/** The problems checkSpecShape reports for a raw spec ([] when it passes); any other error is rethrown. */
export function shapeProblems(raw: Record<string, unknown>): string[] {
  try {
    checkSpecShape(raw, 'spec.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof UserInputError)) throw e;
    return e.problems;
  }
}
