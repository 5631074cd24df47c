/**
 * Out-of-time split: the newest rows are the test set, the next newest validation, the rest
 * training, so every score is measured on data later than what the model learnt from (the
 * way a deployed model meets its traffic). Like a time-ordered holdout, not a shuffle.
 *
 * Tie rule, deterministic: rows are ordered by time, then by their position in the file
 * (a stable sort), and the boundaries fall at exact row counts. Rows with the same time at a
 * boundary are therefore cut in file order, and every test row is at least as late as every
 * validation row, which is at least as late as every training row.
 * Rows without a time (missing cells) cannot be placed in time: they go to training, never to
 * a held-out part, and the counts come from the rows that have one.
 */
import { UserInputError } from './errors.js';
import { partSizes, checkPartFractions, type PartFractions } from './split-parts.js';
import type { Split } from './splits.js';

/**
 * Splits rows by time. `times[i]` is row i's time (any numbers comparable with `<`, NaN for
 * missing), as `readTimeColumn` gives them. Row indices in each part are sorted ascending.
 */
export function timeSplit(times: ArrayLike<number>, fractions: PartFractions): Split {
  checkPartFractions(fractions, 'split');
  const timed: number[] = [];
  const untimed: number[] = [];
  for (let i = 0; i < times.length; i++) (Number.isNaN(times[i]) ? untimed : timed).push(i);
  if (timed.length === 0) throw new UserInputError('split: no row has a time to order by');
  // Array.prototype.sort is stable (ES2019), and the comparator breaks ties by row anyway.
  timed.sort((a, b) => times[a] - times[b] || a - b);
  const { nTest, nValidation } = partSizes(timed.length, fractions);
  const nTrain = timed.length - nTest - nValidation;
  const ascending = (a: number, b: number): number => a - b;
  return {
    train: [...timed.slice(0, nTrain), ...untimed].sort(ascending),
    validation: timed.slice(nTrain, nTrain + nValidation).sort(ascending),
    test: timed.slice(nTrain + nValidation).sort(ascending),
  };
}

/** The earliest and latest time of each part, for reports ("validation: 2024-10-12 .. 2024-11-20"). */
export function partTimeRanges(times: ArrayLike<number>, split: Split): Record<keyof Split, { min: number; max: number } | null> {
  const range = (rows: readonly number[]) => {
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      const t = times[r];
      if (Number.isNaN(t)) continue;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    return min <= max ? { min, max } : null;
  };
  return { train: range(split.train), validation: range(split.validation), test: range(split.test) };
}
