/**
 * Random search: every active parameter drawn independently — uniform, log-uniform (`log`),
 * uniform over the grid for stepped and int parameters (bounds inclusive), uniform over the
 * choices. Inactive (conditional) parameters are left out. A draw equal to a configuration
 * already in the history is redrawn (up to 64 times), which only matters in small discrete spaces.
 */
import { conditionHolds, ConfigSet } from './active.js';
import { Rng, seedRng, type RngState } from './rng.js';
import type { AskContext, AskResult, Choice, ParamSpace, ParamValues, Sampler, SearchSpace } from './types.js';
import { assertValidSearchSpace } from './validate.js';
import { fromUnit } from './values.js';

export interface RandomSamplerState {
  rng: RngState;
}

/**
 * Walks the space in order and asks `pick` for the value of every active parameter.
 * `pick` sees the values chosen so far (the parents of a conditional parameter are among them).
 */
export function sampleSpace(space: SearchSpace, pick: (param: ParamSpace, index: number, values: ParamValues) => Choice): ParamValues {
  const values: ParamValues = {};
  const active = new Set<string>();
  space.params.forEach((p, i) => {
    if (active.has(p.name) || !conditionHolds(p, values, active)) return;
    values[p.name] = pick(p, i, values);
    active.add(p.name);
  });
  return values;
}

/** One random configuration drawn with `rng` (advances it). */
export function sampleRandom(space: SearchSpace, rng: Rng): ParamValues {
  return sampleSpace(space, (p) => fromUnit(p.dist, rng.nextFloat()));
}

const MAX_RETRIES = 64;

export const randomSampler: Sampler<RandomSamplerState> = {
  name: 'random',
  init(seed: number): RandomSamplerState {
    return { rng: seedRng(seed) };
  },
  ask(ctx: AskContext, state: RandomSamplerState): AskResult<RandomSamplerState> {
    assertValidSearchSpace(ctx.space);
    const rng = Rng.fromState(state.rng);
    let params = sampleRandom(ctx.space, rng);
    if (ctx.history.length > 0) {
      const taken = ConfigSet.ofHistory(ctx.space, ctx.history);
      for (let retry = 0; retry < MAX_RETRIES && taken.has(params); retry++) params = sampleRandom(ctx.space, rng);
    }
    return { params, state: { rng: rng.state() } };
  },
};
