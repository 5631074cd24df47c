/**
 * How large a drift statistic gets by chance alone at the sizes at hand: the same statistic
 * over random re-splits of the pooled rows into groups of the same sizes (a permutation test).
 * Rows, not tokens, are permuted, so the words of one listing stay together and the noise
 * accounts for how correlated they are. ./drift-levels.ts turns value and noise into a level.
 */
import { shuffleInPlace } from '../core/random.js';

/** Re-splits per statistic: a value above all of them has a permutation p-value below 1/40. */
export const NOISE_ROUNDS = 39;

/**
 * How many standard deviations of the re-splits a value must also lie above the noise mean.
 * Why: one report judges ~100 statistics (columns x classes x segments), so "above all 39
 * re-splits" alone (p < 1/40 each) flags two or three of them in a batch where nothing
 * changed. The nulls are skewed (chi-square-like: PSI over few rows, divergence), so the
 * one-sided p of 4 standard deviations is ~1e-3 rather than a normal's 3e-5: about one false
 * alarm in ten batches before the level thresholds, which remove most of the rest.
 */
export const NOISE_Z = 4;

export interface AgainstNoise {
  value: number;
  /** Mean of the statistic over the re-splits: what it reads with no drift at these sizes. */
  noise: number;
  /** Standard deviation of the statistic over the re-splits. */
  sd: number;
  /** Whether the value lies above every re-split's value and NOISE_Z standard deviations above their mean. */
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
  if (reference.length === 0 || current.length === 0) return { value, noise: 0, sd: 0, significant: false };
  const pooled = [...reference, ...current];
  const values: number[] = [];
  for (let r = 0; r < rounds; r++) {
    shuffleInPlace(pooled, rng);
    values.push(statistic(pooled.slice(0, reference.length), pooled.slice(reference.length)));
  }
  const noise = values.reduce((a, b) => a + b, 0) / rounds;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - noise) ** 2, 0) / Math.max(1, rounds - 1));
  return { value, noise, sd, significant: value > Math.max(...values) && value - noise > NOISE_Z * sd };
}
