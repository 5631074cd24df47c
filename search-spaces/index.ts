/** Public API of search-spaces/: pure, deterministic, safe inside the Temporal workflow sandbox. */
export type * from './types.js';
export { activeParams, conditionHolds, ConfigSet, paramsHash, paramsKey, projectActive } from './active.js';
export { applyParams } from './apply-params.js';
export { createGridSampler, Grid, gridSampler, type GridSamplerOptions, type GridSamplerState } from './grid-sampler.js';
export { haltonPoint, initQmc, qmcSampler, sampleQmc, type QmcState } from './qmc-sampler.js';
export { randomSampler, sampleRandom, sampleSpace, type RandomSamplerState } from './random-sampler.js';
export { deriveSeed, isRngState, nextFloat, nextInt, nextUint32, normal, Rng, seedRng, type Drawn, type RngState } from './rng.js';
export { getSampler, isSamplerName, SAMPLER_NAMES, validateSamplerOptions, type SamplerName } from './samplers.js';
export { assertValidSearchSpace, SearchSpaceError, validateSearchSpace } from './validate.js';
export { fromUnit, gridValues, isValueOf } from './values.js';
export { createTpeSampler, defaultGamma, parameterGroups, splitTrials, tpeSampler, type TpeOptions, type TpeState } from './tpe/sampler.js';
export { buildParzenEstimator, defaultWeights, type ParzenParameters } from './tpe/parzen-estimator.js';
export { checkConfiguration, withWarmStart, type WarmStartState } from './warm-start.js';
export * from './pruners/index.js';
export { dominates, nonDominatedRanks, paretoFront, toMinimization } from './multi-objective/pareto.js';
export { hypervolume, hypervolume2d, referencePoint, selectByHypervolume } from './multi-objective/hypervolume.js';
export { createMotpeSampler, motpeSampler, objectiveVector, selectGood, type MotpeOptions, type MotpeState } from './multi-objective/motpe.js';
