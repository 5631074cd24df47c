/**
 * The spec's `split` checked against the data: fractions, and for `by` (out of time) or
 * `group` (grouped) the column, named with a suggestion when it is missing and with sample
 * values when it cannot split. When the rule is sound it is tried on the data, so a class
 * missing from the held-out rows is a warning before the search starts, not a surprise after.
 */
import type { Table } from '../components/core/table.js';
import { isUserInputError } from '../core/errors.js';
import { labelKey } from '../core/labels.js';
import { didYouMean, listNames } from '../core/names.js';
import { splitRows, type SplitRule } from '../data/split-rows.js';
import type { ExperimentSpec } from './experiment-spec.js';

export const DEFAULT_SPLIT = { validation: 0.2, test: 0.2 };

export interface ResolvedSplit {
  split: SplitRule;
  problems: string[];
  /** A class missing from a part, rows without a time, and how the rows fall (for `by` and `group`). */
  notes: string[];
}

/** Feature blocks of the spec's own pipeline that read `column`. */
function blocksReading(spec: ExperimentSpec, column: string): string[] {
  return Object.entries(spec.pipeline?.features ?? {})
    .filter(([name, block]) => (typeof block?.column === 'string' ? block.column : name) === column)
    .map(([name]) => name);
}

/** Problems with a split column: missing, the label itself, or (for `by`) declared as a feature. */
function columnProblems(spec: ExperimentSpec, field: 'by' | 'group', column: unknown, names: readonly string[], where: string): string[] {
  if (typeof column !== 'string' || column === '') return [`split.${field}: expected a column name, got ${JSON.stringify(column)}`];
  if (!names.includes(column)) return [`split.${field}: column '${column}' is not in ${where}${didYouMean(column, names)}; columns: ${listNames(names)}`];
  if (column === spec.target) return [`split.${field}: '${column}' is the label column; split by a time or group column instead`];
  if (field !== 'by') return [];
  // A model that reads the time it is split by learns "later = this class", which the
  // held-out rows reward and next month's rows punish.
  const problems: string[] = [];
  const declared = spec.columns?.[column];
  if (declared !== undefined && declared !== 'ignore') problems.push(`columns.${column}: '${column}' is the split.by column and cannot be a feature (declared ${declared}); remove it from columns or declare it ignore`);
  for (const block of blocksReading(spec, column)) problems.push(`pipeline.features.${block}: reads '${column}', the split.by column, which cannot be a feature`);
  return problems;
}

/**
 * `featureColumns`: the columns the pipeline may read (declared or inferred); a group column
 * among them gets a note, since its held-out values are never seen in training.
 */
export function resolveSplit(spec: ExperimentSpec, table: Table, where: string, featureColumns: readonly string[] = []): ResolvedSplit {
  const raw = (spec.split ?? {}) as Record<string, unknown>;
  const rule: SplitRule = { ...DEFAULT_SPLIT, ...(spec.split ?? {}) };
  const problems: string[] = [];
  if (rule.validation + rule.test >= 0.9) problems.push(`split: validation + test = ${rule.validation + rule.test}; leave at least 10% for training`);
  const names = Object.keys(table.columns);
  if (raw.by !== undefined && raw.group !== undefined) {
    problems.push(`split: give either by (${String(raw.by)}) or group (${String(raw.group)}), not both; a split that is out of time and grouped at once is not supported`);
  }
  if (raw.by !== undefined) problems.push(...columnProblems(spec, 'by', raw.by, names, where));
  if (raw.group !== undefined) problems.push(...columnProblems(spec, 'group', raw.group, names, where));
  if (problems.length > 0 || (raw.by === undefined && raw.group === undefined)) return { split: rule, problems, notes: [] };

  // Labels with gaps are the profile's to report; the trial split needs every row's class.
  const labels = (table.columns[spec.target] ?? []).map((v) => labelKey(v));
  if (labels.length === 0 || labels.some((l) => l === null)) return { split: rule, problems, notes: [] };
  const groupAsFeature =
    typeof raw.group === 'string' && (featureColumns.includes(raw.group) || blocksReading(spec, raw.group).length > 0)
      ? [`split.group: '${raw.group}' is also a feature, but validation and test hold only ${raw.group} values never seen in training; declare it ignore under columns unless the model should learn known groups`]
      : [];
  try {
    const tried = splitRows(table, labels as string[], rule, spec.seed ?? 0);
    return { split: rule, problems, notes: [tried.description, ...tried.warnings, ...groupAsFeature] };
  } catch (e) {
    if (!isUserInputError(e)) throw e;
    return { split: rule, problems: [...problems, ...e.problems], notes: [] };
  }
}
