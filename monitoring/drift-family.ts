/**
 * One bar for all the statistics of a report, so that a batch where nothing changed raises
 * nothing. A report judges ~100 statistics (columns x classes x segments); judged one by one
 * at 1 in 40, two or three of them pass on every calm batch, and a month where nothing
 * changed reads as drift. So the question asked is the family's: how large does the LARGEST
 * of these statistics get by chance? A statistic counts as beyond chance only when it exceeds
 * the (1 - REPORT_ALPHA) quantile of that maximum (a max-statistic permutation threshold, as
 * Westfall & Young's single-step max-T):
 *
 *   - statistics are on different scales (PSI, bits, shares), so each is standardised by the
 *     mean and standard deviation of its own re-splits (./drift-noise.ts) before taking a max;
 *   - each statistic's re-splits are drawn independently of the others', so the maximum is
 *     that of independent draws, one from each statistic's chance distribution:
 *     P(max <= c) = prod_j F_j(c), with F_j the share of statistic j's re-splits at or below c.
 *     Real statistics of one report are positively dependent (a class's text and the whole
 *     column share rows), and the maximum of positively dependent statistics is smaller, so
 *     the bar is, if anything, strict: the false-alarm rate of the whole report stays at or
 *     below REPORT_ALPHA before the level thresholds even apply.
 *
 * Small families pay less: a statistic judged alone needs only its own 99th percentile. A
 * statistic whose re-splits are skewed (PSI over a few dozen rows) raises the bar for all, as
 * it should: it is the one that would otherwise fire by chance.
 */
import type { ColumnDrift } from './drift.js';
import { levelOf, type LevelThresholds } from './drift-levels.js';
import type { AgainstNoise } from './drift-noise.js';

/**
 * Family-wise false-alarm rate of one report's statistics (the champion's performance drops
 * have their own 1%, ./performance-drift.ts): a calm batch is reported at warning or above at
 * most ~2% of the time, ~10% of runs over five calm months, and less once the level
 * thresholds on the size of the change apply.
 */
export const REPORT_ALPHA = 0.01;

/** A statistic measured, its level not set yet: its chance distribution and its thresholds, until the family is known. */
export interface Measured<T extends ColumnDrift = ColumnDrift> {
  entry: T;
  stat: AgainstNoise;
  thresholds: LevelThresholds;
}

/** What the report's bar was, for the report and for anyone asking why a statistic did not count. */
export interface FamilyVerdict {
  /** Statistics judged together. */
  statistics: number;
  /** Re-splits per statistic. */
  rounds: number;
  alpha: number;
  /** The standardised excess ((value - chance) / re-split sd) a statistic had to exceed. */
  threshold: number;
}

export function measured<T extends ColumnDrift>(base: Omit<T, 'value' | 'noise' | 'level' | 'z'>, stat: AgainstNoise, thresholds: LevelThresholds): Measured<T> {
  const entry = { ...base, value: stat.value, noise: stat.noise, level: 'stable', ...(Number.isFinite(stat.z) ? { z: stat.z } : {}) } as T;
  return { entry, stat, thresholds };
}

/**
 * The (1 - alpha) quantile of the largest of independent draws, one from each null sample:
 * the smallest c with prod_j (1 - #{draws of j above c} / #draws of j) >= 1 - alpha.
 * Infinity when there is nothing to judge against.
 */
export function familyThreshold(nulls: readonly (readonly number[])[], alpha = REPORT_ALPHA): number {
  const draws: { z: number; j: number }[] = [];
  nulls.forEach((zs, j) => zs.forEach((z) => Number.isFinite(z) && draws.push({ z, j })));
  draws.sort((a, b) => b.z - a.z);
  const sizes = nulls.map((zs) => zs.filter((z) => Number.isFinite(z)).length);
  const above = new Array<number>(nulls.length).fill(0);
  const floor = Math.log(1 - alpha);
  let logP = 0;
  let threshold = Infinity;
  for (let i = 0; i < draws.length; ) {
    // logP counts the draws strictly above draws[i].z: is c = draws[i].z still within alpha?
    if (logP < floor) break;
    threshold = draws[i].z;
    for (const z = draws[i].z; i < draws.length && draws[i].z === z; i++) {
      const { j } = draws[i];
      const n = sizes[j];
      logP += Math.log(1 - (above[j] + 1) / n) - Math.log(1 - above[j] / n);
      above[j]++;
    }
  }
  return threshold;
}

/** Levels of a family of statistics judged together: beyond chance only above the family's bar. */
export function judgeFamily<T extends ColumnDrift>(items: readonly Measured<T>[], alpha = REPORT_ALPHA): { entries: T[]; family: FamilyVerdict } {
  const threshold = familyThreshold(items.map((m) => m.stat.nullZ), alpha);
  const entries = items.map(({ entry, stat, thresholds }) => ({ ...entry, level: levelOf(stat.value - stat.noise, stat.z > threshold, thresholds) }));
  return { entries, family: { statistics: items.length, rounds: Math.max(0, ...items.map((m) => m.stat.nullZ.length)), alpha, threshold } };
}
