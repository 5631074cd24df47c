import { describe, expect, it } from 'vitest';
import type { Table } from '../../../components/core/table.js';
import type { CellValue } from '../../../components/core/types.js';
import {
  coerceColumns,
  describeCoercionProblems,
  parseNumber,
  profileColumnTypes,
  profileTable,
  TOP_VALUES,
  type ColumnProfile,
  type DataProfile,
} from '../../../data/index.js';
import { thrownUserInputError as thrown } from '../../helpers/user-input-error.js';

function table(columns: Record<string, CellValue[]>): Table {
  return { nRows: Object.values(columns)[0].length, columns };
}

function column(profile: DataProfile, name: string): ColumnProfile {
  const found = profile.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

const N = 40;
const labels = Array.from({ length: N }, (_, i) => (i % 4 === 0 ? 'spam' : 'ham'));
const sentences = [
  'the quick brown fox',
  'jumps over',
  'a lazy dog today',
  'hello there friend',
  'see you soon',
  'buy cheap pills',
  'meeting at noon',
  'lunch is ready now',
];

describe('profileTable: type inference', () => {
  const t = table({
    price: Array.from({ length: N }, (_, i) => (i === 3 ? '' : i === 5 ? 'n/a' : String(i * 1.5))),
    qty: Array.from({ length: N }, (_, i) => i % 5),
    body: Array.from({ length: N }, (_, i) => `This is a fairly long message number ${i} with enough words in it`),
    title: Array.from({ length: N }, (_, i) => `${sentences[i % sentences.length]} ${i}`),
    colour: Array.from({ length: N }, (_, i) => ['red', 'green', 'blue'][i % 3]),
    mostlyNumbers: Array.from({ length: N }, (_, i) => (i < 3 ? 'abc' : String(i))),
    empty: Array.from({ length: N }, () => null),
    label: labels,
  });
  const profile = profileTable(t, { target: 'label' });

  it('numeric when at least 95% of non-missing values are numbers; NA spellings count as missing', () => {
    const price = column(profile, 'price');
    expect(price).toMatchObject({ type: 'numeric', inferred: true, missing: 1 });
    expect(price.numeric).toMatchObject({ min: 0, max: 58.5, unparsable: 0 });
    const values = Array.from({ length: N }, (_, i) => i * 1.5).filter((_, i) => i !== 3 && i !== 5);
    expect(price.numeric!.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10);
    expect(column(profile, 'qty')).toMatchObject({ type: 'numeric', unique: 5, numeric: { min: 0, max: 4 } });
  });

  it('text when long, or many unique values with spaces; categorical otherwise', () => {
    expect(column(profile, 'body')).toMatchObject({ type: 'text', text: { maxLength: 63 } });
    expect(column(profile, 'title').type).toBe('text');
    const colour = column(profile, 'colour');
    expect(colour).toMatchObject({ type: 'categorical', unique: 3 });
    expect(colour.topValues).toEqual([
      { value: 'red', count: 14 },
      { value: 'blue', count: 13 },
      { value: 'green', count: 13 },
    ]);
    expect(column(profile, 'mostlyNumbers').type).toBe('categorical'); // 37 of 40 numbers: below 95%
  });

  it('an all-missing column is ignored with a warning', () => {
    expect(column(profile, 'empty')).toMatchObject({ type: 'ignore', missing: N, unique: 0 });
    expect(profile.warnings).toContain("column 'empty' is empty in every row; it is ignored");
  });

  it('reports the target classes and leaves the target out of the columns', () => {
    expect(profile.nRows).toBe(N);
    expect(profile.target).toEqual({ name: 'label', classes: [{ label: 'ham', count: 30 }, { label: 'spam', count: 10 }] });
    expect(profile.columns.map((c) => c.name)).not.toContain('label');
    expect(profileColumnTypes(profile)).toEqual({
      price: 'numeric',
      qty: 'numeric',
      body: 'text',
      title: 'text',
      colour: 'categorical',
      mostlyNumbers: 'categorical',
      empty: 'ignore',
    });
  });
});

describe('profileTable: given types, warnings, size', () => {
  it('uses given column types and records unparsable numbers', () => {
    const t = table({
      n: ['1', '2', 'three', '4', 'x'],
      code: ['1', '2', '3', '1', '2'],
      label: ['a', 'b', 'a', 'b', 'a'],
    });
    const p = profileTable(t, { target: 'label', columnTypes: { n: 'numeric', code: 'categorical' } });
    expect(column(p, 'n')).toMatchObject({ type: 'numeric', inferred: false, numeric: { unparsable: 2, unparsableExamples: ['three', 'x'] } });
    expect(column(p, 'code')).toMatchObject({ type: 'categorical', inferred: false });
    expect(p.warnings[0]).toBe("column 'n': 2 of 5 values are not numbers (e.g. 'three', 'x'); they are treated as missing");
  });

  it('rejects unknown columns and types in columnTypes, and a numeric column without numbers', () => {
    const t = table({ price: ['a', 'b'], label: ['x', 'y'] });
    expect(thrown(() => profileTable(t, { target: 'label', columnTypes: { prise: 'numeric' } })).message).toBe(
      "column type given for unknown column 'prise' (did you mean 'price'?); columns: price, label",
    );
    expect(thrown(() => profileTable(t, { target: 'label', columnTypes: { price: 'number' as never } })).message).toBe(
      `column 'price': unknown type "number"; use one of text, numeric, categorical, ignore`,
    );
    expect(thrown(() => profileTable(t, { target: 'label', columnTypes: { price: 'numeric' } })).message).toBe(
      "column 'price' is declared numeric but none of its values are numbers (e.g. 'a', 'b')",
    );
  });

  it('warns about identifier-like and constant columns and tiny classes', () => {
    const n = 30;
    const t = table({
      id: Array.from({ length: n }, (_, i) => `row-${i}`),
      constant: Array.from({ length: n }, () => 'same'),
      label: Array.from({ length: n }, (_, i) => (i < 2 ? 'rare' : 'common')),
    });
    const p = profileTable(t, { target: 'label' });
    // Inferred: ignored, and said so. Declared categorical: kept, with a warning.
    expect(column(p, 'id').type).toBe('ignore');
    expect(p.warnings).toContain("column 'id' is ignored: a different value in every row (an identifier?), which cannot generalise to new rows; give it a type under 'columns' to use it anyway");
    const declared = profileTable(t, { target: 'label', columnTypes: { id: 'categorical' } });
    expect(column(declared, 'id').type).toBe('categorical');
    expect(declared.warnings).toContain("column 'id' has a different value in every row; if it is an identifier, give it type 'ignore'");
    expect(p.warnings).toContain("column 'constant' has the same value in every non-missing row ('same'); it carries little information");
    expect(p.warnings.some((w) => w.startsWith("label column 'label': class 'rare' (2) have fewer than 3 rows"))).toBe(true);
  });

  it('ignores row numbers but keeps numeric features whose values are all distinct', () => {
    const n = 40;
    const t = table({
      row: Array.from({ length: n }, (_, i) => String(1000 + 3 * i)),
      amount: Array.from({ length: n }, (_, i) => String(10 + i * 1.25)),
      shuffledInts: Array.from({ length: n }, (_, i) => String((i * 17) % n)),
      withGap: Array.from({ length: n }, (_, i) => (i === 5 ? '' : String(i))),
      label: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b')),
    });
    const p = profileTable(t, { target: 'label' });
    expect(column(p, 'row').type).toBe('ignore');
    expect(p.warnings.some((w) => w.startsWith("column 'row' is ignored: increasing whole numbers, one per row"))).toBe(true);
    expect(column(p, 'amount').type).toBe('numeric');
    expect(column(p, 'shuffledInts').type).toBe('numeric');
    expect(column(p, 'withGap').type).toBe('numeric');
    // A column a pipeline reads by name is kept.
    expect(column(profileTable(t, { target: 'label', readColumns: ['row'] }), 'row').type).toBe('numeric');
    // Too few rows to tell.
    const small = profileTable(table({ id: ['1', '2', '3'], label: ['a', 'b', 'a'] }), { target: 'label' });
    expect(column(small, 'id').type).toBe('numeric');
  });

  it('stays small JSON: top values capped and cut, unique counts capped', () => {
    const n = 30_000;
    const t = table({
      cat: Array.from({ length: n }, (_, i) => `${'v'.repeat(200)}${i % 15_000}`),
      label: Array.from({ length: n }, (_, i) => (i % 2 ? 'a' : 'b')),
    });
    const p = profileTable(t, { target: 'label', columnTypes: { cat: 'categorical' } });
    const cat = column(p, 'cat');
    expect(cat.uniqueCapped).toBe(true);
    expect(cat.unique).toBe(10_000);
    expect(cat.topValues).toHaveLength(TOP_VALUES);
    expect(cat.topValues!.every((v) => v.value.length <= 83)).toBe(true);
    expect(JSON.stringify(p).length).toBeLessThan(5_000);
  });
});

describe('coerceColumns', () => {
  it('converts numeric strings to numbers, recording unparsable values; normalises other types; leaves the input alone', () => {
    const t = table({
      price: ['1.5', ' 2 ', '', 'NA', 'oops', '1e3', '0x10', 7],
      colour: [' red', 'blue ', '', 3, null, 'red', 'red', 'red'],
      body: ['  hi there ', null, ' ', 'x', 'y', 'z', 'w', 'v'],
      keep: ['a', '', 'c', 'd', 'e', 'f', 'g', 'h'],
    });
    const before = JSON.stringify(t);
    const { table: out, problems } = coerceColumns(t, { price: 'numeric', colour: 'categorical', body: 'text', keep: 'ignore' });
    expect(JSON.stringify(t)).toBe(before);
    expect(out.columns.price).toEqual([1.5, 2, null, null, null, 1000, null, 7]);
    expect(out.columns.colour).toEqual(['red', 'blue', null, '3', null, 'red', 'red', 'red']);
    expect(out.columns.body).toEqual(['  hi there ', null, null, 'x', 'y', 'z', 'w', 'v']);
    expect(out.columns.keep).toBe(t.columns.keep);
    expect(problems).toEqual({ price: { unparsable: 2, rows: [5, 7], examples: ['oops', '0x10'] } });
    expect(describeCoercionProblems(problems)).toEqual([
      "column 'price': 2 values are not numbers and became missing (rows 5, 7; e.g. 'oops', '0x10')",
    ]);
  });

  it('parseNumber accepts decimal notation only', () => {
    expect(['12', '-3.5', '+.5', '4.', '1e-3', ' 8 '].map(parseNumber)).toEqual([12, -3.5, 0.5, 4, 0.001, 8]);
    expect(['', 'abc', '0x1f', 'Infinity', '1,000', '1e999', null].map((v) => parseNumber(v))).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(parseNumber(Number.NaN)).toBeNull();
  });
});
