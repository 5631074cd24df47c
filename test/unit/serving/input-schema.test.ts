import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../../components/index.js';
import { checkRecord, inputSchema, validatePredictBody } from '../../../serving/input-schema.js';

const schema = inputSchema(
  Pipeline.create({
    features: { title: { kind: 'tfidf' }, price: { kind: 'numeric' }, category: { kind: 'onehot' } },
    classifier: { kind: 'logreg' },
  }),
);

describe('request records are read the way training read the data file', () => {
  it('describes the columns and the JSON types they take', () => {
    expect(schema).toEqual([
      { name: 'title', columnTypes: ['text'], accepts: ['string'] },
      { name: 'price', columnTypes: ['numeric'], accepts: ['number'] },
      { name: 'category', columnTypes: ['categorical'], accepts: ['string', 'number'] },
    ]);
  });

  it('takes decimal strings and missing-value spellings in numeric columns, numbers in text columns', () => {
    const record = { title: 1234, price: ' 3.50 ', category: 7, id: 'kept as is' };
    expect(checkRecord(record, schema)).toEqual({ record: { title: '1234', price: 3.5, category: 7, id: 'kept as is' } });
    expect(record.price).toBe(' 3.50 '); // the caller's object is not modified
    for (const missing of ['', '  ', 'NA', 'n/a', 'null', '-']) {
      expect(checkRecord({ title: 'x', price: missing, category: 'a' }, schema)).toEqual({ record: { title: 'x', price: null, category: 'a' } });
    }
    const untouched = { title: 'x', price: 2, category: null };
    expect(checkRecord(untouched, schema)).toEqual({ record: untouched });
  });

  it('names every field it cannot read', () => {
    expect(checkRecord({ title: { a: 1 }, price: 'twelve', category: [1] }, schema)).toEqual({
      problems: [
        { field: 'title', message: 'expected a string (or null), got an object' },
        { field: 'price', message: 'expected a number (or null), got the string "twelve"' },
        { field: 'category', message: 'expected a string or a number (or null), got an array' },
      ],
    });
    expect(checkRecord({ title: 'x', category: 'a' }, schema)).toEqual({ problems: [{ field: 'price', message: 'missing: the model reads "price" (numeric)' }] });
    expect(checkRecord({ title: 'x', price: 1e400, category: 'a' }, schema)).toEqual({ problems: [{ field: 'price', message: 'expected a finite number' }] });
    expect(checkRecord('row', schema)).toEqual({ problems: [{ field: '', message: 'expected an object, got a string' }] });
  });

  it('a request body gives back the converted records, or every problem with its record index', () => {
    expect(validatePredictBody({ records: [{ title: 'a', price: '1', category: 'x' }] }, schema)).toEqual({ records: [{ title: 'a', price: 1, category: 'x' }] });
    const bad = validatePredictBody({ records: [{ title: 'a', price: '1', category: 'x' }, { title: 'b', price: 'abc', category: 'y' }] }, schema);
    expect(bad).toEqual({ errors: [{ field: 'records[1].price', message: 'expected a number (or null), got the string "abc"' }], errorCount: 1 });
  });
});
