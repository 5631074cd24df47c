/**
 * The pruners by name: one table (name, description, option schema, factory) that the workflow
 * builds pruners from, the spec validates against and docs/components.md lists.
 */
import { createRegistry, type OptionSchemaTable } from '../registry.js';
import { createMedianPruner, type MedianPrunerOptions } from './median.js';
import type { Pruner } from './pruner.js';
import { createSuccessiveHalvingPruner, type SuccessiveHalvingOptions } from './successive-halving.js';

export { createMedianPruner, percentile, type MedianPrunerOptions } from './median.js';
export { reports, type Pruner } from './pruner.js';
export { createSuccessiveHalvingPruner, fidelityRungs, isPromotable, rungValues, type FidelityRungOptions, type SuccessiveHalvingOptions } from './successive-halving.js';

/** Never prunes. */
export const nopPruner: Pruner = { name: 'none', shouldPrune: () => false };

export const PRUNERS = createRegistry<Pruner>('pruner', [
  { name: 'none', description: 'Never prunes: every trial trains on all its data.', options: {}, create: () => nopPruner },
  {
    name: 'median',
    description: "Median stopping rule (Optuna's MedianPruner): stops a trial whose best value so far is worse than the median of completed trials' values at the same step.",
    options: {
      nStartupTrials: { type: 'int', default: 5, min: 0, description: 'No pruning until this many trials have completed.' },
      nWarmupSteps: { type: 'float', default: 0, min: 0, description: 'No pruning before this step.' },
      intervalSteps: { type: 'int', default: 1, min: 1, description: 'Only judge every intervalSteps-th integer step after the warm-up.' },
      nMinTrials: { type: 'int', default: 1, min: 1, description: 'Completed trials that must have reported at the step before it is judged.' },
      percentile: { type: 'float', default: 50, min: 0, max: 100, description: 'Compare against this percentile instead of the median (0 = the best side).' },
    },
    create: (o) => createMedianPruner(o as MedianPrunerOptions),
  },
  {
    name: 'successive-halving',
    aliases: ['asha'],
    description: 'Asynchronous successive halving (ASHA): at each rung a trial continues only if it is in the best 1/reductionFactor of the trials that reached it.',
    options: {
      minResource: { type: 'float', default: 1, min: 0, exclusiveMin: true, description: 'Step of the first rung.' },
      reductionFactor: { type: 'float', default: 3, min: 2, description: 'Keep the best 1/reductionFactor at each rung; rungs grow by this factor.' },
      minEarlyStoppingRate: { type: 'int', default: 0, min: 0, description: 'Skip the first rungs: the first rung is at minResource * reductionFactor^rate.' },
      bootstrapCount: { type: 'int', default: 0, min: 0, description: 'Never prune at a rung until this many other trials have reached it.' },
    },
    create: (o) => createSuccessiveHalvingPruner(o as SuccessiveHalvingOptions),
  },
]);

export const PRUNER_NAMES = PRUNERS.names as readonly PrunerName[];
export type PrunerName = 'none' | 'median' | 'successive-halving';

/**
 * Options an experiment spec gives every pruner but `none`: the rungs are fractions of the
 * training data from minResource up to 1, growing by reductionFactor (1/9, 1/3, 1 by default).
 */
export const FIDELITY_OPTIONS = {
  minResource: { type: 'float', default: 1 / 9, defaultText: '1/9', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, description: 'Smallest fraction of the training data a trial is judged on (the first rung).' },
  reductionFactor: { type: 'float', default: 3, min: 2, description: 'Each rung trains on reductionFactor times the data of the one before.' },
} satisfies OptionSchemaTable;

/** The pruner registered under `name` or an alias, with its options; throws with the known pruners or the option problems. */
export function getPruner(name: string, options: Record<string, unknown> = {}): Pruner {
  return PRUNERS.create(name, options);
}
