import { describe, expect, it } from 'vitest';
import { formatValidationReport, validateData, type ValidationRules } from '../../../monitoring/data-validation.js';

const table = (rows: [string | null, string | number | null, string | null][]) => ({
  nRows: rows.length,
  columns: { title: rows.map((r) => r[0]), price: rows.map((r) => r[1]), label: rows.map((r) => r[2]) },
});

const good = table([
  ['a', 1, 'ok'], ['b', 2, 'ok'], ['c', 3, 'fraud'], ['d', 4, 'ok'], ['e', '5', 'fraud'],
]);
const rules: ValidationRules = { target: 'label', columns: { title: 'text', price: 'numeric' }, labels: ['ok', 'fraud'], minRows: 3, maxRows: 100, maxMissing: { '*': 0.2 }, minClassShare: 0.2 };

const failed = (r: ReturnType<typeof validateData>) => r.results.filter((x) => !x.passed).map((x) => x.rule);

describe('validateData', () => {
  it('passes good data on every rule', () => {
    const report = validateData(good, rules);
    expect(report.passed).toBe(true);
    expect(report.results.map((r) => r.rule)).toEqual(['schema', 'labels', 'row-count', 'missing-values', 'class-balance']);
  });

  it('fails the schema rule on a missing column or a non-numeric numeric column', () => {
    const noPrice = { nRows: 5, columns: { title: good.columns.title, label: good.columns.label } };
    expect(failed(validateData(noPrice, rules))).toContain('schema');
    const textPrice = table([['a', 'cheap', 'ok'], ['b', 'free', 'ok'], ['c', 3, 'fraud'], ['d', 'x', 'fraud']]);
    const r = validateData(textPrice, rules);
    expect(failed(r)).toEqual(['schema']);
    expect(formatValidationReport(r)).toContain('FAIL schema: column "price" should be numeric but 75.0% of its values are not numbers');
  });

  it('fails the labels rule on an unexpected label or a missing one', () => {
    const r = validateData(table([['a', 1, 'ok'], ['b', 2, 'spam'], ['c', 3, 'fraud'], ['d', 4, null]]), { ...rules, maxMissing: undefined });
    expect(failed(r)).toContain('labels');
    expect(r.results.find((x) => x.rule === 'labels')!.detail).toBe('unexpected label(s) "spam" (expected ok, fraud); 1 row(s) without a label');
  });

  it('fails the row-count rule outside the bounds', () => {
    expect(failed(validateData(good, { ...rules, minRows: 10 }))).toEqual(['row-count']);
    expect(failed(validateData(good, { ...rules, maxRows: 4 }))).toEqual(['row-count']);
  });

  it('fails the missing-values rule naming the column and share', () => {
    const r = validateData(table([['a', null, 'ok'], ['b', null, 'ok'], ['c', 3, 'fraud'], ['d', 4, 'fraud']]), rules);
    expect(failed(r)).toEqual(['missing-values']);
    expect(r.results.find((x) => x.rule === 'missing-values')!.detail).toBe('column "price" is 50.0% missing (limit 20.0%)');
  });

  it('fails the class-balance rule when a class is too rare or absent', () => {
    const r = validateData(table([['a', 1, 'ok'], ['b', 2, 'ok'], ['c', 3, 'ok'], ['d', 4, 'ok'], ['e', 5, 'ok'], ['f', 6, 'fraud']]), rules);
    expect(failed(r)).toEqual(['class-balance']);
    expect(r.results.find((x) => x.rule === 'class-balance')!.detail).toContain('"fraud" is 16.7%');
  });
});
