/**
 * Serve or stream, and the streaming settings, for one candidate version: what the caller gave
 * (CLI flags, the SDK's input, a deploy watch's settings) over the `deploy.mode` and
 * `deploy.stream` of that version's own spec, field by field. Done in the check, where the
 * version is resolved, so the SDK and every version a watch deploys read their spec as the CLI
 * does; the CLI makes the same merge first, so its mistakes exit 2 before anything starts.
 */
import { UserInputError } from '../../core/errors.js';
import { mergeDeployTarget, specDeployTarget } from '../../experiment-spec/check-deploy.js';
import type { DeployTarget } from '../../workflows/deploy-types.js';
import { checkDeployTarget } from './stream-settings.js';

export function effectiveDeployTarget(given: DeployTarget, spec: unknown, reference: string): DeployTarget {
  const fromSpec = specDeployTarget(spec);
  if (fromSpec.problems.length > 0) throw new UserInputError(fromSpec.problems.map((p) => `${reference}'s spec: ${p}`));
  const caller: DeployTarget = { ...(given.mode ? { mode: given.mode } : {}), ...(given.stream ? { stream: given.stream } : {}) };
  const target = mergeDeployTarget(caller, fromSpec.target);
  checkDeployTarget(target);
  return target;
}
