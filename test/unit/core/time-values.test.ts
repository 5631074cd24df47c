import { describe, expect, it } from 'vitest';
import { describeTime, isTimeColumn, parseIsoTime, readTimeColumn, type TimeColumn } from '../../../core/time-values.js';

function column(values: (string | number | null)[], numbers = true): TimeColumn {
  const read = readTimeColumn(values, { numbers });
  if (!isTimeColumn(read)) throw new Error(`not time-like: ${read.reason} ${read.examples.join(', ')}`);
  return read;
}

describe('parseIsoTime', () => {
  it('reads dates and datetimes as UTC milliseconds, honouring zone offsets', () => {
    expect(parseIsoTime('2024-03-01')).toEqual({ ms: Date.UTC(2024, 2, 1), kind: 'date' });
    expect(parseIsoTime('2024/03/01')?.ms).toBe(Date.UTC(2024, 2, 1));
    expect(parseIsoTime('2024-03-01T09:30')?.ms).toBe(Date.UTC(2024, 2, 1, 9, 30));
    expect(parseIsoTime(' 2024-03-01 09:30:15.25Z ')?.ms).toBe(Date.UTC(2024, 2, 1, 9, 30, 15, 250));
    // 09:30 in Tokyo is 00:30 UTC: earlier than 09:30 UTC on the same day.
    expect(parseIsoTime('2024-03-01T09:30:00+09:00')?.ms).toBe(Date.UTC(2024, 2, 1, 0, 30));
    expect(parseIsoTime('2024-03-01T09:30:00-0130')?.ms).toBe(Date.UTC(2024, 2, 1, 11, 0));
  });

  it('agrees with Date.UTC on every day from 1600 to 2400 (leap years and century rules included)', () => {
    const start = Date.UTC(1600, 0, 1);
    const end = Date.UTC(2400, 11, 31);
    for (let t = start; t <= end; t += 86_400_000) {
      const text = new Date(t).toISOString().slice(0, 10);
      if (parseIsoTime(text)?.ms !== t) expect.fail(`${text}: ${parseIsoTime(text)?.ms} != ${t}`);
    }
    for (const impossible of ['1900-02-29', '2100-02-29', '2023-04-31']) expect(parseIsoTime(impossible), impossible).toBeNull();
    expect(parseIsoTime('2000-02-29')?.ms).toBe(Date.UTC(2000, 1, 29));
  });

  it('refuses impossible dates and what only looks like a date', () => {
    for (const s of ['2023-02-29', '2024-13-01', '2024-03-32', '2024-03-01T24:00', '2024-03-01T10:61', '2024-03/01', '03/01/2024', 'yesterday', '2024-3-1', '']) {
      expect(parseIsoTime(s), s).toBeNull();
    }
    expect(parseIsoTime('2024-02-29')?.kind).toBe('date');
  });
});

describe('readTimeColumn', () => {
  it('orders ISO dates and datetimes together, missing cells as NaN', () => {
    const c = column(['2024-03-02', null, '2024-03-01T23:59:59Z', '  ', '2024-03-01']);
    expect(c.kind).toBe('datetime');
    expect(c.missing).toBe(2);
    expect(Number.isNaN(c.times[1])).toBe(true);
    expect(c.times[4] < c.times[2] && c.times[2] < c.times[0]).toBe(true);
    expect(c.min).toBe(Date.UTC(2024, 2, 1));
    expect(c.max).toBe(Date.UTC(2024, 2, 2));
  });

  it('reads numbers and decimal text when numbers are allowed, guessing the epoch unit for display', () => {
    const seconds = column([1709251200, '1709337600', 1709290000]);
    expect(seconds).toMatchObject({ kind: 'number', unit: 'epoch-seconds', min: 1709251200, max: 1709337600 });
    expect(describeTime(seconds, 1709251200)).toBe('1709251200 (2024-03-01)');
    const ms = column([1709251200000, 1709251200500]);
    expect(ms.unit).toBe('epoch-milliseconds');
    expect(describeTime(ms, 1709251200500)).toBe('1709251200500 (2024-03-01T00:00:00.500Z)');
    const plain = column([3, 1, 2.5]);
    expect(plain.unit).toBe('plain');
    expect(describeTime(plain, 2.5)).toBe('2.5');
    expect(describeTime(column(['2024-03-01']), Date.UTC(2024, 2, 1))).toBe('2024-03-01');
  });

  it('says why a column is not time-like, with examples', () => {
    const words = readTimeColumn(['2024-03-01', 'soon', 'later', 'never', 'tomorrow'], { numbers: true });
    expect(isTimeColumn(words)).toBe(false);
    expect(words).toMatchObject({ bad: 4, examples: ['soon', 'later', 'never'], nonMissing: 5, reason: 'neither ISO dates nor numbers' });
    const mixed = readTimeColumn(['2024-03-01', '2024-03-02', 1709251200], { numbers: true });
    expect(mixed).toMatchObject({ reason: 'numbers among dates', examples: ['1709251200'] });
    // Profiling reads numbers as quantities, not times.
    expect(isTimeColumn(readTimeColumn([1709251200, 1709337600], { numbers: false }))).toBe(false);
    expect(readTimeColumn([null, ''], { numbers: true })).toMatchObject({ reason: 'every value is missing', nonMissing: 0 });
  });
});
