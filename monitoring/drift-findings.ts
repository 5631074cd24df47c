/**
 * A drift report in sentences a person acts on: one finding per (class or segment, column) or
 * per class's metric that reached warning, naming the class, the column and what moved (the
 * new n-grams of a class's text, the categories or label shares that changed, the metric that
 * dropped with both values). Worst first: level, then the champion's performance (what users
 * feel), then per-class and per-segment statistics, then the label shares and the marginal ones.
 */
import type { ColumnDrift } from './drift.js';
import { LEVEL_RANK, type DriftLevel } from './drift-levels.js';
import type { MetricDrift } from './performance-drift.js';

export interface DriftFinding {
  level: DriftLevel;
  kind: 'performance' | 'class' | 'segment' | 'label' | 'column';
  class?: string;
  column?: string;
  /** For a segment: the categorical column and its value the statistic was computed within. */
  segment?: { column: string; value: string };
  metric?: string;
  /** Size of the change beyond chance, in the statistic's units (sorting within a level). */
  excess: number;
  text: string;
  /** The n-grams, categories or values that moved most. */
  changes?: { key: string; reference: number; current: number }[];
}

const KIND_ORDER: Record<DriftFinding['kind'], number> = { performance: 0, class: 1, segment: 2, label: 3, column: 4 };
const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`;
const f3 = (x: number) => x.toFixed(3);

function changesText(d: ColumnDrift): string {
  if (!d.topChanges?.length) return '';
  const what = d.type === 'text' ? 'new n-grams (share of rows)' : d.type === 'label' ? 'shares' : 'largest changes';
  return `; ${what}: ${d.topChanges.slice(0, 5).map((c) => `"${c.key}" ${pct(c.reference)} → ${pct(c.current)}`).join(', ')}`;
}

function statText(d: ColumnDrift): string {
  const shares = d.statistic === 'unseen-share' || d.statistic === 'ngram-rise';
  const name = d.statistic === 'unseen-share' ? 'tokens never seen before' : d.statistic === 'ngram-rise' ? 'rows with a new n-gram' : d.statistic;
  const value = shares ? pct(d.value) : f3(d.value);
  const noise = shares ? pct(d.noise) : f3(d.noise);
  return `${name} ${value} (chance alone ${noise}, ${d.level})`;
}

/** Statistics of one (class or segment, column): a text column has two, shown as one finding. */
function groupFindings(entries: readonly ColumnDrift[], kind: 'class' | 'segment' | 'column'): DriftFinding[] {
  const groups = new Map<string, ColumnDrift[]>();
  for (const d of entries) {
    const seg = (d as { segment?: { column: string; value: string } }).segment;
    const key = JSON.stringify([d.class ?? null, seg?.column ?? null, seg?.value ?? null, d.column]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(d);
  }
  const out: DriftFinding[] = [];
  for (const group of groups.values()) {
    const flagged = group.filter((d) => LEVEL_RANK[d.level] > 0);
    if (!flagged.length) continue;
    const first = group[0];
    const seg = (first as { segment?: { column: string; value: string } }).segment;
    const level = flagged.reduce<DriftLevel>((w, d) => (LEVEL_RANK[d.level] > LEVEL_RANK[w] ? d.level : w), 'stable');
    const where = kind === 'class' ? `class ${first.class}, column ${first.column}` : kind === 'segment' ? `${first.column} within ${seg!.column} = ${seg!.value}` : `column ${first.column}`;
    const withChanges = group.find((d) => d.topChanges?.length);
    out.push({
      level,
      kind,
      column: first.column,
      ...(first.class !== undefined && kind === 'class' ? { class: first.class } : {}),
      ...(seg ? { segment: seg } : {}),
      excess: Math.max(...flagged.map((d) => d.value - d.noise)),
      text: `${where}: ${group.map(statText).join(', ')}${withChanges ? changesText(withChanges) : ''}`,
      ...(withChanges?.topChanges ? { changes: withChanges.topChanges } : {}),
    });
  }
  return out;
}

function performanceFinding(m: MetricDrift): DriftFinding {
  const where = m.class !== undefined ? `class ${m.class}: ${m.metric.split(':')[0]}` : `overall ${m.metric}`;
  return {
    level: m.level,
    kind: 'performance',
    ...(m.class !== undefined ? { class: m.class } : {}),
    metric: m.metric,
    excess: m.drop,
    text: `${where} of the champion ${f3(m.reference)} on its test split → ${f3(m.current)} on the new batch (drop ${f3(m.drop)} ± ${f3(m.se)}, ${m.level})`,
  };
}

export function describeFindings(report: { columns: ColumnDrift[]; classes: ColumnDrift[]; segments: ColumnDrift[]; labels?: ColumnDrift; performance: MetricDrift[] }): DriftFinding[] {
  const labels: DriftFinding[] =
    report.labels && LEVEL_RANK[report.labels.level] > 0
      ? [{ level: report.labels.level, kind: 'label', column: report.labels.column, ...(report.labels.class !== undefined ? { class: report.labels.class } : {}), excess: report.labels.value - report.labels.noise, text: `label shares of ${report.labels.column}: ${statText(report.labels)}${changesText(report.labels)}`, ...(report.labels.topChanges ? { changes: report.labels.topChanges } : {}) }]
      : [];
  const findings = [
    ...report.performance.filter((m) => LEVEL_RANK[m.level] > 0).map(performanceFinding),
    ...groupFindings(report.classes, 'class'),
    ...groupFindings(report.segments, 'segment'),
    ...labels,
    ...groupFindings(report.columns, 'column'),
  ];
  return findings.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.excess - a.excess);
}
