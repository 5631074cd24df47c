/**
 * Data validation for scheduled retraining: each rule checks one property of a fresh batch
 * (schema, label set, row count, missing values, class balance) against configured bounds.
 * Bad data fails the retrain with a readable report and never promotes anything.
 */
import type { Table } from '../components/core/table.js';
import type { ColumnType } from '../components/core/types.js';
import { isMissing, parseNumber } from '../data/profile.js';
import { labelKey } from '../core/labels.js';

export interface ValidationRules {
  /** Columns that must be present, with their type (numeric columns must parse as numbers). */
  columns?: Record<string, ColumnType>;
  /** The label column. */
  target: string;
  /** Every label must be one of these; absent = any. */
  labels?: string[];
  minRows?: number;
  maxRows?: number;
  /** Largest share of missing values allowed per column (0..1); `*` applies to every column. */
  maxMissing?: Record<string, number>;
  /** Smallest share each class must have (0..1). */
  minClassShare?: number;
}

export type RuleName = 'schema' | 'labels' | 'row-count' | 'missing-values' | 'class-balance';

export interface RuleResult {
  rule: RuleName;
  passed: boolean;
  /** What was checked and found, readable as it stands. */
  detail: string;
}

export interface ValidationReport {
  passed: boolean;
  rows: number;
  results: RuleResult[];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function validateData(table: Table, rules: ValidationRules): ValidationReport {
  const results: RuleResult[] = [];
  const names = Object.keys(table.columns);

  const schemaProblems: string[] = [];
  for (const [column, type] of Object.entries({ ...rules.columns, [rules.target]: 'categorical' as ColumnType })) {
    const values = table.columns[column];
    if (!values) {
      schemaProblems.push(`column "${column}" is missing`);
      continue;
    }
    if (type === 'numeric') {
      const present = values.filter((v) => !isMissing(v));
      const bad = present.filter((v) => parseNumber(v) === null).length;
      if (present.length > 0 && bad / present.length > 0.05) schemaProblems.push(`column "${column}" should be numeric but ${pct(bad / present.length)} of its values are not numbers`);
    }
  }
  results.push({ rule: 'schema', passed: schemaProblems.length === 0, detail: schemaProblems.length ? schemaProblems.join('; ') : `all ${Object.keys(rules.columns ?? {}).length + 1} expected columns present with their types (of ${names.length})` });

  const labels = (table.columns[rules.target] ?? []).map((v) => labelKey(v));
  const counts = new Map<string, number>();
  let missingLabels = 0;
  for (const l of labels) {
    if (l === null) missingLabels++;
    else counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  if (rules.labels) {
    const unknown = [...counts.keys()].filter((l) => !rules.labels!.includes(l));
    const problems = [
      ...(unknown.length ? [`unexpected label(s) ${unknown.slice(0, 5).map((l) => `"${l}"`).join(', ')} (expected ${rules.labels.join(', ')})`] : []),
      ...(missingLabels ? [`${missingLabels} row(s) without a label`] : []),
    ];
    results.push({ rule: 'labels', passed: problems.length === 0, detail: problems.length ? problems.join('; ') : `labels within {${rules.labels.join(', ')}}` });
  }

  if (rules.minRows !== undefined || rules.maxRows !== undefined) {
    const low = rules.minRows !== undefined && table.nRows < rules.minRows;
    const high = rules.maxRows !== undefined && table.nRows > rules.maxRows;
    results.push({
      rule: 'row-count',
      passed: !low && !high,
      detail: `${table.nRows} rows (allowed ${rules.minRows ?? 0}..${rules.maxRows ?? '∞'})`,
    });
  }

  if (rules.maxMissing) {
    const problems: string[] = [];
    const checked = Object.keys(rules.maxMissing).includes('*') ? names : Object.keys(rules.maxMissing);
    for (const column of checked) {
      const limit = rules.maxMissing[column] ?? rules.maxMissing['*'];
      const values = table.columns[column];
      if (!values || limit === undefined) continue;
      const share = values.filter((v) => isMissing(v)).length / Math.max(1, values.length);
      if (share > limit) problems.push(`column "${column}" is ${pct(share)} missing (limit ${pct(limit)})`);
    }
    results.push({ rule: 'missing-values', passed: problems.length === 0, detail: problems.length ? problems.join('; ') : `missing values within limits in ${checked.length} column(s)` });
  }

  if (rules.minClassShare !== undefined) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const expected = rules.labels ?? [...counts.keys()];
    const shares = expected.map((l) => [l, (counts.get(l) ?? 0) / Math.max(1, total)] as const);
    const small = shares.filter(([, s]) => s < rules.minClassShare!);
    results.push({
      rule: 'class-balance',
      passed: small.length === 0 && expected.length >= 2,
      detail: small.length
        ? `class ${small.map(([l, s]) => `"${l}" is ${pct(s)}`).join(', ')} of rows (minimum ${pct(rules.minClassShare)})`
        : `class shares ${shares.map(([l, s]) => `${l} ${pct(s)}`).join(', ')}`,
    });
  }

  return { passed: results.every((r) => r.passed), rows: table.nRows, results };
}

export function formatValidationReport(report: ValidationReport): string {
  return report.results.map((r) => `${r.passed ? 'PASS' : 'FAIL'} ${r.rule}: ${r.detail}`).join('\n');
}
