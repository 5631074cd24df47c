/**
 * Quasi-random search: a scrambled Halton sequence. Each parameter of the space owns one
 * dimension (prime base, in space order, conditional parameters included), so the points
 * cover the space far more evenly than independent random draws. Scrambling: a seeded random
 * permutation of the digits 1..b-1 per dimension (0 stays 0) plus a seeded random shift
 * modulo 1 (Cranley-Patterson rotation); this breaks the correlation between high dimensions
 * that plain Halton shows in its first points.
 *
 * The state is `{ scramble, index }`: the point number advances by one per ask (and past
 * points whose configuration is already in the history, up to 64 of them).
 */
import { ConfigSet } from './active.js';
import { Rng, deriveSeed } from './rng.js';
import { sampleSpace } from './random-sampler.js';
import type { AskContext, AskResult, ParamValues, Sampler, SearchSpace } from './types.js';
import { assertValidSearchSpace } from './validate.js';
import { fromUnit } from './values.js';

export interface QmcState {
  /** uint32 seed of the scrambling. */
  scramble: number;
  /** Index of the next point of the sequence. */
  index: number;
}

/** The first n primes. */
export function firstPrimes(n: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < n; c++) {
    let prime = true;
    for (const p of out) {
      if (p * p > c) break;
      if (c % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) out.push(c);
  }
  return out;
}

/** Plain radical inverse of `index` in `base` (the van der Corput sequence), optionally digit-permuted. */
export function radicalInverse(index: number, base: number, perm?: readonly number[]): number {
  let result = 0;
  let f = 1 / base;
  let i = index;
  while (i > 0) {
    const digit = i % base;
    result += (perm ? perm[digit] : digit) * f;
    i = Math.floor(i / base);
    f /= base;
  }
  return result;
}

/** The scrambled Halton point `index` in `dims` dimensions, each coordinate in [0, 1). */
export function haltonPoint(index: number, dims: number, scramble: number): number[] {
  const bases = firstPrimes(dims);
  const rng = Rng.fromSeed(scramble);
  return bases.map((b) => {
    const perm = [0];
    for (let d = 1; d < b; d++) perm.push(d);
    for (let k = b - 1; k > 1; k--) {
      const j = 1 + rng.nextInt(k); // Fisher-Yates over positions 1..k
      [perm[k], perm[j]] = [perm[j], perm[k]];
    }
    const shift = rng.nextFloat();
    const u = radicalInverse(index, b, perm) + shift;
    return u >= 1 ? u - 1 : u;
  });
}

export function initQmc(seed: number): QmcState {
  return { scramble: deriveSeed(seed, 'qmc/halton'), index: 0 };
}

/** The configuration for the current point and the advanced state. */
export function sampleQmc(space: SearchSpace, state: QmcState): { params: ParamValues; state: QmcState } {
  const u = haltonPoint(state.index, space.params.length, state.scramble);
  const params = sampleSpace(space, (p, i) => fromUnit(p.dist, u[i]));
  return { params, state: { scramble: state.scramble, index: state.index + 1 } };
}

export const qmcSampler: Sampler<QmcState> = {
  name: 'qmc',
  init: initQmc,
  ask(ctx: AskContext, state: QmcState): AskResult<QmcState> {
    assertValidSearchSpace(ctx.space);
    let r = sampleQmc(ctx.space, state);
    if (ctx.history.length > 0) {
      const taken = ConfigSet.ofHistory(ctx.space, ctx.history);
      for (let skip = 0; skip < 64 && taken.has(r.params); skip++) r = sampleQmc(ctx.space, r.state);
    }
    return r;
  },
};
