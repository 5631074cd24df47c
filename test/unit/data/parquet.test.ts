/**
 * The Parquet reader on files written by hyparquet-writer: cell types as the CSV reader
 * gives them, nulls, the columns option, several row groups, and the errors that name the
 * file, column and row.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserInputError, type UserInputError } from '../../../core/errors.js';
import { loadTable, type LoadTableOptions } from '../../../data/index.js';

type WriteOptions = Parameters<typeof parquetWriteBuffer>[0];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'autoflow-parquet-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function parquetFixture(name: string, options: WriteOptions): Promise<{ file: string; bytes: Buffer }> {
  const bytes = Buffer.from(parquetWriteBuffer(options));
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return { file, bytes };
}

async function loadError(source: string, options?: LoadTableOptions): Promise<UserInputError> {
  try {
    await loadTable(source, options);
  } catch (e) {
    if (!isUserInputError(e)) throw e;
    return e;
  }
  throw new Error(`expected loadTable(${source}) to fail`);
}

const typed: WriteOptions = {
  columnData: [
    { name: 'text', data: ['hello', null, 'wörld'], type: 'STRING' },
    { name: 'count', data: [1, 2, null], type: 'INT32' },
    { name: 'big', data: [10n, null, -3n], type: 'INT64' },
    { name: 'price', data: [1.5, Number.NaN, -2.25], type: 'DOUBLE' },
    { name: 'flag', data: [true, false, null], type: 'BOOLEAN' },
    { name: 'seen', data: [new Date('2024-05-06T07:08:09.123Z'), null, new Date(0)], type: 'TIMESTAMP' },
    { name: 'meta', data: [{ a: 1 }, null, [1, 2]], type: 'JSON' },
  ],
};

describe('loadTable: Parquet', () => {
  it('reads each type as the other readers represent it, with nulls for missing values', async () => {
    const { file, bytes } = await parquetFixture('typed.parquet', typed);
    const loaded = await loadTable(file);
    expect(loaded.format).toBe('parquet');
    expect(loaded.columnNames).toEqual(['text', 'count', 'big', 'price', 'flag', 'seen', 'meta']);
    expect(loaded.table.nRows).toBe(3);
    expect(loaded.table.columns).toEqual({
      text: ['hello', null, 'wörld'],
      count: [1, 2, null],
      big: [10, null, -3],
      price: [1.5, null, -2.25],
      flag: ['true', 'false', null],
      seen: ['2024-05-06T07:08:09.123Z', null, '1970-01-01T00:00:00.000Z'],
      meta: ['{"a":1}', null, '[1,2]'],
    });
    expect(loaded.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(loaded.bytes).toBe(bytes.length);
    expect(loaded.uri).toBe(pathToFileURL(file).href);
  });

  it('reads DATE columns as YYYY-MM-DD', async () => {
    const { file } = await parquetFixture('dates.pq', {
      columnData: [{ name: 'day', data: [19000, null] }],
      schema: [
        { name: 'root', num_children: 1 },
        { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
      ],
    });
    expect((await loadTable(file)).table.columns.day).toEqual(['2022-01-08', null]);
  });

  it('reads only the requested columns, in the requested order', async () => {
    const { file } = await parquetFixture('columns.parquet', typed);
    const loaded = await loadTable(file, { columns: ['flag', 'text'] });
    expect(loaded.columnNames).toEqual(['flag', 'text']);
    expect(Object.keys(loaded.table.columns)).toEqual(['flag', 'text']);
    expect(loaded.table.columns.text).toEqual(['hello', null, 'wörld']);
  });

  it('reads every row group, in order', async () => {
    const n = 2500;
    const { file, bytes } = await parquetFixture('groups.parquet', {
      columnData: [
        { name: 'i', data: Array.from({ length: n }, (_, i) => i), type: 'INT32' },
        { name: 's', data: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `row ${i}`)), type: 'STRING' },
      ],
      rowGroupSize: 1000,
    });
    // The fixture must really have several row groups for this test to mean anything.
    expect(parquetMetadata(Uint8Array.from(bytes).buffer).row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 1000, 500]);
    const loaded = await loadTable(file);
    expect(loaded.table.nRows).toBe(n);
    expect(loaded.table.columns.i).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(loaded.table.columns.s[1002]).toBe('row 1002');
    expect(loaded.table.columns.s[2002]).toBeNull();
  });

  it('takes the format from the spec when the name has no extension', async () => {
    const { file } = await parquetFixture('export-2024', typed);
    expect((await loadError(file)).message).toMatch(/cannot tell the format of .*export-2024/);
    expect((await loadTable(file, { format: 'parquet', columns: ['count'] })).table.columns.count).toEqual([1, 2, null]);
  });

  it('names the file when it is not Parquet', async () => {
    const file = path.join(dir, 'fake.parquet');
    await writeFile(file, 'text,label\nhello,ham\n');
    expect((await loadError(file)).message).toBe(`${file} is not a Parquet file (a Parquet file starts and ends with the bytes "PAR1")`);
  });

  it('names a missing column with the nearest one and the list of columns', async () => {
    const { file } = await parquetFixture('missing.parquet', typed);
    const err = await loadError(file, { columns: ['text', 'prize'] });
    expect(err.problems).toEqual([`${file} has no column 'prize' (did you mean 'price'?); columns: text, count, big, price, flag, seen, meta`]);
  });

  it('names a nested column and its type', async () => {
    const { file } = await parquetFixture('nested.parquet', {
      columnData: [
        { name: 'id', data: [1, 2] },
        { name: 'tags', data: [[1, 2], null] },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
        { name: 'tags', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'INT32', repetition_type: 'OPTIONAL' },
      ],
    });
    expect((await loadError(file)).message).toBe(
      `${file} column 'tags': nested type LIST is not supported; only flat columns (numbers, strings, booleans, dates, timestamps) can be read`,
    );
    // Leaving the nested column out reads the rest.
    expect((await loadTable(file, { columns: ['id'] })).table.columns.id).toEqual([1, 2]);
  });

  it('names the row and column of a 64-bit integer a number cannot hold exactly', async () => {
    const { file } = await parquetFixture('bigint.parquet', { columnData: [{ name: 'id', data: [1n, 9007199254740993n], type: 'INT64' }] });
    expect((await loadError(file)).message).toBe(
      `${file} row 2 column 'id': integer 9007199254740993 cannot be represented exactly as a number (beyond ±2^53); store it as a string or a double`,
    );
  });

  it('refuses gzip-wrapped Parquet with the reason', async () => {
    const file = path.join(dir, 'wrapped.parquet.gz');
    await writeFile(file, 'irrelevant');
    expect((await loadError(file)).message).toMatch(/wrapped\.parquet\.gz: a gzip-compressed Parquet file cannot be read/);
  });
});
