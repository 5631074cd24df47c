/** Every workflow the AutoFlow worker runs. The worker bundles this file for the sandbox. */
export { automlSearch, progressQuery, stopSearchSignal } from './automl-search.js';
export { retrainModel } from './retrain-model.js';
export { deployModel } from './deploy-model.js';
export { watchDeployments, watchStateQuery, checkNowSignal } from './deploy-watch.js';
