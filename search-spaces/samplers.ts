/**
 * The samplers by name: the experiment spec names one (optionally with JSON options), the
 * workflow looks it up here.
 *
 *   getSampler('tpe')
 *   getSampler('tpe', { nStartupTrials: 20, multivariate: false, enqueue: [{ classifier: 'logreg' }] })
 *
 * Options every sampler takes: `enqueue` (configurations to try first, see warm-start.ts).
 * grid: `floatPoints`. tpe: `nStartupTrials`, `nEiCandidates`, `gamma` (fraction), `priorWeight`,
 * `considerMagicClip`, `considerEndpoints`, `multivariate`, `group`, `constantLiar`, `failed`,
 * `startup`. A `name` key equal to the sampler's name is ignored (specs pass the whole object).
 */
import { createGridSampler, gridSampler } from './grid-sampler.js';
import { qmcSampler } from './qmc-sampler.js';
import { randomSampler } from './random-sampler.js';
import { createTpeSampler, tpeSampler, type TpeOptions } from './tpe/sampler.js';
import type { ParamValues, Sampler } from './types.js';
import { withWarmStart } from './warm-start.js';

type OptionType = 'integer' | 'number' | 'boolean' | string[];

const OPTION_TYPES: Record<SamplerName, Record<string, OptionType>> = {
  random: {},
  grid: { floatPoints: 'integer' },
  qmc: {},
  tpe: {
    nStartupTrials: 'integer',
    nEiCandidates: 'integer',
    gamma: 'number',
    priorWeight: 'number',
    considerMagicClip: 'boolean',
    considerEndpoints: 'boolean',
    multivariate: 'boolean',
    group: 'boolean',
    constantLiar: 'boolean',
    failed: ['ignore', 'worst'],
    startup: ['qmc', 'random'],
  },
};

const DEFAULTS = {
  random: randomSampler,
  grid: gridSampler,
  qmc: qmcSampler,
  tpe: tpeSampler,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sampler has its own state type
} as const satisfies Record<string, Sampler<any>>;

export type SamplerName = keyof typeof DEFAULTS;

export const SAMPLER_NAMES: readonly SamplerName[] = Object.keys(DEFAULTS) as SamplerName[];

export function isSamplerName(name: string): name is SamplerName {
  return Object.prototype.hasOwnProperty.call(DEFAULTS, name);
}

/** Problems with a sampler name and its options (empty = fine). */
export function validateSamplerOptions(name: string, options: Record<string, unknown> = {}): string[] {
  if (!isSamplerName(name)) return [`unknown sampler ${JSON.stringify(name)}; known samplers: ${SAMPLER_NAMES.join(', ')}`];
  const types = OPTION_TYPES[name];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === 'name') {
      if (value !== name) problems.push(`sampler ${name}: option name ${JSON.stringify(value)} does not match`);
      continue;
    }
    if (key === 'enqueue') {
      if (!Array.isArray(value) || value.some((c) => !c || typeof c !== 'object' || Array.isArray(c))) problems.push(`sampler ${name}: enqueue must be a list of { param: value } objects`);
      continue;
    }
    const type = types[key];
    if (!type) {
      const known = ['enqueue', ...Object.keys(types)];
      problems.push(`sampler ${name}: unknown option "${key}"; known options: ${known.join(', ')}`);
      continue;
    }
    const ok = Array.isArray(type)
      ? type.includes(value as string)
      : type === 'boolean'
        ? typeof value === 'boolean'
        : typeof value === 'number' && Number.isFinite(value) && (type === 'number' || Number.isInteger(value));
    if (!ok) problems.push(`sampler ${name}: option "${key}" must be ${Array.isArray(type) ? `one of ${type.map((t) => JSON.stringify(t)).join(', ')}` : `a${type === 'integer' ? 'n' : ''} ${type}`}, got ${JSON.stringify(value)}`);
  }
  return problems;
}

/**
 * The sampler registered under `name`, configured by JSON `options`. Throws an Error naming the
 * known samplers for an unknown name, or listing the problems with the options.
 */
export function getSampler(name: string, options?: Record<string, unknown>): Sampler {
  const problems = validateSamplerOptions(name, options);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const n = name as SamplerName;
  const { name: _ignored, enqueue, ...rest } = options ?? {};
  let sampler: Sampler;
  if (Object.keys(rest).length === 0) sampler = DEFAULTS[n] as unknown as Sampler;
  else if (n === 'grid') sampler = createGridSampler(rest as { floatPoints?: number }) as unknown as Sampler;
  else sampler = createTpeSampler(rest as TpeOptions) as unknown as Sampler;
  const queue = enqueue as ParamValues[] | undefined;
  return queue && queue.length > 0 ? (withWarmStart(sampler, queue) as unknown as Sampler) : sampler;
}
