import { describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import { missingClassWarnings, partSizes } from '../../../core/split-parts.js';
import { partTimeRanges, timeSplit } from '../../../core/time-split.js';
import { createRng, shuffleInPlace } from '../../../core/random.js';
import { isTimeColumn, readTimeColumn } from '../../../core/time-values.js';

function times(values: (string | number | null)[]): Float64Array {
  const read = readTimeColumn(values, { numbers: true });
  if (!isTimeColumn(read)) throw new Error(read.reason);
  return read.times;
}

/** 100 days in shuffled file order: row i holds day order[i]. */
const order = shuffleInPlace(Array.from({ length: 100 }, (_, d) => d), createRng(7));
const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
const rowsOfDays = (rows: number[]) => rows.map((r) => order[r]).sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('timeSplit', () => {
  it('puts the newest rows in test and the next newest in validation, for every time format', () => {
    const formats: Record<string, (d: number) => string | number> = {
      date: day,
      datetime: (d) => `${day(d)}T${String(d % 24).padStart(2, '0')}:15:00+00:00`,
      'epoch seconds': (d) => 1_704_067_200 + d * 86_400,
      'epoch milliseconds as text': (d) => String(1_704_067_200_000 + d * 86_400_000),
      'plain numbers': (d) => d / 10 - 3,
    };
    for (const [name, format] of Object.entries(formats)) {
      const split = timeSplit(times(order.map(format)), { validation: 0.2, test: 0.1 });
      expect(rowsOfDays(split.test), name).toEqual(range(90, 100));
      expect(rowsOfDays(split.validation), name).toEqual(range(70, 90));
      expect(rowsOfDays(split.train), name).toEqual(range(0, 70));
      for (const part of Object.values(split)) expect(part).toEqual([...part].sort((a, b) => a - b));
    }
  });

  it('cuts ties at a boundary in file order, so later file rows with the same time are held out', () => {
    // Rows 0-5 share one day, rows 6-9 the next: test takes 2 rows, validation 3.
    const split = timeSplit(times(['2024-01-01', '2024-01-01', '2024-01-01', '2024-01-01', '2024-01-01', '2024-01-01', '2024-01-02', '2024-01-02', '2024-01-02', '2024-01-02']), { validation: 0.3, test: 0.2 });
    expect(split).toEqual({ train: [0, 1, 2, 3, 4], validation: [5, 6, 7], test: [8, 9] });
    // Same answer however often it runs: the order is a function of the values and positions only.
    expect(timeSplit(times(Array(10).fill('2024-05-05')), { validation: 0.3, test: 0.2 })).toEqual({ train: [0, 1, 2, 3, 4], validation: [5, 6, 7], test: [8, 9] });
  });

  it('equals sorting the rows by (time, row) and cutting at the counts, whatever the ties and fractions', () => {
    const reference = (t: number[], f: { validation: number; test: number }) => {
      const timed = t.map((_, i) => i).filter((i) => !Number.isNaN(t[i]));
      timed.sort((a, b) => t[a] - t[b] || a - b);
      const { nTest, nValidation } = partSizes(timed.length, f);
      const nTrain = timed.length - nTest - nValidation;
      const up = (rows: number[]) => rows.sort((a, b) => a - b);
      return { train: up([...timed.slice(0, nTrain), ...t.map((_, i) => i).filter((i) => Number.isNaN(t[i]))]), validation: up(timed.slice(nTrain, nTrain + nValidation)), test: up(timed.slice(nTrain + nValidation)) };
    };
    const rng = createRng(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rng() * 60);
      const distinct = 1 + Math.floor(rng() * 8); // few distinct times: ties at the boundaries
      const t = Array.from({ length: n }, () => (rng() < 0.1 ? NaN : Math.floor(rng() * distinct)));
      if (t.every((x) => Number.isNaN(x))) continue;
      const f = [{ validation: 0.2, test: 0.2 }, { validation: 0.05, test: 0.5 }, { validation: 0, test: 0.3 }, { validation: 0.3, test: 0 }, { validation: 0, test: 0 }][trial % 5];
      const split = timeSplit(t, f);
      expect(split, `trial ${trial}`).toEqual(reference(t, f));
    }
  });

  it('keeps rows without a time in training and counts fractions over the timed rows', () => {
    const split = timeSplit(times([5, null, 1, 4, '', 2, 3, 6, 7, 8, 9, 10]), { validation: 0.2, test: 0.2 });
    expect(split.test).toEqual([10, 11]);
    expect(split.validation).toEqual([8, 9]);
    expect(split.train).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives a part with a fraction above 0 at least one row, and training at least one', () => {
    expect(timeSplit([1, 2, 3], { validation: 0.01, test: 0.01 })).toEqual({ train: [0], validation: [1], test: [2] });
    expect(timeSplit([3, 2, 1, 0], { validation: 0, test: 0.5 })).toEqual({ train: [2, 3], validation: [], test: [0, 1] });
  });

  it('reports each part\'s time range', () => {
    const t = times(order.map(day));
    const ranges = partTimeRanges(t, timeSplit(t, { validation: 0.2, test: 0.1 }));
    expect(ranges.test).toEqual({ min: Date.UTC(2024, 0, 1) + 90 * 86_400_000, max: Date.UTC(2024, 0, 1) + 99 * 86_400_000 });
    expect(ranges.train!.max).toBeLessThan(ranges.validation!.min);
  });

  it('refuses bad fractions and a column without any time', () => {
    for (const [fractions, text] of [
      [{ validation: 0.6, test: 0.4 }, 'leaves no rows for training'],
      [{ validation: -0.1, test: 0.2 }, 'split.validation: must be a number in [0, 1), got -0.1'],
    ] as const) {
      try {
        timeSplit([1, 2, 3], fractions);
        expect.unreachable();
      } catch (e) {
        expect(isUserInputError(e)).toBe(true);
        expect((e as Error).message).toContain(text);
      }
    }
    expect(() => timeSplit([NaN, NaN], { validation: 0.2, test: 0.2 })).toThrow(/no row has a time/);
  });
});

describe('missingClassWarnings', () => {
  it('names each class absent from a part, and says nothing when every part has every class', () => {
    // 'fraud' only appears in the oldest rows: an out-of-time split cannot stratify.
    const labels = ['fraud', 'fraud', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
    const split = timeSplit(range(0, 10), { validation: 0.2, test: 0.2 });
    const warnings = missingClassWarnings(labels, split, { validation: 0.2, test: 0.2 }, 'by t');
    expect(warnings).toEqual([
      "split by t: class 'fraud' has no rows in validation (2 rows); validation metrics leave it out",
      "split by t: class 'fraud' has no rows in test (2 rows); test metrics leave it out",
    ]);
    expect(missingClassWarnings(['a', 'b', 'a', 'b', 'a', 'b'], { train: [0, 1], validation: [2, 3], test: [4, 5] }, { validation: 0.3, test: 0.3 }, 'by t')).toEqual([]);
    expect(missingClassWarnings(['a', 'b', 'b'], { train: [0], validation: [1], test: [2] }, { validation: 0.3, test: 0.3 }, 'x')[0]).toContain("class 'b' has no rows in train (1 rows); the model never learns to predict it");
  });
});
