/**
 * Seeded, stratified train/validation/test splits and k-fold assignment. The same labels
 * and seed always give the same split (a local mulberry32 PRNG, classes visited in a fixed
 * order). Returned row indices are 0-based and sorted ascending.
 */
import { UserInputError } from './errors.js';
import { createRng, shuffleInPlace } from './random.js';
import { compareClasses, labelKey, missingLabels, type LabelValue } from './labels.js';

export interface SplitOptions {
  /** Fraction of each class held out for validation, in [0, 1). */
  validation: number;
  /** Fraction of each class held out for the final test, in [0, 1). */
  test: number;
  seed: number;
}

export interface Split {
  train: number[];
  validation: number[];
  test: number[];
}

export interface Fold {
  train: number[];
  validation: number[];
}

type Label = LabelValue;

/** Row indices per class, classes in class order (core/labels.ts). */
function groupByClass(labels: readonly Label[], where: string): number[][] {
  if (!Array.isArray(labels) || labels.length === 0) throw new UserInputError(`${where}: there are no rows to split`);
  const missing = missingLabels(labels);
  if (missing.count > 0) throw new UserInputError(`${where}: ${missing.count} rows have no label: ${missing.text} (data rows counted from 1)`);
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const key = labelKey(label)!;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(i);
  });
  return [...groups.keys()].sort(compareClasses).map((k) => groups.get(k)!);
}

function checkFraction(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new UserInputError(`${name} fraction must be a number in [0, 1), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Row counts (test, validation) for one class of n rows. */
function allocate(n: number, validation: number, test: number): { nTest: number; nValidation: number } {
  let nTest = Math.round(n * test);
  let nValidation = Math.round(n * validation);
  if (n >= 3) {
    // Every class with at least 3 rows appears in every non-empty part.
    if (test > 0 && nTest === 0) nTest = 1;
    if (validation > 0 && nValidation === 0) nValidation = 1;
  }
  // At least one row of each class stays for training.
  while (nTest + nValidation > n - 1) {
    if (nValidation > nTest || (nValidation === nTest && nValidation > 0 && validation <= test)) nValidation--;
    else nTest--;
  }
  return { nTest, nValidation };
}

/**
 * Splits rows into train/validation/test, class by class. Every class with at least 3 rows
 * is present in each part whose fraction is above 0; every class keeps at least one
 * training row. Fractions are per class, rounded.
 */
export function stratifiedSplit(labels: readonly Label[], opts: SplitOptions): Split {
  const validation = checkFraction('validation', opts?.validation);
  const test = checkFraction('test', opts?.test);
  if (validation + test >= 1) {
    throw new UserInputError(
      `validation and test fractions must leave rows for training: ${validation} + ${test} = ${validation + test} (must be below 1)`,
    );
  }
  const rng = createRng(opts.seed);
  const split: Split = { train: [], validation: [], test: [] };
  for (const group of groupByClass(labels, 'split')) {
    const rows = shuffleInPlace(group.slice(), rng);
    const { nTest, nValidation } = allocate(rows.length, validation, test);
    for (let i = 0; i < rows.length; i++) {
      (i < nTest ? split.test : i < nTest + nValidation ? split.validation : split.train).push(rows[i]);
    }
  }
  const ascending = (a: number, b: number): number => a - b;
  split.train.sort(ascending);
  split.validation.sort(ascending);
  split.test.sort(ascending);
  return split;
}

/**
 * Stratified k-fold: each class's rows are shuffled and dealt round-robin over the folds
 * (continuing where the previous class stopped), so fold sizes differ by at most one and
 * each class is spread evenly. Fold i validates on its rows and trains on all the others.
 */
export function stratifiedKFold(labels: readonly Label[], k: number, seed: number): Fold[] {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) {
    throw new UserInputError(`number of folds must be an integer of at least 2, got ${JSON.stringify(k)}`);
  }
  if (k > labels.length) throw new UserInputError(`number of folds (${k}) is larger than the number of rows (${labels.length})`);
  const rng = createRng(seed);
  const foldOf = new Int32Array(labels.length);
  let next = 0;
  for (const group of groupByClass(labels, 'k-fold')) {
    for (const row of shuffleInPlace(group.slice(), rng)) {
      foldOf[row] = next;
      next = (next + 1) % k;
    }
  }
  const folds: Fold[] = Array.from({ length: k }, () => ({ train: [], validation: [] }));
  for (let row = 0; row < labels.length; row++) {
    for (let f = 0; f < k; f++) (f === foldOf[row] ? folds[f].validation : folds[f].train).push(row);
  }
  return folds;
}

/**
 * A stratified subset of `rows` (e.g. the training rows) holding about `fraction` of each
 * class, at least one row per class. Subsets for the same seed are nested: a smaller
 * fraction gives a subset of a larger one (useful for successive-halving fidelities).
 */
export function stratifiedSubsample(labels: readonly Label[], rows: readonly number[], fraction: number, seed: number): number[] {
  if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw new UserInputError(`subsample fraction must be a number in (0, 1], got ${JSON.stringify(fraction)}`);
  }
  const subset = rows.map((r) => labels[r]);
  const rng = createRng(seed);
  const out: number[] = [];
  for (const group of groupByClass(subset, 'subsample')) {
    const shuffled = shuffleInPlace(group.slice(), rng);
    const n = Math.max(1, Math.round(shuffled.length * fraction));
    for (let i = 0; i < n; i++) out.push(rows[shuffled[i]]);
  }
  return out.sort((a, b) => a - b);
}
