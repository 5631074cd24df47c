/**
 * Drift where the marginal statistics cannot see it: inside one class. A new phrasing used
 * by the fraud rows only, a few percent of the batch, barely moves a column's overall token
 * distribution, but it moves the fraud rows' one a lot. Per class and column: token
 * divergence, the share of tokens the champion's training data never had and the n-grams
 * that rose most (text); PSI (numeric, categorical, with the categories that moved). And the
 * label shares themselves. Each statistic is judged against its noise at the class's sizes.
 */
import type { CellValue, ColumnType } from '../components/core/types.js';
import { createRng } from '../core/random.js';
import { labelKey } from '../core/labels.js';
import { againstNoise } from './drift-noise.js';
import { levelOf, thresholdsFor, type DriftThresholds } from './drift-levels.js';
import { categoricalDrift, numbersOf, numericPsi, type ColumnDrift } from './drift.js';
import { TokenIndex, tokenDivergence, topNewNgrams, unseenShare } from './text-tokens.js';

export interface LabelledBatch {
  columns: Record<string, readonly CellValue[]>;
  labels: readonly CellValue[];
}

/** Row indices of each class (labels by labelKey; rows without a label are left out). */
function rowsByClass(labels: readonly CellValue[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const k = labelKey(l as string | number | null);
    if (k === null) return;
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(i);
  });
  return m;
}

const pick = <T>(values: readonly T[], rows: readonly number[]) => rows.map((i) => values[i]);

/**
 * The label shares of both batches. The class named is the one contributing most to the PSI
 * ((c - r) ln(c / r)): a minority class tripling moves as many rows as the majority losing
 * them, but it is the one whose share changed.
 */
export function labelShareDrift(target: string, reference: readonly CellValue[], current: readonly CellValue[], thresholds: DriftThresholds, seed = 0): ColumnDrift {
  const known = (values: readonly CellValue[]) => values.filter((v) => labelKey(v as string | number | null) !== null).map((v) => labelKey(v as string | number | null)!);
  const ref = known(reference);
  const cur = known(current);
  const d = categoricalDrift(target, ref, cur, { rng: createRng(seed), thresholds: thresholds.psi, type: 'label' });
  const share = (values: string[], k: string) => Math.max(values.filter((v) => v === k).length / Math.max(1, values.length), 1e-4);
  const contribution = (k: string) => (share(cur, k) - share(ref, k)) * Math.log(share(cur, k) / share(ref, k));
  const classes = [...new Set([...ref, ...cur])].sort();
  const moved = classes.sort((a, b) => contribution(b) - contribution(a))[0];
  const changes = classes.slice(0, 5).map((key) => ({ key, reference: share(ref, key), current: share(cur, key) }));
  return { ...d, ...(moved !== undefined ? { class: moved } : {}), topChanges: changes };
}

/** Per-class statistics of every column; classes too small on either side are listed apart. */
export function classDrift(reference: LabelledBatch, current: LabelledBatch, columnTypes: Record<string, ColumnType>, thresholds: DriftThresholds, seed = 0): { columns: ColumnDrift[]; tooSmall: string[] } {
  const rng = createRng(seed);
  const refRows = rowsByClass(reference.labels);
  const curRows = rowsByClass(current.labels);
  const columns: ColumnDrift[] = [];
  const tooSmall: string[] = [];
  const classes = [...curRows.keys()].filter((c) => refRows.has(c)).sort();
  for (const cls of classes) {
    const r = refRows.get(cls)!;
    const c = curRows.get(cls)!;
    if (r.length < thresholds.minClassRows || c.length < thresholds.minClassRows) {
      tooSmall.push(cls);
      continue;
    }
    const rows = { reference: r.length, current: c.length };
    for (const [column, type] of Object.entries(columnTypes)) {
      const refValues = reference.columns[column];
      const curValues = current.columns[column];
      if (!refValues || !curValues) continue;
      const base = { column, type, class: cls, rows };
      if (type === 'numeric') {
        const stat = againstNoise(pick(numbersOf(refValues), r), pick(numbersOf(curValues), c), numericPsi, rng);
        columns.push({ ...base, statistic: 'psi', value: stat.value, noise: stat.noise, level: levelOf(stat.value - stat.noise, stat.significant, thresholdsFor(thresholds, 'psi', cls)) });
      } else if (type === 'categorical') {
        const d = categoricalDrift(column, pick(refValues, r), pick(curValues, c), { rng, thresholds: thresholdsFor(thresholds, 'psi', cls) });
        columns.push({ ...d, ...base });
      } else {
        columns.push(...textClassDrift(base, refValues, curValues, r, c, thresholds, rng));
      }
    }
  }
  return { columns, tooSmall };
}

function textClassDrift(
  base: Pick<ColumnDrift, 'column' | 'type' | 'class' | 'rows'>,
  refValues: readonly CellValue[],
  curValues: readonly CellValue[],
  refRows: readonly number[],
  curRows: readonly number[],
  thresholds: DriftThresholds,
  rng: () => number,
): ColumnDrift[] {
  const index = new TokenIndex();
  const refAll = refValues.map((v) => index.encode(v));
  const ref = pick(refAll, refRows);
  const cur = curRows.map((i) => index.encode(curValues[i]));
  // The rest of the champion's vocabulary: tokens of the other classes' reference rows.
  const inClass = new Set(refRows);
  const seen = new Uint8Array(index.size);
  refAll.forEach((row, i) => {
    if (!inClass.has(i)) for (const id of row) seen[id] = 1;
  });
  const ngrams = topNewNgrams(ref, cur, index.names);
  const div = againstNoise(ref, cur, (a, b) => tokenDivergence(a, b, index.size), rng);
  const unseen = againstNoise(ref, cur, (a, b) => unseenShare(a, b, seen), rng);
  const cls = base.class;
  return [
    { ...base, statistic: 'js-divergence', value: div.value, noise: div.noise, level: levelOf(div.value - div.noise, div.significant, thresholdsFor(thresholds, 'divergence', cls)), topChanges: ngrams },
    { ...base, statistic: 'unseen-share', value: unseen.value, noise: unseen.noise, level: levelOf(unseen.value - unseen.noise, unseen.significant, thresholdsFor(thresholds, 'unseen', cls)), topChanges: ngrams },
  ];
}
