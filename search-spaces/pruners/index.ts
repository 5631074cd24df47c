/** Pruners by name, as the experiment spec names them. */
import { createMedianPruner, type MedianPrunerOptions } from './median.js';
import type { Pruner } from './pruner.js';
import { createSuccessiveHalvingPruner, type SuccessiveHalvingOptions } from './successive-halving.js';

export { createMedianPruner, percentile, type MedianPrunerOptions } from './median.js';
export { reports, type Pruner } from './pruner.js';
export { createSuccessiveHalvingPruner, fidelityRungs, isPromotable, rungValues, type FidelityRungOptions, type SuccessiveHalvingOptions } from './successive-halving.js';

/** Never prunes. */
export const nopPruner: Pruner = { name: 'none', shouldPrune: () => false };

export const PRUNER_NAMES = ['none', 'median', 'successive-halving'] as const;
export type PrunerName = (typeof PRUNER_NAMES)[number];

/** The pruner registered under `name` (options: see each pruner); throws naming the known pruners. */
const KNOWN_OPTIONS: Record<string, string[]> = {
  none: [],
  median: ['nStartupTrials', 'nWarmupSteps', 'intervalSteps', 'nMinTrials', 'percentile'],
  'successive-halving': ['minResource', 'reductionFactor', 'minEarlyStoppingRate', 'bootstrapCount'],
};

export function getPruner(name: string, options: Record<string, unknown> = {}): Pruner {
  const { name: _ignored, ...rest } = options;
  const known = KNOWN_OPTIONS[name === 'asha' ? 'successive-halving' : name];
  if (known) {
    const unknown = Object.keys(rest).filter((k) => !known.includes(k));
    if (unknown.length > 0) throw new Error(`pruner ${name}: unknown option(s) ${unknown.join(', ')}; known options: ${known.join(', ') || 'none'}`);
  }
  if (name === 'none') return nopPruner;
  if (name === 'median') return createMedianPruner(rest as MedianPrunerOptions);
  if (name === 'successive-halving' || name === 'asha') return createSuccessiveHalvingPruner(rest as SuccessiveHalvingOptions);
  throw new Error(`unknown pruner ${JSON.stringify(name)}; known pruners: ${PRUNER_NAMES.join(', ')} (asha = successive-halving)`);
}
