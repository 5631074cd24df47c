/**
 * Drift between a reference batch (the champion's training data) and a fresh one:
 * population stability index for numeric and categorical columns, Jensen-Shannon divergence
 * of token distributions for text, and the shift in the champion's score distribution. Each
 * statistic is measured against its own noise at these sizes (./drift-noise.ts); the statistics
 * of one report are judged together, against one bar for the family (./drift-family.ts),
 * before a level is given (./drift-levels.ts). Per-class statistics are in ./class-drift.ts, the champion's
 * performance on the new batch in ./performance-drift.ts.
 */
import type { CellValue, ColumnType } from '../components/core/types.js';
import { createRng } from '../core/random.js';
import { isMissing, parseNumber } from '../data/profile.js';
import { againstNoise } from './drift-noise.js';
import { judgeFamily, measured, type FamilyVerdict, type Measured } from './drift-family.js';
import { DEFAULT_DRIFT_THRESHOLDS, LEVEL_RANK, type DriftLevel, type LevelThresholds } from './drift-levels.js';
import { TokenIndex, tokenDivergence } from './text-tokens.js';

export interface ColumnDrift {
  column: string;
  type: ColumnType | 'score' | 'label';
  /** PSI for numeric/categorical/score; Jensen-Shannon divergence (base 2, 0..1) for text; share of never-seen tokens; the largest rise in the share of rows with one n-gram (per class); the largest |log ratio| of a class's share for labels. */
  statistic: 'psi' | 'js-divergence' | 'unseen-share' | 'ngram-rise' | 'log-share-ratio';
  value: number;
  /** What the statistic reads by chance at these sizes (mean over permutations); the level judges value - noise. */
  noise: number;
  /** (value - noise) / the re-splits' standard deviation: what the family's bar is compared with (absent when no re-split moved). */
  z?: number;
  level: DriftLevel;
  /** Set for a statistic computed within one class's rows. */
  class?: string;
  rows?: { reference: number; current: number };
  /** Up to five categories, tokens or n-grams whose share moved most (new share - reference share). */
  topChanges?: { key: string; reference: number; current: number }[];
}

export interface DriftReport {
  referenceRows: number;
  currentRows: number;
  columns: ColumnDrift[];
  /** The largest column-level drift, for summaries and alerts. */
  worst?: ColumnDrift;
  /** The bar the report's statistics were judged against together. */
  family: FamilyVerdict;
}

/** How a statistic is judged: its thresholds and the permutations' random source. */
export interface JudgeOptions {
  thresholds?: LevelThresholds;
  rng?: () => number;
}

const EPS = 1e-4;

/** PSI over matching bins of two share vectors. */
export function psi(reference: number[], current: number[]): number {
  let total = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i], EPS);
    const c = Math.max(current[i], EPS);
    total += (c - r) * Math.log(c / r);
  }
  return total;
}

/** Jensen-Shannon divergence (base 2) between two distributions over the same keys. */
export function jsDivergence(p: Map<string, number>, q: Map<string, number>): number {
  const keys = new Set([...p.keys(), ...q.keys()]);
  let total = 0;
  for (const k of keys) {
    const a = p.get(k) ?? 0;
    const b = q.get(k) ?? 0;
    const m = (a + b) / 2;
    if (a > 0) total += 0.5 * a * Math.log2(a / m);
    if (b > 0) total += 0.5 * b * Math.log2(b / m);
  }
  return total;
}

export function shares<K>(values: readonly K[]): Map<K, number> {
  const m = new Map<K, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  const total = values.length || 1;
  for (const [k, n] of m) m.set(k, n / total);
  return m;
}

function topChanges(ref: Map<string, number>, cur: Map<string, number>): ColumnDrift['topChanges'] {
  const keys = new Set([...ref.keys(), ...cur.keys()]);
  return [...keys]
    .map((key) => ({ key, reference: ref.get(key) ?? 0, current: cur.get(key) ?? 0 }))
    .sort((a, b) => Math.abs(b.current - b.reference) - Math.abs(a.current - a.reference) || (a.key < b.key ? -1 : 1))
    .slice(0, 5);
}

/** A statistic judged on its own (a family of one): its own 99th percentile by chance is the bar. */
const alone = (m: Measured): ColumnDrift => judgeFamily([m]).entries[0];

export const numbersOf = (values: readonly CellValue[]) => values.map((v) => (isMissing(v) ? null : parseNumber(v)));
export const keysOf = (values: readonly CellValue[]) => values.map((v) => (isMissing(v) ? '(missing)' : String(v)));

/** PSI over deciles of the reference (missing values as their own bin). */
export function numericPsi(reference: readonly (number | null)[], current: readonly (number | null)[]): number {
  // A typed array sorts numerically without a comparator, several times faster: this runs once per re-split.
  const ref = Float64Array.from(reference.filter((v): v is number => v !== null)).sort();
  const edges: number[] = [];
  for (let q = 1; q < 10; q++) {
    const edge = ref[Math.min(ref.length - 1, Math.floor((q * ref.length) / 10))];
    if (edge !== undefined && edges[edges.length - 1] !== edge) edges.push(edge);
  }
  const histogram = (values: readonly (number | null)[]) => {
    const bins = new Array<number>(edges.length + 2).fill(0);
    for (const x of values) {
      if (x === null) bins[edges.length + 1]++;
      else {
        let b = 0;
        while (b < edges.length && x > edges[b]) b++;
        bins[b]++;
      }
    }
    const total = values.length || 1;
    return bins.map((c) => c / total);
  };
  return psi(histogram(reference), histogram(current));
}

