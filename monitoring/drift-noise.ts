/**
 * How large a drift statistic gets by chance alone at the sizes at hand: the same statistic
 * over random re-splits of the pooled rows into groups of the same sizes (a permutation test).
 * Rows, not tokens, are permuted, so the words of one listing stay together and the noise
 * accounts for how correlated they are. Each statistic keeps its re-splits, standardised, until
 * every statistic of the report is measured: ./drift-family.ts then sets the one bar they must
 * all clear, and ./drift-levels.ts turns value, noise and that verdict into a level.
 */
import { shuffleInPlace } from '../core/random.js';

/**
 * Re-splits per statistic. Why this many: the report's bar is a high quantile (1 - REPORT_ALPHA)
 * of the largest of ~100 statistics' chance values (./drift-family.ts), estimated from all of
 * their re-splits together (~100 x 199 draws, a few beyond the bar); 39 rounds, enough for one
 * statistic judged alone at 1/40, leave the tail of the family's maximum unknown.
 */
export const NOISE_ROUNDS = 199;

export interface AgainstNoise {
  value: number;
  /** Mean of the statistic over the re-splits: what it reads with no drift at these sizes. */
  noise: number;
  /** Standard deviation of the statistic over the re-splits. */
  sd: number;
  /** (value - noise) / sd: how far above chance, in the re-splits' standard deviations. */
  z: number;
  /** Each re-split's value standardised the same way: this statistic's chance distribution. */
  nullZ: number[];
}

/** Standardised distance above the re-splits' mean; a statistic no re-split moved is either certainly above chance or at it. */
function standardise(x: number, mean: number, sd: number): number {
  if (sd > 0) return (x - mean) / sd;
  return x > mean + 1e-12 ? Infinity : 0;
}

export function againstNoise<T>(
  reference: readonly T[],
  current: readonly T[],
  statistic: (reference: readonly T[], current: readonly T[]) => number,
  rng: () => number,
  rounds = NOISE_ROUNDS,
): AgainstNoise {
  const value = statistic(reference, current);
  if (reference.length === 0 || current.length === 0) return { value, noise: 0, sd: 0, z: 0, nullZ: [] };
  const pooled = [...reference, ...current];
  const values: number[] = [];
  for (let r = 0; r < rounds; r++) {
    shuffleInPlace(pooled, rng);
    values.push(statistic(pooled.slice(0, reference.length), pooled.slice(reference.length)));
  }
  const noise = values.reduce((a, b) => a + b, 0) / rounds;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - noise) ** 2, 0) / Math.max(1, rounds - 1));
  return { value, noise, sd, z: standardise(value, noise, sd), nullZ: values.map((v) => standardise(v, noise, sd)) };
}
