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
import type { Fold, Split } from './splits.js';
import { lowerBound } from './lower-bound.js';


/**
 * Splits rows by time. `times[i]` is row i's time (any numbers comparable with `<`, NaN for
 * missing), as `readTimeColumn` gives them. Row indices in each part are sorted ascending.
 *
 * Same result as sorting the rows by (time, row) and cutting at the counts, computed without
 * sorting the rows: the times alone are sorted (a native numeric sort), the two boundary times
 * are read off, and one pass in file order places each row, counting the rows that share a
 * boundary time so that the earlier ones in the file fall on the earlier side.
 */
export function timeSplit(times: ArrayLike<number>, fractions: PartFractions): Split {
  checkPartFractions(fractions, 'split');
  let nTimed = 0;
  for (let i = 0; i < times.length; i++) if (!Number.isNaN(times[i])) nTimed++;
  if (nTimed === 0) throw new UserInputError('split: no row has a time to order by');
  const sorted = new Float64Array(nTimed);
  for (let i = 0, k = 0; i < times.length; i++) if (!Number.isNaN(times[i])) sorted[k++] = times[i];
  sorted.sort();
  const { nTest, nValidation } = partSizes(nTimed, fractions);
  // Sorted positions [0, cut1) are training, [cut1, cut2) validation, [cut2, nTimed) test.
  const cut1 = nTimed - nTest - nValidation;
  const cut2 = nTimed - nTest;
  const cuts = [cut1, cut2].filter((c) => c < nTimed);
  // The (at most two) boundary times, where the first sorted position of each is, and how many
  // rows of that time have been placed so far.
  const low = cuts.length ? sorted[cuts[0]] : Infinity;
  const high = cuts.length ? sorted[cuts[cuts.length - 1]] : Infinity;
  const lowFirst = lowerBound(sorted, low);
  const highFirst = lowerBound(sorted, high);
  let lowSeen = 0;
  let highSeen = 0;
  const afterHigh = cuts.length ? cuts[cuts.length - 1] : nTimed;
  const split: Split = { train: [], validation: [], test: [] };
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (Number.isNaN(t) || t < low) {
      split.train.push(i);
      continue;
    }
    // A boundary time: this row's sorted position is after every earlier row with that time.
    // Strictly between the two boundary times: validation; after the last: that cut's part.
    const position = t === low ? lowFirst + lowSeen++ : t === high ? highFirst + highSeen++ : t > high ? afterHigh : cut1;
    (position < cut1 ? split.train : position < cut2 ? split.validation : split.test).push(i);
  }
  return split;
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

/**
 * Forward-chaining folds over `rows` (for re-scoring candidates on the training rows of an
 * out-of-time split, like scikit-learn's TimeSeriesSplit): the rows are ordered by (time,
 * position) and cut into k + 1 consecutive blocks; fold i trains on blocks 0..i and
 * validates on block i + 1, so no fold scores a model on rows older than what it learnt
 * from. Rows without a time have no place in the order: they only ever train.
 */
export function forwardChainingFolds(times: ArrayLike<number>, rows: readonly number[], k: number): Fold[] {
  const timed = rows.filter((r) => !Number.isNaN(times[r])).sort((a, b) => times[a] - times[b] || a - b);
  const untimed = rows.filter((r) => Number.isNaN(times[r]));
  const blocks = k + 1;
  const boundary = (b: number) => Math.round((timed.length * b) / blocks);
  const folds: Fold[] = [];
  for (let f = 1; f < blocks; f++) {
    const validation = timed.slice(boundary(f), boundary(f + 1));
    const train = [...untimed, ...timed.slice(0, boundary(f))];
    if (validation.length > 0 && train.length > 0) folds.push({ train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) });
  }
  return folds;
}
