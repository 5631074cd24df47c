import { describe, expect, it } from 'vitest';
import { categoricalDrift, driftReport, jsDivergence, numericDrift, psi, textDrift } from '../../../monitoring/drift.js';

describe('drift statistics', () => {
  it('computes PSI as sum (c - r) ln(c / r)', () => {
    // (0.3-0.5) ln(0.3/0.5) + (0.7-0.5) ln(0.7/0.5) = 0.10217 + 0.06730 = 0.16946
    expect(psi([0.5, 0.5], [0.3, 0.7])).toBeCloseTo(0.16946, 4);
    expect(psi([0.2, 0.8], [0.2, 0.8])).toBe(0);
  });

  it('computes Jensen-Shannon divergence in bits', () => {
    expect(jsDivergence(new Map([['a', 1]]), new Map([['b', 1]]))).toBeCloseTo(1, 12);
    expect(jsDivergence(new Map([['a', 0.5], ['b', 0.5]]), new Map([['a', 0.5], ['b', 0.5]]))).toBe(0);
  });

  it('sees a shifted numeric column and a stable one', () => {
    const ref = Array.from({ length: 1000 }, (_, i) => i);
    expect(numericDrift('x', ref, ref.map((v) => v + 1)).level).toBe('stable');
    const shifted = numericDrift('x', ref, ref.map((v) => v + 500));
    expect(shifted.level).toBe('drift');
    expect(shifted.statistic).toBe('psi');
  });

  it('names the categories that moved most', () => {
    const ref = [...Array(80).fill('toys'), ...Array(20).fill('phones')];
    const cur = [...Array(30).fill('toys'), ...Array(20).fill('phones'), ...Array(50).fill('gift-cards')];
    const d = categoricalDrift('category', ref, cur);
    expect(d.level).toBe('drift');
    expect(d.topChanges![0].key).toBe('gift-cards');
  });

  it('sees new vocabulary in text, Japanese included', () => {
    const ref = Array(50).fill('美品 iPhone 送料無料');
    const cur = Array(50).fill('美品 iPhone LINE で 連絡 ください');
    const d = textDrift('title', ref, cur);
    expect(d.statistic).toBe('js-divergence');
    expect(d.value).toBeGreaterThan(0.15);
    expect(textDrift('title', ref, ref).value).toBe(0);
  });

  it('reports the worst column across columns and the score shift', () => {
    const ref = { price: Array.from({ length: 200 }, (_, i) => i), title: Array(200).fill('a b c') };
    const cur = { price: Array.from({ length: 200 }, (_, i) => i), title: Array(200).fill('x y z') };
    const report = driftReport(ref, cur, { price: 'numeric', title: 'text' }, { reference: ref.price.map((p) => p / 200), current: ref.price.map((p) => p / 200) });
    expect(report.columns.map((c) => c.column)).toEqual(['price', 'title', 'champion score']);
    expect(report.worst?.column).toBe('title');
  });
});
