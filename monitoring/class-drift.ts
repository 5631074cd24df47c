/**
 * Drift where the marginal statistics cannot see it: inside one class. A new phrasing used
 * by the fraud rows only, a few percent of the batch, barely moves a column's overall token
 * distribution, but it moves the fraud rows' one a lot. Per class and column: token
 * divergence, the share of tokens the champion's training data never had and the n-grams
 * that rose most (text); PSI (numeric, categorical, with the categories that moved). And the
 * label shares themselves. Each statistic is measured against its noise at the class's sizes;
 * the caller judges them with the rest of its report (./drift-family.ts).
 */
import type { CellValue, ColumnType } from '../components/core/types.js';
import { createRng } from '../core/random.js';
import { labelKey } from '../core/labels.js';
import { againstNoise } from './drift-noise.js';
import { measured, type Measured } from './drift-family.js';
import { thresholdsFor, type DriftThresholds } from './drift-levels.js';
import { measureCategorical, numbersOf, numericPsi, shares, type ColumnDrift } from './drift.js';
import { ngramRise, rowNgrams, TokenIndex, tokenDivergence, topNewNgrams, unseenShare } from './text-tokens.js';

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
 * The label shares of both batches, judged by the largest |ln(new share / old share)| over the
 * classes (shares smoothed by half a row): a minority class doubling (4% -> 8%) is a large
 * change to the people who handle it though it moves PSI by only ~0.03. The class named is the
 * one with that largest ratio.
 */
export function labelShareDrift(target: string, reference: readonly CellValue[], current: readonly CellValue[], thresholds: DriftThresholds, seed = 0): Measured {
  const known = (values: readonly CellValue[]) => values.filter((v) => labelKey(v as string | number | null) !== null).map((v) => labelKey(v as string | number | null)!);
  const ref = known(reference);
  const cur = known(current);
  const classes = [...new Set([...ref, ...cur])].sort();
  const smoothed = (values: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return (k: string) => ((counts.get(k) ?? 0) + 0.5) / (values.length + 0.5 * classes.length);
  };
  const ratios = (a: readonly string[], b: readonly string[]) => {
    const r = smoothed(a);
    const c = smoothed(b);
    return classes.map((k) => Math.abs(Math.log(c(k) / r(k))));
  };
  const stat = againstNoise(ref, cur, (a, b) => Math.max(0, ...ratios(a, b)), createRng(seed));
  const byClass = ratios(ref, cur);
  const moved = classes[byClass.indexOf(Math.max(...byClass))];
  const rs = shares(ref);
  const cs = shares(cur);
  const changes = classes.map((key) => ({ key, reference: rs.get(key) ?? 0, current: cs.get(key) ?? 0 })).sort((a, b) => byClass[classes.indexOf(b.key)] - byClass[classes.indexOf(a.key)]).slice(0, 5);
  const base = { column: target, type: 'label' as const, statistic: 'log-share-ratio' as const, ...(moved !== undefined ? { class: moved } : {}), rows: { reference: ref.length, current: cur.length }, topChanges: changes };
  return measured(base, stat, thresholds.labels);
}

/** Per-class statistics of every column, measured; classes too small on either side are listed apart. */
export function classDrift(reference: LabelledBatch, current: LabelledBatch, columnTypes: Record<string, ColumnType>, thresholds: DriftThresholds, seed = 0): { columns: Measured[]; tooSmall: string[] } {
  const rng = createRng(seed);
  const refRows = rowsByClass(reference.labels);
  const curRows = rowsByClass(current.labels);
  const columns: Measured[] = [];
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
        columns.push(measured({ ...base, statistic: 'psi' }, stat, thresholdsFor(thresholds, 'psi', cls)));
      } else if (type === 'categorical') {
        const m = measureCategorical(column, pick(refValues, r), pick(curValues, c), { rng, thresholds: thresholdsFor(thresholds, 'psi', cls) });
        columns.push({ ...m, entry: { ...m.entry, ...base } });
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
): Measured[] {
  const index = new TokenIndex();
  const refAll = refValues.map((v) => index.encode(v));
  // The rest of the champion's vocabulary: tokens of the other classes' reference rows.
  const inClass = new Set(refRows);
  const seenAll = new Uint8Array(index.size);
  refAll.forEach((row, i) => {
    if (!inClass.has(i)) for (const id of row) seenAll[id] = 1;
  });
  const curAll = curRows.map((i) => index.encode(curValues[i]));
  // The class's own tokens get ids of their own: the re-splits then loop over the class's
  // vocabulary, not the whole batch's (a class of 300 rows in a batch of 5,000).
  const local = new Map<number, number>();
  const names: string[] = [];
  const compact = (row: Int32Array) =>
    row.map((id) => {
      let l = local.get(id);
      if (l === undefined) {
        l = names.length;
        local.set(id, l);
        names.push(index.names[id]);
      }
      return l;
    });
  const ref = refRows.map((i) => compact(refAll[i]));
  const cur = curAll.map(compact);
  const seen = new Uint8Array(names.length);
  for (const [id, l] of local) seen[l] = seenAll[id];
  const ngrams = topNewNgrams(ref, cur, names);
  const div = againstNoise(ref, cur, (a, b) => tokenDivergence(a, b, names.length), rng);
  const unseen = againstNoise(ref, cur, (a, b) => unseenShare(a, b, seen), rng);
  const grams = rowNgrams([...ref, ...cur], names);
  const rise = againstNoise(grams.rows.slice(0, ref.length), grams.rows.slice(ref.length), (a, b) => ngramRise(a, b, grams.names.length), rng);
  const cls = base.class;
  return [
    measured({ ...base, statistic: 'ngram-rise', topChanges: ngrams }, rise, thresholdsFor(thresholds, 'ngrams', cls)),
    measured({ ...base, statistic: 'js-divergence', topChanges: ngrams }, div, thresholdsFor(thresholds, 'divergence', cls)),
    measured({ ...base, statistic: 'unseen-share', topChanges: ngrams }, unseen, thresholdsFor(thresholds, 'unseen', cls)),
  ];
}
