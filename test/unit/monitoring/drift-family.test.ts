/**
 * One bar for a report's statistics: the false-alarm rate of the whole report, not of each
 * statistic, is bounded. Many pure-noise columns in one report raise nothing over several
 * seeds (judged one by one at 1 in 40 they would raise a few each time), a real shift among
 * them is still found, and the bar rises with the number of statistics judged.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { familyThreshold, REPORT_ALPHA } from '../../../monitoring/drift-family.js';
import { driftReport, numericDrift } from '../../../monitoring/drift.js';

/** A standard normal draw (Box-Muller). */
function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** `columns` numeric columns of `rows` rows each, every value an independent normal draw. */
function noise(columns: number, rows: number, rng: () => number): Record<string, number[]> {
  return Object.fromEntries(Array.from({ length: columns }, (_, c) => [`x${c}`, Array.from({ length: rows }, () => normal(rng))]));
}

const numericTypes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, c) => [`x${c}`, 'numeric' as const]));

describe('familyThreshold', () => {
  it('judged alone, a statistic must pass its own (1 - alpha) quantile: the second largest of 199 re-splits at 1%', () => {
    const draws = Array.from({ length: 199 }, (_, i) => i / 10);
    expect(REPORT_ALPHA).toBe(0.01);
    expect(familyThreshold([draws])).toBe(19.7);
  });

  it('rises with the number of statistics judged together (the maximum of many is larger)', () => {
    const rng = createRng(3);
    const sample = () => Array.from({ length: 199 }, () => normal(rng));
    const one = familyThreshold([sample()]);
    const hundred = familyThreshold(Array.from({ length: 100 }, sample));
    // Normal nulls: 2.33 for one statistic at 1%; ~3.7 for the largest of 100 (Sidak).
    expect(one).toBeGreaterThan(1.8);
    expect(one).toBeLessThan(3);
    expect(hundred).toBeGreaterThan(3.2);
    expect(hundred).toBeGreaterThan(one + 0.8);
  });

  it('is infinite with nothing to judge against', () => {
    expect(familyThreshold([])).toBe(Infinity);
    expect(familyThreshold([[]])).toBe(Infinity);
  });
});

describe('a report of many statistics', () => {
  it('raises nothing on 60 pure-noise columns over several seeds, where one-by-one judging at 1 in 40 would', () => {
    let aloneFlags = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRng(seed);
      const reference = noise(60, 60, rng);
      const current = noise(60, 60, rng);
      // Low thresholds: only the test against chance stands between noise and a warning.
      const thresholds = { psi: { warning: 0.01, drift: 0.02 }, divergence: { warning: 0.01, drift: 0.02 } };
      const report = driftReport(reference, current, numericTypes(60), undefined, { thresholds, seed });
      expect(report.columns.filter((c) => c.level !== 'stable').map((c) => `${c.column} z ${c.z?.toFixed(2)}`)).toEqual([]);
      expect(report.family.statistics).toBe(60);
      expect(report.family.threshold).toBeGreaterThan(2.5);
      aloneFlags += report.columns.filter((c) => (c.z ?? 0) > 1.96).length;
    }
    // The same statistics judged one at a time (about z > 2) would have raised several alarms.
    expect(aloneFlags).toBeGreaterThan(3);
  });

  it('still finds one column that moved among 60 that did not, and names only it', () => {
    const rng = createRng(9);
    const reference = noise(60, 200, rng);
    const current = noise(60, 200, rng);
    current.x17 = current.x17.map((v) => v + 1);
    const report = driftReport(reference, current, numericTypes(60), undefined, { seed: 9 });
    expect(report.columns.filter((c) => c.level !== 'stable').map((c) => c.column)).toEqual(['x17']);
    expect(report.worst?.column).toBe('x17');
    expect(report.columns.find((c) => c.column === 'x17')!.z!).toBeGreaterThan(report.family.threshold);
  });

  it('judges a single column against its own chance only', () => {
    const ref = Array.from({ length: 400 }, (_, i) => i);
    expect(numericDrift('x', ref, ref.map((v) => v + 80)).level).not.toBe('stable');
  });
});
