/**
 * The one label encoder: what counts as the same class (`labelKey`), the class order, the
 * class index of every row, and the positive class. Training (the Pipeline), target encoding,
 * dataset preparation, label validation, splits and cross-validation all use it, so a class
 * has the same index and the same positive/negative role everywhere. In core/ so that data/
 * and components/ agree without importing each other.
 *
 * Class order is by UTF-16 code unit of the label text (JavaScript's default string sort,
 * locale-independent): the order fitted pipelines store in `classes` and the README's
 * "last in sort order". Numbers are ordered as their text ('10' before '9'), as in every
 * model trained so far; a numeric order would re-index the classes of new models only.
 */
import { UserInputError } from './errors.js';
import { listRows } from './names.js';

/** A label cell as tables hold it (the same union as components' CellValue, restated: core/ imports nothing). */
export type LabelValue = string | number | null;

/** The class a label cell belongs to: its text, trimmed; null when missing. Numbers and their text are the same class. */
export function labelKey(value: LabelValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  const key = value.trim();
  return key === '' ? null : key;
}

/** The class order (code-unit order of the keys). */
export function compareClasses(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct classes of some label keys, in class order. */
export function classOrder(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort(compareClasses);
}

export interface EncodedLabels {
  /** The distinct classes in class order; `y` indexes into it. */
  classes: string[];
  /** Each row's class index. */
  y: Int32Array;
}

/**
 * Class indices of `labels`. A missing label (null, empty or blank text, a non-finite number)
 * is a UserInputError naming the first rows (1-based); `where` names the labels in it.
 */
export function encodeLabels(labels: readonly (LabelValue | undefined)[], where = 'labels'): EncodedLabels {
  const missing = missingLabels(labels);
  if (missing.count > 0) {
    throw new UserInputError(`${where}: ${missing.count} of ${labels.length} rows have no label: ${missing.text} (rows counted from 1)`);
  }
  const keys = labels.map((l) => labelKey(l)!);
  const classes = classOrder(keys);
  const index = new Map(classes.map((c, i) => [c, i]));
  return { classes, y: Int32Array.from(keys, (k) => index.get(k)!) };
}

/** The rows whose label is missing: how many, and the first few for a message (`rows 2, 5 and 3 more`, 1-based). */
export function missingLabels(labels: readonly (LabelValue | undefined)[]): { count: number; text: string } {
  const rows: number[] = [];
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labelKey(labels[i]) !== null) continue;
    if (rows.length < 5) rows.push(i + 1);
    count++;
  }
  return { count, text: `${count === 1 ? 'row' : 'rows'} ${listRows(rows, count)}` };
}

/** Throws unless there are at least two classes (a classifier needs something to tell apart). */
export function requireTwoClasses(classes: readonly string[], where = 'label column'): void {
  if (classes.length < 2) throw new UserInputError(`${where} has ${classes.length} class(es) (${classes.join(', ')}): need at least 2`);
}

/**
 * The index in `classes` of the positive class for binary metrics: `positiveLabel` when given
 * (compared by its `labelKey`, so ' spam ' and 1 vs '1' match), otherwise the last class in
 * class order (for 0/1 or ham/spam, the second). A positiveLabel that is not a class is a
 * UserInputError naming the field and the classes.
 */
export function positiveClassIndex(classes: readonly string[], positiveLabel?: LabelValue, where = 'positiveLabel'): number {
  if (positiveLabel === undefined || positiveLabel === null) return classes.length - 1;
  const key = labelKey(positiveLabel);
  const index = key === null ? -1 : classes.indexOf(key);
  if (index < 0) throw new UserInputError(`${where}: ${JSON.stringify(positiveLabel)} is not a label; labels: ${classes.join(', ')}`);
  return index;
}
