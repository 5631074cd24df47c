/** Folds for re-scoring the best trials follow the split rule: forward in time, whole groups, or stratified. */
import { describe, expect, it } from 'vitest';
import { groupKFold } from '../../../core/group-split.js';
import { createRng } from '../../../core/random.js';
import { forwardChainingFolds } from '../../../core/time-split.js';
import { splitFolds } from '../../../data/split-rows.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('forwardChainingFolds', () => {
  // Times out of file order, with ties and two rows without a time.
  const rng = createRng(3);
  const times = Array.from({ length: 200 }, (_, i) => (i === 17 || i === 90 ? NaN : Math.floor(rng() * 50)));
  const rows = range(200).filter((r) => r % 7 !== 0); // some rows are not candidates (the test split)
  const folds = forwardChainingFolds(times, rows, 4);

  it('validates each fold on rows no older than any it trained on, and only on the given rows', () => {
    expect(folds).toHaveLength(4);
    for (const f of folds) {
      const trainedUpTo = Math.max(...f.train.filter((r) => !Number.isNaN(times[r])).map((r) => times[r]));
      const validatedFrom = Math.min(...f.validation.map((r) => times[r]));
      expect(validatedFrom).toBeGreaterThanOrEqual(trainedUpTo);
      for (const r of [...f.train, ...f.validation]) expect(rows).toContain(r);
      expect(new Set([...f.train, ...f.validation]).size).toBe(f.train.length + f.validation.length);
    }
  });

  it('grows the training window fold by fold and validates every timed row after the first block exactly once', () => {
    for (let i = 1; i < folds.length; i++) expect(folds[i].train.length).toBeGreaterThan(folds[i - 1].train.length);
    const validated = folds.flatMap((f) => f.validation);
    expect(new Set(validated).size).toBe(validated.length);
    const timed = rows.filter((r) => !Number.isNaN(times[r]));
    expect(validated.length).toBe(timed.length - Math.round(timed.length / 5));
  });

  it('never validates rows without a time: they only train', () => {
    for (const f of folds) {
      expect(f.validation).not.toContain(17);
      expect(f.validation).not.toContain(90);
      expect(f.train).toContain(17);
      expect(f.train).toContain(90);
    }
  });
});

describe('groupKFold', () => {
  const rng = createRng(9);
  const groups = Array.from({ length: 600 }, () => (rng() < 0.05 ? null : `g${Math.floor(40 * rng() ** 2)}`));
  const rows = range(600);
  const folds = groupKFold(groups, rows, 3, 1);

  it('keeps every group inside one fold and covers every row once as validation', () => {
    expect(folds).toHaveLength(3);
    const foldOfGroup = new Map<string, number>();
    folds.forEach((f, i) => {
      for (const r of f.validation) {
        if (groups[r] === null) continue;
        expect(foldOfGroup.get(groups[r]!) ?? i, groups[r]!).toBe(i);
        foldOfGroup.set(groups[r]!, i);
      }
      expect([...f.train, ...f.validation].sort((a, b) => a - b)).toEqual(rows);
    });
    expect(folds.flatMap((f) => f.validation).sort((a, b) => a - b)).toEqual(rows);
  });

  it('balances fold sizes and is the same for the same seed', () => {
    const sizes = folds.map((f) => f.validation.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(600 * 0.15);
    expect(groupKFold(groups, rows, 3, 1)).toEqual(folds);
  });

  it('gives one fold per group when there are fewer groups than folds', () => {
    expect(groupKFold(['a', 'a', 'b', 'b'], [0, 1, 2, 3], 5, 0)).toHaveLength(2);
  });
});

describe('splitFolds', () => {
  const labels = range(90).map((i) => (i % 3 === 0 ? 'spam' : 'ham'));
  const table = { nRows: 90, columns: { day: range(90).map((i) => `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`), seller: range(90).map((i) => `s${i % 9}`) } };
  const rows = range(72);

  it('is forward in time for split.by, grouped for split.group, stratified otherwise', () => {
    const byTime = splitFolds(table, labels, { validation: 0.1, test: 0.1, by: 'day' }, rows, 3, 0);
    for (const f of byTime) expect(Math.min(...f.validation.map((r) => 1 + (r % 28)))).toBeGreaterThanOrEqual(Math.max(...f.train.map((r) => 1 + (r % 28))));
    const byGroup = splitFolds(table, labels, { validation: 0.1, test: 0.1, group: 'seller' }, rows, 3, 0);
    for (const f of byGroup) {
      const trainSellers = new Set(f.train.map((r) => r % 9));
      for (const r of f.validation) expect(trainSellers.has(r % 9)).toBe(false);
    }
    const stratified = splitFolds(table, labels, { validation: 0.1, test: 0.1 }, rows, 3, 0);
    for (const f of stratified) {
      expect(f.validation.filter((r) => labels[r] === 'spam').length).toBe(8);
      for (const r of [...f.train, ...f.validation]) expect(r).toBeLessThan(72);
    }
  });
});
