import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { stratifiedKFold, stratifiedSplit, stratifiedSubsample, type Split } from '../../../core/splits.js';
import { thrownUserInputError as thrown } from '../../helpers/user-input-error.js';

/** 1000 rows: 700 'a', 250 'b', 45 'c', 3 'd', 2 'e' — interleaved. */
function makeLabels(): string[] {
  const counts: Record<string, number> = { a: 700, b: 250, c: 45, d: 3, e: 2 };
  const out: string[] = [];
  const left = { ...counts };
  while (out.length < 1000) {
    for (const k of Object.keys(left)) {
      if (left[k] > 0) {
        out.push(k);
        left[k]--;
      }
    }
  }
  return out;
}

function countBy(rows: number[], labels: readonly string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const r of rows) c[labels[r]] = (c[labels[r]] ?? 0) + 1;
  return c;
}

describe('stratifiedSplit', () => {
  const labels = makeLabels();
  const split = stratifiedSplit(labels, { validation: 0.2, test: 0.1, seed: 42 });

  it('is disjoint and covers every row once', () => {
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: labels.length }, (_, i) => i));
    for (const part of Object.values(split)) expect(part).toEqual([...part].sort((a, b) => a - b));
  });

  it('is stratified: each class keeps its share in each part', () => {
    expect(countBy(split.test, labels)).toMatchObject({ a: 70, b: 25, c: 5 });
    expect(countBy(split.validation, labels)).toMatchObject({ a: 140, b: 50, c: 9 });
    expect(countBy(split.train, labels)).toMatchObject({ a: 490, b: 175, c: 31 });
  });

  it('puts every class with at least 3 rows in every part, and keeps a training row for smaller ones', () => {
    for (const part of [split.train, split.validation, split.test]) expect(countBy(part, labels).d).toBe(1);
    expect(countBy(split.train, labels).e).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(stratifiedSplit(labels, { validation: 0.2, test: 0.1, seed: 42 })).toEqual(split);
    const other = stratifiedSplit(labels, { validation: 0.2, test: 0.1, seed: 43 });
    expect(other.test).not.toEqual(split.test);
    expect(countBy(other.test, labels)).toEqual(countBy(split.test, labels));
    const far = stratifiedSplit(labels, { validation: 0.2, test: 0.1, seed: 42 + 2 ** 32 });
    expect(far.test).not.toEqual(split.test);
  });

  it('gives known indices for a fixed seed (guards against accidental PRNG or algorithm changes)', () => {
    const xy = ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y', 'x', 'y'];
    expect(stratifiedSplit(xy, { validation: 0.2, test: 0.2, seed: 7 })).toEqual({
      train: [0, 1, 3, 5, 6, 8],
      validation: [2, 9],
      test: [4, 7],
    });
    const rng = createRng(1);
    expect([rng(), rng(), rng()]).toEqual([0.5534764977637678, 0.6056276727467775, 0.5776674705557525]);
  });

  it('allows empty validation or test parts', () => {
    const s: Split = stratifiedSplit(labels, { validation: 0, test: 0.25, seed: 1 });
    expect(s.validation).toEqual([]);
    expect(s.train.length + s.test.length).toBe(labels.length);
  });

  it('treats numbers and their text as one class', () => {
    const s = stratifiedSplit([1, '1', 1, 0, '0', 0], { validation: 0, test: 0.34, seed: 3 });
    expect(s.test).toHaveLength(2);
    expect(s.test.map((i) => String([1, '1', 1, 0, '0', 0][i])).sort()).toEqual(['0', '1']);
  });

  it('validates fractions, seed and labels with clear errors', () => {
    expect(thrown(() => stratifiedSplit(labels, { validation: 1, test: 0, seed: 1 })).message).toBe(
      'validation fraction must be a number in [0, 1), got 1',
    );
    expect(thrown(() => stratifiedSplit(labels, { validation: 0.1, test: -0.1, seed: 1 })).message).toBe(
      'test fraction must be a number in [0, 1), got -0.1',
    );
    expect(thrown(() => stratifiedSplit(labels, { validation: Number.NaN, test: 0.1, seed: 1 })).message).toMatch(/^validation fraction/);
    expect(thrown(() => stratifiedSplit(labels, { validation: 0.6, test: 0.4, seed: 1 })).message).toBe(
      'validation and test fractions must leave rows for training: 0.6 + 0.4 = 1 (must be below 1)',
    );
    expect(thrown(() => stratifiedSplit(labels, { validation: 0.1, test: 0.1, seed: 1.5 })).message).toBe('seed must be an integer, got 1.5');
    expect(thrown(() => stratifiedSplit(['a', null, 'b', ''], { validation: 0.1, test: 0.1, seed: 1 })).message).toBe(
      'split: 2 rows have no label: rows 2, 4 (data rows counted from 1)',
    );
    expect(thrown(() => stratifiedSplit([], { validation: 0.1, test: 0.1, seed: 1 })).message).toBe('split: there are no rows to split');
  });
});

describe('stratifiedKFold', () => {
  const labels = makeLabels();

  it('partitions rows into k stratified, balanced folds', () => {
    const folds = stratifiedKFold(labels, 5, 11);
    expect(folds).toHaveLength(5);
    const validations = folds.flatMap((f) => f.validation).sort((a, b) => a - b);
    expect(validations).toEqual(Array.from({ length: labels.length }, (_, i) => i));
    for (const fold of folds) {
      expect(fold.validation.length).toBe(200);
      expect(fold.train.length + fold.validation.length).toBe(labels.length);
      expect(new Set([...fold.train, ...fold.validation]).size).toBe(labels.length);
      const c = countBy(fold.validation, labels);
      expect(c.a).toBe(140);
      expect(c.b).toBe(50);
      expect(c.c).toBe(9);
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(stratifiedKFold(labels, 3, 5)).toEqual(stratifiedKFold(labels, 3, 5));
    expect(stratifiedKFold(labels, 3, 6)[0].validation).not.toEqual(stratifiedKFold(labels, 3, 5)[0].validation);
  });

  it('validates k', () => {
    expect(thrown(() => stratifiedKFold(labels, 1, 0)).message).toBe('number of folds must be an integer of at least 2, got 1');
    expect(thrown(() => stratifiedKFold(['a', 'b'], 3, 0)).message).toBe('number of folds (3) is larger than the number of rows (2)');
  });
});

describe('stratifiedSubsample', () => {
  it('keeps each class share, at least one row per class, and nests across fractions', () => {
    const labels = makeLabels();
    const { train } = stratifiedSplit(labels, { validation: 0.2, test: 0.1, seed: 42 });
    const quarter = stratifiedSubsample(labels, train, 0.25, 9);
    const half = stratifiedSubsample(labels, train, 0.5, 9);
    expect(countBy(quarter, labels)).toMatchObject({ a: 123, b: 44, c: 8, d: 1, e: 1 });
    expect(quarter.every((r) => half.includes(r))).toBe(true);
    expect(half.every((r) => train.includes(r))).toBe(true);
    expect(stratifiedSubsample(labels, train, 1, 9)).toEqual(train);
  });
});
