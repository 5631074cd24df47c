/**
 * The whole drift report of a retrain: the marginal statistics (./drift.ts), the same inside
 * each class (./class-drift.ts) and inside each value of a categorical column (a price that
 * moved within one category only), the label shares, and the champion's performance on the
 * new labelled batch against its stored test figures (./performance-drift.ts). All the
 * statistics are judged together against one bar (./drift-family.ts), so the report as a whole,
 * not each statistic, has a bounded false-alarm rate. One level for all, and findings:
 * sentences naming the class, the column and what moved, worst first.
 */
import type { CellValue, ColumnType } from '../components/core/types.js';
import { classDrift, labelShareDrift, type LabelledBatch } from './class-drift.js';
import { judgeFamily, type FamilyVerdict, type Measured } from './drift-family.js';
import { marginalStatistics, worstOf, type ColumnDrift } from './drift.js';
import { LEVEL_RANK, worstLevel, type DriftLevel, type DriftThresholds } from './drift-levels.js';
import { describeFindings, type DriftFinding } from './drift-findings.js';
import { performanceDrift, type MetricDrift, type PerformanceInput } from './performance-drift.js';

/** Categorical columns with more values than this are not split into segments (identifiers, free text). */
const MAX_SEGMENTS = 30;

export interface RetrainDriftReport {
  referenceRows: number;
  currentRows: number;
  /** The worst level of every statistic below. */
  level: DriftLevel;
  /** The worst level of the champion's performance alone (drift forces a search). */
  performanceLevel: DriftLevel;
  /** Marginal statistics per column (and of the champion's scores). */
  columns: ColumnDrift[];
  /** Per class and column. */
  classes: ColumnDrift[];
  /** Numeric columns within each value of a categorical column (`segment`). */
  segments: (ColumnDrift & { segment: { column: string; value: string } })[];
  labels?: ColumnDrift;
  performance: MetricDrift[];
  /** Classes too small on either side to compare. */
  tooSmall: string[];
  findings: DriftFinding[];
  worst?: ColumnDrift;
  /** The bar every statistic above was judged against (absent in a report that measured nothing). */
  family?: FamilyVerdict;
}

export interface RetrainDriftInput {
  reference: LabelledBatch;
  current: LabelledBatch;
  target: string;
  columnTypes: Record<string, ColumnType>;
  /** The champion's positive-class score on each batch. */
  scores?: { reference: readonly number[]; current: readonly number[] };
  /** The champion's predictions for performance drift (thresholds and seed come from here). */
  performance?: Omit<PerformanceInput, 'thresholds' | 'seed'>;
  thresholds: DriftThresholds;
  seed: number;
}

type SegmentDrift = RetrainDriftReport['segments'][number];

/** Numeric columns within each value of each categorical column, values as the "class" of classDrift. */
function segmentDrift(input: RetrainDriftInput): Measured<SegmentDrift>[] {
  const numeric = Object.fromEntries(Object.entries(input.columnTypes).filter(([, t]) => t === 'numeric'));
  if (Object.keys(numeric).length === 0) return [];
  const out: Measured<SegmentDrift>[] = [];
  for (const [column, type] of Object.entries(input.columnTypes)) {
    const ref = input.reference.columns[column];
    const cur = input.current.columns[column];
    if (type !== 'categorical' || !ref || !cur || new Set(ref).size > MAX_SEGMENTS) continue;
    const asLabels = (values: readonly CellValue[]) => values.map((v) => (v === null || v === undefined ? null : String(v)));
    const { columns } = classDrift({ columns: input.reference.columns, labels: asLabels(ref) }, { columns: input.current.columns, labels: asLabels(cur) }, numeric, { ...input.thresholds, classes: undefined }, input.seed + 2);
    for (const m of columns) {
      const { class: value, ...d } = m.entry;
      out.push({ ...m, entry: { ...d, segment: { column, value: value! } } });
    }
  }
  return out;
}

export function retrainDriftReport(input: RetrainDriftInput): RetrainDriftReport {
  const t = input.thresholds;
  const marginal = marginalStatistics(input.reference.columns, input.current.columns, input.columnTypes, input.scores, { thresholds: t, seed: input.seed });
  const perClass = classDrift(input.reference, input.current, input.columnTypes, t, input.seed + 1);
  const measuredSegments = segmentDrift(input);
  const measuredLabels = labelShareDrift(input.target, input.reference.labels, input.current.labels, t, input.seed + 3);
  // One family: every statistic of the report against the same bar.
  const family: Measured[] = [...marginal, ...perClass.columns, ...measuredSegments, measuredLabels];
  const judged = judgeFamily(family);
  const parts = (from: number, n: number) => judged.entries.slice(from, from + n);
  const columns = parts(0, marginal.length);
  const classes = parts(marginal.length, perClass.columns.length);
  const segments = parts(marginal.length + classes.length, measuredSegments.length) as SegmentDrift[];
  const labels = judged.entries[judged.entries.length - 1];
  const performance = input.performance ? performanceDrift({ ...input.performance, thresholds: t, seed: input.seed + 4 }) : [];
  const performanceLevel = worstLevel(performance.map((p) => p.level));
  const statistics = judged.entries;
  const level = worstLevel([...statistics.map((c) => c.level), performanceLevel]);
  const report: Omit<RetrainDriftReport, 'findings'> = {
    referenceRows: input.reference.labels.length,
    currentRows: input.current.labels.length,
    level,
    performanceLevel,
    columns,
    classes,
    segments,
    labels,
    performance,
    tooSmall: perClass.tooSmall,
    worst: worstOf(statistics.filter((c) => LEVEL_RANK[c.level] > 0)) ?? worstOf(columns),
    family: judged.family,
  };
  return { ...report, findings: describeFindings(report) };
}
