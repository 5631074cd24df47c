/**
 * Activities are thin: resolve references, call components in a training thread, write
 * artifacts, heartbeat. Dependencies are injected so tests can pass their own store and
 * registry (the Temporal samples' activities-dependency-injection pattern).
 */
import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import { prepareDatasetActivity } from './prepare-dataset.js';
import { refitAndRegisterActivity } from './refit-and-register.js';
import { deployActivities } from './deploy/deploy-activities.js';
import { retrainActivities } from './retrain-activities.js';
import { rescoreTrialActivity } from './rescore-trial.js';
import { runTrialActivity } from './run-trial.js';
import { selectEnsembleActivity } from './select-ensemble.js';
import { suggestTrialActivity } from './suggest-trial.js';

export interface ActivityDeps {
  store: ArtifactStore;
  registry: ModelRegistry;
  /** Recorded in every model's lineage. */
  codeVersion: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    prepareDataset: prepareDatasetActivity(deps),
    suggestTrial: suggestTrialActivity(),
    runTrial: runTrialActivity(deps),
    rescoreTrial: rescoreTrialActivity(deps),
    selectEnsemble: selectEnsembleActivity(deps),
    refitAndRegister: refitAndRegisterActivity(deps),
    ...retrainActivities(deps),
    ...deployActivities(deps),
  };
}
