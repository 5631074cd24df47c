/**
 * split.by on times as each reader gives them: Parquet TIMESTAMP and DATE columns (ISO text
 * after loading), JSON Lines epoch milliseconds (numbers) and CSV epoch seconds (decimal text).
 * Whatever the format, the test rows are the newest and the validation rows the next newest.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace } from '../../../core/random.js';
import { loadTable } from '../../../data/index.js';
import { splitRows } from '../../../data/split-rows.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'autoflow-split-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 20 hours of 2024-05-06 (one row each) in shuffled file order, and the label of each. */
const hours = shuffleInPlace(Array.from({ length: 20 }, (_, h) => h), createRng(3));
const msOf = (h: number) => Date.UTC(2024, 4, 6, h);
const labels = hours.map((h) => (h % 2 ? 'a' : 'b'));

/** The hours (0-19) of each part, sorted: what the split chose, read back through the file's order. */
function hoursOfParts(column: string, table: Awaited<ReturnType<typeof loadTable>>['table']) {
  const { split } = splitRows(table, labels, { validation: 0.25, test: 0.25, by: column }, 0);
  const of = (rows: number[]) => rows.map((r) => hours[r]).sort((a, b) => a - b);
  return { train: of(split.train), validation: of(split.validation), test: of(split.test) };
}

const expected = { train: Array.from({ length: 10 }, (_, i) => i), validation: [10, 11, 12, 13, 14], test: [15, 16, 17, 18, 19] };

describe('splitRows by time, from each file format', () => {
  it('Parquet TIMESTAMP', async () => {
    const file = path.join(dir, 't.parquet');
    await writeFile(file, Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'seen', data: hours.map((h) => new Date(msOf(h))), type: 'TIMESTAMP' }, { name: 'label', data: labels, type: 'STRING' }] })));
    expect(hoursOfParts('seen', (await loadTable(file)).table)).toEqual(expected);
  });

  it('JSON Lines epoch milliseconds', async () => {
    const file = path.join(dir, 't.jsonl');
    await writeFile(file, hours.map((h, i) => JSON.stringify({ ts: msOf(h), label: labels[i] })).join('\n') + '\n');
    expect(hoursOfParts('ts', (await loadTable(file)).table)).toEqual(expected);
  });

  it('CSV epoch seconds and zoned datetimes', async () => {
    const file = path.join(dir, 't.csv');
    // The same instant written in Tokyo time: 09:00+09:00 is 00:00Z.
    const tokyo = (h: number) => new Date(msOf(h) + 9 * 3_600_000).toISOString().slice(0, 19) + '+09:00';
    await writeFile(file, ['epoch,local,label', ...hours.map((h, i) => `${msOf(h) / 1000},${tokyo(h)},${labels[i]}`)].join('\n') + '\n');
    const { table } = await loadTable(file);
    expect(hoursOfParts('epoch', table)).toEqual(expected);
    expect(hoursOfParts('local', table)).toEqual(expected);
  });
});
