/**
 * The retrain drift report on planted effects and on null cases: a new phrasing used by one
 * class's rows only (a few percent of the batch) is named with its class, column and n-grams
 * while the marginal statistics stay quiet; a price shift inside one category names the
 * category; a label share change names the class; the champion's recall drop in one class is
 * performance drift; two draws of the same world report nothing.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { resolveThresholds } from '../../../monitoring/drift-levels.js';
import { predictionsOf } from '../../../monitoring/holdout-metrics.js';
import { retrainDriftReport } from '../../../monitoring/retrain-drift.js';

const CLASSES = ['fraud', 'ok', 'spam'];
const WORDS: Record<string, string[]> = {
  ok: ['camera', 'lens', 'used', 'good', 'condition', 'box', 'manual', 'shipping', 'included', 'sofa', 'table', 'chair', 'bike'],
  spam: ['free', 'win', 'click', 'offer', 'cheap', 'best', 'deal', 'now', 'limited', 'bonus'],
  fraud: ['transfer', 'bank', 'contact', 'line', 'whatsapp', 'prepay', 'urgent', 'cheap', 'iphone', 'deal'],
};
const CATEGORIES = ['electronics', 'furniture', 'fashion', 'toys'];

interface World {
  share?: Record<string, number>;
  phrasing?: { cls: string; words: string[]; share: number };
  priceShift?: { category: string; factor: number };
}

function batch(rows: number, seed: number, world: World = {}) {
  const rng = createRng(seed);
  const share = world.share ?? { fraud: 0.06, ok: 0.8, spam: 0.14 };
  const labels: string[] = [];
  const title: string[] = [];
  const price: number[] = [];
  const category: string[] = [];
  for (let i = 0; i < rows; i++) {
    const u = rng();
    const cls = u < share.fraud ? 'fraud' : u < share.fraud + share.spam ? 'spam' : 'ok';
    const words = Array.from({ length: 6 }, () => WORDS[cls][Math.floor(rng() * WORDS[cls].length)]);
    if (world.phrasing && cls === world.phrasing.cls && rng() < world.phrasing.share) words.splice(2, 0, ...world.phrasing.words);
    const cat = CATEGORIES[Math.floor(rng() * CATEGORIES.length)];
    let p = Math.exp(4 + (cls === 'fraud' ? -0.5 : 0) + rng());
    if (world.priceShift && cat === world.priceShift.category) p *= world.priceShift.factor;
    labels.push(cls);
    title.push(words.join(' '));
    price.push(Math.round(p));
    category.push(cat);
  }
  return { columns: { title, price, category }, labels };
}

const types = { title: 'text', price: 'numeric', category: 'categorical' } as const;
const thresholds = resolveThresholds(undefined);

function report(reference: ReturnType<typeof batch>, current: ReturnType<typeof batch>) {
  return retrainDriftReport({ reference, current, target: 'label', columnTypes: types, thresholds, seed: 1 });
}

describe('retrainDriftReport', () => {
  it('reports nothing between two draws of the same world (several seeds)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = report(batch(2000, seed), batch(2000, seed + 100));
      expect(r.findings.map((f) => f.text)).toEqual([]);
      expect(r.level).toBe('stable');
      // Every statistic of the report was judged against one bar for all of them.
      expect(r.family?.statistics).toBe(r.columns.length + r.classes.length + r.segments.length + 1);
    }
  });

  it('names the class, the column and the new n-grams of a phrasing used inside one class only', () => {
    const r = report(batch(2000, 5), batch(2000, 6, { phrasing: { cls: 'fraud', words: ['kakao', 'giftcard'], share: 0.7 } }));
    // The marginal title statistic barely moves: fraud is 6% of rows.
    expect(r.columns.find((c) => c.column === 'title')?.level).toBe('stable');
    const top = r.findings[0];
    expect(top.kind).toBe('class');
    expect(top.class).toBe('fraud');
    expect(top.column).toBe('title');
    expect(['warning', 'drift']).toContain(top.level);
    expect(top.changes?.map((c) => c.key)).toEqual(expect.arrayContaining(['kakao', 'giftcard']));
    expect(top.text).toContain('"kakao giftcard"');
    expect(r.findings.every((f) => f.class === undefined || f.class === 'fraud')).toBe(true);
  });

  it('names the category a price moved in', () => {
    const r = report(batch(2000, 7), batch(2000, 8, { priceShift: { category: 'toys', factor: 3 } }));
    const segment = r.findings.find((f) => f.kind === 'segment');
    expect(segment?.segment).toEqual({ column: 'category', value: 'toys' });
    expect(segment?.column).toBe('price');
    expect(r.findings.filter((f) => f.kind === 'segment').every((f) => f.segment?.value === 'toys')).toBe(true);
  });

  it('names the class whose label share moved', () => {
    const r = report(batch(2000, 9), batch(2000, 10, { share: { fraud: 0.18, ok: 0.68, spam: 0.14 } }));
    const label = r.findings.find((f) => f.kind === 'label');
    expect(label?.class).toBe('fraud');
    expect(['warning', 'drift']).toContain(label?.level);
  });

  it('takes spec thresholds: a higher divergence threshold for the class quiets the same phrasing', () => {
    const reference = batch(2000, 5);
    const current = batch(2000, 6, { phrasing: { cls: 'fraud', words: ['kakao', 'giftcard'], share: 0.7 } });
    const lenient = resolveThresholds({ classes: { fraud: { divergence: { warning: 0.9, drift: 0.95 }, unseen: { warning: 0.9, drift: 0.95 }, ngrams: { warning: 0.9, drift: 0.95 } } } });
    const r = retrainDriftReport({ reference, current, target: 'label', columnTypes: types, thresholds: lenient, seed: 1 });
    expect(r.findings.filter((f) => f.class === 'fraud' && f.column === 'title')).toEqual([]);
  });
});

describe('performance drift in the report', () => {
  /** A champion that recalls each class at `recall[c]` on labelled rows (the rest go to ok). */
  function champion(labels: string[], recall: Record<string, number>, seed: number) {
    const rng = createRng(seed);
    const y = Int32Array.from(labels, (l) => CLASSES.indexOf(l));
    const proba = new Float64Array(labels.length * 3);
    labels.forEach((l, i) => {
      const pred = rng() < recall[l] ? CLASSES.indexOf(l) : 1;
      for (let c = 0; c < 3; c++) proba[i * 3 + c] = c === pred ? 0.8 : 0.1;
    });
    return predictionsOf(y, proba, CLASSES, 0);
  }

  it('flags the class whose recall dropped, and nothing when the champion does as well as on its test split', () => {
    const test = batch(1500, 11);
    const fresh = batch(2000, 12);
    const reference = champion(test.labels, { fraud: 0.9, ok: 0.97, spam: 0.9 }, 1);
    const run = (recall: Record<string, number>) =>
      retrainDriftReport({ reference: test, current: fresh, target: 'label', columnTypes: {}, thresholds, seed: 2, performance: { current: champion(fresh.labels, recall, 3), reference, stored: {}, metrics: ['accuracy', 'macro_f1'] } });
    const calm = run({ fraud: 0.9, ok: 0.97, spam: 0.9 });
    expect(calm.performanceLevel).toBe('stable');
    const dropped = run({ fraud: 0.45, ok: 0.97, spam: 0.9 });
    expect(dropped.performanceLevel).toBe('drift');
    const top = dropped.findings[0];
    expect(top.kind).toBe('performance');
    expect(top.class).toBe('fraud');
    expect(top.text).toMatch(/class fraud: (recall|f1) of the champion 0\.\d+ on its test split → 0\.\d+ on the new batch/);
  });
});
