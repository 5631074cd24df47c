/**
 * The one place that turns a spec's split rule into train/validation/test rows, used when the
 * spec is checked (to warn before anything starts) and when the search prepares its data (to
 * make the split), so both see the same rows:
 *   - `{ by: COLUMN }`: out of time, newest rows in test (core/time-split.ts);
 *   - `{ group: COLUMN }`: no group on two sides, seeded (core/group-split.ts);
 *   - neither: seeded and stratified by class (core/splits.ts).
 */
import type { Table } from '../components/core/table.js';
import { UserInputError } from '../core/errors.js';
import { groupKFold, groupSplit } from '../core/group-split.js';
import { listNames, quoteValue } from '../core/names.js';
import { missingClassWarnings } from '../core/split-parts.js';
import { stratifiedKFold, stratifiedSplit, type Fold, type Split } from '../core/splits.js';
import { forwardChainingFolds, partTimeRanges, timeSplit } from '../core/time-split.js';
import { describeTime, isTimeColumn, readTimeColumn, type NotTimeLike, type TimeColumn } from '../core/time-values.js';

export interface SplitRule {
  validation: number;
  test: number;
  /** Order by this time column: the newest rows are the test set, the next newest validation. */
  by?: string;
  /** Keep all rows of one value of this column on one side. */
  group?: string;
}

export interface RowSplit {
  split: Split;
  /** Worth a look: a class missing from a part, rows without a time. */
  warnings: string[];
  /** How the rows were split, in one line (time ranges or group counts per part). */
  description: string;
}

/** Why a split.by column cannot order rows, naming the column and sample values. */
export function notTimeLikeProblem(column: string, read: NotTimeLike): string {
  if (read.nonMissing === 0) return `split.by: column '${column}' is empty (every value is missing); it cannot order the rows in time`;
  return (
    `split.by: column '${column}' is not time-like: ${read.bad} of ${read.nonMissing} values are ${read.reason} ` +
    `(e.g. ${read.examples.map((e) => quoteValue(e)).join(', ')}); use ISO dates or datetimes (2024-03-01, 2024-03-01T09:30:00Z) or numbers (epoch seconds or milliseconds), one kind per column`
  );
}

/** The split.by column read as times; throws a UserInputError when it is not time-like. */
export function readSplitTimes(table: Table, column: string): TimeColumn {
  const read = readTimeColumn(table.columns[column] ?? [], { numbers: true });
  if (!isTimeColumn(read)) throw new UserInputError(notTimeLikeProblem(column, read));
  return read;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function describeTimeSplit(column: string, times: TimeColumn, split: Split): string {
  const ranges = partTimeRanges(times.times, split);
  const parts = (['train', 'validation', 'test'] as const).map((p) => {
    const r = ranges[p];
    return `${p} ${r ? `${describeTime(times, r.min)} .. ${describeTime(times, r.max)}` : '(empty)'} (${plural(split[p].length, 'row')})`;
  });
  return `split by ${column}, newest rows held out: ${parts.join('; ')}`;
}

/**
 * Splits the rows by `rule`. `labels` are the class keys of every row (none missing): they
 * stratify the default split and are checked for classes missing from a part otherwise.
 * Throws a UserInputError for a split column that cannot split (not time-like, too few groups).
 */
export function splitRows(table: Table, labels: readonly string[], rule: SplitRule, seed: number): RowSplit {
  const fractions = { validation: rule.validation, test: rule.test };
  if (rule.by !== undefined && rule.group !== undefined) {
    throw new UserInputError(`split: give either by (${rule.by}) or group (${rule.group}), not both; a split that is out of time and grouped at once is not supported`);
  }
  if (rule.by !== undefined) {
    const times = readSplitTimes(table, rule.by);
    const split = timeSplit(times.times, fractions);
    const warnings = missingClassWarnings(labels, split, fractions, `by ${rule.by} (newest rows held out, so classes cannot be stratified)`);
    if (times.missing > 0) warnings.push(`split by ${rule.by}: ${plural(times.missing, 'row')} without a time ${times.missing === 1 ? 'is' : 'are'} kept in training`);
    return { split, warnings, description: describeTimeSplit(rule.by, times, split) };
  }
  if (rule.group !== undefined) {
    const values = table.columns[rule.group];
    if (!values) throw new UserInputError(`split.group: no column '${rule.group}'; columns: ${listNames(Object.keys(table.columns))}`);
    const split = groupSplit(values, { ...fractions, seed, column: rule.group });
    const groupsIn = (rows: number[]) => new Set(rows.map((r) => values[r] ?? `row ${r}`)).size;
    const parts = (['train', 'validation', 'test'] as const).map((p) => `${p} ${plural(groupsIn(split[p]), 'group')} (${plural(split[p].length, 'row')})`);
    return {
      split,
      warnings: missingClassWarnings(labels, split, fractions, `by group ${rule.group} (whole groups held out, so classes cannot be stratified)`),
      description: `split by group ${rule.group}, no group on two sides: ${parts.join('; ')}`,
    };
  }
  return { split: stratifiedSplit(labels, { ...fractions, seed }), warnings: [], description: 'stratified random split' };
}

/**
 * k folds over `rows` (the training and validation rows) that follow the same rule as the
 * split, for re-scoring the best trials: forward-chaining in time for `by`, whole groups for
 * `group`, stratified otherwise. Fold row indices are row numbers of the table.
 */
export function splitFolds(table: Table, labels: readonly string[], rule: SplitRule, rows: readonly number[], k: number, seed: number): Fold[] {
  if (rule.by !== undefined) return forwardChainingFolds(readSplitTimes(table, rule.by).times, rows, k);
  if (rule.group !== undefined) return groupKFold(table.columns[rule.group] ?? [], rows, k, seed);
  // A class with fewer rows than folds cannot be in every fold; the stratified deal still spreads it.
  const folds = stratifiedKFold(rows.map((r) => labels[r]), Math.min(k, rows.length), seed);
  return folds.map((f) => ({ train: f.train.map((i) => rows[i]), validation: f.validation.map((i) => rows[i]) }));
}
