import { describe, expect, it } from 'vitest';
import { findComponent, Pipeline, resolveParams, type CellValue, type FeatureComponentDefinition, type FeatureExtractor } from '../../../components/index.js';
import { binaryRocAuc } from '../../../components/metrics/ranking.js';
import { mulberry32 } from '../../../core/random.js';
import { syntheticRows } from '../../helpers/synthetic-text.js';

const definition = findComponent('text_scores') as FeatureComponentDefinition;

function create(raw: Record<string, unknown> = {}): FeatureExtractor {
  const { params, problems } = resolveParams(definition.params, raw, 'features__t');
  expect(problems).toEqual([]);
  return definition.create(params);
}

function auc(scores: Float64Array, y: Int32Array): number {
  return binaryRocAuc(scores, Uint8Array.from(y));
}

describe('text_scores (stacked linear text model)', () => {
  const rows = syntheticRows(300, 3);
  const texts: CellValue[] = rows.map((r) => r.title);
  const y = Int32Array.from(rows, (r) => (r.label === 'spam' ? 1 : 0));

  it('scores training rows out of fold: on random labels they carry no signal, while in-sample scores would', () => {
    const random = mulberry32(9);
    const noise = Int32Array.from(y, () => (random() < 0.5 ? 1 : 0));
    const block = create({ C: 100, minDf: 1 });
    const oof = block.fitTransform!(texts, { seed: 1, target: { y: noise, nClasses: 2 } });
    const inSample = block.transform(texts);
    // A model that saw the rows memorises random labels; the out-of-fold scores cannot.
    expect(auc(inSample.values as Float64Array, noise)).toBeGreaterThan(0.9);
    expect(Math.abs(auc(oof.values as Float64Array, noise) - 0.5)).toBeLessThan(0.12);
  });

  it('carries the text signal: out-of-fold scores rank real labels well', () => {
    const block = create();
    const oof = block.fitTransform!(texts, { seed: 1, target: { y, nClasses: 2 } });
    expect(oof.cols).toBe(1);
    expect(auc(oof.values as Float64Array, y)).toBeGreaterThan(0.85);
  });

  it('gives one log-probability per class for more than two classes', () => {
    const y3 = Int32Array.from(rows, (r, i) => (r.label === 'spam' ? 2 : i % 2));
    const block = create();
    const out = block.fitTransform!(texts, { seed: 2, target: { y: y3, nClasses: 3 } });
    expect(out.cols).toBe(3);
    expect(block.outputSize).toBe(3);
    for (let r = 0; r < 5; r++) {
      const total = [0, 1, 2].reduce((s, c) => s + Math.exp(out.values[r * 3 + c]), 0);
      expect(total).toBeCloseTo(1, 6);
    }
  });

  it('is deterministic for a seed and loads back to identical transforms', () => {
    const a = create();
    const b = create();
    const ctx = { seed: 4, target: { y, nClasses: 2 } };
    expect(Array.from(a.fitTransform!(texts, ctx).values)).toEqual(Array.from(b.fitTransform!(texts, ctx).values));
    const { params } = resolveParams(definition.params, {}, 'features__t');
    const loaded = definition.load(params, JSON.parse(JSON.stringify(a.getState())));
    const fresh = ['free cash prize click now', 'vintage camera pickup local'];
    expect(Array.from(loaded.transform(fresh).values)).toEqual(Array.from(a.transform(fresh).values));
  });

  it('lets gradient boosting use text beside a numeric column in a pipeline, through fit and JSON', () => {
    const table = { columns: { title: texts, price: rows.map((r) => r.price) }, nRows: rows.length };
    const labels = rows.map((r) => r.label);
    const spec = { features: { title: { kind: 'text_scores' }, price: { kind: 'numeric' } }, classifier: { kind: 'gbt', maxIter: 30 } };
    const pipeline = Pipeline.create(spec).fit(table, labels, { seed: 0 });
    const test = syntheticRows(200, 77);
    const testTable = { columns: { title: test.map((r) => r.title), price: test.map((r) => r.price) }, nRows: test.length };
    const proba = pipeline.predictProba(testTable);
    const spam = pipeline.classes.indexOf('spam');
    const scores = Float64Array.from(test, (_, i) => proba[i * 2 + spam]);
    expect(auc(scores, Int32Array.from(test, (r) => (r.label === 'spam' ? 1 : 0)))).toBeGreaterThan(0.9);
    const reloaded = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())));
    expect(Array.from(reloaded.predictProba(testTable))).toEqual(Array.from(proba));
  });

  it('is a constant block without labels, as the contract checks expect', () => {
    const block = create();
    const out = block.fitTransform!(texts, { seed: 0 });
    expect(new Set(out.values).size).toBe(1);
  });
});
