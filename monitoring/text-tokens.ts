/**
 * Text as drift statistics see it: Unicode-aware word tokens (CJK runs split into characters,
 * so Japanese text counts too), as integer ids so permutation rounds count with arrays, and
 * the n-grams whose share of rows moved most (what a person reads to see what changed).
 */
import type { CellValue } from '../components/core/types.js';
import { isMissing } from '../data/profile.js';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** NFKC first: full-width letters and digits are the same tokens as their ASCII forms. */
export function tokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu)?.flatMap((t) => (CJK.test(t) ? [...t] : [t])) ?? [];
}

/** Token ids shared by every group of one column, so counts line up. */
export class TokenIndex {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  encode(cell: CellValue): Int32Array {
    if (isMissing(cell)) return new Int32Array(0);
    return Int32Array.from(tokens(String(cell)), (t) => {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(t, id);
        this.names.push(t);
      }
      return id;
    });
  }

  get size(): number {
    return this.names.length;
  }
}

/** Token counts of some rows over the index's vocabulary. */
export function countTokens(rows: readonly Int32Array[], size: number): { counts: Float64Array; total: number } {
  const counts = new Float64Array(size);
  let total = 0;
  for (const row of rows) {
    for (const id of row) counts[id]++;
    total += row.length;
  }
  return { counts, total };
}

/** Jensen-Shannon divergence (bits) between the token distributions of two groups of rows. */
export function tokenDivergence(reference: readonly Int32Array[], current: readonly Int32Array[], size: number): number {
  const a = countTokens(reference, size);
  const b = countTokens(current, size);
  if (a.total === 0 || b.total === 0) return 0;
  let total = 0;
  for (let k = 0; k < size; k++) {
    const p = a.counts[k] / a.total;
    const q = b.counts[k] / b.total;
    if (p === 0 && q === 0) continue;
    const m = (p + q) / 2;
    if (p > 0) total += 0.5 * p * Math.log2(p / m);
    if (q > 0) total += 0.5 * q * Math.log2(q / m);
  }
  return total;
}

/** Share of the current rows' tokens that neither `seen` nor the reference rows contain. */
export function unseenShare(reference: readonly Int32Array[], current: readonly Int32Array[], seen: Uint8Array): number {
  const known = Uint8Array.from(seen);
  for (const row of reference) for (const id of row) known[id] = 1;
  let unseen = 0;
  let total = 0;
  for (const row of current) {
    for (const id of row) if (!known[id]) unseen++;
    total += row.length;
  }
  return total === 0 ? 0 : unseen / total;
}

export interface NgramChange {
  key: string;
  /** Share of reference rows containing it. */
  reference: number;
  /** Share of current rows containing it. */
  current: number;
}

/**
 * The word or character n-grams (1 and 2 tokens) whose share of rows rose most, those found in
 * at least 3 current rows: the new phrasing of a class, named. Row shares, not token shares,
 * so one long description repeating a word does not top the list.
 */
export function topNewNgrams(reference: readonly Int32Array[], current: readonly Int32Array[], names: readonly string[], limit = 5): NgramChange[] {
  const rowShares = (rows: readonly Int32Array[]) => {
    const m = new Map<string, number>();
    for (const row of rows) {
      const grams = new Set<string>();
      for (let i = 0; i < row.length; i++) {
        grams.add(names[row[i]]);
        if (i + 1 < row.length) grams.add(`${names[row[i]]} ${names[row[i + 1]]}`);
      }
      for (const g of grams) m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const ref = rowShares(reference);
  const cur = rowShares(current);
  return [...cur]
    .filter(([, n]) => n >= 3)
    .map(([key, n]) => ({ key, reference: (ref.get(key) ?? 0) / Math.max(1, reference.length), current: n / Math.max(1, current.length) }))
    .filter((g) => g.current > g.reference)
    .sort((a, b) => b.current - b.reference - (a.current - a.reference) || (a.key < b.key ? -1 : 1))
    .slice(0, limit);
}

/**
 * Each row's word n-grams (1 and 2 tokens) as ids, once, so the permutation rounds of
 * ngramRise only count. Ids index `names`.
 */
export function rowNgrams(rows: readonly Int32Array[], tokenNames: readonly string[], index: Map<string, number> = new Map(), names: string[] = []): { rows: Int32Array[]; names: string[]; index: Map<string, number> } {
  const id = (g: string) => {
    let i = index.get(g);
    if (i === undefined) {
      i = names.length;
      index.set(g, i);
      names.push(g);
    }
    return i;
  };
  const out = rows.map((row) => {
    const grams = new Set<number>();
    for (let i = 0; i < row.length; i++) {
      grams.add(id(tokenNames[row[i]]));
      if (i + 1 < row.length) grams.add(id(`${tokenNames[row[i]]} ${tokenNames[row[i + 1]]}`));
    }
    return Int32Array.from(grams);
  });
  return { rows: out, names, index };
}

/**
 * The largest rise in the share of rows containing one n-gram (found in at least 3 current
 * rows): a new phrasing in 60% of a class's rows reads 0.6 however long the texts around it
 * are, where token divergence is diluted by them.
 */
export function ngramRise(reference: readonly Int32Array[], current: readonly Int32Array[], size: number): number {
  const ref = new Float64Array(size);
  const cur = new Float64Array(size);
  for (const row of reference) for (const g of row) ref[g]++;
  for (const row of current) for (const g of row) cur[g]++;
  let best = 0;
  const nr = Math.max(1, reference.length);
  const nc = Math.max(1, current.length);
  for (let g = 0; g < size; g++) if (cur[g] >= 3) best = Math.max(best, cur[g] / nc - ref[g] / nr);
  return best;
}
