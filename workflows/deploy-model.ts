/**
 * deployModel: a model lands in the registry, is served and tested automatically, and only
 * then reaches production. On failure the alias stays where it was and the run says why.
 */
import { ApplicationFailure, proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import type { DeployInput, DeployResult } from './deploy-types.js';

type Activities = ReturnType<typeof createActivities>;

const { checkCandidate, promoteCandidate, currentAlias } = proxyActivities<Activities>({
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['UserInputError', 'AliasConflictError', 'ModelIntegrityError'] },
});

export async function deployModel(input: DeployInput): Promise<DeployResult> {
  const deployId = workflowInfo().workflowId;
  const alias = input.alias ?? 'production';
  const mode = input.mode ?? 'serve';
  // Streaming mode is checked the same way, over a test server: `autoflow stream` scores with
  // the same bundle, record checks and decision rule as `autoflow serve`. Only the manifest differs.
  setCurrentDetails(`checking ${input.candidate} over HTTP before moving ${alias}${mode === 'stream' ? ' (for autoflow stream)' : ''}`);
  const check = await checkCandidate({ ...input, deployId });
  // Read after the check: the compare-and-swap below refuses if the alias moved meanwhile.
  const previousVersion = await currentAlias({ name: check.model.name, alias });
  if (!check.passed) {
    setCurrentDetails(`check failed: ${check.reason}; ${alias} left at ${previousVersion ?? '(unset)'}`);
    throw ApplicationFailure.nonRetryable(`deployment check failed for ${check.model.name}/${check.model.version}: ${check.reason}; ${alias} was not moved`, 'DeploymentCheckFailed', check);
  }
  // The check merged the caller's settings over the version's spec (older checks did not: the input alone).
  const target = check.target ?? (mode === 'stream' ? { mode, stream: input.stream } : {});
  const { manifest, manifestUri } = await promoteCandidate({ deployId, check, alias, expectedVersion: previousVersion, ...target });
  setCurrentDetails(`${check.model.name}@${alias} -> version ${check.model.version} (was ${previousVersion ?? 'unset'}); ${check.reason}`);
  return { check, alias, previousVersion, promoted: true, mode: target.mode ?? 'serve', manifest, manifestUri };
}
