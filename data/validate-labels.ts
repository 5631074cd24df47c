/**
 * Checks on the label (target) column of a classification dataset. Rows in messages are
 * 1-based data rows (the header is not counted).
 */
import type { Table } from '../components/core/table.js';
import { UserInputError } from '../core/errors.js';
import { compareClasses, labelKey, missingLabels } from '../core/labels.js';
import { didYouMean, listNames, quoteValue } from '../core/names.js';

export interface ClassCount {
  label: string;
  count: number;
}

export interface LabelSummary {
  target: string;
  /** Every class with its row count, in class order (`compareClasses`, as the models index them). */
  classes: ClassCount[];
}

/** Most classes a classification target may have before it looks like a continuous value or an id. */
export const MAX_CLASSES = 1000;

/** Classes with their counts in class order: the order the models index them in (core/labels.ts). */
export function sortClasses(counts: Map<string, number>): ClassCount[] {
  return [...counts.keys()].sort(compareClasses).map((label) => ({ label, count: counts.get(label)! }));
}

export interface ValidateLabelsOptions {
  /** Names the dataset in messages (a file path or URI). */
  source?: string;
  maxClasses?: number;
}

/**
 * Throws a UserInputError when the target column is absent, has missing labels (naming the
 * first rows), has only one class, or has so many classes it cannot be a classification label.
 */
export function validateLabels(table: Table, target: string, options: ValidateLabelsOptions = {}): LabelSummary {
  const where = options.source ? `${options.source}: ` : '';
  const names = Object.keys(table.columns);
  if (typeof target !== 'string' || target === '') {
    throw new UserInputError(`${where}the label column must be named, got ${JSON.stringify(target)}`);
  }
  const values = Object.hasOwn(table.columns, target) ? table.columns[target] : undefined;
  if (!values) {
    throw new UserInputError(`${where}label column '${target}' not found${didYouMean(target, names)}; columns: ${listNames(names)}`);
  }
  if (table.nRows === 0) throw new UserInputError(`${where}the data has no rows`);

  const missing = missingLabels(values.slice(0, table.nRows));
  if (missing.count > 0) {
    throw new UserInputError(
      `${where}label column '${target}' is missing in ${missing.count} of ${table.nRows} rows: ${missing.text} (data rows counted from 1, header excluded)`,
    );
  }
  const counts = new Map<string, number>();
  for (let i = 0; i < table.nRows; i++) {
    const key = labelKey(values[i])!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 1) {
    throw new UserInputError(`${where}label column '${target}' has only one class (${quoteValue([...counts.keys()][0])})`);
  }
  const maxClasses = options.maxClasses ?? MAX_CLASSES;
  if (counts.size > maxClasses) {
    throw new UserInputError(
      `${where}label column '${target}' has ${counts.size} distinct values (more than ${maxClasses}); ` +
        'a classification label needs a few repeated classes: is it a continuous value or an identifier?',
    );
  }
  return { target, classes: sortClasses(counts) };
}
