/**
 * A tiny seeded PRNG for data splits. Determinism matters: the same seed gives the same
 * stream on every machine and Node version (only 32-bit integer arithmetic is used).
 */
import { UserInputError } from '../components/core/errors.js';

/** murmur3's 32-bit finaliser: spreads nearby seeds (0, 1, 2, ...) over the whole state space. */
function mix32(x: number): number {
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

/** mulberry32: returns a function giving uniform floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seedState(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
