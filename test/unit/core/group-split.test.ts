import { describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import { groupSplit } from '../../../core/group-split.js';
import { createRng } from '../../../core/random.js';
import type { Split } from '../../../core/splits.js';

/** 2,000 rows from 150 sellers of very different sizes (1 to ~60 rows), in random order. */
function sellers(seed: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: 2000 }, () => `seller-${Math.floor(150 * rng() ** 2)}`);
}

function sideOf(split: Split, groups: readonly (string | null)[]): Map<string, Set<string>> {
  const sides = new Map<string, Set<string>>();
  for (const part of ['train', 'validation', 'test'] as const) {
    for (const row of split[part]) {
      const g = groups[row] ?? `row-${row}`;
      if (!sides.has(g)) sides.set(g, new Set());
      sides.get(g)!.add(part);
    }
  }
  return sides;
}

describe('groupSplit', () => {
  const groups = sellers(1);
  const split = groupSplit(groups, { validation: 0.2, test: 0.2, seed: 42, column: 'seller_id' });

  it('never puts one group on two sides, and covers every row once', () => {
    for (const [g, sides] of sideOf(split, groups)) expect(sides.size, g).toBe(1);
    expect([...split.train, ...split.validation, ...split.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    for (const part of Object.values(split)) expect(part).toEqual([...part].sort((a, b) => a - b));
  });

  it('comes close to the requested row fractions', () => {
    expect(Math.abs(split.test.length / 2000 - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(split.validation.length / 2000 - 0.2)).toBeLessThan(0.03);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(groupSplit(groups, { validation: 0.2, test: 0.2, seed: 42 })).toEqual(split);
    const other = groupSplit(groups, { validation: 0.2, test: 0.2, seed: 43 });
    expect(other.test).not.toEqual(split.test);
    // Numbers and their text, and surrounding spaces, are the same group.
    const mixed = groupSplit([1, '1', ' 1 ', 2, 3], { validation: 0.2, test: 0.2, seed: 0 });
    const sideOfOne = (['train', 'validation', 'test'] as const).filter((p) => mixed[p].includes(0));
    for (const r of [1, 2]) expect(mixed[sideOfOne[0]]).toContain(r);
  });

  it('sends each group to the same part whatever the order of the rows', () => {
    const reversed = [...groups].reverse();
    const other = groupSplit(reversed, { validation: 0.2, test: 0.2, seed: 42 });
    const partOf = (s: Split, g: readonly (string | null)[]) => new Map([...sideOf(s, g)].map(([k, v]) => [k, [...v][0]]));
    expect(partOf(other, reversed)).toEqual(partOf(split, groups));
  });

  it('treats each row without a group as a group of its own', () => {
    const withMissing = [...Array(10).fill('big'), null, null, null, null, null];
    const s = groupSplit(withMissing, { validation: 0.2, test: 0.2, seed: 3 });
    const sides = sideOf(s, withMissing);
    expect(sides.get('big')!.size).toBe(1);
    expect(s.validation.length + s.test.length).toBeGreaterThan(0);
    for (const part of ['train', 'validation', 'test'] as const) expect(s[part].length, part).toBeGreaterThan(0);
  });

  it('gives every non-empty part a group even when one group is most of the data', () => {
    const lopsided = [...Array(97).fill('whale'), 'a', 'b', 'c'];
    for (let seed = 0; seed < 10; seed++) {
      const s = groupSplit(lopsided, { validation: 0.2, test: 0.2, seed });
      for (const part of ['train', 'validation', 'test'] as const) expect(s[part].length, `${part} seed ${seed}`).toBeGreaterThan(0);
    }
    const noValidation = groupSplit(['a', 'b', 'a', 'b'], { validation: 0, test: 0.5, seed: 1 });
    expect(noValidation.validation).toEqual([]);
    expect(noValidation.test.length).toBe(2);
  });

  it('refuses fewer groups than parts to fill, naming the column and its groups', () => {
    try {
      groupSplit(['s1', 's1', 's2', 's2'], { validation: 0.2, test: 0.2, seed: 0, column: 'seller_id' });
      expect.unreachable();
    } catch (e) {
      expect(isUserInputError(e)).toBe(true);
      expect((e as Error).message).toBe(
        "split.group: column 'seller_id' has 2 distinct groups ('s1', 's2'), fewer than the 3 parts to fill (train, validation, test); every part needs a group of its own",
      );
    }
    expect(groupSplit(['s1', 's1', 's2', 's2'], { validation: 0, test: 0.3, seed: 0 }).test.length).toBe(2);
  });
});
