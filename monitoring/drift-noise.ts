/**
 * How large a drift statistic gets by chance alone at the sizes at hand: the same statistic
 * over random re-splits of the pooled rows into groups of the same sizes (a permutation test).
 * Rows, not tokens, are permuted, so the words of one listing stay together and the noise
 * accounts for how correlated they are. ./drift-levels.ts turns value and noise into a level.
 */
import { shuffleInPlace } from '../core/random.js';

/** Re-splits per statistic: a value above all of them has a permutation p-value below 1/40. */
export const NOISE_ROUNDS = 39;

export interface AgainstNoise {
  value: number;
  /** Mean of the statistic over the re-splits: what it reads with no drift at these sizes. */
  noise: number;
  /** Whether the value lies above every re-split's value. */
  significant: boolean;
}

export function againstNoise<T>(
  reference: readonly T[],
  current: readonly T[],
  statistic: (reference: readonly T[], current: readonly T[]) => number,
  rng: () => number,
  rounds = NOISE_ROUNDS,
): AgainstNoise {
  const value = statistic(reference, current);
  if (reference.length === 0 || current.length === 0) return { value, noise: 0, significant: false };
  const pooled = [...reference, ...current];
  let sum = 0;
  let max = -Infinity;
  for (let r = 0; r < rounds; r++) {
    shuffleInPlace(pooled, rng);
    const s = statistic(pooled.slice(0, reference.length), pooled.slice(reference.length));
    sum += s;
    if (s > max) max = s;
  }
  return { value, noise: sum / rounds, significant: value > max };
}
