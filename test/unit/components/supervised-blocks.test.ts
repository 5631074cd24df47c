import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../../components/index.js';

describe('a pipeline hands the training labels to supervised blocks', () => {
  it('fits target encoding inside an ordinary pipeline (not a constant column)', () => {
    // The seller's region decides the label most of the time: only target encoding sees it here.
    const regions = Array.from({ length: 400 }, (_, i) => `r${i % 8}`);
    const labels = regions.map((r, i) => (Number(r.slice(1)) < 4 ? (i % 10 === 0 ? 'ok' : 'fraud') : i % 10 === 0 ? 'fraud' : 'ok'));
    const table = { nRows: regions.length, columns: { region: regions } };
    const pipeline = Pipeline.create({ features: { region: { kind: 'target_encoding' } }, classifier: { kind: 'logreg' } }).fit(table, labels, { seed: 1 });
    const X = pipeline.transform(table);
    expect(X.kind).toBe('dense');
    const distinct = new Set(Array.from((X as { values: Float64Array }).values).map((v) => v.toFixed(6)));
    expect(distinct.size).toBeGreaterThan(1);
    const proba = pipeline.predictProba({ nRows: 2, columns: { region: ['r0', 'r7'] } });
    const fraud = pipeline.classes.indexOf('fraud');
    expect(proba[fraud]).toBeGreaterThan(0.7);
    expect(proba[2 + fraud]).toBeLessThan(0.3);
  });
});
