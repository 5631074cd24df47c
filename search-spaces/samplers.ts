/**
 * The samplers by name: one table (name, description, option schema, factory) that the
 * workflow builds samplers from, the spec validates against and docs/components.md lists.
 *
 *   getSampler('tpe')
 *   getSampler('tpe', { nStartupTrials: 20, multivariate: false, enqueue: [{ classifier: 'logreg' }] })
 *   getSampler('motpe')   // reads TrialRecord.values in the order of AskContext.directions
 *
 * Every sampler takes `enqueue` (configurations to try first, see warm-start.ts). A `name` key
 * equal to the sampler's name is ignored (specs pass the whole object).
 */
import { createGridSampler, gridSampler } from './grid-sampler.js';
import { createMotpeSampler, motpeSampler, type MotpeOptions } from './multi-objective/motpe.js';
import { qmcSampler } from './qmc-sampler.js';
import { randomSampler } from './random-sampler.js';
import { createRegistry, type OptionSchemaTable, type RegistryEntry } from './registry.js';
import { createTpeSampler, tpeSampler, type TpeOptions } from './tpe/sampler.js';
import type { ParamValues, Sampler } from './types.js';
import { withWarmStart } from './warm-start.js';

const ENQUEUE: OptionSchemaTable = {
  enqueue: { type: 'configurations', description: 'Configurations ({ param: value }) to try first, in order, before the sampler proposes its own; each is checked against the search space.' },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sampler has its own state type
type AnySampler = Sampler<any>;

/** A sampler entry: its own options plus `enqueue`, which wraps whatever it builds. */
function samplerEntry(name: string, description: string, options: OptionSchemaTable, build: (options: Record<string, unknown>) => AnySampler): RegistryEntry<Sampler> {
  return {
    name,
    description,
    options: { ...ENQUEUE, ...options },
    create({ enqueue, ...rest }) {
      const sampler = build(rest) as Sampler;
      const queue = enqueue as ParamValues[] | undefined;
      return queue && queue.length > 0 ? (withWarmStart(sampler, queue) as unknown as Sampler) : sampler;
    },
  };
}

/** The TPE options MOTPE shares (all but gamma, whose rule differs). */
const TPE_SHARED: OptionSchemaTable = {
  nStartupTrials: { type: 'int', default: 5, min: 0, description: 'Finished trials before TPE takes over from the start-up sampler.' },
  nEiCandidates: { type: 'int', default: 32, min: 1, description: 'Candidates drawn from the good-trial model per ask (and parameter group).' },
  priorWeight: { type: 'float', default: 1, min: 0, description: 'Weight of the prior kernel in each Parzen estimator.' },
  considerMagicClip: { type: 'bool', default: true, description: 'Lower-bound kernel bandwidths by range / min(100, 1 + kernels).' },
  considerEndpoints: { type: 'bool', default: false, description: 'Let the interval ends widen the outermost kernels.' },
  multivariate: { type: 'bool', default: true, description: 'Model parameters jointly instead of one by one.' },
  group: { type: 'bool', default: true, description: 'With multivariate: model each set of parameters sharing a condition chain jointly.' },
  constantLiar: { type: 'bool', default: true, description: 'Count running trials as bad ones so parallel asks spread out.' },
  failed: { type: 'enum', default: 'worst', choices: ['worst', 'ignore'], description: "Failed trials: 'worst' counts them as bad (steers away), 'ignore' leaves them out of the model." },
  startup: { type: 'enum', default: 'qmc', choices: ['qmc', 'random'], description: 'Start-up points: scrambled Halton or independent random draws.' },
};

const none = (o: Record<string, unknown>) => Object.keys(o).length === 0;

export const SAMPLERS = createRegistry<Sampler>('sampler', [
  samplerEntry('random', 'Independent uniform draws (log-uniform for log ranges), skipping configurations already tried while fresh ones exist.', {}, () => randomSampler),
  samplerEntry(
    'grid',
    'Every point of the (conditional) grid once, in seeded random order: every choice, every int or stepped float value, floatPoints values of other floats.',
    { floatPoints: { type: 'int', default: 5, min: 1, description: 'Values taken from a float parameter without a step, evenly (geometrically when log) spaced from low to high.' } },
    (o) => (none(o) ? gridSampler : createGridSampler(o as { floatPoints?: number })),
  ),
  samplerEntry('qmc', 'Scrambled Halton quasi-random points: spreads a small budget more evenly than random draws.', {}, () => qmcSampler),
  samplerEntry(
    'tpe',
    'Tree-structured Parzen estimator (as Optuna): after start-up points, proposes where good trials are dense relative to bad ones; multivariate and conditional-aware.',
    {
      ...TPE_SHARED,
      gamma: { type: 'float', min: 0, exclusiveMin: true, max: 1, defaultText: 'min(ceil(0.15 n), 25) trials', description: 'Fraction of the n finished trials counted as good: min(ceil(gamma n), 25).' },
    },
    (o) => (none(o) ? tpeSampler : createTpeSampler(o as TpeOptions)),
  ),
  samplerEntry(
    'motpe',
    'Multi-objective TPE (as Optuna): the good trials are the best Pareto ranks, the last rank thinned by hypervolume contribution; reads each trial\'s `values` in the order of the search\'s directions (one objective: plain TPE).',
    {
      ...TPE_SHARED,
      gamma: { type: 'float', default: 0.1, min: 0, exclusiveMin: true, max: 1, description: 'Fraction of the n finished trials counted as good: ceil(gamma n), no cap.' },
    },
    (o) => (none(o) ? motpeSampler : createMotpeSampler(o as MotpeOptions)),
  ),
]);

export type SamplerName = 'random' | 'grid' | 'qmc' | 'tpe' | 'motpe';

export const SAMPLER_NAMES = SAMPLERS.names as readonly SamplerName[];

export function isSamplerName(name: string): name is SamplerName {
  return SAMPLERS.find(name) !== undefined;
}

/** Problems with a sampler name and its options (empty = fine). */
export function validateSamplerOptions(name: string, options: Record<string, unknown> = {}): string[] {
  return SAMPLERS.validate(name, options);
}

/**
 * The sampler registered under `name`, configured by JSON `options`. Throws an Error naming the
 * known samplers (with a "did you mean") for an unknown name, or listing the problems with the options.
 */
export function getSampler(name: string, options?: Record<string, unknown>): Sampler {
  return SAMPLERS.create(name, options);
}
