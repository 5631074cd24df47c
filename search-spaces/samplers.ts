/**
 * The samplers by name: the experiment spec names one, the workflow looks it up here.
 */
import { gridSampler } from './grid-sampler.js';
import { qmcSampler } from './qmc-sampler.js';
import { randomSampler } from './random-sampler.js';
import { tpeSampler } from './tpe/sampler.js';
import type { Sampler } from './types.js';

const SAMPLERS = {
  random: randomSampler,
  grid: gridSampler,
  qmc: qmcSampler,
  tpe: tpeSampler,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sampler has its own state type
} as const satisfies Record<string, Sampler<any>>;

export type SamplerName = keyof typeof SAMPLERS;

export const SAMPLER_NAMES: readonly SamplerName[] = Object.keys(SAMPLERS) as SamplerName[];

export function isSamplerName(name: string): name is SamplerName {
  return Object.prototype.hasOwnProperty.call(SAMPLERS, name);
}

/** The sampler registered under `name`; throws an Error naming the known samplers otherwise. */
export function getSampler(name: string): Sampler {
  if (!isSamplerName(name)) throw new Error(`unknown sampler ${JSON.stringify(name)}; known samplers: ${SAMPLER_NAMES.join(', ')}`);
  return SAMPLERS[name] as unknown as Sampler;
}