/** PSI over the categories either side has. */
export function categoricalPsi(reference: readonly string[], current: readonly string[]): number {
  const ref = shares(reference);
  const cur = shares(current);
  const keys = [...new Set([...ref.keys(), ...cur.keys()])];
  return psi(keys.map((k) => ref.get(k) ?? 0), keys.map((k) => cur.get(k) ?? 0));
}

const rngOf = (o: JudgeOptions) => o.rng ?? createRng(0);

export function measureNumeric(column: string, reference: readonly CellValue[], current: readonly CellValue[], type: 'numeric' | 'score' = 'numeric', options: JudgeOptions = {}): Measured {
  const stat = againstNoise(numbersOf(reference), numbersOf(current), numericPsi, rngOf(options));
  return measured({ column, type, statistic: 'psi' }, stat, options.thresholds ?? DEFAULT_DRIFT_THRESHOLDS.psi);
}

export function measureCategorical(column: string, reference: readonly CellValue[], current: readonly CellValue[], options: JudgeOptions & { type?: 'categorical' | 'label' } = {}): Measured {
  const ref = keysOf(reference);
  const cur = keysOf(current);
  const stat = againstNoise(ref, cur, categoricalPsi, rngOf(options));
  return measured({ column, type: options.type ?? 'categorical', statistic: 'psi', topChanges: topChanges(shares(ref), shares(cur)) }, stat, options.thresholds ?? DEFAULT_DRIFT_THRESHOLDS.psi);
}

export function measureText(column: string, reference: readonly CellValue[], current: readonly CellValue[], options: JudgeOptions = {}): Measured {
  const index = new TokenIndex();
  const ref = reference.map((v) => index.encode(v));
  const cur = current.map((v) => index.encode(v));
  const stat = againstNoise(ref, cur, (a, b) => tokenDivergence(a, b, index.size), rngOf(options));
  const tokenShares = (rows: Int32Array[]) => shares(rows.flatMap((r) => Array.from(r, (id) => index.names[id])));
  return measured({ column, type: 'text', statistic: 'js-divergence', topChanges: topChanges(tokenShares(ref), tokenShares(cur)) }, stat, options.thresholds ?? DEFAULT_DRIFT_THRESHOLDS.divergence);
}

/** One column's PSI judged alone; in a report, statistics are judged together (driftReport). */
export const numericDrift = (...args: Parameters<typeof measureNumeric>) => alone(measureNumeric(...args));
export const categoricalDrift = (...args: Parameters<typeof measureCategorical>) => alone(measureCategorical(...args));
export const textDrift = (...args: Parameters<typeof measureText>) => alone(measureText(...args));

/** The most severe entry (level first, then excess over noise). */
export function worstOf(columns: readonly ColumnDrift[]): ColumnDrift | undefined {
  return [...columns].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || b.value - b.noise - (a.value - a.noise))[0];
}

export type MarginalOptions = { thresholds?: { psi: LevelThresholds; divergence: LevelThresholds }; seed?: number };

/** Every column's marginal statistic (and the champion's scores'), measured, not yet judged. */
export function marginalStatistics(
  reference: Record<string, readonly CellValue[]>,
  current: Record<string, readonly CellValue[]>,
  columnTypes: Record<string, ColumnType>,
  scores?: { reference: readonly number[]; current: readonly number[] },
  options: MarginalOptions = {},
): Measured[] {
  const rng = createRng(options.seed ?? 0);
  const t = options.thresholds ?? DEFAULT_DRIFT_THRESHOLDS;
  const columns: Measured[] = [];
  for (const [column, type] of Object.entries(columnTypes)) {
    const ref = reference[column];
    const cur = current[column];
    if (!ref || !cur) continue;
    columns.push(
      type === 'numeric'
        ? measureNumeric(column, ref, cur, 'numeric', { rng, thresholds: t.psi })
        : type === 'categorical'
          ? measureCategorical(column, ref, cur, { rng, thresholds: t.psi })
          : measureText(column, ref, cur, { rng, thresholds: t.divergence }),
    );
  }
  if (scores) columns.push(measureNumeric('champion score', scores.reference, scores.current, 'score', { rng, thresholds: t.psi }));
  return columns;
}

/** The marginal statistics judged together as one report. */
export function driftReport(
  reference: Record<string, readonly CellValue[]>,
  current: Record<string, readonly CellValue[]>,
  columnTypes: Record<string, ColumnType>,
  scores?: { reference: readonly number[]; current: readonly number[] },
  options: MarginalOptions = {},
): DriftReport {
  const { entries: columns, family } = judgeFamily(marginalStatistics(reference, current, columnTypes, scores, options));
  return { referenceRows: Object.values(reference)[0]?.length ?? 0, currentRows: Object.values(current)[0]?.length ?? 0, columns, worst: worstOf(columns), family };
}
