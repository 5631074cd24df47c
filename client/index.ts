/**
 * The SDK's public surface (`import { AutoflowClient } from 'autoflow-ml'`): the client,
 * spec parsing and the types of what searches, retrains and deploys return.
 */
export { AutoflowClient, SearchHandle, summaryOf, TemporalUnreachableError, type ConnectOptions, type SearchSummary } from './autoflow-client.js';
export { RetrainSchedules, OVERLAP_POLICIES, type OverlapPolicyName, type RetrainScheduleOptions, type RetrainScheduleView } from './retrain-schedules.js';
export { loadTemporalTarget, type TemporalTarget } from './connection-config.js';
export { parseSpecFile, checkSpecShape } from '../experiment-spec/parse-spec-file.js';
export { resolveExperiment } from '../experiment-spec/resolve-experiment.js';
export type { ExperimentSpec, RetrainSettings, SpaceOverride } from '../experiment-spec/experiment-spec.js';
export type { DeploySettings } from '../experiment-spec/check-deploy.js';
export type { LeaderboardEntry, ResolvedExperiment, SearchInput, SearchProgress, SearchResult, SearchStatus } from '../workflows/types.js';
export type { RetrainInput, RetrainResult } from '../retraining/types.js';
export type { DeployInput, DeployResult, DeployCheck, DeployBudget, DeployWatchInput, DeployWatchState, WatchOutcome } from '../workflows/deploy-types.js';
export { DeployWatches, DeployWatchHandle, type DeployWatchDescription } from './deploy-watches.js';
export { UserInputError, isUserInputError } from '../core/errors.js';
