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
import type { Split } from './splits.js';

export interface GroupSplitOptions extends PartFractions {
  seed: number;
  /** Names the group column in messages. */
  column?: string;
}

/** The group key of a cell: trimmed text, numbers as their text; null when missing. */
function groupKey(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  const k = v.trim();
  return k === '' ? null : k;
}

/** Splits rows so that no group straddles two parts. Row indices in each part are sorted ascending. */
export function groupSplit(groups: readonly (string | number | null | undefined)[], opts: GroupSplitOptions): Split {
  const fractions = checkPartFractions(opts, 'split');
  const column = opts.column ?? 'group';
  const rowsOf = new Map<string, number[]>();
  const singles: number[][] = [];
  groups.forEach((v, i) => {
    const key = groupKey(v);
    if (key === null) return singles.push([i]);
    let rows = rowsOf.get(key);
    if (!rows) rowsOf.set(key, (rows = []));
    rows.push(i);
  });
  const keys = [...rowsOf.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const all = [...keys.map((k) => rowsOf.get(k)!), ...singles];
  const parts = nonEmptyParts(fractions);
  if (all.length < parts.length) {
    const seen = keys.slice(0, 5).map((k) => quoteValue(k));
    throw new UserInputError(
      `split.group: column '${column}' has ${all.length} distinct ${all.length === 1 ? 'group' : 'groups'} (${listNames(seen)}), ` +
        `fewer than the ${parts.length} parts to fill (${parts.join(', ')}); every part needs a group of its own`,
    );
  }
  const order = shuffleInPlace(all, createRng(opts.seed));
  const n = groups.length;
  const target: Record<keyof Split, number> = { test: n * fractions.test, validation: n * fractions.validation, train: n * (1 - fractions.test - fractions.validation) };
  const assigned: Record<keyof Split, number[][]> = { test: [], validation: [], train: [] };
  const filled: Record<keyof Split, number> = { test: 0, validation: 0, train: 0 };
  const candidates = (['test', 'validation', 'train'] as const).filter((p) => parts.includes(p));
  for (const rows of order) {
    let best = candidates[0];
    for (const p of candidates) if (target[p] - filled[p] > target[best] - filled[best]) best = p;
    assigned[best].push(rows);
    filled[best] += rows.length;
  }
  for (const p of parts) {
    if (assigned[p].length > 0) continue;
    const donor = parts.reduce((a, b) => (assigned[b].length > assigned[a].length ? b : a));
    let smallest = 0;
    assigned[donor].forEach((rows, i) => {
      if (rows.length < assigned[donor][smallest].length) smallest = i;
    });
    assigned[p].push(...assigned[donor].splice(smallest, 1));
  }
  const flat = (p: keyof Split) => assigned[p].flat().sort((a, b) => a - b);
  return { train: flat('train'), validation: flat('validation'), test: flat('test') };
}
