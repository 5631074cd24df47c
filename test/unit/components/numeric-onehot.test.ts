import { describe, expect, it } from 'vitest';
import { UserInputError, getFeatureComponent, type CellValue, type DenseMatrix, type FeatureExtractor } from '../../../components/index.js';

const ctx = { seed: 0 };

function make(kind: string, params: Record<string, unknown> = {}): FeatureExtractor {
  const def = getFeatureComponent(kind, 'test');
  return def.create({ ...Object.fromEntries(Object.entries(def.params).map(([k, s]) => [k, s.default])), ...params });
}

function columnOf(m: DenseMatrix, c: number): number[] {
  return Array.from({ length: m.rows }, (_, r) => m.values[r * m.cols + c]);
}

describe('numeric feature', () => {
  // Present values 1, 2, 4, 10 (strings parsed, NaN and "abc" missing) -> median (2 + 4) / 2 = 3.
  const values: CellValue[] = [1, 2, null, 'abc', ' 4 ', NaN, 10];

  it('imputes the training median and adds a missing indicator', () => {
    const f = make('numeric', { transform: 'none' });
    f.fit(values, ctx);
    const X = f.transform(values) as DenseMatrix;
    expect(f.outputSize).toBe(2);
    expect(columnOf(X, 0)).toEqual([1, 2, 3, 3, 4, 3, 10]);
    expect(columnOf(X, 1)).toEqual([0, 0, 1, 1, 0, 1, 0]);
  });

  it('standardizes the imputed column to zero mean and unit variance', () => {
    const f = make('numeric');
    f.fit(values, ctx);
    const col = columnOf(f.transform(values) as DenseMatrix, 0);
    const mean = col.reduce((s, v) => s + v, 0) / col.length;
    expect(mean).toBeCloseTo(0, 12);
    expect(col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length).toBeCloseTo(1, 12);
    // Imputed column 1 2 3 3 4 3 10: mean 26/7, so the value 3 maps to (3 - 26/7) / std.
    const std = Math.sqrt([1, 2, 3, 3, 4, 3, 10].reduce((s, v) => s + (v - 26 / 7) ** 2, 0) / 7);
    expect(col[2]).toBeCloseTo((3 - 26 / 7) / std, 12);
  });

  it('log1p keeps the sign of negative values', () => {
    const f = make('numeric', { transform: 'log1p', addMissingIndicator: false });
    f.fit([-3, 0, 3], ctx);
    expect(columnOf(f.transform([-3, 0, 3, null]) as DenseMatrix, 0)).toEqual([-Math.log(4), 0, Math.log(4), 0]);
    expect(f.outputSize).toBe(1);
  });

  it('has no indicator column when training had no missing values, yet imputes at transform time', () => {
    const f = make('numeric', { transform: 'none' });
    f.fit([1, 5, 9], ctx);
    expect(f.outputSize).toBe(1);
    expect(columnOf(f.transform([null, '1e3']) as DenseMatrix, 0)).toEqual([5, 1000]);
  });

  it('rejects infinite values, naming the row', () => {
    const f = make('numeric');
    expect(() => f.fit([1, 2, Infinity], ctx)).toThrow(UserInputError);
    expect(() => f.fit([1, '-Infinity'], ctx)).toThrow(/row 1 /);
  });

  it('loads from JSON state to identical output', () => {
    const f = make('numeric');
    f.fit(values, ctx);
    const loaded = getFeatureComponent('numeric', 'test').load({ transform: 'standardize', addMissingIndicator: true }, JSON.parse(JSON.stringify(f.getState())));
    expect(loaded.transform(values)).toEqual(f.transform(values));
  });
});

describe('one-hot feature', () => {
  // Counts: a 3, "7" 2 (7 and "7" are one category), b 1, c 1, __missing__ 1.
  const values: CellValue[] = ['a', 'b', 'a', null, 'c', 'a', 7, '7'];

  it('keeps frequent categories and sends rare and unseen ones to the last column', () => {
    const f = make('onehot', { minFrequency: 2 });
    f.fit(values, ctx);
    expect(f.getState()).toEqual({ categories: ['7', 'a'] });
    expect(f.outputSize).toBe(3);
    const X = f.transform(['a', 'zzz', null, 7, 'b']);
    expect(X.kind).toBe('csr');
    expect(Array.from(X.kind === 'csr' ? X.indices : [])).toEqual([1, 2, 2, 0, 2]);
    expect(Array.from(X.kind === 'csr' ? X.indptr : [])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('treats missing values as their own category', () => {
    const f = make('onehot');
    f.fit(values, ctx);
    expect(f.getState()).toEqual({ categories: ['7', '__missing__', 'a', 'b', 'c'] });
  });

  it('loads from JSON state to identical output', () => {
    const f = make('onehot');
    f.fit(values, ctx);
    const loaded = getFeatureComponent('onehot', 'test').load({ minFrequency: 1 }, JSON.parse(JSON.stringify(f.getState())));
    expect(loaded.transform([...values, 'new'])).toEqual(f.transform([...values, 'new']));
  });
});
