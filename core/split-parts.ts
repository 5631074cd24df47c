/**
 * What the time and group splits share: checking the fractions, turning them into row counts,
 * and warning when a class is missing from a part (neither split can stratify).
 */
import { UserInputError } from './errors.js';
import { quoteValue } from './names.js';
import type { Split } from './splits.js';

export interface PartFractions {
  /** Share of the rows held out for validation, in [0, 1). */
  validation: number;
  /** Share of the rows held out for the final test, in [0, 1). */
  test: number;
}

/** Checks both fractions; throws a UserInputError naming every bad one. */
export function checkPartFractions(opts: PartFractions, where: string): PartFractions {
  const problems: string[] = [];
  for (const name of ['validation', 'test'] as const) {
    const v = opts?.[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 1) problems.push(`${where}.${name}: must be a number in [0, 1), got ${JSON.stringify(v)}`);
  }
  if (problems.length === 0 && opts.validation + opts.test >= 1) {
    problems.push(`${where}: validation + test = ${opts.validation + opts.test} leaves no rows for training (must be below 1)`);
  }
  if (problems.length) throw new UserInputError(problems);
  return opts;
}

/**
 * Row counts of test and validation out of n: rounded shares, at least one row for a part
 * whose fraction is above 0 when n >= 3, and at least one training row.
 */
export function partSizes(n: number, f: PartFractions): { nTest: number; nValidation: number } {
  let nTest = Math.round(n * f.test);
  let nValidation = Math.round(n * f.validation);
  if (n >= 3) {
    if (f.test > 0 && nTest === 0) nTest = 1;
    if (f.validation > 0 && nValidation === 0) nValidation = 1;
  }
  while (n > 0 && nTest + nValidation > n - 1) {
    if (nValidation >= nTest && nValidation > 0) nValidation--;
    else nTest--;
  }
  return { nTest: Math.max(0, nTest), nValidation: Math.max(0, nValidation) };
}

/** The parts whose fraction is above 0, train first. */
export function nonEmptyParts(f: PartFractions): (keyof Split)[] {
  return ['train', ...(f.validation > 0 ? (['validation'] as const) : []), ...(f.test > 0 ? (['test'] as const) : [])];
}

/**
 * One warning per part (of those meant to be non-empty) that lacks a class the data has:
 * its metrics leave that class out, and a class absent from train is never predicted.
 * `how` says how the split was made ("by listed_at (newest rows in test)").
 */
export function missingClassWarnings(labels: readonly string[], split: Split, fractions: PartFractions, how: string): string[] {
  const all = [...new Set(labels)].sort();
  const warnings: string[] = [];
  for (const part of nonEmptyParts(fractions)) {
    const present = new Set(split[part].map((row) => labels[row]));
    const absent = all.filter((c) => !present.has(c));
    if (absent.length === 0) continue;
    const names = absent.slice(0, 5).map((c) => quoteValue(c)).join(', ') + (absent.length > 5 ? `, ... (${absent.length - 5} more)` : '');
    const consequence = part === 'train' ? 'the model never learns to predict it' : `${part} metrics leave it out`;
    warnings.push(`split ${how}: ${absent.length === 1 ? 'class' : 'classes'} ${names} ${absent.length === 1 ? 'has' : 'have'} no rows in ${part} (${split[part].length} rows); ${consequence}`);
  }
  return warnings;
}
