/**
 * Grouped split: every row of one group (a seller, a user, a thread) lands on the same side,
 * so the held-out scores say how the model does on groups it has never seen, not on new rows
 * of the ones it memorised. Fractions are of rows and met approximately (a group is never cut).
 *
 * Deterministic per seed: the distinct groups are sorted (code-unit order), shuffled with the
 * seeded RNG, then dealt one by one to the part furthest below its target row count (ties:
 * test, then validation, then train). A part meant to be non-empty that got no group takes
 * the smallest group of the part holding the most groups. Rows without a group value are each
 * a group of their own: nothing ties them to other rows.
 */
import { UserInputError } from './errors.js';
import { listNames, quoteValue } from './names.js';
import { createRng, shuffleInPlace } from './random.js';
import { checkPartFractions, nonEmptyParts, type PartFractions } from './split-parts.js';
import type { Fold, Split } from './splits.js';

export interface GroupSplitOptions extends PartFractions {
  seed: number;
  /** Names the group column in messages. */
  column?: string;
}

/** The group key of a cell: trimmed text, numbers as their text; null when missing. */
export function groupKey(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  const k = v.trim();
  return k === '' ? null : k;
}

/** Splits rows so that no group straddles two parts. Row indices in each part are sorted ascending. */
export function groupSplit(groups: readonly (string | number | null | undefined)[], opts: GroupSplitOptions): Split {
  const fractions = checkPartFractions(opts, 'split');
  const column = opts.column ?? 'group';
  // Each row's group as a number: named groups first (ids in order of first sight, renumbered
  // below by sorted key), then one group per row without a value.
  const idOf = new Map<string, number>();
  const groupOfRow = new Int32Array(groups.length);
  const missingRows: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const key = groupKey(groups[i]);
    if (key === null) {
      missingRows.push(i);
      continue;
    }
    let id = idOf.get(key);
    if (id === undefined) idOf.set(key, (id = idOf.size));
    groupOfRow[i] = id;
  }
  const keys = [...idOf.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Ranks in sorted key order, so that the shuffle below sees the same list whatever the row order.
  const rankOfId = new Int32Array(keys.length);
  keys.forEach((k, rank) => (rankOfId[idOf.get(k)!] = rank));
  for (let i = 0; i < groups.length; i++) groupOfRow[i] = rankOfId[groupOfRow[i]];
  missingRows.forEach((row, j) => (groupOfRow[row] = keys.length + j));
  const nGroups = keys.length + missingRows.length;
  const size = new Int32Array(nGroups);
  for (let i = 0; i < groups.length; i++) size[groupOfRow[i]]++;

  const parts = nonEmptyParts(fractions);
  if (nGroups < parts.length) {
    const seen = keys.slice(0, 5).map((k) => quoteValue(k));
    throw new UserInputError(
      `split.group: column '${column}' has ${nGroups} distinct ${nGroups === 1 ? 'group' : 'groups'} (${listNames(seen)}), ` +
        `fewer than the ${parts.length} parts to fill (${parts.join(', ')}); every part needs a group of its own`,
    );
  }
  const order = shuffleInPlace(Array.from({ length: nGroups }, (_, g) => g), createRng(opts.seed));
  const n = groups.length;
  const target: Record<keyof Split, number> = { test: n * fractions.test, validation: n * fractions.validation, train: n * (1 - fractions.test - fractions.validation) };
  const assigned: Record<keyof Split, number[]> = { test: [], validation: [], train: [] };
  const filled: Record<keyof Split, number> = { test: 0, validation: 0, train: 0 };
  const candidates = (['test', 'validation', 'train'] as const).filter((p) => parts.includes(p));
  for (const g of order) {
    let best = candidates[0];
    for (const p of candidates) if (target[p] - filled[p] > target[best] - filled[best]) best = p;
    assigned[best].push(g);
    filled[best] += size[g];
  }
  for (const p of parts) {
    if (assigned[p].length > 0) continue;
    const donor = parts.reduce((a, b) => (assigned[b].length > assigned[a].length ? b : a));
    let smallest = 0;
    assigned[donor].forEach((g, i) => {
      if (size[g] < size[assigned[donor][smallest]]) smallest = i;
    });
    assigned[p].push(...assigned[donor].splice(smallest, 1));
  }
  const partOfGroup = new Int8Array(nGroups);
  const PART_INDEX = { train: 0, validation: 1, test: 2 } as const;
  for (const p of parts) for (const g of assigned[p]) partOfGroup[g] = PART_INDEX[p];
  const split: Split = { train: [], validation: [], test: [] };
  const byIndex = [split.train, split.validation, split.test];
  for (let i = 0; i < n; i++) byIndex[partOfGroup[groupOfRow[i]]].push(i);
  return split;
}

/**
 * Group k-fold over `rows` (for re-scoring candidates on the training rows of a grouped
 * split): no group is in two folds. Groups are visited largest first (ties in a seeded
 * order) and each goes to the fold with the fewest rows so far, so folds stay balanced.
 * Rows without a group value are groups of their own. Fewer groups than folds: one fold per group.
 */
export function groupKFold(groups: readonly (string | number | null | undefined)[], rows: readonly number[], k: number, seed: number): Fold[] {
  const members = new Map<string, number[]>();
  for (const r of rows) {
    const key = groupKey(groups[r]) ?? `\u0000row ${r}`;
    let list = members.get(key);
    if (!list) members.set(key, (list = []));
    list.push(r);
  }
  const sortedKeys = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const shuffled = shuffleInPlace(sortedKeys, createRng(seed));
  const order = shuffled.map((key, i) => ({ key, i })).sort((a, b) => members.get(b.key)!.length - members.get(a.key)!.length || a.i - b.i);
  const nFolds = Math.min(k, order.length);
  const foldRows: number[][] = Array.from({ length: nFolds }, () => []);
  for (const { key } of order) {
    let lightest = 0;
    for (let f = 1; f < nFolds; f++) if (foldRows[f].length < foldRows[lightest].length) lightest = f;
    foldRows[lightest].push(...members.get(key)!);
  }
  return foldRows.map((validation, f) => ({
    train: foldRows.flatMap((other, g) => (g === f ? [] : other)).sort((a, b) => a - b),
    validation: validation.sort((a, b) => a - b),
  }));
}
