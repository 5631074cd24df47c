/**
 * Drift between a reference batch (the champion's training data) and a fresh one:
 * population stability index for numeric and categorical columns, Jensen-Shannon divergence
 * of token distributions for text, and the shift in the champion's score distribution.
 * Rules of thumb for PSI: < 0.1 stable, 0.1-0.25 moderate, > 0.25 significant.
 */
import type { CellValue, ColumnType } from '../components/core/types.js';
import { isMissing, parseNumber } from '../data/profile.js';

export interface ColumnDrift {
  column: string;
  type: ColumnType | 'score';
  /** PSI for numeric/categorical/score; Jensen-Shannon divergence (base 2, 0..1) for text. */
  statistic: 'psi' | 'js-divergence';
  value: number;
  level: 'stable' | 'moderate' | 'significant';
  /** Up to five categories or tokens whose share moved most (new share - reference share). */
  topChanges?: { key: string; reference: number; current: number }[];
}

export interface DriftReport {
  referenceRows: number;
  currentRows: number;
  columns: ColumnDrift[];
  /** The largest column-level drift, for summaries and alerts. */
  worst?: ColumnDrift;
}

const EPS = 1e-4;

function levelOf(statistic: ColumnDrift['statistic'], value: number): ColumnDrift['level'] {
  const [moderate, significant] = statistic === 'psi' ? [0.1, 0.25] : [0.05, 0.15];
  return value >= significant ? 'significant' : value >= moderate ? 'moderate' : 'stable';
}

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

function shares(counts: Map<string, number>): Map<string, number> {
  const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
  return new Map([...counts].map(([k, v]) => [k, v / total]));
}

function topChanges(ref: Map<string, number>, cur: Map<string, number>): ColumnDrift['topChanges'] {
  const keys = new Set([...ref.keys(), ...cur.keys()]);
  return [...keys]
    .map((key) => ({ key, reference: ref.get(key) ?? 0, current: cur.get(key) ?? 0 }))
    .sort((a, b) => Math.abs(b.current - b.reference) - Math.abs(a.current - a.reference) || (a.key < b.key ? -1 : 1))
    .slice(0, 5);
}

/** PSI over deciles of the reference (missing values as their own bin). */
export function numericDrift(column: string, reference: readonly CellValue[], current: readonly CellValue[], type: 'numeric' | 'score' = 'numeric'): ColumnDrift {
  const ref = reference.map((v) => (isMissing(v) ? null : parseNumber(v))).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const edges: number[] = [];
  for (let q = 1; q < 10; q++) {
    const edge = ref[Math.min(ref.length - 1, Math.floor((q * ref.length) / 10))];
    if (edge !== undefined && edges[edges.length - 1] !== edge) edges.push(edge);
  }
  const histogram = (values: readonly CellValue[]) => {
    const bins = new Array<number>(edges.length + 2).fill(0);
    for (const v of values) {
      const x = isMissing(v) ? null : parseNumber(v);
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
  const value = psi(histogram(reference), histogram(current));
  return { column, type, statistic: 'psi', value, level: levelOf('psi', value) };
}

export function categoricalDrift(column: string, reference: readonly CellValue[], current: readonly CellValue[]): ColumnDrift {
  const count = (values: readonly CellValue[]) => {
    const m = new Map<string, number>();
    for (const v of values) {
      const k = isMissing(v) ? '(missing)' : String(v);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return shares(m);
  };
  const ref = count(reference);
  const cur = count(current);
  const keys = [...new Set([...ref.keys(), ...cur.keys()])];
  const value = psi(keys.map((k) => ref.get(k) ?? 0), keys.map((k) => cur.get(k) ?? 0));
  return { column, type: 'categorical', statistic: 'psi', value, level: levelOf('psi', value), topChanges: topChanges(ref, cur) };
}

/** Unicode-aware word tokens (and CJK runs as single characters, so Japanese text counts too). */
function tokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu)?.flatMap((t) => (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(t) ? [...t] : [t])) ?? [];
}

export function textDrift(column: string, reference: readonly CellValue[], current: readonly CellValue[]): ColumnDrift {
  const count = (values: readonly CellValue[]) => {
    const m = new Map<string, number>();
    for (const v of values) if (!isMissing(v)) for (const t of tokens(String(v))) m.set(t, (m.get(t) ?? 0) + 1);
    return shares(m);
  };
  const ref = count(reference);
  const cur = count(current);
  const value = jsDivergence(ref, cur);
  return { column, type: 'text', statistic: 'js-divergence', value, level: levelOf('js-divergence', value), topChanges: topChanges(ref, cur) };
}

export function driftReport(
  reference: Record<string, readonly CellValue[]>,
  current: Record<string, readonly CellValue[]>,
  columnTypes: Record<string, ColumnType>,
  scores?: { reference: readonly number[]; current: readonly number[] },
): DriftReport {
  const columns: ColumnDrift[] = [];
  for (const [column, type] of Object.entries(columnTypes)) {
    const ref = reference[column];
    const cur = current[column];
    if (!ref || !cur) continue;
    columns.push(type === 'numeric' ? numericDrift(column, ref, cur) : type === 'categorical' ? categoricalDrift(column, ref, cur) : textDrift(column, ref, cur));
  }
  if (scores) columns.push(numericDrift('champion score', scores.reference, scores.current, 'score'));
  const rank = { stable: 0, moderate: 1, significant: 2 };
  const worst = [...columns].sort((a, b) => rank[b.level] - rank[a.level] || b.value - a.value)[0];
  return { referenceRows: Object.values(reference)[0]?.length ?? 0, currentRows: Object.values(current)[0]?.length ?? 0, columns, worst };
}
