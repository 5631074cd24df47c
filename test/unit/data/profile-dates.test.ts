import { describe, expect, it } from 'vitest';
import type { Table } from '../../../components/core/table.js';
import { profileTable } from '../../../data/profile.js';

/** 30 rows: dates, datetimes, epoch seconds, prices, a text column with one date-looking value. */
function table(): Table {
  const rows = Array.from({ length: 30 }, (_, i) => i);
  const day = (i: number) => new Date(Date.UTC(2024, 4, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return {
    nRows: 30,
    columns: {
      listed_at: rows.map((i) => (i === 5 ? '' : day(29 - i))),
      updated: rows.map((i) => `${day(i)}T0${i % 10}:30:00Z`),
      created_epoch: rows.map((i) => 1_714_521_600 + ((i * 7) % 30) * 3600),
      price: rows.map((i) => 100 + ((i * 37) % 50)),
      remark: rows.map((i) => (i === 0 ? '2024-05-01' : `remark ${i % 4}`)),
      label: rows.map((i) => (i % 3 === 0 ? 'bad' : 'ok')),
    },
  };
}

const byName = (profile: ReturnType<typeof profileTable>) => Object.fromEntries(profile.columns.map((c) => [c.name, c]));

describe('profileTable and time columns', () => {
  it('recognises ISO date and datetime columns, says so, and leaves them out of the features', () => {
    const profile = profileTable(table(), { target: 'label' });
    const c = byName(profile);
    expect(c.listed_at).toMatchObject({ type: 'ignore', inferred: true, missing: 1, time: { kind: 'date', min: '2024-05-01', max: '2024-05-30' } });
    expect(c.updated).toMatchObject({ type: 'ignore', time: { kind: 'datetime', min: '2024-05-01T00:30:00.000Z', max: '2024-05-30T09:30:00.000Z' } });
    expect(profile.warnings).toContain(
      "column 'listed_at' holds dates (2024-05-01 .. 2024-05-30); it is not used as a feature, since past dates do not recur in new rows; to hold out the newest rows use split: { by: listed_at }, to use it anyway give it a type under 'columns'",
    );
    expect(profile.warnings.some((w) => w.startsWith("column 'updated' holds datetimes"))).toBe(true);
    // Not the identifier warning as well: one reason per column.
    expect(profile.warnings.filter((w) => w.includes("'updated'"))).toHaveLength(1);
  });

  it('is conservative: numbers stay numbers, and one date-looking value does not make a date column', () => {
    const c = byName(profileTable(table(), { target: 'label' }));
    expect(c.created_epoch.type).toBe('numeric');
    expect(c.created_epoch.time).toBeUndefined();
    expect(c.price.type).toBe('numeric');
    expect(c.remark.type).toBe('categorical');
    expect(c.remark.time).toBeUndefined();
  });

  it('uses a date column as the spec declares it, or when its pipeline reads it', () => {
    const declared = byName(profileTable(table(), { target: 'label', columnTypes: { listed_at: 'categorical' } }));
    expect(declared.listed_at).toMatchObject({ type: 'categorical', inferred: false, time: { kind: 'date' } });
    const read = byName(profileTable(table(), { target: 'label', readColumns: ['listed_at'] }));
    expect(read.listed_at.type).toBe('categorical');
  });

  it('reads the split.by column as times, numbers included, and never as a feature', () => {
    const profile = profileTable(table(), { target: 'label', timeColumns: ['created_epoch', 'listed_at'] });
    const c = byName(profile);
    expect(c.created_epoch).toMatchObject({ type: 'ignore', time: { kind: 'number', unit: 'epoch-seconds', min: '1714521600 (2024-05-01)', max: '1714626000 (2024-05-02T05:00:00.000Z)' } });
    expect(c.listed_at.type).toBe('ignore');
    // The spec chose it as the split column: no advice to do so.
    expect(profile.warnings.some((w) => w.includes("'listed_at'") || w.includes("'created_epoch'"))).toBe(false);
  });
});
