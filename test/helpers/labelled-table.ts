/** Seeded tables with a text, a price and a category column, for tests of pipelines over mixed columns. */
import type { Table } from '../../components/index.js';
import { mulberry32 } from '../../core/random.js';

export interface Draw {
  next: () => number;
  pick: <T>(a: readonly T[]) => T;
}

export interface MixedRow {
  text: string | null;
  price: number | null;
  category: string | null;
}

/** Row by row: the label is drawn from `classes` first, then `row` draws the cells (text, price, category, in that order) from the same stream. */
export function labelledTable(n: number, seed: number, classes: string[], row: (label: string, i: number, draw: Draw) => MixedRow): { table: Table; labels: string[] } {
  const next = mulberry32(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(next() * a.length)];
  const text: (string | null)[] = [];
  const price: (number | null)[] = [];
  const category: (string | null)[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = pick(classes);
    const cells = row(label, i, { next, pick });
    text.push(cells.text);
    price.push(cells.price);
    category.push(cells.category);
    labels.push(label);
  }
  return { table: { nRows: n, columns: { text, price, category } }, labels };
}
