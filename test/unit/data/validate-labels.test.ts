import { describe, expect, it } from 'vitest';
import type { Table } from '../../../components/core/table.js';
import type { CellValue } from '../../../components/core/types.js';
import { labelKey } from '../../../core/labels.js';
import { profileTable, validateLabels } from '../../../data/index.js';
import { thrownUserInputError as thrown } from '../../helpers/user-input-error.js';

function table(columns: Record<string, CellValue[]>): Table {
  return { nRows: Object.values(columns)[0].length, columns };
}

describe('validateLabels', () => {
  it('returns the classes in a stable order', () => {
    const t = table({ label: ['spam', 'ham', 'spam', ' ham '] });
    expect(validateLabels(t, 'label')).toEqual({
      target: 'label',
      classes: [
        { label: 'ham', count: 2 },
        { label: 'spam', count: 2 },
      ],
    });
  });

  it('orders numeric labels as the models index them (by their text), and 1 and "1" are the same class', () => {
    // The summary once sorted numbers numerically while training sorted their text, so for
    // labels 2 and 10 the profile showed 10 last but the default positive class was '2'.
    const t = table({ y: [10, '2', 1, '1', 2, '10'] });
    expect(validateLabels(t, 'y').classes).toEqual([
      { label: '1', count: 2 },
      { label: '10', count: 2 },
      { label: '2', count: 2 },
    ]);
    expect(labelKey(3)).toBe('3');
    expect(labelKey('  ')).toBeNull();
  });

  it('a missing target column, with a suggestion', () => {
    const t = table({ text: ['a', 'b'], label: ['x', 'y'] });
    expect(thrown(() => validateLabels(t, 'lable', { source: 'data.csv' })).message).toBe(
      "data.csv: label column 'lable' not found (did you mean 'label'?); columns: text, label",
    );
    expect(thrown(() => validateLabels(t, 'toString')).message).toMatch(/^label column 'toString' not found/);
  });

  it('missing labels name the first 5 rows', () => {
    const values: CellValue[] = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'a' : 'b'));
    for (const i of [1, 4, 6, 9, 12, 15, 18]) values[i] = i === 4 ? '' : null;
    expect(thrown(() => validateLabels(table({ label: values }), 'label')).message).toBe(
      "label column 'label' is missing in 7 of 20 rows: rows 2, 5, 7, 10, 13 and 2 more (data rows counted from 1, header excluded)",
    );
    const one = table({ label: ['a', null, 'b'] });
    expect(thrown(() => validateLabels(one, 'label')).message).toBe(
      "label column 'label' is missing in 1 of 3 rows: row 2 (data rows counted from 1, header excluded)",
    );
  });

  it('only one class', () => {
    const t = table({ label: ['spam', 'spam', 'spam'] });
    expect(thrown(() => validateLabels(t, 'label')).message).toBe("label column 'label' has only one class ('spam')");
    expect(thrown(() => profileTable(t, { target: 'label', source: 'mail.jsonl' })).message).toBe(
      "mail.jsonl: label column 'label' has only one class ('spam')",
    );
  });

  it('too many classes for a classification label', () => {
    const t = table({ price: Array.from({ length: 50 }, (_, i) => i * 1.25) });
    expect(thrown(() => validateLabels(t, 'price', { maxClasses: 20 })).message).toMatch(
      /^label column 'price' has 50 distinct values \(more than 20\)/,
    );
  });
});
