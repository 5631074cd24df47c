/**
 * The project's one seeded generator (mulberry32), used for data splits, training and test
 * fixtures. Determinism matters: the same seed gives the same stream on every machine and
 * Node version (only 32-bit integer arithmetic is used).
 */
import { UserInputError } from './errors.js';

/** murmur3's 32-bit finaliser: spreads nearby seeds (0, 1, 2, ...) over the whole state space. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Checks a user seed (any safe integer, negative allowed) and folds it into 32 bits. */
export function seedState(seed: number, where = 'seed'): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new UserInputError(`${where} must be an integer, got ${JSON.stringify(seed)}`);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
  return mix32(lo ^ mix32(hi + 0x9e3779b9));
}

/**
 * mulberry32 started from a raw 32-bit state (no seed mixing): a function giving uniform
 * unsigned 32-bit integers. The building block of the generators below; callers whose stored
 * results depend on a particular seed folding (the embedding trainer, test fixtures) start it
 * from their own state.
 */
export function mulberry32Uint32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** mulberry32 from a raw 32-bit state: uniform floats in [0, 1). Prefer createRng for user seeds. */
export function mulberry32(state: number): () => number {
  const next = mulberry32Uint32(state);
  return () => next() / 4294967296;
}

/** The generator for a user seed (checked, then mixed so that nearby seeds start far apart): uniform floats in [0, 1). */
export function createRng(seed: number): () => number {
  return mulberry32(seedState(seed));
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
